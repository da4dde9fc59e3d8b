/**
 * The "verified farms" filter and its count in both engines (decision 036):
 * the PostgreSQL engine on real PostgreSQL (every way it counts facets), and
 * Meilisearch at its HTTP edge. A farm verified by a moderator reaches the
 * index through the outbox, like any other change.
 */
import { setupServer } from "msw/node";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { fakeMeilisearch, MEILI_HOST } from "../../tests/handlers/meilisearch";
import { as, createFarmer, listingInput } from "../../tests/factories";
import { verifyFarm } from "../../tests/verification-factories";
import { createListing } from "~/models/listing.server";
import { MeilisearchEngine } from "./meilisearch-engine.server";
import { drainSearchOutbox, pendingSearchChanges } from "./outbox.server";
import type { SearchQuery } from "./port";
import { PostgresSearchEngine, VERIFIED_FARM_MARK } from "./postgres-engine.server";

const query = (q: Partial<SearchQuery>): SearchQuery => ({ q: "", sort: "relevance", page: 1, perPage: 24, ...q });

let verified: Awaited<ReturnType<typeof createFarmer>>;
let other: Awaited<ReturnType<typeof createFarmer>>;
const listingIds: Record<string, number> = {};

beforeAll(async () => {
  verified = await createFarmer("Vườn đã xác minh");
  other = await createFarmer("Vườn chưa xác minh");
  listingIds.verified = (await createListing(as(verified), verified.farm.id, listingInput({ title: "Cà chua bi hữu cơ", priceVnd: "40000" }))).id;
  listingIds.other = (await createListing(as(other), other.farm.id, listingInput({ title: "Cà chua bi Đà Lạt", priceVnd: "30000" }))).id;
});

describe("the PostgreSQL engine", () => {
  const engine = new PostgresSearchEngine(db);

  it("filters and counts verified farms' listings, in every way it counts facets, once a moderator verifies the farm", async () => {
    await drainSearchOutbox(db(), engine);
    expect((await engine.search(query({ verified: true }))).total).toBe(0);

    await verifyFarm(verified);
    // The review noted the farm's listings in the outbox, in its own transaction.
    expect(await pendingSearchChanges(db())).toBeGreaterThan(0);
    await drainSearchOutbox(db(), engine);

    for (const q of [query({}), query({ q: "cà chua" }), query({ q: "chua" }), query({ minPrice: 1000 })]) {
      const all = await engine.search(q);
      expect(all.total).toBe(2);
      expect(all.facets.verified).toBe(1);
      // The mark is no certification.
      expect(all.facets.cert[VERIFIED_FARM_MARK]).toBeUndefined();
      expect(Object.fromEntries(all.hits.map((h) => [h.id, h.verifiedFarm]))).toEqual({ [listingIds.verified]: true, [listingIds.other]: false });

      const only = await engine.search({ ...q, verified: true });
      expect(only.hits.map((h) => h.id)).toEqual([listingIds.verified]);
      expect(only.total).toBe(1);
      expect(only.facets.verified).toBe(1);
    }
    // The kept facet counts still equal the documents counted.
    const groups = sql.raw("category_slug, category_parent, province_code, certs, in_stock, bulk");
    const kept = await db().execute(sql`select ${groups}, documents from search_facet_counts order by ${groups}`);
    const counted = await db().execute(sql`select ${groups}, count(*)::int as documents from search_documents group by ${groups} order by ${groups}`);
    expect(kept).toEqual(counted);
  });
});

describe("the Meilisearch engine", () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("makes verifiedFarm filterable, sends it in documents, filters and counts it", async () => {
    const meili = fakeMeilisearch();
    server.use(...meili.handlers);
    const engine = new MeilisearchEngine({ host: MEILI_HOST, index: "listings" });
    await engine.prepare();
    expect(meili.indexes.get("listings")!.settings.filterableAttributes).toContain("verifiedFarm");

    // Every listing again, as after a change: the documents carry the farm's standing.
    await db().execute(sql`insert into search_outbox (listing_id) values (${listingIds.verified}), (${listingIds.other})`);
    await drainSearchOutbox(db(), engine);
    const documents = meili.indexes.get("listings")!.documents;
    expect(documents.get(listingIds.other)?.verifiedFarm).toBe(false);
    expect(documents.get(listingIds.verified)?.verifiedFarm).toBe(true);

    meili.searchResponse = () => ({
      hits: [{ ...documents.get(listingIds.verified) }],
      estimatedTotalHits: 1,
      facetDistribution: { verifiedFarm: { true: 1, false: 1 } },
    });
    const result = await engine.search(query({ q: "cà chua", verified: true }));
    const body = meili.requests.find((r) => r.path === "/indexes/listings/search")!.body as Record<string, unknown>;
    expect(body.filter).toEqual(["verifiedFarm = true"]);
    expect(body.facets).toContain("verifiedFarm");
    expect(result.facets.verified).toBe(1);
    expect(result.hits[0]).toMatchObject({ id: listingIds.verified, verifiedFarm: true });
  });
});
