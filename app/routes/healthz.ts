import { databaseHealth } from "~/models/health.server";
import { searchHealth } from "~/search/search.server";

// GET /healthz — the database's and the search engine's state: 200 when both answer, 503 when not.
export async function loader() {
  const [database, search] = await Promise.all([databaseHealth(), searchHealth()]);
  const ok = database.ok && search.ok;
  return Response.json(
    { status: ok ? "ok" : "unavailable", database, search },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
