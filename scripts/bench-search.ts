/**
 * npm run bench:search — search speed at 100,000 listings on this machine.
 *
 * Starts a throwaway embedded PostgreSQL, loads the demo data and generates
 * listings up to the target, builds the index, then runs a fixed mix of
 * queries (with and without filters, facets and sorts):
 *   1. through the search port (the engine in use),
 *   2. through the /search page (HTTP, server-rendered HTML),
 *   3. as a naive ILIKE '%…%' scan of the same data — the baseline, in the same run.
 * Prints p50/p95/p99 and the ratio, and writes the table to docs/benchmarks.md.
 * Options: --listings N (default 100000), --rounds N (default 5), --first-rounds N (default 3),
 * --data DIR (keep the database in DIR and reuse it next time: listings are
 * only generated up to N, and the index is rebuilt only when listings
 * changed; a million listings take minutes to generate and index),
 * --reindex (rebuild the index even when the data in DIR is indexed),
 * --naive-rounds N (rounds of the naive scan; default --rounds),
 * --shared-buffers SIZE (PostgreSQL's shared_buffers; default its own 128MB,
 * and 2GB from 500,000 listings, where the search tables alone are ~0.5 GiB:
 * a database server is given a quarter of its memory or so).
 * At 100,000 listings it writes the "search" section of docs/benchmarks.md;
 * at any other size its own ("search-1000000").
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { closeDb, connect } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { generateListings } from "../db/generate";
import { migrateDatabase } from "../db/migrate";
import { isDatabaseEmpty, seedDemoData } from "../db/seed";
import { allDocuments } from "../app/search/documents.server";
import type { SearchQuery } from "../app/search/port";
import { PostgresSearchEngine } from "../app/search/postgres-engine.server";
import { PROVINCE_CENTRES } from "../app/search/geo";
import { ms, percentile, stats, writeSection } from "./lib/report";

const { values } = parseArgs({
  options: {
    listings: { type: "string", default: "100000" },
    rounds: { type: "string", default: "5" },
    "first-rounds": { type: "string", default: "3" },
    data: { type: "string" },
    reindex: { type: "boolean", default: false },
    "naive-rounds": { type: "string" },
    "shared-buffers": { type: "string" },
  },
});
const TARGET = Number(values.listings);
const ROUNDS = Number(values.rounds);
/** Rounds in which every query runs as the first search after a change to the index (nothing cached). */
const FIRST_ROUNDS = Number(values["first-rounds"]);
/** Rounds of the naive scan (default: --rounds); at a million listings each of its searches takes seconds. */
const NAIVE_ROUNDS = Number(values["naive-rounds"] ?? ROUNDS);
const SHARED_BUFFERS = values["shared-buffers"] ?? (TARGET >= 500_000 ? "2GB" : undefined);

type Mix = { label: string; query: Partial<SearchQuery> & { q: string } };
const MIX: Mix[] = [
  { label: "word", query: { q: "gạo" } },
  { label: "no diacritics", query: { q: "ca chua" } },
  { label: "phrase", query: { q: "xoai cat hoa loc" } },
  { label: "exact diacritics", query: { q: "dừa" } },
  { label: "synonym", query: { q: "heo" } },
  { label: "synonym phrase", query: { q: "dua leo" } },
  { label: "typo", query: { q: "buoi da xnah" } },
  { label: "place", query: { q: "tom ca mau" } },
  { label: "short syllable", query: { q: "ca" } },
  { label: "no match", query: { q: "xyzqwv" } },
  { label: "browse all (facets)", query: { q: "" } },
  { label: "category", query: { q: "", category: "qua" } },
  { label: "word + province", query: { q: "rau", province: "68" } },
  { label: "word + cert", query: { q: "gao", cert: "vietgap" } },
  { label: "price range", query: { q: "", minPrice: 20_000, maxPrice: 60_000 } },
  { label: "in stock + bulk", query: { q: "cam", inStock: true, bulk: true } },
  { label: "sort price", query: { q: "sau rieng", sort: "price_asc" } },
  { label: "sort newest", query: { q: "", category: "gao", sort: "newest" } },
  { label: "sort nearest", query: { q: "rau", sort: "nearest", near: PROVINCE_CENTRES["01"] } },
  { label: "page 5", query: { q: "rau", page: 5 } },
];

/**
 * Searches outside the mix that warm code and connections before the first
 * rounds, ten times over: a server that has served some traffic, so that a
 * first round measures searches whose facets are not counted yet, not code
 * the JavaScript engine has not optimised yet.
 */
const WARM_UP = ["nho", "bưởi", "mít", "cà phê", "tiêu", "chè", "hành", "tỏi"];
const WARM_UP_ROUNDS = 10;
/** Untimed rounds of the mix itself after those (see warmUp). */
const MIX_WARM_UP_ROUNDS = 2;

/**
 * Warms a search path as a server that has served traffic for a while is
 * warm: the searches outside the mix, then the mix itself, untimed, each
 * round after a change to the index, so that first searches (which count
 * their facets) run too and not only repeats. Each PostgreSQL connection
 * maps the shared buffers it reads page by page the first time it reads
 * them (a new connection reading a broad match set paid up to half a second
 * of page faults on this machine, once), and a pool spreads a search's
 * queries over its connections: a fresh server's first searches paid that
 * on connections the warm-up had not used for them, a cost of start-up, not
 * of searching. The version bump before each timed first round still makes
 * every query count its facets afresh.
 */
async function warmUp(outside: (q: string) => Promise<unknown>, inMix: (m: Mix) => Promise<unknown>, afterAChange: () => Promise<unknown>) {
  for (let r = 0; r < WARM_UP_ROUNDS; r++) {
    await afterAChange();
    for (const q of WARM_UP) await outside(q);
  }
  for (let r = 0; r < MIX_WARM_UP_ROUNDS; r++) {
    await afterAChange();
    for (const m of MIX) await inMix(m);
  }
}

type Timed = { samples: number[]; byQuery: Map<string, number[]> };

/** Runs the mix `rounds` times, timing each search; `beforeRound` runs, untimed, before each round. */
async function timeRounds(rounds: number, search: (m: Mix) => Promise<unknown>, beforeRound?: () => Promise<unknown>): Promise<Timed> {
  const timed: Timed = { samples: [], byQuery: new Map() };
  for (let r = 0; r < rounds; r++) {
    await beforeRound?.();
    for (const m of MIX) {
      const t = performance.now();
      await search(m);
      const d = performance.now() - t;
      timed.samples.push(d);
      timed.byQuery.set(m.label, [...(timed.byQuery.get(m.label) ?? []), d]);
    }
  }
  return timed;
}

function searchUrl(q: Partial<SearchQuery> & { q: string }): string {
  const p = new URLSearchParams();
  if (q.q) p.set("q", q.q);
  if (q.category) p.set("category", q.category);
  if (q.province) p.set("province", q.province);
  if (q.cert) p.set("cert", q.cert);
  if (q.minPrice !== undefined) p.set("min", String(q.minPrice));
  if (q.maxPrice !== undefined) p.set("max", String(q.maxPrice));
  if (q.inStock) p.set("stock", "1");
  if (q.bulk) p.set("bulk", "1");
  if (q.sort) p.set("sort", q.sort);
  if (q.near) p.set("near", q.near.join(","));
  if (q.page) p.set("page", String(q.page));
  return `/search?${p}`;
}

/**
 * CPU time (user + system, ms) the process with `pid` has used, from
 * /proc (Linux); null elsewhere. On a shared machine the page's wall time
 * waits for the CPU; its CPU time per page waits less.
 */
function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ", in ticks of 1/100 s.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

const loadAtStart = os.loadavg()[0];
const keep = values.data !== undefined;
const root = keep ? path.resolve(values.data as string) : await mkdtemp(path.join(os.tmpdir(), "nss-bench-"));
const pgPort = 55400 + Math.floor(Math.random() * 500);
console.log(`Starting PostgreSQL in ${root}…`);
const pg = await startEmbeddedPostgres({
  dir: path.join(root, "pg"),
  port: pgPort,
  persistent: keep,
  settings: SHARED_BUFFERS ? { shared_buffers: SHARED_BUFFERS } : {},
});
process.env.DATABASE_URL = pg.url;
const { db, sql: client } = connect(pg.url, { max: 4 });
let server: ReturnType<typeof spawn> | null = null;

try {
  await migrateDatabase(db);
  if (await isDatabaseEmpty(db)) await seedDemoData(db);
  const [{ n: existing }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from listings`);
  const toAdd = Math.max(0, TARGET - existing);
  const genStart = performance.now();
  await generateListings(db, toAdd, { onProgress: (done) => process.stdout.write(`\rGenerating listings: ${done}/${toAdd}`) });
  const generatedSeconds = (performance.now() - genStart) / 1000;
  console.log(`\nGenerated ${toAdd} listings in ${generatedSeconds.toFixed(1)} s.`);

  const engine = new PostgresSearchEngine(() => db);
  // Kept data is indexed already unless listings changed since (they leave their ids in the outbox).
  const [{ pending }] = await db.execute<{ pending: boolean }>(
    sql`select exists (select 1 from search_outbox) or not exists (select 1 from search_documents) as pending`,
  );
  let indexed: number;
  let indexedSeconds: number | null = null;
  if (pending || values.reindex) {
    const idxStart = performance.now();
    indexed = await engine.replaceAll(allDocuments(db), (done) => process.stdout.write(`\rIndexing: ${done}`));
    await db.execute(sql`delete from search_outbox`);
    // As autovacuum would: the reindex rewrote every document and updated each facet count many times.
    await db.execute(sql`vacuum analyze search_documents`);
    await db.execute(sql`vacuum analyze search_facet_counts`);
    await db.execute(sql`vacuum analyze search_term_counts`);
    await db.execute(sql`vacuum analyze search_term_postings`);
    await db.execute(sql`vacuum analyze search_price_bands`);
    await db.execute(sql`vacuum analyze listings`);
    indexedSeconds = (performance.now() - idxStart) / 1000;
    console.log(`\nIndexed ${indexed} findable listings in ${indexedSeconds.toFixed(1)} s.`);
  } else {
    [{ n: indexed }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from search_documents`);
    console.log(`Reusing the index of ${indexed} findable listings in ${root}.`);
  }

  // What the data takes on disk: for decision 050 (where one PostgreSQL stops being enough).
  const [size] = await db.execute<{ database: string; listings: string; search: string }>(sql`
    select pg_database_size(current_database())::text as database,
           pg_total_relation_size('listings')::text as listings,
           (pg_total_relation_size('search_documents') + pg_total_relation_size('search_term_counts')
            + pg_total_relation_size('search_facet_counts'))::text as search`);
  const gb = (bytes: string) => `${(Number(bytes) / 2 ** 30).toFixed(2)} GiB`;
  const sizes = `database ${gb(size.database)} (listings with their indexes ${gb(size.listings)}, the search tables ${gb(size.search)})`;

  // 1. Through the port.
  const run = (m: Mix) => engine.search({ sort: "relevance", page: 1, perPage: 24, ...m.query });
  // A write to the index bumps its version, and the engine caches nothing
  // across versions: bumping it before each first round makes every query
  // of the round a first search after a change, as in production.
  const afterAChange = () => db.execute(sql`update search_index_state set version = version + 1 where id = 1`);
  // The first time each query runs: facet counts not cached yet. Before it, the
  // typo dictionary is loaded and the code and connections are warmed by
  // searches outside the mix, so that it measures a first search, not start-up.
  await engine.terms();
  await warmUp((q) => engine.search({ q, sort: "relevance", page: 1, perPage: 24 }), run, afterAChange);
  const portFirst = await timeRounds(FIRST_ROUNDS, run, afterAChange);
  const portRepeated = await timeRounds(ROUNDS, run);

  // 2. The naive scan: the same filters, words matched with ILIKE '%…%' on title and description.
  const naive = async (m: Mix) => {
    const q = m.query;
    const conds = [sql`l.state = 'active'`, sql`l.deleted_at is null`];
    for (const w of q.q.split(/\s+/).filter(Boolean)) {
      conds.push(sql`(l.title ilike ${`%${w}%`} or l.description ilike ${`%${w}%`})`);
    }
    if (q.category) conds.push(sql`(l.category_slug = ${q.category} or c.parent_slug = ${q.category})`);
    if (q.province) conds.push(sql`f.province_code = ${q.province}`);
    if (q.minPrice !== undefined) conds.push(sql`l.price_vnd >= ${q.minPrice}`);
    if (q.maxPrice !== undefined) conds.push(sql`l.price_vnd <= ${q.maxPrice}`);
    if (q.inStock) conds.push(sql`l.stock > 0`);
    const where = sql.join(conds, sql` and `);
    const from = sql`from listings l join farms f on f.id = l.farm_id join categories c on c.slug = l.category_slug where ${where}`;
    const order = q.sort === "price_asc" ? sql`l.price_vnd asc` : sql`l.created_at desc`;
    await Promise.all([
      db.execute(sql`select l.id, l.title, l.price_vnd ${from} order by ${order} limit 24 offset ${((q.page ?? 1) - 1) * 24}`),
      db.execute(sql`select l.category_slug, f.province_code, count(*) ${from} group by grouping sets ((l.category_slug), (f.province_code))`),
    ]);
  };
  for (const m of MIX) await naive(m);
  const naiveTimes = await timeRounds(NAIVE_ROUNDS, naive);

  // 3. Through the /search page, served by a production build of this code
  // (built every time: an old build would measure old code).
  console.log("Building the app for the page benchmark…");
  const built = spawnSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
  if (built.status !== 0) throw new Error("remix vite:build failed");
  const port = 3900 + Math.floor(Math.random() * 90);
  // Node itself with tsx's loader, so that the child is the server and killing it stops the server.
  // Without the page memory (decision 047): it would answer a repeated search from memory, and the
  // first rounds too (bumping the index's version does not reach it), measuring no search at all.
  server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: pg.url, DEMO_DATA: "false", SEARCH_WORKER: "false", COOKIE_SECURE: "false", PAGE_CACHE_SECONDS: "0" },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const fetchPage = async (m: Mix) => {
    const response = await fetch(base + searchUrl(m.query));
    await response.text();
    if (!response.ok) throw new Error(`${searchUrl(m.query)} answered ${response.status}`);
  };
  // Warmed as the port was, so that the first round measures first searches, not start-up.
  await warmUp((q) => fetchPage({ label: "warm-up", query: { q } }), fetchPage, afterAChange);
  const cpuBefore = cpuMs(server.pid);
  const pageFirst = await timeRounds(FIRST_ROUNDS, fetchPage, afterAChange);
  const pageRepeated = await timeRounds(ROUNDS, fetchPage);
  const cpuAfter = cpuMs(server.pid);
  const pages = pageFirst.samples.length + pageRepeated.samples.length;
  const cpuPerPage = cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / pages : null;

  const port_ = stats(portRepeated.samples);
  const page = stats(pageRepeated.samples);
  const pageCold = stats(pageFirst.samples);
  const base_ = stats(naiveTimes.samples);
  const cold = stats(portFirst.samples);
  const rows = [
    ["search port, first run of each query (facets counted)", cold],
    ["search port, repeated (facet counts cached)", port_],
    ["/search page, first run of each query", pageCold],
    ["/search page, repeated", page],
    ["naive ILIKE scan (baseline)", base_],
  ] as const;
  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const loadAtEnd = os.loadavg()[0];
  const lines = [
    `Run ${when} UTC on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; load average ${loadAtStart.toFixed(1)} at the start and ${loadAtEnd.toFixed(1)} at the end${Math.max(loadAtStart, loadAtEnd) > os.cpus().length ? ` (above ${os.cpus().length}: other processes were waiting for these cores, and every time here is longer for it)` : ""}; ${existing + toAdd} listings (${indexed} findable), ${MIX.length} queries; ${FIRST_ROUNDS} first rounds, then ${ROUNDS} repeated rounds.`,
    "The PostgreSQL engine caches facet counts per index version (any write to the index starts afresh): before each first round the version is bumped, so every query of the round is a first search after a change and counts its facets; the repeated rounds measure ranking and hits with cached counts. " +
      `Browsing without words or price reads kept counts (search_facet_counts) in both. Port and page were warmed with ${WARM_UP_ROUNDS * WARM_UP.length} searches outside the mix and ${MIX_WARM_UP_ROUNDS} untimed rounds of it, the index changed before each of those rounds (so that first searches were warmed too, on every connection of the pool); the naive scan had one warm-up round` + (NAIVE_ROUNDS !== ROUNDS ? ` and ${NAIVE_ROUNDS} timed` : "") + ".",
    "",
    "| path | searches | p50 ms | p95 ms | p99 ms |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows.map(([name, s]) => `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} |`),
    "",
    `Data: ${toAdd > 0 ? `${toAdd} listings generated in ${generatedSeconds.toFixed(0)} s` : "listings reused"}; ${indexedSeconds !== null ? `index built in ${indexedSeconds.toFixed(0)} s` : "index reused"}; ${sizes}; PostgreSQL's shared_buffers ${SHARED_BUFFERS ?? "128MB (its default)"}.`,
    "",
    ...(TARGET === 100_000
      ? [
          `Target (issue 3: the embedded engine, per search): p95 ≤ 30 ms and ≥ 10× faster than the naive scan at p95 (${ms(base_.p95)} ms):`,
          "",
          ...rows.slice(0, 2).map(([name, s]) => {
            const ratio = base_.p95 / s.p95;
            return `- ${name}: p95 ${ms(s.p95)} ms, ${ratio.toFixed(1)}× — ${s.p95 <= 30 && ratio >= 10 ? "met" : "NOT met"}`;
          }),
        ]
      : [
          `Target (issue 17: the embedded engine at this size, per search): p95 ≤ 50 ms; the naive scan's p95 is ${ms(base_.p95)} ms:`,
          "",
          ...rows.slice(0, 2).map(([name, s]) => `- ${name}: p95 ${ms(s.p95)} ms, ${(base_.p95 / s.p95).toFixed(1)}× the naive scan — ${s.p95 <= 50 ? "met" : "NOT met"}`),
        ]),
    "",
    `The page, measured against the same bar (it adds the loaders, server rendering of a ~44 KB document, gzip and HTTP; median added over the port: ${ms(page.p50 - port_.p50)} ms${cpuPerPage !== null ? `; the server process used ${ms(cpuPerPage)} ms of CPU per page, search included` : ""}):`,
    "",
    ...rows.slice(2, 4).map(([name, s]) => {
      const ratio = base_.p95 / s.p95;
      return `- ${name}: p95 ${ms(s.p95)} ms, ${ratio.toFixed(1)}× — ${s.p95 <= 30 && ratio >= 10 ? "within it" : "over it"}`;
    }),
    "",
    "Percentiles are nearest-rank: p95 of 60 samples is the 57th fastest. Per query (ms): through the port, the median of the first runs, then p50 and max of the repeated rounds; through the page, the median of the first runs and the p50 of the repeated rounds (what the page adds shows best where the port has little to do, as with no match):",
    "",
    "| query | port first (median) | port p50 | port max | page first (median) | page p50 |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...MIX.map((m) => {
      const [s, p, c, pc] = [portRepeated, pageRepeated, portFirst, pageFirst].map((t) => [...(t.byQuery.get(m.label) ?? [])].sort((a, b) => a - b));
      return `| ${m.label}: \`${JSON.stringify(m.query)}\` | ${ms(percentile(c, 50))} | ${ms(percentile(s, 50))} | ${ms(s[s.length - 1])} | ${ms(percentile(pc, 50))} | ${ms(percentile(p, 50))} |`;
    }),
  ];
  console.log(`\n${lines.join("\n")}`);
  const section = TARGET === 100_000 ? "search" : `search-${TARGET}`;
  const title = TARGET === 100_000 ? "`npm run bench:search`" : `\`npm run bench:search -- --listings ${TARGET}\``;
  writeSection("docs/benchmarks.md", section, `## Search (${title})\n\n${lines.join("\n")}\n`);
  console.log("\nWritten to docs/benchmarks.md.");
} finally {
  server?.kill("SIGTERM");
  await client.end({ timeout: 5 });
  await closeDb();
  await pg.stop();
  if (!keep) await rm(root, { recursive: true, force: true });
}
