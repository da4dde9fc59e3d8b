/**
 * The Meilisearch engine at the HTTP edge: settings, filters, sorts, facets,
 * re-ranking, failed tasks, a server that is down, reindex-and-swap, and an
 * outage while listings change. Meilisearch itself is replaced by request
 * handlers that answer as its API does (tests/handlers/meilisearch.ts);
 * everything on our side, the database included, is real.
 */
import { setupServer } from "msw/node";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { seedDemoData } from "../../db/seed";
import { fakeMeilisearch, MEILI_HOST, type FakeMeili } from "../../tests/handlers/meilisearch";
import { as, createFarmer, editListing, listingInput } from "../../tests/factories";
import { changeListingState, createListing } from "~/models/listing.server";
import { allDocuments, findableListingIds, pgIntArray } from "./documents.server";
import { filterExpressions, indexSettings, MeilisearchEngine, meiliSynonyms, sortExpressions } from "./meilisearch-engine.server";
import { drainSearchOutbox, pendingSearchChanges } from "./outbox.server";
import type { SearchQuery } from "./port";

let meili: FakeMeili;
const server = setupServer();

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  await seedDemoData(db());
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function useFakeMeili() {
  meili = fakeMeilisearch();
  server.use(...meili.handlers);
  return new MeilisearchEngine({ host: MEILI_HOST, index: "listings" });
}

const query = (q: Partial<SearchQuery>): SearchQuery => ({ q: "", sort: "relevance", page: 1, perPage: 24, ...q });

describe("Meilisearch settings and expressions", () => {
  it("creates the index and applies settings, once", async () => {
    const engine = useFakeMeili();
    await engine.prepare();
    await engine.prepare();
    const created = meili.requests.filter((r) => r.method === "POST" && r.path === "/indexes");
    expect(created).toEqual([{ method: "POST", path: "/indexes", body: { uid: "listings", primaryKey: "id" } }]);
    const settings = meili.indexes.get("listings")!.settings;
    expect(settings).toMatchObject({
      filterableAttributes: expect.arrayContaining(["categorySlug", "categoryParent", "provinceCode", "certs", "priceVnd", "inStock", "bulk", "_geo"]),
      sortableAttributes: ["priceVnd", "createdAtTs", "_geo", "ratingAverage", "ratingCount"],
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    });
    expect(settings.synonyms).toEqual(indexSettings().synonyms);
  });

  it("sends synonyms both ways, with and without marks", () => {
    const synonyms = meiliSynonyms();
    expect(synonyms["heo"]).toEqual(expect.arrayContaining(["lợn", "lon"]));
    expect(synonyms["lợn"]).toEqual(expect.arrayContaining(["heo"]));
    expect(synonyms["khóm"]).toEqual(expect.arrayContaining(["dứa"]));
    expect(synonyms["dưa leo"]).toEqual(expect.arrayContaining(["dưa chuột"]));
  });

  it("sends the regional names, and no word that would find another food (decision 017)", async () => {
    const engine = useFakeMeili();
    await engine.prepare();
    const sent = meili.indexes.get("listings")!.settings.synonyms as Record<string, string[]>;
    expect(sent["mướp tây"]).toEqual(expect.arrayContaining(["đậu bắp", "dau bap"]));
    expect(sent["hành hoa"]).toEqual(expect.arrayContaining(["hành lá"]));
    expect(sent["nếp than"]).toEqual(expect.arrayContaining(["nếp cẩm"]));
    expect(sent["ngô nếp"]).toEqual(expect.arrayContaining(["bắp nếp"]));
    // Meilisearch cannot keep "bắp" out of bắp cải, nor "thơm" out of gạo tám thơm.
    expect(sent["ngô"] ?? []).not.toContain("bắp");
    expect(sent["dứa"]).not.toContain("thơm");
    expect(sent["na"]).not.toContain("mãng cầu");
    // Ambiguous across regions: mận is plum in the north, wax apple in the south.
    expect(sent["mận"]).toBeUndefined();
    expect(sent["roi"]).not.toContain("mận");
    expect(Object.keys(sent).length).toBeGreaterThan(300);
  });

  it("writes filters and sorts as Meilisearch expressions, quoting values", () => {
    expect(filterExpressions(query({ category: "qua", province: "68", cert: "ocop", minPrice: 1000, maxPrice: 50_000, inStock: true, bulk: true }))).toEqual([
      '(categorySlug = "qua" OR categoryParent = "qua")',
      'provinceCode = "68"',
      'certs = "ocop"',
      "priceVnd >= 1000",
      "priceVnd <= 50000",
      "inStock = true",
      "bulk = true",
    ]);
    expect(filterExpressions(query({ category: 'x" OR provinceCode = "01' }))[0]).toBe('(categorySlug = "x\\" OR provinceCode = \\"01" OR categoryParent = "x\\" OR provinceCode = \\"01")');
    expect(sortExpressions(query({ sort: "price_asc" }), undefined)).toEqual(["priceVnd:asc"]);
    expect(sortExpressions(query({ sort: "newest" }), undefined)).toEqual(["createdAtTs:desc"]);
    expect(sortExpressions(query({ sort: "nearest", near: [9.18, 105.15] }), undefined)).toEqual(["_geo(9.18, 105.15):asc"]);
    expect(sortExpressions(query({ sort: "relevance" }), undefined)).toBeUndefined();
  });
});

describe("Meilisearch searching", () => {
  it("sends filters, sort and facets, and maps hits and facet counts", async () => {
    const engine = useFakeMeili();
    await engine.prepare();
    meili.searchResponse = () => ({
      hits: [{ id: 7, title: "Gạo ST25 Sóc Trăng", slug: "gao-st25-soc-trang", variety: "", categoryNames: "Gạo tẻ", priceVnd: 38000, unit: "kg", farmName: "Ruộng ST25", farmSlug: "ruong", provinceName: "Thành phố Cần Thơ", photo: null, bulk: true, availableFrom: null, inStock: true }],
      estimatedTotalHits: 1,
      facetDistribution: { categorySlug: { "gao-te": 1 }, provinceCode: { "92": 1 }, certs: { vietgap: 1 } },
      processingTimeMs: 1,
      query: "gao",
    });
    const result = await engine.search(query({ q: "gạo", province: "92", sort: "price_asc", page: 2, perPage: 10 }));
    const body = meili.requests.find((r) => r.path === "/indexes/listings/search")!.body as Record<string, unknown>;
    expect(body).toMatchObject({ q: "gạo", filter: ['provinceCode = "92"'], sort: ["priceVnd:asc"], facets: ["categorySlug", "provinceCode", "certs", "verifiedFarm"], offset: 10, limit: 10 });
    expect(result.total).toBe(1);
    expect(result.hits[0]).toMatchObject({ id: 7, title: "Gạo ST25 Sóc Trăng", priceVnd: 38000 });
    expect(result.facets).toEqual({ category: { "gao-te": 1 }, province: { "92": 1 }, cert: { vietgap: 1 }, verified: 0 });
  });

  it("asks for every word first, then for the most words when none has them all", async () => {
    const engine = useFakeMeili();
    await engine.prepare();
    const hit = { id: 3, title: "Vải thiều Lục Ngạn", slug: "vai", variety: "", categoryNames: "", priceVnd: 1, unit: "kg", farmName: "", farmSlug: "", provinceName: "", photo: null, bulk: false, availableFrom: null, inStock: true };
    meili.searchResponse = (_index, body) =>
      body.matchingStrategy === "all" ? { hits: [], estimatedTotalHits: 0 } : { hits: [hit], estimatedTotalHits: 1 };
    const typed = "vải thiều lục ngạn chín đỏ tươi ngon giao tận nhà nhanh";
    const result = await engine.search(query({ q: typed }));
    const bodies = meili.requests.filter((r) => r.path === "/indexes/listings/search").map((r) => r.body as Record<string, unknown>);
    // Meilisearch reads 10 words; the rest are not sent.
    expect(bodies).toMatchObject([
      { q: "vải thiều lục ngạn chín đỏ tươi ngon giao tận", matchingStrategy: "all" },
      { q: "vải thiều lục ngạn chín đỏ tươi ngon giao tận", matchingStrategy: "frequency" },
    ]);
    expect(result).toMatchObject({ partial: true, total: 1 });
    expect(result.hits.map((h) => h.id)).toEqual([3]);

    // A query that all words match is asked once, and is not partial.
    meili.requests.length = 0;
    meili.searchResponse = () => ({ hits: [hit], estimatedTotalHits: 1 });
    expect(await engine.search(query({ q: "vải thiều" }))).toMatchObject({ partial: false, total: 1 });
    expect(meili.requests.filter((r) => r.path === "/indexes/listings/search")).toHaveLength(1);
  });

  it("ranks exact-diacritic matches first, which Meilisearch cannot do (it folds tones)", async () => {
    const engine = useFakeMeili();
    await engine.prepare();
    const hit = (id: number, title: string) => ({ id, title, slug: "x", variety: "", categoryNames: "", priceVnd: 1, unit: "kg", farmName: "", farmSlug: "", provinceName: "", photo: null, bulk: false, availableFrom: null, inStock: true });
    meili.searchResponse = () => ({ hits: [hit(1, "Dưa hấu"), hit(2, "Dừa xiêm"), hit(3, "Dưa lưới"), hit(4, "Kẹo dừa")], estimatedTotalHits: 4 });
    const coconut = await engine.search(query({ q: "dừa" }));
    expect(coconut.hits.map((h) => h.id)).toEqual([2, 4, 1, 3]);
    const body = meili.requests.at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({ offset: 0, limit: 24 });
    const melon = await engine.search(query({ q: "dưa" }));
    expect(melon.hits.map((h) => h.id)).toEqual([1, 3, 2, 4]);
  });

  it("reports a server that is down, in health and in search", async () => {
    const engine = useFakeMeili();
    expect(await engine.health()).toMatchObject({ engine: "meilisearch", ok: true });
    meili.down = true;
    expect(await engine.health()).toMatchObject({ engine: "meilisearch", ok: false });
    await expect(engine.search(query({ q: "gao" }))).rejects.toThrow();
  });

  it("turns a failed task into an error (the client resolves it)", async () => {
    const engine = useFakeMeili();
    meili.failTaskTypes.add("settingsUpdate");
    await expect(engine.prepare()).rejects.toThrow(/settings.*failed: simulated failure of settingsUpdate/);
    meili.failTaskTypes.clear();
    await engine.prepare();
    meili.failTaskTypes.add("documentAdditionOrUpdate");
    await expect(engine.upsert([{ ...(await sampleDocument()) }])).rejects.toThrow(/add documents.*failed/);
  });
});

async function sampleDocument() {
  for await (const batch of allDocuments(db(), 1)) return batch[0];
  throw new Error("no documents");
}

describe("keeping Meilisearch true to the database", () => {
  it("reindexes into a new index and swaps it in, so searches never see it half-built", async () => {
    const engine = useFakeMeili();
    await engine.prepare();
    meili.indexes.get("listings")!.documents.set(999_999, { id: 999_999, title: "stale" });
    const count = await engine.replaceAll(allDocuments(db(), 100));
    const sequence = meili.requests.map((r) => `${r.method} ${r.path.replace(/listings_\d+/, "listings_NEW")}`).filter((r) => !r.startsWith("GET /tasks"));
    expect(sequence).toEqual([
      "GET /indexes/listings",
      "POST /indexes",
      "PATCH /indexes/listings/settings",
      "POST /indexes",
      "PATCH /indexes/listings_NEW/settings",
      ...Array(Math.ceil(count / 100)).fill("POST /indexes/listings_NEW/documents"),
      "POST /swap-indexes",
      "DELETE /indexes/listings_NEW",
    ]);
    const live = meili.indexes.get("listings")!;
    expect([...live.documents.keys()].sort((a, b) => a - b)).toEqual(await findableListingIds(db()));
    expect(live.settings).toMatchObject({ sortableAttributes: ["priceVnd", "createdAtTs", "_geo", "ratingAverage", "ratingCount"] });
    expect([...meili.indexes.keys()]).toEqual(["listings"]);
  });

  it("a failed reindex leaves the live index as it was", async () => {
    const engine = useFakeMeili();
    await engine.replaceAll(allDocuments(db(), 500));
    const before = [...meili.indexes.get("listings")!.documents.keys()];
    meili.failTaskTypes.add("indexSwap");
    await expect(engine.replaceAll(allDocuments(db(), 500))).rejects.toThrow(/swap indexes.*failed/);
    expect([...meili.indexes.get("listings")!.documents.keys()]).toEqual(before);
    expect([...meili.indexes.keys()]).toEqual(["listings"]);
  });

  it("loses no update when the engine is down while 1,000 listings change", async () => {
    const engine = useFakeMeili();
    await drainSearchOutbox(db(), engine);
    const farmer = await createFarmer("Vườn thử sự cố");
    meili.down = true;

    // 1,000 changes while Meilisearch is unreachable: new listings, edits, pauses, deletions, sell-outs.
    const ids: number[] = [];
    for (let i = 0; i < 400; i++) ids.push((await createListing(as(farmer), farmer.farm.id, listingInput({ title: `Rau cải sự cố ${i}` }))).id);
    for (let i = 0; i < 200; i++) await editListing(as(farmer), farmer.farm.id, ids[i], listingInput({ title: `Rau cải đã sửa ${i}`, priceVnd: "41000" }));
    for (let i = 200; i < 300; i++) await changeListingState(as(farmer), farmer.farm.id, ids[i], "pause");
    for (let i = 300; i < 350; i++) await changeListingState(as(farmer), farmer.farm.id, ids[i], "delete");
    for (let i = 350; i < 400; i++) await editListing(as(farmer), farmer.farm.id, ids[i], listingInput({ title: `Rau cải hết hàng ${i}`, stock: "0" }));
    const demo = await db().execute<{ id: number }>(sql`select id from listings where state = 'active' and farm_id <> ${farmer.farm.id} order by id limit 200`);
    const otherFarmer = await db().execute<{ owner_id: number; farm_id: number; id: number }>(sql`
      select f.owner_id, l.farm_id, l.id from listings l join farms f on f.id = l.farm_id where l.id = any(${pgIntArray(demo.map((d) => d.id))}::int[])`);
    for (const row of otherFarmer) await changeListingState(as({ id: row.owner_id }, ["farmer"]), row.farm_id, row.id, "pause");

    await expect(drainSearchOutbox(db(), engine)).rejects.toThrow();
    expect(await pendingSearchChanges(db())).toBeGreaterThanOrEqual(1000);

    meili.down = false;
    await drainSearchOutbox(db(), engine);
    expect(await pendingSearchChanges(db())).toBe(0);

    const indexed = meili.indexes.get("listings")!.documents;
    expect([...indexed.keys()].sort((a, b) => a - b)).toEqual(await findableListingIds(db()));
    // And the documents hold the latest data, not just the right ids.
    expect(indexed.get(ids[0])).toMatchObject({ title: "Rau cải đã sửa 0", priceVnd: 41000 });
    expect(indexed.has(ids[250])).toBe(false);
    expect(indexed.has(ids[320])).toBe(false);
    expect(indexed.has(ids[380])).toBe(false);
  }, 120_000);
});
