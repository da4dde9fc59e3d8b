/**
 * The PostgreSQL index follows the database through the outbox: every
 * change that affects search, applied by the drain (and by the pg-boss
 * worker, woken by the NOTIFY that commits with the change).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { as, checkoutCart, createAccount, createFarmer, editListing, listingInput, LAM_DONG_COMMUNE } from "../../tests/factories";
import { addToCart } from "~/models/cart.server";
import { transitionOrder } from "~/models/orders/moves.server";
import { saveFarm } from "~/models/farm.server";
import { changeListingState, createListing } from "~/models/listing.server";
import { farmSchema } from "~/validation/farm";
import { findableListingIds } from "./documents.server";
import { generateListings } from "../../db/generate";
import { drainSearchOutbox, pendingSearchChanges, recordDateChangedListings } from "./outbox.server";
import { RELEVANCE_LIMIT } from "./port";
import { PostgresSearchEngine } from "./postgres-engine.server";
import { startJobs, type Jobs } from "../jobs.server";

const engine = new PostgresSearchEngine(db);
const find = async (q: string) => (await engine.search({ q, sort: "relevance", page: 1, perPage: 50 })).hits.map((h) => h.title);

async function indexedIds(): Promise<number[]> {
  const rows = await db().execute<{ id: number }>(sql`select listing_id as id from search_documents order by listing_id`);
  return rows.map((r) => r.id);
}

describe("the index follows every change", () => {
  it("create, edit, pause, resume, sell out, delete, pre-order, farm renamed", async () => {
    const farmer = await createFarmer("Vườn Măng Cụt Lái Thiêu");
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Măng cụt Lái Thiêu" }));
    await drainSearchOutbox(db(), engine);
    expect(await find("mang cut")).toEqual(["Măng cụt Lái Thiêu"]);

    await editListing(as(farmer), farmer.farm.id, id, listingInput({ title: "Măng cụt ruột trắng" }));
    await drainSearchOutbox(db(), engine);
    expect(await find("mang cut")).toEqual(["Măng cụt ruột trắng"]);

    await changeListingState(as(farmer), farmer.farm.id, id, "pause");
    await drainSearchOutbox(db(), engine);
    expect(await find("mang cut")).toEqual([]);

    await changeListingState(as(farmer), farmer.farm.id, id, "resume");
    await drainSearchOutbox(db(), engine);
    expect(await find("mang cut")).toEqual(["Măng cụt ruột trắng"]);

    await editListing(as(farmer), farmer.farm.id, id, listingInput({ title: "Măng cụt ruột trắng", stock: "0" }));
    await drainSearchOutbox(db(), engine);
    expect(await find("mang cut")).toEqual([]);

    // Before harvest, the quantity is offered for pre-order: found, but not "in stock".
    await editListing(as(farmer), farmer.farm.id, id, listingInput({ title: "Măng cụt ruột trắng", stock: "500", availableFrom: "2099-06-01" }));
    await drainSearchOutbox(db(), engine);
    expect(await find("mang cut")).toEqual(["Măng cụt ruột trắng"]);
    const inStockOnly = await engine.search({ q: "mang cut", inStock: true, sort: "relevance", page: 1, perPage: 10 });
    expect(inStockOnly.total).toBe(0);

    await saveFarm(as(farmer), farmer.farm.id, farmSchema.parse({ name: "Nhà vườn Út Hiền", kind: "household", provinceCode: "68", communeCode: LAM_DONG_COMMUNE }), farmer.farm.version);
    await drainSearchOutbox(db(), engine);
    expect(await find("ut hien")).toEqual(["Măng cụt ruột trắng"]);

    await changeListingState(as(farmer), farmer.farm.id, id, "delete");
    await drainSearchOutbox(db(), engine);
    expect(await find("mang cut")).toEqual([]);
    expect(await indexedIds()).toEqual(await findableListingIds(db()));
  });

  it("a listing sold out by a checkout leaves the results, and comes back when the order is cancelled", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Nhãn lồng cuối vụ", stock: "4", minOrderQty: "1" }));
    await drainSearchOutbox(db(), engine);
    expect(await find("nhan long cuoi vu")).toEqual(["Nhãn lồng cuối vụ"]);
    await addToCart(buyer.id, id, 4);
    const result = await checkoutCart(buyer.id);
    if (!result.ok) throw new Error("checkout failed");
    await drainSearchOutbox(db(), engine);
    expect(await find("nhan long cuoi vu")).toEqual([]);
    await transitionOrder(result.orderIds[0], "cancel", as(buyer));
    await drainSearchOutbox(db(), engine);
    expect(await find("nhan long cuoi vu")).toEqual(["Nhãn lồng cuối vụ"]);
  });

  it("drafts are never found", async () => {
    const farmer = await createFarmer();
    await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Chôm chôm nháp", intent: "draft" }));
    await drainSearchOutbox(db(), engine);
    // Other listings may share some of the words (a partial match); the draft is not among them.
    expect(await find("chom chom nhap")).not.toContain("Chôm chôm nháp");
    expect(await find("chom chom")).not.toContain("Chôm chôm nháp");
  });
});

describe("changes that come with the calendar", () => {
  it("a pre-order whose harvest began becomes in stock after the daily sweep", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Vải thiều sớm", availableFrom: "2099-05-20" }));
    await drainSearchOutbox(db(), engine);
    const inStock = () => engine.search({ q: "vai thieu som", inStock: true, sort: "relevance", page: 1, perPage: 5 });
    expect((await inStock()).total).toBe(0);
    // Time passes: the harvest began yesterday. Nobody edits the listing.
    await db().execute(sql`update listings set available_from = current_date - 1 where id = ${id}`);
    expect((await inStock()).total).toBe(0);
    expect(await recordDateChangedListings(db())).toBeGreaterThanOrEqual(1);
    await drainSearchOutbox(db(), engine);
    expect((await inStock()).total).toBe(1);
  });
});

describe("relevance pages", () => {
  it("end at the relevance window, while other sorts page on", async () => {
    await generateListings(db(), 1400, { seed: 3 });
    await drainSearchOutbox(db(), engine);
    // Every farm of this test database is in Lâm Đồng, so the words match every listing.
    const base = { q: "lam dong", page: 1, perPage: 24 } as const;
    const broad = await engine.search({ ...base, sort: "relevance" });
    expect(broad.total).toBeGreaterThan(RELEVANCE_LIMIT);
    const lastPage = Math.ceil(RELEVANCE_LIMIT / 24);
    expect((await engine.search({ ...base, sort: "relevance", page: lastPage })).hits.length).toBe(RELEVANCE_LIMIT - (lastPage - 1) * 24);
    expect((await engine.search({ ...base, sort: "relevance", page: lastPage + 1 })).hits).toEqual([]);
    expect((await engine.search({ ...base, sort: "newest", page: lastPage + 1 })).hits.length).toBeGreaterThan(0);
  }, 60_000);
});

describe("the worker", () => {
  let worker: Jobs;
  beforeAll(async () => {
    await drainSearchOutbox(db(), engine);
    worker = await startJobs({ connectionString: process.env.DATABASE_URL!, db: db(), engine });
  }, 60_000);
  afterAll(async () => {
    await worker.stop();
  });

  it("is woken by a committed change and applies it within seconds", async () => {
    const farmer = await createFarmer();
    await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Bơ sáp Đắk Lắk" }));
    await expect.poll(() => find("bo sap"), { timeout: 15_000, interval: 200 }).toEqual(["Bơ sáp Đắk Lắk"]);
    expect(await pendingSearchChanges(db())).toBe(0);
  });
});
