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
 * A second table prices compressing each page's HTML 20 at a time, with the
 * brotli window the server sets and with the middleware's default.
 *
 * --compare DIR measures a second server build (DIR/server/index.js, e.g. a
 * `git worktree` of another revision, built) in the same alternating rounds,
 * and prints the change per page. Data: a throwaway embedded PostgreSQL with
 * the demo data and --listings more (default 3,000), indexed and analyzed.
 *
 * Options: --listings N, --requests N (per page and round, default 300),
 * --rounds N (default 4), --no-build, --compare DIR, --only (do not write docs),
 * --pages a,b (only the pages whose label holds one of these, beside the
 * trivial document), --profile FILE (a V8 CPU profile of the measured rounds only, without the
 * set-up; read it with `npx tsx scripts/cpu-profile.ts FILE`).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Transform } from "node:stream";
import { parseArgs } from "node:util";
import { constants, createBrotliCompress, createGzip } from "node:zlib";
import { Session } from "node:inspector/promises";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { connect, queryCount } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { generateListings } from "../db/generate";
import { migrateDatabase } from "../db/migrate";
import { seedDemoData } from "../db/seed";
import { allDocuments } from "../app/search/documents.server";
import { PostgresSearchEngine } from "../app/search/postgres-engine.server";
import { writeSection } from "./lib/report";
import { BROTLI_PARAMS } from "../app/utils/compression.server";
import { runInRequestScope } from "../app/utils/request-scope.server";

/** CPU ms per response of compressing `html` `total` times, `at` at a time, with `make`'s streams. */
async function compressCpu(html: Buffer, make: () => Transform, total = 400, at = 20): Promise<{ cpu: number; bytes: number }> {
  let bytes = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const stream = make();
      let n = 0;
      stream.on("data", (chunk: Buffer) => (n += chunk.length)).on("end", () => ((bytes = n), resolve())).on("error", reject);
      stream.end(html);
    });
  let left = Math.ceil(total / 4);
  await Promise.all(Array.from({ length: at }, async () => { while (left-- > 0) await one(); }));
  left = total;
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: at }, async () => { while (left-- > 0) await one(); }));
  const spent = process.cpuUsage(before);
  return { cpu: (spent.user + spent.system) / 1000 / total, bytes };
}

async function compressionRows(handler: ReturnType<typeof createRequestHandler>, pages: { label: string; path: string; cookie?: string }[]): Promise<string[]> {
  const rows: string[] = [];
  for (const target of pages) {
    const response = await handler(new Request(`http://localhost${target.path}`, { headers: target.cookie ? { cookie: target.cookie } : undefined }), { cspNonce: "bench" });
    const html = Buffer.from(await response.text());
    const quality = { [constants.BROTLI_PARAM_QUALITY]: BROTLI_PARAMS[constants.BROTLI_PARAM_QUALITY] };
    const kinds = [
      () => compressCpu(html, () => createBrotliCompress({ params: BROTLI_PARAMS })),
      () => compressCpu(html, () => createBrotliCompress({ params: quality })),
      () => compressCpu(html, () => createGzip()),
    ];
    // Two alternating passes; the lower of each.
    const results = [[], [], []] as { cpu: number; bytes: number }[][];
    for (let pass = 0; pass < 2; pass++) for (const [i, run] of (pass ? [...kinds.entries()].reverse() : [...kinds.entries()])) results[i].push(await run());
    const [ours, theirs, gzip] = results.map((r) => r.reduce((a, b) => (a.cpu <= b.cpu ? a : b)));
    rows.push(
      `| ${target.label} | ${(html.length / 1024).toFixed(1)} | ${ours.cpu.toFixed(2)} | ${theirs.cpu.toFixed(2)} | ${Math.round((100 * ours.cpu) / theirs.cpu)}% | ${gzip.cpu.toFixed(2)} | ${(ours.bytes / 1024).toFixed(1)} / ${(theirs.bytes / 1024).toFixed(1)} |`,
    );
  }
  return rows;
}

const { values } = parseArgs({
  options: {
    listings: { type: "string", default: "3000" },
    requests: { type: "string", default: "300" },
    rounds: { type: "string", default: "4" },
    "no-build": { type: "boolean", default: false },
    compare: { type: "string" },
    only: { type: "boolean", default: false },
    profile: { type: "string" },
    pages: { type: "string" },
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

  const allTargets: { label: string; path: string; cookie?: string }[] = [
    { label: "trivial document (baseline)", path: "/bench/trivial" },
    { label: "home /", path: "/" },
    { label: "/search?q=gạo", path: `/search?q=${encodeURIComponent("gạo")}` },
    { label: "/search, no match", path: "/search?q=xyzqwv" },
    { label: "listing page", path: `/listings/${listing.id}/${listing.slug}` },
    { label: "farm page", path: `/farms/${farm.slug}` },
    { label: "/orders, signed in", path: "/orders", cookie },
  ];
  const wanted = values.pages?.split(",").map((p) => p.trim()).filter(Boolean);
  const targets = allTargets.filter((t, i) => i === 0 || !wanted || wanted.some((w) => t.label.includes(w)));

  /**
   * CPU time (ms) of this bench's PostgreSQL: the postmaster (found by its data directory) and
   * its processes, the ended ones included (counted to the postmaster once it has reaped them).
   */
  const postmaster = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(path.join(root, "pg"));
      } catch {
        return false;
      }
    });
  if (!postmaster) console.warn("PostgreSQL's processes not found in /proc: its CPU column will read 0.");
  const statOf = (pid: string) => {
    const line = readFileSync(`/proc/${pid}/stat`, "utf8");
    return line.slice(line.lastIndexOf(")") + 2).split(" ");
  };
  function databaseCpuMs(): number {
    if (!postmaster) return 0;
    const tick = 10; // ms: USER_HZ is 100 on Linux
    let total = 0;
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        const fields = statOf(pid);
        // Fields after the command: state, ppid, …, utime (12th), stime, cutime, cstime.
        if (pid === postmaster) total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * tick;
        else if (fields[1] === postmaster) total += (Number(fields[11]) + Number(fields[12])) * tick;
      } catch {
        // a process that ended between the listing and the read
      }
    }
    return total;
  }

  type Sample = { cpu: number; wall: number; queries: number; database: number };
  /** CPU ms, wall ms and queries per request of `n` requests in turn. */
  async function perRequest(handler: ReturnType<typeof createRequestHandler>, target: (typeof targets)[number], n: number): Promise<Sample> {
    const headers = target.cookie ? { cookie: target.cookie } : undefined;
    // First: its scan of /proc is not the page's time.
    const databaseBefore = databaseCpuMs();
    const before = process.cpuUsage();
    const started = performance.now();
    const queriesBefore = queryCount();
    for (let i = 0; i < n; i++) {
      // In a request's scope, as server.ts answers each request (the session is looked up once per page in it).
      const response = await runInRequestScope("bench", () => handler(new Request(`http://localhost${target.path}`, { headers }), { cspNonce: "bench" }));
      if (response.status !== 200) throw new Error(`${target.path}: ${response.status}`);
      await response.text();
    }
    const spent = process.cpuUsage(before);
    return {
      cpu: (spent.user + spent.system) / 1000 / n,
      wall: (performance.now() - started) / n,
      queries: (queryCount() - queriesBefore) / n,
      database: (databaseCpuMs() - databaseBefore) / n,
    };
  }

  // A whole untimed round first: the first rounds ran 1.5–3× slower than the later ones while the JIT and the heap settled.
  console.log("Warming up…");
  for (const [, handler] of builds) for (const target of targets) await perRequest(handler, target, REQUESTS);
  const samples = new Map<string, Sample[]>();
  const profiler = values.profile ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const [name, handler] of order)
      for (const target of targets) {
        const key = `${name}|${target.label}`;
        samples.set(key, [...(samples.get(key) ?? []), await perRequest(handler, target, REQUESTS)]);
      }
    console.log(`round ${round + 1} of ${ROUNDS} done`);
  }
  if (profiler && values.profile) {
    const { profile } = await profiler.post("Profiler.stop");
    await writeFile(values.profile, JSON.stringify(profile));
    profiler.disconnect();
    console.log(`CPU profile of the rounds: ${values.profile}`);
  }
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const of = (name: string, label: string, measure: keyof Sample = "cpu") => median(samples.get(`${name}|${label}`)!.map((x) => x[measure]));
  const trivial = of("this", targets[0].label);
  const change = (mine: number, theirs: number) =>
    `${mine < theirs ? "−" : "+"}${Math.abs(mine - theirs).toFixed(2)} ms${theirs > 0 ? ` (${Math.round((100 * (mine - theirs)) / theirs)}%)` : ""}`;

  const rows = targets.map((t) => {
    const mine = of("this", t.label);
    const rounds = samples.get(`this|${t.label}`)!.map((x) => x.cpu.toFixed(1)).join(" / ");
    const cells = [t.label, mine.toFixed(2), rounds, `${Math.round((100 * trivial) / mine)}%`, of("this", t.label, "wall").toFixed(2), of("this", t.label, "queries").toFixed(1), of("this", t.label, "database").toFixed(2)];
    if (values.compare) {
      cells.push(
        of("compared", t.label).toFixed(2),
        change(mine, of("compared", t.label)),
        change(of("this", t.label, "wall"), of("compared", t.label, "wall")),
        of("compared", t.label, "queries").toFixed(1),
        change(of("this", t.label, "database"), of("compared", t.label, "database")),
      );
    }
    return `| ${cells.join(" | ")} |`;
  });
  const head = values.compare
    ? "| page | CPU ms / request | rounds | / trivial | wall ms / request | queries / request | PostgreSQL CPU ms / request | compared build: CPU ms | change in CPU | change in wall time | compared build: queries | change in PostgreSQL CPU |\n| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    : "| page | CPU ms / request | rounds | / trivial | wall ms / request | queries / request | PostgreSQL CPU ms / request |\n| --- | ---: | --- | ---: | ---: | ---: | ---: |";
  // What compressing each page costs, as the server does it and as the middleware's defaults would,
  // 20 responses at a time (bench:pages' connections): the encoders' memory is what differs.
  const compressing = await compressionRows(builds[0][1], targets);
  const load1 = os.loadavg()[0].toFixed(1);
  const body = [
    "## Server CPU per page (`npm run bench:render`)",
    "",
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, load average ${load1} at the end; ${LISTINGS} listings; Remix's request handler for the production build called in this process, each request in a request's scope as server.ts opens one (app/utils/request-scope.server.ts), one request at a time, ${REQUESTS} requests a page in each of ${ROUNDS} rounds after an untimed one (the median of the rounds is shown); the process's CPU time per request: loaders, query building and parsing, rendering and serialising, without HTTP, compression or PostgreSQL's side. "/ trivial" is the trivial document's CPU over the page's: the share of its throughput the page would reach if the app's CPU were the only limit (issue 16 asks for 50%). Wall time per request adds the waits on PostgreSQL (which runs beside this process, on the other core); queries are counted by the pool; PostgreSQL's CPU is its processes' time from /proc (10 ms ticks, so a round's figure is coarse; its background processes, such as autovacuum, count too).`,
    "",
    head,
    ...rows,
    "",
    "Compressing each page's document (the same HTML), 20 at a time, CPU per response; brotli at quality 4 both ways, with the window the server sets (app/utils/compression.server.ts) and with brotli's default that the `compression` middleware leaves; gzip at its default for browsers without brotli:",
    "",
    "| page | HTML KB | brotli, server's window: CPU ms | brotli, default window: CPU ms | server's / default | gzip: CPU ms | brotli KB (server's / default) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ...compressing,
    "",
  ].join("\n");
  console.log(`\n${body}`);
  if (!values.only && !values.compare && !wanted) writeSection("docs/benchmarks.md", "render", body);
  else console.log("(--only, --compare or --pages: docs/benchmarks.md left as it was)");
} finally {
  await pg.stop();
  await rm(root, { recursive: true, force: true });
}
process.exit(0);
