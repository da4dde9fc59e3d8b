import { databaseHealth, jobQueueHealth, searchOutboxHealth } from "~/models/health.server";
import { searchHealth } from "~/search/search.server";

/**
 * GET /readyz — readiness: may this process take requests? 503 when the
 * database or the search engine does not answer (a load balancer then sends
 * requests elsewhere). Jobs and the search outbox running late make it
 * "degraded" but still ready: pages work, and taking every app process out
 * of service would not make the jobs catch up (docs/operations.md).
 */
export async function loader() {
  const [database, search] = await Promise.all([databaseHealth(), searchHealth()]);
  const [jobs, searchOutbox] = database.ok ? await Promise.all([jobQueueHealth(), searchOutboxHealth()]) : [null, null];
  const ready = database.ok && search.ok;
  const status = !ready ? "unavailable" : jobs?.ok === false || searchOutbox?.ok === false ? "degraded" : "ok";
  return Response.json(
    { status, database, search, jobs, searchOutbox },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
