/**
 * Ratings in search (decision 040): the "best rated" sort and the minimum
 * rating, in the PostgreSQL engine on real PostgreSQL and in Meilisearch at
 * its HTTP edge. Reviews reach the index through the outbox, like any other
 * change; a hidden review leaves the figures there too.
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { fakeMeilisearch, MEILI_HOST } from "../../tests/handlers/meilisearch";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { addToCart } from "~/models/cart.server";
import { createListing } from "~/models/listing.server";
import { hideReview } from "~/models/moderation.server";
import { transitionOrder } from "~/models/orders/moves.server";
import { submitReview } from "~/models/review.server";
import { parseSearchParams, toSearchQuery } from "~/validation/search";
import { filterExpressions, indexSettings, MeilisearchEngine, sortExpressions } from "./meilisearch-engine.server";
import { drainSearchOutbox, pendingSearchChanges } from "./outbox.server";
import type { SearchQuery } from "./port";
import { PostgresSearchEngine } from "./postgres-engine.server";

const query = (q: Partial<SearchQuery>): SearchQuery => ({ q: "", sort: "relevance", page: 1, perPage: 24, ...q });
const server = setupServer();

let farmer: Awaited<ReturnType<typeof createFarmer>>;
const ids: Record<"great" | "good" | "poor" | "none", number> = { great: 0, good: 0, poor: 0, none: 0 };
let poorReview = 0;

/** A buyer orders the listing, receives it and reviews it with these stars. */
async function reviewed(listingId: number, stars: number): Promise<number> {
  const buyer = await createAccount(["consumer"]);
  await addToCart(buyer.id, listingId, 1);
  const placed = await checkoutCart(buyer.id);
  if (!placed.ok) throw new Error("refused");
  const [orderId] = placed.orderIds;
  for (const step of ["accept", "pack", "ship", "deliver"] as const) await transitionOrder(orderId, step, as(farmer));
  await transitionOrder(orderId, "complete", as(buyer));
  return submitReview(as(buyer), orderId, { stars, body: "", lines: new Map(), photoIds: [] });
}

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  farmer = await createFarmer("Vườn được đánh giá");
  for (const [key, title] of [["great", "Bơ sáp 034"], ["good", "Bơ Booth"], ["poor", "Bơ ta"], ["none", "Bơ Hass"]] as const) {
    ids[key] = (await createListing(as(farmer), farmer.farm.id, listingInput({ title, stock: "100", minOrderQty: "1" }))).id;
  }
  await reviewed(ids.great, 5);
  await reviewed(ids.great, 4);
  await reviewed(ids.good, 4);
  poorReview = await reviewed(ids.poor, 2);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe("the PostgreSQL engine", () => {
  const engine = new PostgresSearchEngine(db);

  it("sorts best rated first and filters by minimum rating, from reviews that reached it through the outbox", async () => {
    expect(await pendingSearchChanges(db())).toBeGreaterThan(0);
    await drainSearchOutbox(db(), engine);
    const best = await engine.search(query({ q: "bơ", sort: "best_rated" }));
    expect(best.hits.map((h) => h.id)).toEqual([ids.great, ids.good, ids.poor, ids.none]);
    expect(best.hits[0].rating).toEqual({ average: 4.5, count: 2 });
    expect(best.hits[3].rating).toBeNull();
    // Every way the engine counts: words, no words, a price range too.
    for (const q of [query({ q: "bơ", minRating: 4 }), query({ minRating: 4 }), query({ minRating: 4, minPrice: 1 })]) {
      const found = await engine.search(q);
      expect(found.hits.map((h) => h.id).sort()).toEqual([ids.great, ids.good].sort());
      expect(found.total).toBe(2);
    }
    expect((await engine.search(query({ minRating: 5 }))).total).toBe(0);
  });

  it("drops a hidden review from the figures it searches", async () => {
    const moderator = await createAccount(["moderator"]);
    await hideReview(as(moderator), poorReview, "Không liên quan đến sản phẩm");
    await drainSearchOutbox(db(), engine);
    const best = await engine.search(query({ q: "bơ", sort: "best_rated" }));
    expect(best.hits.find((h) => h.id === ids.poor)?.rating).toBeNull();
    expect((await engine.search(query({ minRating: 1 }))).total).toBe(2);
  });

  it("reads the minimum rating and the sort from the search page's URL, ignoring bad values", () => {
    const parse = (qs: string) => toSearchQuery(parseSearchParams(new URLSearchParams(qs)), {});
    expect(parse("rating=4&sort=best_rated")).toMatchObject({ minRating: 4, sort: "best_rated" });
    for (const bad of ["rating=6", "rating=4.5", "rating=0", "rating=%00", "rating=1e1"]) expect(parse(bad).minRating).toBeUndefined();
  });
});

describe("Meilisearch at its HTTP edge", () => {
  it("indexes the figures, filters and sorts on them, and maps them on hits", async () => {
    const meili = fakeMeilisearch();
    server.use(...meili.handlers);
    const engine = new MeilisearchEngine({ host: MEILI_HOST, index: "listings" });
    await engine.prepare();
    const settings = meili.indexes.get("listings")!.settings;
    expect(settings.filterableAttributes).toEqual(expect.arrayContaining(["ratingAverage", "ratingCount"]));
    expect(settings.sortableAttributes).toEqual(indexSettings().sortableAttributes);
    expect(settings.sortableAttributes).toEqual(expect.arrayContaining(["ratingAverage", "ratingCount"]));

    // A review written now reaches Meilisearch through the outbox.
    await reviewed(ids.good, 5);
    await drainSearchOutbox(db(), engine);
    const sent = meili.indexes.get("listings")!.documents.get(ids.good)!;
    expect(sent).toMatchObject({ ratingAverage: 4.5, ratingCount: 2 });

    meili.searchResponse = () => ({
      hits: [{ ...sent }, { ...meili.indexes.get("listings")!.documents.get(ids.none) }].filter((h) => h.id !== undefined),
      estimatedTotalHits: 1,
      facetDistribution: {},
    });
    const result = await engine.search(query({ q: "bơ", minRating: 4, sort: "best_rated" }));
    const body = meili.requests.find((r) => r.path === "/indexes/listings/search")!.body as Record<string, unknown>;
    expect(body).toMatchObject({ filter: ["ratingCount > 0 AND ratingAverage >= 4"], sort: ["ratingAverage:desc", "ratingCount:desc", "createdAtTs:desc"] });
    expect(result.hits[0]).toMatchObject({ id: ids.good, rating: { average: 4.5, count: 2 } });
    expect(filterExpressions(query({ minRating: 3 }))).toEqual(["ratingCount > 0 AND ratingAverage >= 3"]);
    expect(sortExpressions(query({ sort: "best_rated" }), undefined)).toEqual(["ratingAverage:desc", "ratingCount:desc", "createdAtTs:desc"]);
  });
});
