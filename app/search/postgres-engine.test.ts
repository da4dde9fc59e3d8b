/**
 * How the PostgreSQL engine talks to the database, beyond what it finds
 * (relevance.test.ts): the plans and the counts it keeps.
 */
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, db, type Database } from "../../db/client";
import { generateListings } from "../../db/generate";
import { seedDemoData } from "../../db/seed";
import { allDocuments, loadDocuments, pgIntArray } from "./documents.server";
import { drainSearchOutbox } from "./outbox.server";
import { RELEVANCE_LIMIT, type SearchQuery } from "./port";
import { PostgresSearchEngine, postingUnits } from "./postgres-engine.server";

beforeAll(async () => {
  await seedDemoData(db());
  await drainSearchOutbox(db(), new PostgresSearchEngine(db));
});

describe("search plans", () => {
  // One connection, so that its prepared statements can be listed.
  let single: ReturnType<typeof connect>;
  beforeAll(() => {
    single = connect(process.env.DATABASE_URL ?? "", { max: 1 });
  });
  afterAll(() => single.sql.end());

  it("are made for each query's words, not kept as prepared statements", async () => {
    const engine = new PostgresSearchEngine(() => single.db);
    // A prepared statement switches to a generic plan after five runs.
    for (const q of ["gạo", "ca", "heo", "rau", "cam", "xoai", "dua", "tom"]) {
      await engine.search({ q, sort: "relevance", page: 1, perPage: 24 });
    }
    const prepared = await single.db.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`);
    expect(prepared.filter((p) => p.statement.includes("tsv @@")).map((p) => p.statement)).toEqual([]);
  });
});

describe("the queries posting lists can count", () => {
  it("are whole words joined by &, each with its alternatives in parentheses; nothing else", () => {
    const w = (term: string, produce = false) => ({ term, produce });
    expect(postingUnits("tom & ca & mau")).toEqual([[w("tom")], [w("ca")], [w("mau")]]);
    expect(postingUnits("(lon:ABD | heo)")).toEqual([[w("lon", true), w("heo")]]);
    expect(postingUnits("ngon & (ngo | ngon | ngot)")).toEqual([[w("ngon")], [w("ngo"), w("ngon"), w("ngot")]]);
    for (const tsq of ["dua <-> leo", "(dua:ABD <-> chuot:ABD | dua <-> leo)", "mau:*", "ca & chua:*", "xoai:A", "(lac:ABD & !(lac <-> duong))", "a | b & c", "1e2kg", "ca & !chua"]) {
      expect(postingUnits(tsq), tsq).toBeNull();
    }
  });
});

describe("facet counts kept by triggers", () => {
  const engine = new PostgresSearchEngine(db);
  const groups = sql.raw("category_slug, category_parent, province_code, certs, in_stock, bulk");

  async function expectCountsTrue(minimumWords = 100) {
    const kept = await db().execute(sql`select ${groups}, documents from search_facet_counts order by ${groups}`);
    const counted = await db().execute(sql`select ${groups}, count(*)::int as documents from search_documents group by ${groups} order by ${groups}`);
    expect(kept).toEqual(counted);
    const keptTerms = await db().execute(sql`select term, facet_key::text, documents from search_term_counts order by 1, 2`);
    const countedTerms = await db().execute(sql`
      select w as term, facet_key::text, count(*)::int as documents
      from search_documents, unnest(tsvector_to_array(tsv)) w group by 1, 2 order by 1, 2`);
    expect(keptTerms.length).toBeGreaterThanOrEqual(minimumWords);
    expect(keptTerms).toEqual(countedTerms);
    const keptBands = await db().execute(sql`select band::text, facet_key::text, documents from search_price_bands order by 1, 2`);
    const countedBands = await db().execute(sql`
      select search_price_band(price_vnd)::text as band, facet_key::text, count(*)::int as documents
      from search_documents group by 1, 2 order by 1, 2`);
    expect(keptBands).toEqual(countedBands);
    const keptPostings = await db().execute(sql`select term, facet_key::text, ids, place_only from search_term_postings order by 1, 2`);
    const countedPostings = await db().execute(sql`
      select w.lexeme as term, d.facet_key::text, array_agg(d.listing_id order by d.listing_id) as ids,
             coalesce(array_agg(d.listing_id order by d.listing_id) filter (where 'C' = all(w.weights)), '{}') as place_only
      from search_documents d, unnest(d.tsv) w group by 1, 2 order by 1, 2`);
    expect(keptPostings.length).toBe(keptTerms.length);
    expect(keptPostings).toEqual(countedPostings);
  }

  it("match counting the documents after every kind of write", async () => {
    await expectCountsTrue();
    const [one, two, three] = await db().execute<{ id: number }>(sql`select listing_id as id from search_documents order by listing_id limit 3`);
    const { documents } = await loadDocuments(db(), [one.id, two.id]);
    // Moved to other groups (an upsert that updates), then back.
    await engine.upsert(documents.map((d) => ({ ...d, provinceCode: "01", inStock: !d.inStock, certs: ["organic"] })));
    await expectCountsTrue();
    // Words changed: some words leave, a new one comes, the facets stay.
    await engine.upsert(documents.map((d) => ({ ...d, title: "Khoai mỡ tím", description: "Củ to, vỏ tím" })));
    await expectCountsTrue();
    // An update that changes nothing searchable (as a stock change does).
    await engine.upsert(documents.map((d) => ({ ...d, title: "Khoai mỡ tím", description: "Củ to, vỏ tím", priceVnd: d.priceVnd + 1000 })));
    await expectCountsTrue();
    await engine.upsert(documents);
    await expectCountsTrue();
    await engine.remove([one.id]);
    await expectCountsTrue();
    // A deleted listing's document goes by cascade, without the engine.
    await db().execute(sql`delete from search_documents where listing_id = ${three.id}`);
    await expectCountsTrue();
    await engine.replaceAll(allDocuments(db()));
    await expectCountsTrue();
  });

  it("give the same facets as counting the documents", async () => {
    const search = (query: Partial<SearchQuery>) => engine.search({ q: "", sort: "relevance", page: 1, perPage: 24, ...query });
    for (const filter of [{}, { category: "qua" }, { province: "68", inStock: true }, { cert: "vietgap", bulk: true }]) {
      // A price range that every listing passes makes the engine count documents.
      const [kept, counted] = await Promise.all([search(filter), search({ ...filter, minPrice: 1 })]);
      expect(kept.total).toBeGreaterThan(0);
      expect(kept.facets).toEqual(counted.facets);
      expect(kept.total).toBe(counted.total);
    }
  });

  it("give the same facets for a word as counting its matches", async () => {
    const search = (query: Partial<SearchQuery>) => engine.search({ q: "", sort: "relevance", page: 1, perPage: 24, ...query });
    const queries: Partial<SearchQuery>[] = [
      { q: "gạo" }, // unfinished: gao:*, one word of the index
      { q: "ca" }, // too short to be unfinished: the word ca itself
      { q: "rau", province: "68" },
      { q: "rau", category: "rau", inStock: true },
      { q: "cam", cert: "vietgap" },
      { q: "ngo" }, // begins several words (ngo, ngon, ngot…): counted from the matches
      { q: "xyzqwv" },
    ];
    for (const query of queries) {
      // A price range that every listing passes makes the engine count the matches.
      const [kept, counted] = await Promise.all([search(query), search({ ...query, minPrice: 1 })]);
      expect(kept.facets, JSON.stringify(query)).toEqual(counted.facets);
      expect(kept.total, JSON.stringify(query)).toBe(counted.total);
    }
    expect((await search({ q: "gạo" })).total).toBeGreaterThan(0);
  });

  it("give the same facets for several words, and for words with synonyms, as counting their matches", async () => {
    const watched = watchedDatabase();
    const listed = new PostgresSearchEngine(watched.db);
    const search = (query: Partial<SearchQuery>) => listed.search({ q: "", sort: "relevance", page: 1, perPage: 24, ...query });
    // A farm named for pigs: "lợn" there is a farm's name, not produce, and
    // does not count for "heo" (lon:ABD), in the lists as in the matches.
    const [first] = await db().execute<{ id: number }>(sql`select listing_id as id from search_documents order by listing_id limit 1`);
    const { documents } = await loadDocuments(db(), [first.id]);
    await listed.upsert(documents.map((d) => ({ ...d, farmName: "Trại Lợn Đồi Xanh" })));
    try {
      const byLists: Partial<SearchQuery>[] = [
        { q: "ca chua" }, { q: "rau cai" }, { q: "heo" }, { q: "heo sach" }, { q: "lon" },
        { q: "gao lam dong" }, { q: "rau sach", province: "68" }, { q: "xoai cat", category: "qua", inStock: true },
        { q: "cam sanh", cert: "vietgap" }, { q: "trai lon" },
      ];
      const byMatches: Partial<SearchQuery>[] = [{ q: "dua leo" }, { q: "gao st25" }, { q: "ca phe" }];
      let found = 0;
      for (const query of [...byLists, ...byMatches]) {
        watched.statements.length = 0;
        const kept = await search(query);
        const fromLists = watched.statements.some((s) => s.includes("from search_term_postings"));
        expect(fromLists, JSON.stringify(query)).toBe(byLists.includes(query));
        // A price range that every listing passes makes the engine count the matches.
        const counted = await search({ ...query, minPrice: 1 });
        expect(kept.facets, JSON.stringify(query)).toEqual(counted.facets);
        expect(kept.total, JSON.stringify(query)).toBe(counted.total);
        if (kept.total > 0) found++;
      }
      expect(found).toBeGreaterThanOrEqual(10);
      // The farm is found by its name, and not as pork.
      const farm = await search({ q: "trai lon doi xanh" });
      expect(farm.hits.map((h) => h.id)).toContain(first.id);
    } finally {
      await listed.upsert(documents);
    }
  });

  it("count a word that PostgreSQL splits (1e2kg is '1e2' <-> 'kg') from its matches", async () => {
    const [first] = await db().execute<{ id: number }>(sql`select listing_id as id from search_documents order by listing_id limit 1`);
    const { documents } = await loadDocuments(db(), [first.id]);
    await engine.upsert(documents.map((d) => ({ ...d, title: `${d.title} 1e2kg` })));
    const search = (query: Partial<SearchQuery>) => engine.search({ q: "", sort: "relevance", page: 1, perPage: 24, ...query });
    for (const q of ["1e2kg", "1e2k"]) {
      const [kept, counted] = await Promise.all([search({ q }), search({ q, minPrice: 1 })]);
      expect(counted.total, q).toBe(1);
      expect(kept.total, q).toBe(1);
      expect(kept.hits.map((h) => h.id)).toEqual([first.id]);
    }
    await engine.upsert(documents);
  });

  it("count a price range without words as counting the documents", async () => {
    const search = (query: Partial<SearchQuery>) => engine.search({ q: "", sort: "relevance", page: 1, perPage: 24, ...query });
    // Ranges on band starts, inside one band, across two bands side by side,
    // with untidy ends, open at either end, one price, and one no price is in.
    const [{ price }] = await db().execute<{ price: number }>(sql`select price_vnd::int as price from search_documents order by listing_id limit 1`);
    const ranges: [number | undefined, number | undefined][] = [
      [20_000, 80_000], [20_000, 79_999], [21_000, 23_000], [15_000, 25_000], [12_345, 67_891],
      [50_000, undefined], [undefined, 30_000], [price, price], [1, 10 ** 9], [9, 11], [90_000, 80_000],
    ];
    for (const [minPrice, maxPrice] of ranges) {
      for (const filter of [{}, { category: "qua" }, { province: "68", inStock: true }]) {
        const ranged = await search({ ...filter, minPrice, maxPrice });
        const [{ n }] = await db().execute<{ n: number }>(sql`
          select count(*)::int as n from search_documents where price_vnd between ${minPrice ?? 0} and ${maxPrice ?? Number.MAX_SAFE_INTEGER}
          ${"category" in filter ? sql`and (category_slug = 'qua' or category_parent = 'qua')` : sql``}
          ${"province" in filter ? sql`and province_code = '68' and in_stock` : sql``}`);
        const label = JSON.stringify({ minPrice, maxPrice, ...filter });
        expect(ranged.total, label).toBe(n);
        expect(Object.values(ranged.facets.category).reduce((a, b) => a + b, 0), label).toBe(n);
        const byProvince = await db().execute<{ province_code: string; n: number }>(sql`
          select province_code, count(*)::int as n from search_documents where price_vnd between ${minPrice ?? 0} and ${maxPrice ?? Number.MAX_SAFE_INTEGER}
          ${"category" in filter ? sql`and (category_slug = 'qua' or category_parent = 'qua')` : sql``}
          ${"province" in filter ? sql`and province_code = '68' and in_stock` : sql``} group by 1`);
        expect(ranged.facets.province, label).toEqual(Object.fromEntries(byProvince.map((r) => [r.province_code, r.n])));
      }
    }
    expect((await search({ minPrice: 20_000, maxPrice: 80_000 })).total).toBeGreaterThan(0);
  });

  it("stay true when a removal empties the index while another writer commits", async () => {
    // Found in review: a shortcut that cleared every word count when a
    // DELETE left the table empty lost the counts of an insert committed
    // between its check and its clearing.
    const url = process.env.DATABASE_URL ?? "";
    const [remover, writer, locker] = [connect(url, { max: 1 }), connect(url, { max: 1 }), connect(url, { max: 1 })];
    const waitingLocks = async (n: number) => {
      for (let i = 0; i < 250; i++) {
        const [{ waiting }] = await db().execute<{ waiting: number }>(sql`select count(*)::int as waiting from pg_locks where not granted`);
        if (waiting >= n) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`expected ${n} waiting locks`);
    };
    try {
      const ids = await db().execute<{ id: number }>(sql`select listing_id as id from search_documents order by listing_id limit 2`);
      const { documents } = await loadDocuments(db(), ids.map((r) => r.id));
      const [x, z] = documents;
      await db().execute(sql`delete from search_documents`);
      await engine.upsert([x]);
      let commit!: () => void;
      const committing = new Promise<void>((resolve) => (commit = resolve));
      // Z is written and held uncommitted; a share lock queues behind it, and
      // the removal of X (the last document) queues behind the share lock.
      let upserted!: () => void;
      const holding = new Promise<void>((resolve) => (upserted = resolve));
      const written = writer.db.transaction(async (tx) => {
        await new PostgresSearchEngine(() => writer.db).upsert([{ ...z, provinceCode: x.provinceCode === "01" ? "79" : "01" }], tx);
        upserted();
        await committing;
      });
      // Until Z is written (not a pause: on a busy machine a pause let the share lock come first, and the test hung).
      await holding;
      const locked = locker.sql.begin((s) => s`lock table search_term_counts in share mode`);
      await waitingLocks(1);
      const removed = new PostgresSearchEngine(() => remover.db).remove([x.id]);
      await waitingLocks(2);
      commit();
      await Promise.all([written, locked, removed]);
      const [{ n }] = await db().execute<{ n: number }>(sql`select count(*)::int as n from search_documents`);
      expect(n).toBe(1);
      await expectCountsTrue(10);
    } finally {
      await Promise.all([remover, writer, locker].map((c) => c.sql.end()));
      await engine.replaceAll(allDocuments(db()));
    }
    await expectCountsTrue();
  });
});

describe("the relevance window", () => {
  beforeAll(async () => {
    await generateListings(db(), 1400, { seed: 5 });
    await drainSearchOutbox(db(), new PostgresSearchEngine(db));
  }, 60_000);

  // Three ways to the same window, each choosing by the words' bound alone
  // (countFirst off): among all the newest documents first (the window fills
  // there whenever a query has more matches than the window), among the
  // newest 400 first (too few for these words: all matches are collected
  // after), and never. The default engine (usual) counts first where that is
  // cheap, and by the bound collects all matches below 5,000 possible.
  const watched = watchedDatabase();
  const amongAllTheNewest = new PostgresSearchEngine(watched.db, { minMatches: -1, rows: () => 1_000_000, countFirst: false });
  const amongTheNewest = new PostgresSearchEngine(db, { minMatches: -1, rows: () => 400, countFirst: false });
  const amongAll = new PostgresSearchEngine(db, { minMatches: Number.POSITIVE_INFINITY, rows: () => 0, countFirst: false });
  const usual = new PostgresSearchEngine(watched.db);

  it("holds the same hits whether looked for among the newest documents or among all matches", async () => {
    const queries: Partial<SearchQuery>[] = [
      { q: "gạo" },
      { q: "rau" },
      { q: "rau", page: 2 },
      { q: "rau", page: Math.ceil(RELEVANCE_LIMIT / 24) },
      { q: "rau", page: Math.ceil(RELEVANCE_LIMIT / 24) + 1 },
      { q: "rau", province: "68", inStock: true },
      { q: "ca chua" },
      { q: "heo" },
      { q: "dua leo" },
      { q: "xoai cat" },
      { q: "buoi da xnah" },
      { q: "dừa" },
      { q: "ngo" },
      { q: "cam", bulk: true },
    ];
    let filled = 0;
    for (const query of queries) {
      const search = (engine: PostgresSearchEngine) => engine.search({ q: "", sort: "relevance", page: 1, perPage: 24, ...query });
      watched.statements.length = 0;
      const newestAll = await search(amongAllTheNewest);
      const probed = watched.statements.filter((s) => s.includes("as candidates")).length;
      const collected = watched.statements.filter((s) => s.includes("interval '0 seconds'")).length;
      const [newest, all, plain] = await Promise.all([search(amongTheNewest), search(amongAll), search(usual)]);
      const ids = (r: typeof newest) => r.hits.map((h) => h.id);
      const label = JSON.stringify(query);
      expect(ids(newestAll), label).toEqual(ids(all));
      expect(ids(newest), label).toEqual(ids(all));
      expect(ids(plain), label).toEqual(ids(all));
      expect(newestAll.total, label).toBe(all.total);
      if ((query.page ?? 1) * 24 > RELEVANCE_LIMIT + 24) continue;
      // With every document in the probe, it fills whenever there are more matches than the window.
      expect(probed, label).toBe(1);
      expect(collected, label).toBe(all.total >= RELEVANCE_LIMIT ? 0 : 1);
      if (all.total >= RELEVANCE_LIMIT) filled++;
    }
    expect(filled).toBeGreaterThanOrEqual(4);
    expect((await amongAll.search({ q: "xoai cat", sort: "relevance", page: 1, perPage: 24 })).total).toBeLessThan(RELEVANCE_LIMIT);
  });

  it("once it has counted a search's matches, the count decides where to look, not the words' bound; a count of none asks for no hits", async () => {
    // Where: among the newest documents first when the count says the window fills there (matches spread over time).
    // A first search here is decided by the words' bound (countFirst off; the next test counts first).
    // The table's size as PostgreSQL's statistics know it (never analysed, it says -1, and the words decide).
    await db().execute(sql`analyze search_documents`);
    const query: SearchQuery = { q: "rau", province: "68", sort: "relevance", page: 1, perPage: 24 };
    const { total } = await amongAll.search(query);
    // Fewer than the window in the province (the repeat then collects), more "rau" elsewhere (the first search probes).
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(RELEVANCE_LIMIT);
    // Looks among the newest first when more than `total` matches are possible: the words alone
    // allow every "rau" anywhere, which the province's count is not.
    const engine = new PostgresSearchEngine(watched.db, { minMatches: total, rows: () => 1_000_000, countFirst: false });
    const run = async (q: SearchQuery) => {
      watched.statements.length = 0;
      const result = await engine.search(q);
      const probed = watched.statements.filter((s) => s.includes("as candidates")).length;
      const hitQueries = watched.statements.filter((s) => s.includes("rating_count")).length;
      return { ids: result.hits.map((h) => h.id), total: result.total, probed, hitQueries };
    };
    const first = await run(query);
    expect(first).toMatchObject({ total, probed: 1 });
    const again = await run(query);
    expect(again).toMatchObject({ ids: first.ids, total, probed: 0, hitQueries: 1 });
    // A count that fills the window among the newest documents (all of them, here) keeps looking there first.
    const broad: SearchQuery = { ...query, province: undefined };
    const counted = await run(broad);
    expect(counted.total).toBeGreaterThanOrEqual(RELEVANCE_LIMIT);
    expect(await run(broad)).toMatchObject({ ids: counted.ids, probed: 1, hitQueries: 1 });
    const [empty] = await db().execute<{ code: string }>(sql`
      select code from provinces where code not in (select distinct province_code from search_documents) order by code limit 1`);
    expect(empty).toBeDefined();
    const nowhere = { ...query, province: empty.code };
    expect(await run(nowhere)).toMatchObject({ ids: [], total: 0 });
    expect(await run(nowhere)).toMatchObject({ ids: [], total: 0, hitQueries: 0 });
  });

  it("counts a first search before it looks, when the words alone cannot say whether the newest documents hold the window", async () => {
    await db().execute(sql`analyze search_documents`);
    // Every document in the probe: it holds the window whenever the matches are more than the window.
    // Without a count, the words' bound alone would send every search there (eager) or none (never).
    const eager = new PostgresSearchEngine(watched.db, { minMatches: -1, rows: () => 1_000_000, countFirst: true });
    const never = new PostgresSearchEngine(watched.db, { minMatches: Number.POSITIVE_INFINITY, rows: () => 1_000_000, countFirst: true });
    // Each a first search: a new version of the index, as any write makes. `counted` and `hits` are
    // where the count (from the kept lists) and the hits query came among the statements sent.
    const run = async (q: SearchQuery, engine = eager) => {
      await db().execute(sql`update search_index_state set version = version + 1 where id = 1`);
      watched.statements.length = 0;
      const result = await engine.search(q);
      const at = (pattern: RegExp) => watched.statements.findIndex((s) => pattern.test(s));
      const hitQueries = watched.statements.filter((s) => s.includes("rating_count")).length;
      return { ids: result.hits.map((h) => h.id), total: result.total, hitQueries, probed: at(/as candidates/) !== -1, counted: at(/search_term_counts t join|from search_term_postings/), hits: at(/rating_count/) };
    };
    const search = (q: Partial<SearchQuery>): SearchQuery => ({ q: "", sort: "relevance", page: 1, perPage: 24, ...q });
    const same = async (query: SearchQuery, r: { ids: number[]; total: number }) => {
      const all = await amongAll.search(query);
      expect(r.ids, JSON.stringify(query)).toEqual(all.hits.map((h) => h.id));
      expect(r.total).toBe(all.total);
    };
    // "rau" is in more listings than the window, so its words allow it; in one province it is not:
    // counted first, it is not looked for among the newest.
    const few = search({ q: "rau", province: "68" });
    const counted = await run(few);
    await same(few, counted);
    expect(counted.total).toBeLessThan(RELEVANCE_LIMIT);
    expect(counted).toMatchObject({ probed: false, hitQueries: 1 });
    expect(counted.counted).toBeGreaterThanOrEqual(0);
    expect(counted.counted).toBeLessThan(counted.hits);
    // In stock, it still is: the count sends it among the newest first, which the words' bound
    // alone never would here.
    const many = search({ q: "rau", inStock: true });
    const probed = await run(many, never);
    await same(many, probed);
    expect(probed.total).toBeGreaterThanOrEqual(RELEVANCE_LIMIT);
    expect(probed).toMatchObject({ probed: true, hitQueries: 1 });
    expect(probed.counted).toBeGreaterThanOrEqual(0);
    expect(probed.counted).toBeLessThan(probed.hits);
    // A word alone, without filters: its count in the dictionary is its count, and decides as a
    // count does (here too the words' bound alone never would).
    const word = search({ q: "rau" });
    const byItsCount = await run(word, never);
    await same(word, byItsCount);
    expect(byItsCount).toMatchObject({ probed: true, hitQueries: 1 });
  });

  it("is the newest matches, in one order when listings share a date", async () => {
    // Listings made the same day, to the second: dates shared by many documents.
    await db().execute(sql`update search_documents set created_at = date_trunc('day', created_at)`);
    const [{ ties }] = await db().execute<{ ties: number }>(sql`
      select count(*)::int as ties from (select created_at from search_documents group by 1 having count(*) > 1) t`);
    expect(ties).toBeGreaterThan(20);
    const window = await db().execute<{ id: number }>(sql`
      select listing_id as id from search_documents where tsv @@ to_tsquery('simple', 'rau')
      order by created_at desc, listing_id desc limit ${RELEVANCE_LIMIT}`);
    const pages = Math.ceil(RELEVANCE_LIMIT / 24);
    for (const engine of [amongAllTheNewest, amongTheNewest, amongAll]) {
      const seen: number[] = [];
      for (let page = 1; page <= pages; page++) {
        // "rau" completed, as typed: the word itself, not a prefix (no word of the generated data begins "rau…" but rau).
        const r = await engine.search({ q: "rau", sort: "relevance", page, perPage: 24 });
        seen.push(...r.hits.map((h) => h.id));
      }
      expect(new Set(seen)).toEqual(new Set(window.map((w) => w.id)));
    }
  });

  it("counts a partial match by all its words, not only the rare ones that bring its candidates", async () => {
    // Nine listings' titles made of four new words. With the limit at 4, zuka (4 listings) and
    // zuki (3) bring the candidates; zumo and zupa (5 each) only count in how many words a listing
    // has. Neither query is in any listing whole (xyzqwv is in none): each shows the listings
    // with at least 2 of its words, half of the most any has (3).
    const titles = ["zuka zuki zumo", "zuka zumo", "zuki zupa", "zumo", "zupa zumo", "zupa", "zuka zuki zupa", "zuka zumo", "zupa"];
    const rows = await db().execute<{ id: number }>(sql`select listing_id as id from search_documents order by listing_id limit ${titles.length}`);
    const { documents } = await loadDocuments(db(), rows.map((r) => r.id));
    expect(documents).toHaveLength(titles.length);
    // Their dates as the index has them (the test before this one cut them to the day): put back after.
    const dates = await db().execute<{ id: number; at: string }>(
      sql`select listing_id as id, created_at::text as at from search_documents where listing_id = any(${pgIntArray(rows.map((r) => r.id))}::int[])`,
    );
    const engine = new PostgresSearchEngine(db, undefined, { wordLimit: 4 });
    await engine.upsert(documents.map((d, i) => ({ ...d, title: titles[i], variety: "", grade: "", description: "" })));
    try {
      const listed = (...which: number[]) => which.map((i) => documents[i - 1].id).sort((a, b) => a - b);
      const search = async (q: string) => {
        const r = await engine.search({ q, sort: "relevance", page: 1, perPage: 24 });
        return { partial: r.partial, total: r.total, ids: r.hits.map((h) => h.id).sort((a, b) => a - b) };
      };
      // The same candidates (zuka | zuki) and the same least number of words, at one version of
      // the index: only the common word tells the two apart.
      expect(await search("zuka zuki zumo xyzqwv")).toEqual({ partial: true, total: 4, ids: listed(1, 2, 7, 8) });
      expect(await search("zuka zuki zupa xyzqwv")).toEqual({ partial: true, total: 3, ids: listed(1, 3, 7) });
    } finally {
      await engine.upsert(documents);
      for (const { id, at } of dates) await db().execute(sql`update search_documents set created_at = ${at}::timestamptz where listing_id = ${id}`);
    }
  });

  it("finds nothing, at once, for a word that begins no word of the index", async () => {
    watched.statements.length = 0;
    const result = await usual.search({ q: "xyzqwv", sort: "relevance", page: 1, perPage: 24 });
    expect(result).toMatchObject({ hits: [], total: 0, facets: { category: {}, province: {}, cert: {}, verified: 0 } });
    expect(watched.statements.filter((s) => /from search_documents/.test(s))).toEqual([]);
    // A word that begins words of the index is searched (xoa: xoai).
    expect((await usual.search({ q: "xoa", sort: "relevance", page: 1, perPage: 24 })).total).toBeGreaterThan(0);
    // With a word that is found, the listings with that one (marked partial).
    const some = await usual.search({ q: "rau xyzqwv", sort: "relevance", page: 1, perPage: 24 });
    expect(some.partial).toBe(true);
    expect(some.hits.length).toBeGreaterThan(0);
  });
});

/** The database handle, noting the text of every statement sent through execute (not those of transactions). */
function watchedDatabase(): { db: () => Database; statements: string[] } {
  const statements: string[] = [];
  const dialect = new PgDialect();
  let watching: { target: Database; handle: Database } | null = null;
  const handle = () => {
    const target = db();
    if (watching?.target !== target) {
      const proxy = new Proxy(target, {
        get(t, property, receiver) {
          if (property === "execute") {
            return (query: SQL) => {
              statements.push(dialect.sqlToQuery(query).sql);
              return t.execute(query);
            };
          }
          const value = Reflect.get(t, property, receiver) as unknown;
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(t) : value;
        },
      });
      watching = { target, handle: proxy };
    }
    return watching.handle;
  };
  return { db: handle, statements };
}

describe("typo correction", () => {
  it("corrects a word no document has, and keeps a word the dictionary has not seen yet", async () => {
    const reader = new PostgresSearchEngine(db);
    await reader.terms();
    expect((await reader.search({ q: "xoaiz", sort: "relevance", page: 1, perPage: 24 })).correctedQuery).toBe("xoai");
    // Written through another engine (another app process): this one's dictionary does not know the word.
    const [first] = await db().execute<{ id: number }>(sql`select listing_id as id from search_documents order by listing_id limit 1`);
    const { documents } = await loadDocuments(db(), [first.id]);
    await new PostgresSearchEngine(db).upsert(documents.map((d) => ({ ...d, title: `${d.title} xoaiz` })));
    try {
      const r = await reader.search({ q: "xoaiz", sort: "relevance", page: 1, perPage: 24 });
      expect(r.correctedQuery).toBeNull();
      expect(r.hits.map((h) => h.id)).toEqual([first.id]);
      // Typed twice, it is still one word the index has (found in review: counted twice, it was "corrected").
      expect((await reader.search({ q: "xoaiz xoaiz", sort: "relevance", page: 1, perPage: 24 })).correctedQuery).toBeNull();
    } finally {
      await reader.upsert(documents);
    }
  });
});
