import { databaseHealth } from "~/models/health.server";

// GET /healthz — 200 when the database answers, 503 when it does not.
export async function loader() {
  const database = await databaseHealth();
  const ok = database.ok;
  return Response.json(
    { status: ok ? "ok" : "unavailable", database },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
