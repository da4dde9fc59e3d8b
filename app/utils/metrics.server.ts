/**
 * Prometheus metrics (prom-client) at /metrics, behind METRICS_TOKEN (unset:
 * 404). Request durations by route are counted as they happen; the
 * database's connections, the job queues, the search outbox, failed
 * emails and failed webhook deliveries are read from PostgreSQL at scrape time (a few cheap queries every
 * scrape rather than bookkeeping on every change). Each app process has its
 * own registry: scrape every replica (docs/operations.md). Under `npm start`
 * with several workers (server-cluster.ts), the worker answering /metrics asks
 * the primary for every worker's process-local metrics, summed (prom-client's
 * AggregatorRegistry), and adds the ones read from PostgreSQL once.
 */
import { timingSafeEqual, createHash, randomUUID } from "node:crypto";
import cluster from "node:cluster";
import type { NextFunction, Request, Response } from "express";
import { sql } from "drizzle-orm";
import client from "prom-client";
import { db } from "../../db/client";
import { log } from "./log.server";

/** What this process counts (requests, memory, event loop): summed over the workers of a cluster. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });
// One series a process, by pid (as in every log line): under the cluster, how many workers a scrape covered.
new client.Gauge({ name: "nss_process_up", help: "1 for each app process (worker) whose metrics this scrape includes, by pid", labelNames: ["pid"] as const, registers: [registry] }).set({ pid: String(process.pid) }, 1);
/** What is read from PostgreSQL at scrape time: the same for every process, so read once and never summed. */
export const databaseRegistry = new client.Registry();

const httpDuration = new client.Histogram({
  name: "nss_http_request_duration_seconds",
  help: "Time to answer HTTP requests, by method, route and status class",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

const dbConnections = new client.Gauge({ name: "nss_db_connections", help: "Connections to the app's database, by state", labelNames: ["state"] as const, registers: [databaseRegistry] });
const jobs = new client.Gauge({ name: "nss_job_queue_jobs", help: "Jobs in the queue (pg-boss), by queue and state", labelNames: ["queue", "state"] as const, registers: [databaseRegistry] });
const jobLag = new client.Gauge({ name: "nss_job_queue_lag_seconds", help: "How long the oldest due job has waited past its start", registers: [databaseRegistry] });
const outboxPending = new client.Gauge({ name: "nss_search_outbox_pending", help: "Listing changes not yet applied to the search engine", registers: [databaseRegistry] });
const outboxLag = new client.Gauge({ name: "nss_search_outbox_lag_seconds", help: "Age of the oldest listing change not yet applied to search", registers: [databaseRegistry] });
const failedEmails = new client.Gauge({ name: "nss_failed_emails_24h", help: "Email jobs that failed for good in the last 24 hours", registers: [databaseRegistry] });
const failedWebhooks = new client.Gauge({ name: "nss_failed_webhook_deliveries_24h", help: "Webhook deliveries whose every try failed, finished in the last 24 hours", registers: [databaseRegistry] });
const pendingWebhooks = new client.Gauge({ name: "nss_webhook_deliveries_pending", help: "Webhook deliveries still being tried (not yet answered with 2xx, retries left)", registers: [databaseRegistry] });

/** Read at each scrape. A query that fails leaves its gauges as they were and is logged once per scrape. */
export async function collectFromDatabase(): Promise<void> {
  try {
    const [connections, queues, lag, outbox, emails, webhooks] = await Promise.all([
      db().execute<{ state: string | null; n: number }>(sql`
        select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
        where datname = current_database() and backend_type = 'client backend' group by 1`),
      db().execute<{ name: string; state: string; n: number }>(sql`
        select name, state::text as state, count(*)::int as n from pgboss.job
        where state in ('created', 'retry', 'active', 'failed') group by 1, 2`),
      db().execute<{ lag: number | null }>(sql`
        select extract(epoch from now() - min(start_after))::float8 as lag from pgboss.job
        where state in ('created', 'retry') and start_after <= now()`),
      db().execute<{ pending: number; lag: number | null }>(sql`
        select count(*)::int as pending, extract(epoch from now() - min(created_at))::float8 as lag from search_outbox`),
      db().execute<{ n: number }>(sql`
        select count(*)::int as n from pgboss.job
        where name = 'email-notifications' and state = 'failed' and completed_on > now() - interval '24 hours'`),
      // Failed: after the last try of the retry schedule (decision 045); a replay is a new delivery.
      db().execute<{ failed: number; pending: number }>(sql`
        select count(*) filter (where state = 'failed' and finished_at > now() - interval '24 hours')::int as failed,
               count(*) filter (where state = 'pending')::int as pending
        from webhook_deliveries where state = 'pending' or (state = 'failed' and finished_at > now() - interval '24 hours')`),
    ]);
    dbConnections.reset();
    for (const row of connections) dbConnections.set({ state: row.state ?? "unknown" }, Number(row.n));
    jobs.reset();
    for (const row of queues) jobs.set({ queue: row.name, state: row.state }, Number(row.n));
    jobLag.set(Math.max(0, Number(lag[0]?.lag ?? 0)));
    outboxPending.set(Number(outbox[0]?.pending ?? 0));
    outboxLag.set(Math.max(0, Number(outbox[0]?.lag ?? 0)));
    failedEmails.set(Number(emails[0]?.n ?? 0));
    failedWebhooks.set(Number(webhooks[0]?.failed ?? 0));
    pendingWebhooks.set(Number(webhooks[0]?.pending ?? 0));
  } catch (error) {
    log.error({ err: error }, "metrics: reading the database failed");
  }
}

const SEGMENT_ID = /^\d+$/;
const SEGMENT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Routes whose next segment is a name of someone's choosing (a slug, a lot code, an invitation token). */
const NAMED_AFTER = new Set(["farms", "t", "join"]);

/**
 * A route label of bounded cardinality from a path: ids, UUIDs, slugs and
 * codes become placeholders, at most three segments are kept, and static
 * files are one label each kind.
 */
export function routeLabel(path: string): string {
  if (path.startsWith("/assets/")) return "/assets/*";
  if (path.startsWith("/media/")) return "/media/*";
  const segments = path.split("?")[0].split("/").filter(Boolean).slice(0, 3);
  const out: string[] = [];
  for (const [i, segment] of segments.entries()) {
    if (SEGMENT_ID.test(segment)) out.push(":id");
    else if (SEGMENT_UUID.test(segment)) out.push(":uuid");
    else if (i > 0 && NAMED_AFTER.has(segments[i - 1])) out.push(":name");
    // A listing's slug after its id: /listings/:id/:slug.
    else if (i > 1 && out[i - 1] === ":id" && segments[i - 2] === "listings") out.push(":name");
    else if (!/^[a-z0-9._-]{1,40}$/i.test(segment)) out.push(":name");
    else out.push(segment);
  }
  return "/" + out.join("/");
}

/** Times every request into the histogram. */
export function measureRequests(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer({ method: req.method });
  // A path that matched nothing is one label: scanners asking for /wp-login.php, /.env … make no new series.
  res.on("finish", () => end({ route: res.statusCode === 404 ? "unmatched" : routeLabel(req.originalUrl || req.url), status: `${Math.floor(res.statusCode / 100)}xx` }));
  next();
}

function sameToken(given: string, expected: string): boolean {
  // Hashes first: equal lengths for timingSafeEqual, and nothing learnt from the time taken.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** GET /metrics: 404 without METRICS_TOKEN configured; 401 without the right bearer token. */
export function metricsHandler(token: string | undefined) {
  return async (req: Request, res: Response): Promise<void> => {
    if (!token) {
      res.sendStatus(404);
      return;
    }
    const header = req.get("authorization") ?? "";
    const given = header.startsWith("Bearer ") ? header.slice(7) : "";
    if (!given || !sameToken(given, token)) {
      res.set("WWW-Authenticate", 'Bearer realm="metrics"').sendStatus(401);
      return;
    }
    await collectFromDatabase();
    const own = cluster.isWorker ? await clusterMetrics() : await registry.metrics();
    res.set("Content-Type", registry.contentType).set("Cache-Control", "no-store").send(own + (await databaseRegistry.metrics()));
  };
}

/** The messages between a worker and the primary of server-cluster.ts. */
export const METRICS_REQUEST = "nss:metrics-request";
export const METRICS_RESPONSE = "nss:metrics-response";
type MetricsResponse = { type: typeof METRICS_RESPONSE; id: string; text?: string; error?: string };

if (cluster.isWorker) {
  // Answer the primary's requests for this worker's registry (prom-client's listener, added by its constructor).
  client.AggregatorRegistry.setRegistries([registry]);
  new client.AggregatorRegistry();
}

/** Every worker's process-local metrics, aggregated by the primary; this worker's alone if the primary does not answer. */
function clusterMetrics(): Promise<string> {
  const id = randomUUID();
  return new Promise<string>((resolve) => {
    const finish = (text: string | null, why?: string) => {
      clearTimeout(timer);
      process.off("message", onMessage);
      if (text !== null) return resolve(text);
      log.warn(`metrics: the other workers' metrics are missing (${why}); this worker's only`);
      void registry.metrics().then(resolve);
    };
    const onMessage = (message: unknown) => {
      const m = message as MetricsResponse;
      if (m?.type === METRICS_RESPONSE && m.id === id) finish(m.text ?? null, m.error);
    };
    const timer = setTimeout(() => finish(null, "no answer in 6 s"), 6_000);
    process.on("message", onMessage);
    process.send!({ type: METRICS_REQUEST, id });
  });
}
