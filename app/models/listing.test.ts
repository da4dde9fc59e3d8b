import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, queryCount } from "../../db/client";
import { listingPriceTiers, listings } from "../../db/schema";
import { createAccount, createFarmer, editListing, listingInput } from "../../tests/factories";
import { FieldErrors } from "./errors";
import {
  changeListingState,
  createListing,
  effectiveState,
  getListingPage,
  getOwnListing,
  listingCards,
  listSellerListings,
  updateListing,
} from "./listing.server";
import { getFarmPage } from "./farm.server";

describe("listings", () => {
  it("creates a listing with its tiers and certifications in one go", async () => {
    const farmer = await createFarmer();
    const input = listingInput({
      "tiers[0].minQty": "50",
      "tiers[0].priceVnd": "32000",
      "tiers[1].minQty": "200",
      "tiers[1].priceVnd": "30000",
      "certifications[0].type": "vietgap",
      "certifications[0].number": "VietGAP-TT-19-01-68-0012",
      "certifications[1].type": "ocop",
      "certifications[1].stars": "4",
    });
    const { id } = await createListing(farmer.id, input);
    const detail = await getOwnListing(farmer.id, id);
    expect(detail).toMatchObject({
      title: "Cà chua bi Đà Lạt",
      slug: "ca-chua-bi-da-lat",
      priceVnd: 35000,
      stock: 120,
      minOrderQty: 2,
      state: "active",
      tiers: [
        { minQty: 50, priceVnd: 32000 },
        { minQty: 200, priceVnd: 30000 },
      ],
    });
    expect(detail?.certifications.map((c) => [c.type, c.stars])).toEqual([
      ["vietgap", null],
      ["ocop", 4],
    ]);
  });

  it("saves drafts as drafts, hidden from everyone but their farmer", async () => {
    const farmer = await createFarmer();
    const stranger = await createAccount(["consumer"]);
    const { id } = await createListing(farmer.id, listingInput({ intent: "draft" }));
    expect((await getListingPage(id, farmer.id))?.state).toBe("draft");
    expect(await getListingPage(id, stranger.id)).toBeNull();
    expect(await getListingPage(id, null)).toBeNull();
  });

  it("marks a listing with no stock sold out, and pauses and resumes it", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(farmer.id, listingInput({ stock: "0" }));
    expect((await getOwnListing(farmer.id, id))?.state).toBe("sold_out");
    expect(await changeListingState(farmer.id, id, "pause")).toBe(true);
    expect((await getOwnListing(farmer.id, id))?.state).toBe("paused");
    expect(await changeListingState(farmer.id, id, "pause")).toBe(false);
    await editListing(farmer.id, id, listingInput({ stock: "40" }));
    expect((await getOwnListing(farmer.id, id))?.state).toBe("paused");
    expect(await changeListingState(farmer.id, id, "resume")).toBe(true);
    expect((await getOwnListing(farmer.id, id))?.state).toBe("active");
  });

  it("deletes by hiding: gone from pages and tables, kept in the database", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(farmer.id, listingInput());
    expect(await changeListingState(farmer.id, id, "delete")).toBe(true);
    expect(await getListingPage(id, null)).toBeNull();
    expect(await listSellerListings(farmer.id)).toEqual([]);
    const [row] = await db().select({ deletedAt: listings.deletedAt }).from(listings).where(eq(listings.id, id));
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(await changeListingState(farmer.id, id, "resume")).toBe(false);
  });

  it("never lets a farmer touch another farmer's listing", async () => {
    const owner = await createFarmer("Vườn chủ");
    const other = await createFarmer("Vườn khác");
    const { id } = await createListing(owner.id, listingInput({ priceVnd: "35000" }));

    expect(await getOwnListing(other.id, id)).toBeNull();
    const version = (await getOwnListing(owner.id, id))!.version;
    expect(await updateListing(other.id, id, listingInput({ priceVnd: "1000", title: "Bị sửa trộm" }), version)).toEqual({ ok: false, reason: "not_found" });
    for (const command of ["pause", "resume", "delete"] as const) {
      expect(await changeListingState(other.id, id, command)).toBe(false);
    }
    const after = await getOwnListing(owner.id, id);
    expect(after).toMatchObject({ priceVnd: 35000, title: "Cà chua bi Đà Lạt", state: "active" });
  });

  it("refuses a listing from an account without a farm, writing nothing", async () => {
    const buyer = await createAccount(["farmer"]);
    const before = await db().select({ n: sql<number>`count(*)::int` }).from(listings);
    await expect(createListing(buyer.id, listingInput())).rejects.toBeInstanceOf(FieldErrors);
    const after = await db().select({ n: sql<number>`count(*)::int` }).from(listings);
    expect(after[0].n).toBe(before[0].n);
  });

  it("leaves nothing half-saved when a write fails inside the transaction", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(farmer.id, listingInput({ "tiers[0].minQty": "50", "tiers[0].priceVnd": "30000" }));
    // A tier that breaks a database CHECK: the whole update must roll back.
    const bad = listingInput({ title: "Tên mới", "tiers[0].minQty": "50", "tiers[0].priceVnd": "30000" });
    bad.tiers = [{ minQty: 50, priceVnd: -1 }];
    await expect(editListing(farmer.id, id, bad)).rejects.toThrow();
    const detail = await getOwnListing(farmer.id, id);
    expect(detail?.title).toBe("Cà chua bi Đà Lạt");
    const tiers = await db().select().from(listingPriceTiers).where(eq(listingPriceTiers.listingId, id));
    expect(tiers).toHaveLength(1);
  });

  it("enforces stock >= 0 and price > 0 in the database itself", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(farmer.id, listingInput());
    await expect(db().update(listings).set({ stock: "-1" }).where(eq(listings.id, id))).rejects.toMatchObject({
      cause: { constraint_name: "listings_stock_nonnegative" },
    });
    await expect(db().update(listings).set({ priceVnd: 0 }).where(eq(listings.id, id))).rejects.toMatchObject({
      cause: { constraint_name: "listings_price_positive" },
    });
  });

  it("shows an active listing past its harvest window as expired", () => {
    expect(effectiveState("active", "2026-01-31", "2026-02-01")).toBe("expired");
    expect(effectiveState("active", "2026-02-01", "2026-02-01")).toBe("active");
    expect(effectiveState("paused", "2020-01-01", "2026-02-01")).toBe("paused");
    expect(effectiveState("active", null, "2026-02-01")).toBe("active");
  });
});

describe("pages need a fixed number of queries", () => {
  it("the farm page costs the same with 3 or 30 listings", async () => {
    const farmer = await createFarmer("Vườn đếm truy vấn");
    for (let i = 0; i < 3; i++) await createListing(farmer.id, listingInput({ title: `Rau số ${i}` }));
    let before = queryCount();
    const small = await getFarmPage(farmer.farm.slug);
    const fewQueries = queryCount() - before;
    for (let i = 3; i < 30; i++) await createListing(farmer.id, listingInput({ title: `Rau số ${i}` }));
    before = queryCount();
    const large = await getFarmPage(farmer.farm.slug);
    const manyQueries = queryCount() - before;
    expect(small?.listings).toHaveLength(3);
    expect(large?.listings).toHaveLength(30);
    expect(manyQueries).toBe(fewQueries);
    expect(manyQueries).toBeLessThanOrEqual(5);
  });

  it("the listing page and card lists cost a fixed number too", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(
      farmer.id,
      listingInput({ "tiers[0].minQty": "10", "tiers[0].priceVnd": "30000", "certifications[0].type": "organic" }),
    );
    let before = queryCount();
    await getListingPage(id, null);
    expect(queryCount() - before).toBe(4);
    before = queryCount();
    const cards = await listingCards({ limit: 50 });
    expect(cards.length).toBeGreaterThan(1);
    expect(queryCount() - before).toBe(1);
    before = queryCount();
    await listSellerListings(farmer.id);
    expect(queryCount() - before).toBe(1);
  });
});
