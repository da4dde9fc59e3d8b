/**
 * The web server: validates configuration, makes sure there is a database
 * (embedded PostgreSQL when DATABASE_URL is unset), migrates it, loads the
 * demo data into an empty one, then serves the Remix app with Express —
 * through Vite's dev middleware in development, from build/ in production.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { closeDb, db } from "./db/client";
import { ensureDatabase } from "./db/ensure";
import { migrateDatabase } from "./db/migrate";
import { isDatabaseEmpty, seedDemoData } from "./db/seed";
import { cardPaymentsEnabled, env as readEnv, publicOrigin, type Env } from "./app/utils/env.server";
import { searchEngine } from "./app/search/engine.server";
import { startJobs } from "./app/jobs.server";
import { refuseCrossSitePosts } from "./app/utils/same-origin.server";

let env: Env;
try {
  env = readEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const started = Date.now();
const database = await ensureDatabase(env);
await migrateDatabase(db());
if (env.DEMO_DATA ?? database.embedded) {
  if (await isDatabaseEmpty(db())) {
    const counts = await seedDemoData(db());
    console.log(`Demo data loaded: ${counts.farms} farms, ${counts.listings} listings, ${counts.users} accounts, ${counts.orders} orders.`);
  }
}

// Tests only: Stripe's API answered in this process by the handlers in tests/handlers/stripe.ts, and its hosted page imitated.
const fakeStripe = env.STRIPE_FAKE ? await import("./tests/handlers/stripe-server").then((m) => m.startFakeStripe(env)) : null;

const engine = searchEngine();
// Settings are applied at start; a search engine that is down does not stop the site.
await engine.prepare().catch((error: Error) => console.error(`Search engine not ready: ${error.message}`));
const jobs =
  (env.SEARCH_WORKER ?? true)
    ? await startJobs({
        connectionString: process.env.DATABASE_URL!,
        db: db(),
        engine,
        log: console.log,
        cardPaymentsOrigin: cardPaymentsEnabled(env) ? publicOrigin(undefined, env) : undefined,
      })
    : null;
console.log(`Search: ${engine.name}; background jobs ${jobs ? "running" : "off"}.`);
console.log(`Card payments: ${cardPaymentsEnabled(env) ? (fakeStripe ? "Stripe (FAKE: tests/handlers/stripe.ts)" : "Stripe") : "off"}.`);

const production = env.NODE_ENV === "production";
const vite = production
  ? undefined
  : await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", "loopback");
app.use(compression());
app.use(morgan(production ? "combined" : "dev", { skip: (req) => req.url.startsWith("/assets/") || req.url.startsWith("/@") }));
// The client IP as Express sees it (trusting only a proxy on loopback);
// a header of the same name sent by the client is overwritten.
app.use((req, _res, next) => {
  req.headers["x-nss-client-ip"] = req.ip ?? "unknown";
  next();
});
if (fakeStripe) app.use(fakeStripe.router);
app.use(refuseCrossSitePosts(env.PUBLIC_URL));
app.use("/media", express.static(path.resolve(env.UPLOAD_DIR), { immutable: true, maxAge: "1y", fallthrough: false }));

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

const build = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(/* @vite-ignore */ pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild);

app.all("*", createRequestHandler({ build, mode: env.NODE_ENV }));

const server = app.listen(env.PORT, env.HOST, () => {
  const where = database.embedded ? `embedded PostgreSQL in ${env.EMBEDDED_PG_DIR}` : "DATABASE_URL";
  console.log(`Nông Sản Số on http://localhost:${env.PORT} (${where}; ready in ${Date.now() - started} ms)`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  server.close();
  await vite?.close();
  await jobs?.stop();
  await closeDb();
  await database.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
