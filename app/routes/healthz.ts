// GET /healthz — liveness: this process answers. It touches nothing else, so an
// orchestrator does not restart healthy app processes while the database is down;
// what the app depends on is /readyz.
export function loader() {
  return Response.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }, { headers: { "Cache-Control": "no-store" } });
}
