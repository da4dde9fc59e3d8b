// GET /healthz — liveness: this process answers. It touches nothing else, so an
// orchestrator does not restart healthy app processes while the database is down;
// what the app depends on is /readyz. The pid names the process that answered (under
// `npm start` with several workers, one of them), as the "pid" of its log lines does.
export function loader() {
  return Response.json({ status: "ok", pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }, { headers: { "Cache-Control": "no-store" } });
}
