/**
 * npm run bench:pages — server-side page speed on this machine (issue 16, goal 1).
 *
 * A throwaway embedded PostgreSQL with the demo data and --listings more
 * listings (default 10,000), indexed for search; a production build of this
 * code; ONE app process (`node --import tsx server.ts`, NODE_ENV=production,
 * its log to a file), driven by autocannon from this process: 20 connections,
 * --duration seconds per target (default 10) after a short warm-up, asking
 * for compression as Chrome on a phone does (brotli answers). Targets: a trivial Remix document
 * (/bench/trivial: root loader and layout, no data; the baseline), /healthz,
 * the home page, /search with several queries, a listing, a farm, and
 * /orders signed in. Prints req/s, p50, p95, p99 and the ratio to the
 * trivial route, and writes the `pages` section of docs/benchmarks.md.
 * Everything runs once rendered on every request (PAGE_CACHE_SECONDS=0), then
 * the anonymous pages again against an app process with the page memory on.
 * Target: every page ≥ 50% of the trivial route's req/s and p95 ≤ 50 ms.
 *
 * Options: --listings N, --duration S, --connections N, --no-build (use the
 * build/ already there), --profile DIR (the app process runs with
 * --cpu-prof and writes its profile into DIR when it stops; summarise it
 * with `tsx scripts/cpu-profile.ts DIR/*.cpuprofile`), --only a,b (labels).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createWriteStream, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { closeDb, connect } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { generateListings } from "../db/generate";
import { migrateDatabase } from "../db/migrate";
import { seedDemoData } from "../db/seed";
import { allDocuments } from "../app/search/documents.server";
import { PostgresSearchEngine } from "../app/search/postgres-engine.server";
import { ms, stats, writeSection } from "./lib/report";

const { values } = parseArgs({
  options: {
    listings: { type: "string", default: "10000" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "20" },
    warmup: { type: "string", default: "2" },
    "no-build": { type: "boolean", default: false },
    profile: { type: "string" },
    only: { type: "string" },
  },
});
const LISTINGS = Number(values.listings);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const WARMUP = Number(values.warmup);
const ONLY = values.only?.split(",");

const RATIO_TARGET = 0.5;
/** PAGE_CACHE_SECONDS for the second pass (the default of app/utils/env.server.ts). */
const MEMORY_SECONDS = 5;
const P95_TARGET_MS = 50;

type Target = { label: string; paths: string[]; cookie?: string; page: boolean; shared?: boolean };

const root = await mkdtemp(path.join(os.tmpdir(), "nss-bench-pages-"));
const pgPort = 54421 + Math.floor(Math.random() * 9);
console.log(`Starting PostgreSQL on ${pgPort} in ${root}…`);
const pg = await startEmbeddedPostgres({ dir: path.join(root, "pg"), port: pgPort, persistent: false });
process.env.DATABASE_URL = pg.url;
const { db, sql: client } = connect(pg.url, { max: 4 });
let server: ChildProcess | null = null;

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

try {
  await migrateDatabase(db);
  await seedDemoData(db);
  const [{ n: existing }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from listings`);
  await generateListings(db, Math.max(0, LISTINGS - existing), { seed: 16 });
  const indexed = await new PostgresSearchEngine(() => db).replaceAll(allDocuments(db));
  await db.execute(sql`delete from search_outbox`);
  // Every table, as autovacuum would have by the time a real marketplace is this big: the pages
  // join farms, photos, tiers and reviews too, and without their statistics the planner guesses.
  await db.execute(sql`vacuum analyze`);
  const [{ total }] = await db.execute<{ total: number }>(sql`select count(*)::int as total from listings`);
  console.log(`${total} listings, ${indexed} findable.`);

  // A listing with photos and a farm with listings, as a visitor lands on them; the demo buyer's session for /orders.
  const [listing] = await db.execute<{ id: number; slug: string }>(sql`
    select l.id, l.slug from listings l where l.state = 'active' and l.deleted_at is null order by l.id limit 1`);
  const [farm] = await db.execute<{ slug: string }>(sql`
    select f.slug from farms f join listings l on l.farm_id = f.id group by f.id order by count(*) desc, f.id limit 1`);
  const [buyer] = await db.execute<{ id: number; orders: number }>(sql`
    select u.id, (select count(*)::int from orders o where o.buyer_id = u.id) as orders from users u where u.phone = '84912345678'`);
  const { startSession } = await import("../app/utils/session.server");
  const sessionCookie = (await startSession(buyer.id)).split(";")[0];

  if (!values["no-build"]) {
    console.log("Building the app…");
    const built = spawnSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
    if (built.status !== 0) throw new Error("remix vite:build failed");
  }
  const logFile = path.join(root, "server.log");
  const logStream = createWriteStream(logFile);
  const nodeArgs = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
  let base = "";
  /** One app process; PAGE_CACHE_SECONDS as given (0: every page rendered). */
  async function startApp(pageCacheSeconds: number) {
    await stopServer();
    const port = 3121 + Math.floor(Math.random() * 9);
    server = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: pg.url,
        DEMO_DATA: "false",
        SEARCH_WORKER: "false",
        COOKIE_SECURE: "false",
        PAGE_CACHE_SECONDS: String(pageCacheSeconds),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout!.pipe(logStream, { end: false });
    server.stderr!.pipe(logStream, { end: false });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
      if (server.exitCode !== null || i > 240) throw new Error(`the app did not start; its log is ${logFile}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await startApp(0);

  const targets: Target[] = [
    { label: "trivial document (baseline)", paths: ["/bench/trivial"], page: false },
    { label: "/healthz", paths: ["/healthz"], page: false },
    { label: "home /", paths: ["/"], page: true, shared: true },
    { label: "/search?q=gạo", paths: [`/search?q=${encodeURIComponent("gạo")}`], page: true, shared: true },
    {
      label: "/search, 4 queries in turn",
      paths: ["/search?q=ca+chua", "/search?category=qua", "/search?q=rau&province=68", `/search?q=${encodeURIComponent("xoài")}&sort=price_asc`],
      page: true,
      shared: true,
    },
    { label: "listing page", paths: [`/listings/${listing.id}/${listing.slug}`], page: true, shared: true },
    { label: "farm page", paths: [`/farms/${farm.slug}`], page: true, shared: true },
    { label: `/orders, signed in (${buyer.orders} orders)`, paths: ["/orders"], cookie: sessionCookie, page: true },
  ].filter((t) => !ONLY || ONLY.some((o) => t.label.includes(o)));

  // Every target answers 200 before it is timed (a redirect or an error page would be measured as fast).
  for (const t of targets) {
    for (const p of t.paths) {
      const response = await fetch(base + p, { headers: t.cookie ? { cookie: t.cookie } : {}, redirect: "manual" });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${p} answered ${response.status}`);
    }
  }

  async function load(t: Target, seconds: number) {
    const latencies: number[] = [];
    const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br, zstd", accept: "text/html" };
    if (t.cookie) headers.cookie = t.cookie;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { url: base, connections: CONNECTIONS, duration: seconds, headers, requests: t.paths.map((p) => ({ method: "GET", path: p })) },
        (error, done) => (error ? reject(error) : resolve(done)),
      );
      instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    });
    return { result, latencies };
  }

  /** CPU time the app process has used (user + system), from /proc: per request, it does not depend on what else the machine runs. */
  const clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  function appCpuMs(): number {
    const fields = readFileSync(`/proc/${server!.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000;
  }

  type Row = { target: Target; cpu: number; rate: number; p50: number; p95: number; p99: number; bytes: number; bad: number };
  const rows: Row[] = [];
  // Every target rendered each time (PAGE_CACHE_SECONDS=0), then the anonymous pages again with the page memory on.
  const runs: { t: Target; memory: boolean }[] = [
    ...targets.map((t) => ({ t, memory: false })),
    ...targets.filter((t) => t.shared).map((t) => ({ t: { ...t, label: `${t.label}, page memory on (${MEMORY_SECONDS} s)` }, memory: true })),
  ];
  for (const { t, memory } of runs) {
    if (memory && rows.every((r) => !r.target.label.includes("page memory"))) await startApp(MEMORY_SECONDS);
    await load(t, WARMUP);
    const cpuBefore = appCpuMs();
    const { result, latencies } = await load(t, DURATION);
    const cpuPerRequest = (appCpuMs() - cpuBefore) / Math.max(1, result.requests.total);
    const s = stats(latencies);
    const bad = result.non2xx + result.errors + result.timeouts;
    const row = { target: t, cpu: cpuPerRequest, rate: result.requests.average, p50: s.p50, p95: s.p95, p99: s.p99, bytes: result.throughput.average / Math.max(1, result.requests.average), bad };
    rows.push(row);
    console.log(`${t.label}: ${row.rate.toFixed(0)} req/s, p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms, p99 ${ms(s.p99)} ms, app CPU ${ms(cpuPerRequest)} ms/request${bad ? `, ${bad} errors or non-2xx` : ""}`);
  }
  const baseline = rows.find((r) => r.target.label.startsWith("trivial"));

  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const table = rows.map((r) => {
    const ratio = baseline ? r.rate / baseline.rate : NaN;
    const verdict = r.target.page ? (ratio >= RATIO_TARGET && r.p95 <= P95_TARGET_MS ? "met" : "NOT met") : "—";
    return `| ${r.target.label} | ${r.rate.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.cpu)} | ${(r.bytes / 1024).toFixed(1)} | ${(ratio * 100).toFixed(0)}% | ${verdict}${r.bad ? ` (${r.bad} errors/non-2xx)` : ""} |`;
  });
  const lines = [
    `Run ${when} UTC on ${os.cpus().length} × ${cpu}, load average ${os.loadavg()[0].toFixed(1)} at the end; ${total} listings (${indexed} findable); one app process (production build), ${CONNECTIONS} connections, ${DURATION} s per target after ${WARMUP} s of warm-up, compression asked for as Chrome does (gzip, deflate, br, zstd: brotli answers); autocannon in the bench process on the same machine.`,
    `Target (issue 16): every page ≥ ${RATIO_TARGET * 100}% of the trivial document's requests per second, and p95 ≤ ${P95_TARGET_MS} ms. Percentiles are nearest-rank over every response.`,
    "",
    `Rows marked "page memory on" ran against a second app process with PAGE_CACHE_SECONDS=${MEMORY_SECONDS}: the same few addresses asked for again and again, so nearly every answer comes from memory — the best case, which a popular page at busy hours approaches and a long tail of listings does not. Every other row is rendered on every request (PAGE_CACHE_SECONDS=0). "App CPU" is the app process's user + system time over the run divided by the requests answered.`,
    "",
    "| target | req/s | p50 ms | p95 ms | p99 ms | app CPU ms / request | KB per response (compressed) | / trivial | target |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...table,
    "",
  ];
  const body = `## Pages (\`npm run bench:pages\`)\n\n${lines.join("\n")}`;
  console.log(`\n${body}`);
  if (!ONLY) writeSection("docs/benchmarks.md", "pages", body);
  else console.log("(--only: docs/benchmarks.md left as it was)");
} finally {
  await stopServer();
  await client.end({ timeout: 5 });
  await closeDb();
  await pg.stop();
  await rm(root, { recursive: true, force: true });
}
