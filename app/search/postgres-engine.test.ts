/**
 * How the PostgreSQL engine talks to the database, beyond what it finds
 * (relevance.test.ts): the plans and the counts it keeps.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, db } from "../../db/client";
import { seedDemoData } from "../../db/seed";
import { allDocuments, loadDocuments } from "./documents.server";
import { drainSearchOutbox } from "./outbox.server";
import type { SearchQuery } from "./port";
import { PostgresSearchEngine } from "./postgres-engine.server";

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

describe("facet counts kept by triggers", () => {
  const engine = new PostgresSearchEngine(db);
  const groups = sql.raw("category_slug, category_parent, province_code, certs, in_stock, bulk");

  async function expectCountsTrue() {
    const kept = await db().execute(sql`select ${groups}, documents from search_facet_counts order by ${groups}`);
    const counted = await db().execute(sql`select ${groups}, count(*)::int as documents from search_documents group by ${groups} order by ${groups}`);
    expect(kept).toEqual(counted);
    const keptTerms = await db().execute(sql`select term, facet_key::text, documents from search_term_counts order by 1, 2`);
    const countedTerms = await db().execute(sql`
      select w as term, facet_key::text, count(*)::int as documents
      from search_documents, unnest(tsvector_to_array(tsv)) w group by 1, 2 order by 1, 2`);
    expect(keptTerms.length).toBeGreaterThan(100);
    expect(keptTerms).toEqual(countedTerms);
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

  it("count a price range without words as counting the documents", async () => {
    const search = (query: Partial<SearchQuery>) => engine.search({ q: "", sort: "relevance", page: 1, perPage: 24, ...query });
    for (const filter of [{}, { category: "qua" }, { province: "68", inStock: true }]) {
      const ranged = await search({ ...filter, minPrice: 20_000, maxPrice: 80_000 });
      const [{ n }] = await db().execute<{ n: number }>(sql`
        select count(*)::int as n from search_documents where price_vnd between 20000 and 80000
        ${"category" in filter ? sql`and (category_slug = 'qua' or category_parent = 'qua')` : sql``}
        ${"province" in filter ? sql`and province_code = '68' and in_stock` : sql``}`);
      expect(ranged.total).toBe(n);
      expect(Object.values(ranged.facets.category).reduce((a, b) => a + b, 0)).toBe(n);
    }
  });
});
