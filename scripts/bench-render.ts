/**
 * npm run bench:render — what each page costs the app process in CPU, apart
 * from the machine's noise (issue 16, goal 1; decision 047).
 *
 * bench:pages drives the app over HTTP with 20 connections; on this 2-core
 * virtual machine its numbers swing ±30 % between runs, too much to tell a
 * change of a millisecond or two. This bench calls Remix's request handler
 * for the production build in this process, one request at a time, and
 * counts this process's CPU time (user + system) per request: the loaders'
 * own work, query building and result parsing, rendering and serialising —
 * not HTTP, compression or PostgreSQL's side of the queries. Rounds of each
 * page alternate, and the median of the rounds is reported beside the trivial
 * document (/bench/trivial) measured in the same rounds: its ratio is the
 * share of the trivial document's throughput a page would reach if the app's
 * CPU were all that limited it.
 *
 * --compare DIR measures a second server build (DIR/server/index.js, e.g. a
 * `git worktree` of another revision, built) in the same alternating rounds,
 * and prints the change per page. Data: a throwaway embedded PostgreSQL with
 * the demo data and --listings more (default 3,000), indexed and analyzed.
 *
 * Options: --listings N, --requests N (per page and round, default 300),
 * --rounds N (default 4), --no-build, --compare DIR, --only (do not write docs).
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { connect } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { generateListings } from "../db/generate";
import { migrateDatabase } from "../db/migrate";
import { seedDemoData } from "../db/seed";
import { allDocuments } from "../app/search/documents.server";
import { PostgresSearchEngine } from "../app/search/postgres-engine.server";
import { writeSection } from "./lib/report";

const { values } = parseArgs({
  options: {
    listings: { type: "string", default: "3000" },
    requests: { type: "string", default: "300" },
    rounds: { type: "string", default: "4" },
    "no-build": { type: "boolean", default: false },
    compare: { type: "string" },
    only: { type: "boolean", default: false },
  },
});
const LISTINGS = Number(values.listings);
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);

const root = await mkdtemp(path.join(os.tmpdir(), "nss-bench-render-"));
const pg = await startEmbeddedPostgres({ dir: path.join(root, "pg"), port: 54500 + Math.floor(Math.random() * 90), persistent: false });
process.env.DATABASE_URL = pg.url;
process.env.NODE_ENV = "production";
process.env.LOG_LEVEL = "warn";
const { db } = connect(pg.url, { max: 4 });

try {
  await migrateDatabase(db);
  await seedDemoData(db);
  const [{ n: existing }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from listings`);
  await generateListings(db, Math.max(0, LISTINGS - existing), { seed: 16 });
  await new PostgresSearchEngine(() => db).replaceAll(allDocuments(db));
  await db.execute(sql`delete from search_outbox`);
  await db.execute(sql`vacuum analyze`);
  const [listing] = await db.execute<{ id: number; slug: string }>(sql`
    select l.id, l.slug from listings l where l.state = 'active' and l.deleted_at is null order by l.id limit 1`);
  const [farm] = await db.execute<{ slug: string }>(sql`
    select f.slug from farms f join listings l on l.farm_id = f.id group by f.id order by count(*) desc, f.id limit 1`);
  const [buyer] = await db.execute<{ id: number }>(sql`select id from users where phone = '84912345678'`);
  const { startSession } = await import("../app/utils/session.server");
  const cookie = (await startSession(buyer.id)).split(";")[0];

  if (!values["no-build"]) {
    console.log("Building the app…");
    if (spawnSync("npx", ["remix", "vite:build"], { stdio: "ignore" }).status !== 0) throw new Error("remix vite:build failed");
  }
  const load = async (dir: string) => createRequestHandler((await import(pathToFileURL(path.resolve(dir, "server/index.js")).href)) as ServerBuild, "production");
  const builds: [string, ReturnType<typeof createRequestHandler>][] = [["this", await load("build")]];
  if (values.compare) builds.push(["compared", await load(values.compare)]);

  const targets: { label: string; path: string; cookie?: string }[] = [
    { label: "trivial document (baseline)", path: "/bench/trivial" },
    { label: "home /", path: "/" },
    { label: "/search?q=gạo", path: `/search?q=${encodeURIComponent("gạo")}` },
    { label: "listing page", path: `/listings/${listing.id}/${listing.slug}` },
    { label: "farm page", path: `/farms/${farm.slug}` },
    { label: "/orders, signed in", path: "/orders", cookie },
  ];

  /** CPU ms per request of `n` requests in turn. */
  async function cpuPerRequest(handler: ReturnType<typeof createRequestHandler>, target: (typeof targets)[number], n: number): Promise<number> {
    const headers = target.cookie ? { cookie: target.cookie } : undefined;
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const response = await handler(new Request(`http://localhost${target.path}`, { headers }), { cspNonce: "bench" });
      if (response.status !== 200) throw new Error(`${target.path}: ${response.status}`);
      await response.text();
    }
    const spent = process.cpuUsage(before);
    return (spent.user + spent.system) / 1000 / n;
  }

  console.log("Warming up…");
  for (const [, handler] of builds) for (const target of targets) await cpuPerRequest(handler, target, Math.ceil(REQUESTS / 3));
  const samples = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const [name, handler] of order)
      for (const target of targets) {
        const key = `${name}|${target.label}`;
        samples.set(key, [...(samples.get(key) ?? []), await cpuPerRequest(handler, target, REQUESTS)]);
      }
    console.log(`round ${round + 1} of ${ROUNDS} done`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const of = (name: string, label: string) => median(samples.get(`${name}|${label}`)!);
  const trivial = of("this", targets[0].label);

  const rows = targets.map((t) => {
    const mine = of("this", t.label);
    const cells = [t.label, mine.toFixed(2), samples.get(`this|${t.label}`)!.map((x) => x.toFixed(1)).join(" / "), `${Math.round((100 * trivial) / mine)}%`];
    if (values.compare) {
      const theirs = of("compared", t.label);
      cells.push(theirs.toFixed(2), `${mine < theirs ? "−" : "+"}${Math.abs(mine - theirs).toFixed(2)} ms (${Math.round((100 * (mine - theirs)) / theirs)}%)`);
    }
    return `| ${cells.join(" | ")} |`;
  });
  const head = values.compare
    ? "| page | CPU ms / request | rounds | / trivial | compared build | change |\n| --- | ---: | --- | ---: | ---: | ---: |"
    : "| page | CPU ms / request | rounds | / trivial |\n| --- | ---: | --- | ---: |";
  const load1 = os.loadavg()[0].toFixed(1);
  const body = [
    "## Server CPU per page (`npm run bench:render`)",
    "",
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, load average ${load1} at the end; ${LISTINGS} listings; Remix's request handler for the production build called in this process, one request at a time, ${REQUESTS} requests a page in each of ${ROUNDS} rounds (the median round is shown); the process's CPU time per request: loaders, query building and parsing, rendering and serialising, without HTTP, compression or PostgreSQL's side. "/ trivial" is the trivial document's CPU over the page's: the share of its throughput the page would reach if the app's CPU were the only limit (issue 16 asks for 50%).`,
    "",
    head,
    ...rows,
    "",
  ].join("\n");
  console.log(`\n${body}`);
  if (!values.only && !values.compare) writeSection("docs/benchmarks.md", "render", body);
  else console.log("(--only or --compare: docs/benchmarks.md left as it was)");
} finally {
  await pg.stop();
  await rm(root, { recursive: true, force: true });
}
process.exit(0);
