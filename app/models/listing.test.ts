import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, queryCount } from "../../db/client";
import { listingPriceTiers, listings } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, editListing, listingInput } from "../../tests/factories";
import { addToCart } from "./cart.server";
import { editedValues, listingSnapshot, reconcileStaleEdit } from "./listing-edits";
import { transitionOrder } from "./orders/moves.server";
import {
  changeListingState,
  createListing,
  effectiveState,
  getListingPage,
  getFarmListing,
  listingCards,
  listSellerListings,
  updateListing,
} from "./listing.server";
import { getFarmPage } from "./farm.server";
import { loader as farmLoader } from "~/routes/farms.$slug";

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
    const { id } = await createListing(as(farmer), farmer.farm.id, input);
    const detail = await getFarmListing(farmer.farm.id, id);
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
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ intent: "draft" }));
    expect(await getListingPage(id, as(farmer))).toMatchObject({ listing: { state: "draft" }, canManage: true });
    expect(await getListingPage(id, as(stranger))).toBeNull();
    expect(await getListingPage(id, null)).toBeNull();
  });

  it("marks a listing with no stock sold out, and pauses and resumes it", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "0" }));
    expect((await getFarmListing(farmer.farm.id, id))?.state).toBe("sold_out");
    expect(await changeListingState(as(farmer), farmer.farm.id, id, "pause")).toBe(true);
    expect((await getFarmListing(farmer.farm.id, id))?.state).toBe("paused");
    expect(await changeListingState(as(farmer), farmer.farm.id, id, "pause")).toBe(false);
    await editListing(as(farmer), farmer.farm.id, id, listingInput({ stock: "40" }));
    expect((await getFarmListing(farmer.farm.id, id))?.state).toBe("paused");
    expect(await changeListingState(as(farmer), farmer.farm.id, id, "resume")).toBe(true);
    expect((await getFarmListing(farmer.farm.id, id))?.state).toBe("active");
  });

  it("deletes by hiding: gone from pages and tables, kept in the database", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput());
    expect(await changeListingState(as(farmer), farmer.farm.id, id, "delete")).toBe(true);
    expect(await getListingPage(id, null)).toBeNull();
    expect(await listSellerListings(farmer.farm.id)).toEqual([]);
    const [row] = await db().select({ deletedAt: listings.deletedAt }).from(listings).where(eq(listings.id, id));
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(await changeListingState(as(farmer), farmer.farm.id, id, "resume")).toBe(false);
  });

  it("never lets a farmer touch another farmer's listing", async () => {
    const owner = await createFarmer("Vườn chủ");
    const other = await createFarmer("Vườn khác");
    const { id } = await createListing(as(owner), owner.farm.id, listingInput({ priceVnd: "35000" }));

    expect(await getFarmListing(other.farm.id, id)).toBeNull();
    const version = (await getFarmListing(owner.farm.id, id))!.version;
    const theft = listingInput({ priceVnd: "1000", title: "Bị sửa trộm" });
    // Naming the owner's farm: the policy refuses a stranger as if there were nothing there.
    await expect(updateListing(as(other), owner.farm.id, id, theft, version)).rejects.toMatchObject({ kind: "not_found" });
    // Naming their own farm: the listing is not one of its listings.
    expect(await updateListing(as(other), other.farm.id, id, theft, version)).toEqual({ ok: false, reason: "not_found" });
    for (const command of ["pause", "resume", "delete"] as const) {
      await expect(changeListingState(as(other), owner.farm.id, id, command)).rejects.toMatchObject({ kind: "not_found" });
      expect(await changeListingState(as(other), other.farm.id, id, command)).toBe(false);
    }
    const after = await getFarmListing(owner.farm.id, id);
    expect(after).toMatchObject({ priceVnd: 35000, title: "Cà chua bi Đà Lạt", state: "active" });
  });

  it("refuses a listing on a farm the account has no part in, writing nothing", async () => {
    const owner = await createFarmer("Vườn chủ");
    const noFarm = await createAccount(["farmer"]);
    const before = await db().select({ n: sql<number>`count(*)::int` }).from(listings);
    await expect(createListing(as(noFarm), owner.farm.id, listingInput())).rejects.toMatchObject({ kind: "not_found" });
    await expect(createListing(as(noFarm), 2_147_483_647, listingInput())).rejects.toMatchObject({ kind: "not_found" });
    const after = await db().select({ n: sql<number>`count(*)::int` }).from(listings);
    expect(after[0].n).toBe(before[0].n);
  });

  it("leaves nothing half-saved when a write fails inside the transaction", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ "tiers[0].minQty": "50", "tiers[0].priceVnd": "30000" }));
    // A tier that breaks a database CHECK: the whole update must roll back.
    const bad = listingInput({ title: "Tên mới", "tiers[0].minQty": "50", "tiers[0].priceVnd": "30000" });
    bad.tiers = [{ minQty: 50, priceVnd: -1 }];
    await expect(editListing(as(farmer), farmer.farm.id, id, bad)).rejects.toThrow();
    const detail = await getFarmListing(farmer.farm.id, id);
    expect(detail?.title).toBe("Cà chua bi Đà Lạt");
    const tiers = await db().select().from(listingPriceTiers).where(eq(listingPriceTiers.listingId, id));
    expect(tiers).toHaveLength(1);
  });

  it("enforces stock >= 0 and price > 0 in the database itself", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput());
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

describe("edits made on a form opened before the listing changed", () => {
  async function buy(listingId: number, quantity: number) {
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, listingId, quantity);
    const placed = await checkoutCart(buyer.id);
    if (!placed.ok) throw new Error(`checkout refused: ${JSON.stringify(placed)}`);
    return { buyer, orderId: placed.orderIds[0] };
  }
  const stockNow = async (farmId: number, id: number) => (await getFarmListing(farmId, id))!.stock;

  it("every write raises the version: edits, pauses, sales, stock given back, deletion", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "10", minOrderQty: "1" }));
    const versions = [(await getFarmListing(farmer.farm.id, id))!.version];
    const step = async (write: () => Promise<unknown>) => {
      await write();
      const [row] = await db().select({ version: listings.version }).from(listings).where(eq(listings.id, id));
      expect(row.version).toBeGreaterThan(versions.at(-1)!);
      versions.push(row.version);
    };
    await step(() => editListing(as(farmer), farmer.farm.id, id, listingInput({ stock: "10", minOrderQty: "1", priceVnd: "36000" })));
    const { buyer, orderId } = await buy(id, 2);
    versions.push((await getFarmListing(farmer.farm.id, id))!.version);
    expect(versions.at(-1)).toBeGreaterThan(versions.at(-2)!);
    await step(() => transitionOrder(orderId, "cancel", as(buyer)));
    const second = await buy(id, 1);
    versions.push((await getFarmListing(farmer.farm.id, id))!.version);
    await step(() => transitionOrder(second.orderId, "decline", as(farmer)));
    await step(() => changeListingState(as(farmer), farmer.farm.id, id, "pause"));
    await step(() => changeListingState(as(farmer), farmer.farm.id, id, "resume"));
    await step(() => changeListingState(as(farmer), farmer.farm.id, id, "delete"));
  });

  it("refuses a save from a form opened before a sale, saves nothing, and says what changed", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "10", minOrderQty: "1", priceVnd: "35000" }));
    const opened = (await getFarmListing(farmer.farm.id, id))!;
    await buy(id, 5);
    // The farmer saves the form as it was, with a new price typed in.
    const typed = listingInput({ stock: "10", minOrderQty: "1", priceVnd: "38000" });
    const result = await updateListing(as(farmer), farmer.farm.id, id, typed, opened.version);
    expect(result).toMatchObject({ ok: false, reason: "stale", current: { stock: 5, priceVnd: 35000 } });
    expect(await stockNow(farmer.farm.id, id)).toBe(5);
    if (result.ok || result.reason !== "stale") return;
    const merge = reconcileStaleEdit(listingSnapshot(opened), editedValues(typed), listingSnapshot(result.current));
    expect(merge.changes).toEqual([{ field: "stock", from: 10, to: 5, yours: false }]);
    // The form comes back with what is left, not the 10 it showed, and the farmer's price.
    expect(merge.stock).toBe(5);
    // Saved again on purpose, against the version it was shown with: the price changes, no sold unit comes back.
    const again = await updateListing(as(farmer), farmer.farm.id, id, { ...typed, stock: merge.stock }, result.current.version);
    expect(again).toMatchObject({ ok: true });
    expect(await getFarmListing(farmer.farm.id, id)).toMatchObject({ stock: 5, priceVnd: 38000 });
  });

  it("a stale save racing concurrent checkouts: refused, and stock never exceeds what is left", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Bơ 034", stock: "20", minOrderQty: "1" }));
    const opened = (await getFarmListing(farmer.farm.id, id))!;
    await buy(id, 3);
    const buyers = await Promise.all(Array.from({ length: 12 }, () => createAccount(["consumer"])));
    for (const buyer of buyers) await addToCart(buyer.id, id, 2);
    const typed = listingInput({ title: "Bơ 034", stock: "20", minOrderQty: "1", priceVnd: "40000" });
    const [save, ...checkouts] = await Promise.all([
      updateListing(as(farmer), farmer.farm.id, id, typed, opened.version),
      ...buyers.map((b) => checkoutCart(b.id)),
    ]);
    const sold = 3 + 2 * checkouts.filter((r) => r.ok).length;
    expect(sold).toBeGreaterThan(3);
    // Never more for sale than the 20 less what was sold: nothing sold comes back.
    expect(await stockNow(farmer.farm.id, id)).toBe(20 - sold);
    expect(save).toMatchObject({ ok: false, reason: "stale" });
    const [ordered] = await db().execute<{ n: string }>(sql`select coalesce(sum(quantity), 0)::text as n from order_items where listing_id = ${id}`);
    expect(Number(ordered.n)).toBe(sold);
    if (save.ok || save.reason !== "stale") return;
    const merge = reconcileStaleEdit(listingSnapshot(opened), editedValues(typed), listingSnapshot(save.current));
    expect(merge.stock).toBeLessThanOrEqual(20 - 3);
    expect(merge.changes.find((c) => c.field === "stock")).toMatchObject({ from: 20, yours: false });
  }, 60_000);

  it("a save and checkouts racing on a form that was current: whichever goes first, no unit is sold twice", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "10", minOrderQty: "1" }));
    const opened = (await getFarmListing(farmer.farm.id, id))!;
    const buyers = await Promise.all(Array.from({ length: 8 }, () => createAccount(["consumer"])));
    for (const buyer of buyers) await addToCart(buyer.id, id, 1);
    // The farmer restocks to 30 from a form showing 10, while buyers check out.
    const [save, ...checkouts] = await Promise.all([
      updateListing(as(farmer), farmer.farm.id, id, listingInput({ stock: "30", minOrderQty: "1" }), opened.version),
      ...buyers.map((b) => checkoutCart(b.id)),
    ]);
    const sold = checkouts.filter((r) => r.ok).length;
    const stock = await stockNow(farmer.farm.id, id);
    if (save.ok) {
      // Saved before any sale: the orders took from the 30 the farmer set.
      expect(stock).toBe(30 - sold);
    } else {
      // A sale came first: refused, the 10 stand minus what sold.
      expect(save).toMatchObject({ reason: "stale" });
      expect(stock).toBe(10 - sold);
    }
  }, 60_000);
});

describe("pages need a fixed number of queries", () => {
  it("the farm page costs the same with 3 or 30 listings", async () => {
    const farmer = await createFarmer("Vườn đếm truy vấn");
    for (let i = 0; i < 3; i++) await createListing(as(farmer), farmer.farm.id, listingInput({ title: `Rau số ${i}` }));
    let before = queryCount();
    const small = await getFarmPage(farmer.farm.slug);
    const fewQueries = queryCount() - before;
    for (let i = 3; i < 30; i++) await createListing(as(farmer), farmer.farm.id, listingInput({ title: `Rau số ${i}` }));
    before = queryCount();
    const large = await getFarmPage(farmer.farm.slug);
    const manyQueries = queryCount() - before;
    expect(small?.listings).toHaveLength(3);
    expect(large?.listings).toHaveLength(24);
    expect(manyQueries).toBe(fewQueries);
    // The farm with its certifications and photos, the count, the page of cards.
    expect(manyQueries).toBe(3);
  });

  it("the farm page shows 24 listings a page, newest first, and a page past the last shows the last", async () => {
    const farmer = await createFarmer("Vườn nhiều trang");
    for (let i = 0; i < 30; i++) await createListing(as(farmer), farmer.farm.id, listingInput({ title: `Rau trang ${i}` }));
    const first = await getFarmPage(farmer.farm.slug);
    expect(first).toMatchObject({ total: 30, page: 1, pages: 2 });
    expect(first?.listings.map((l) => l.title)[0]).toBe("Rau trang 29");
    const second = await getFarmPage(farmer.farm.slug, 2);
    expect(second).toMatchObject({ total: 30, page: 2, pages: 2 });
    expect(second?.listings).toHaveLength(6);
    expect(second?.listings.at(-1)?.title).toBe("Rau trang 0");
    // Every listing once across the pages.
    const ids = [...first!.listings, ...second!.listings].map((l) => l.id);
    expect(new Set(ids).size).toBe(30);
    expect(await getFarmPage(farmer.farm.slug, 9)).toMatchObject({ page: 2, pages: 2, listings: second!.listings });
    const empty = await getFarmPage((await createFarmer("Vườn chưa bán")).farm.slug, 3);
    expect(empty).toMatchObject({ total: 0, page: 1, pages: 1, listings: [] });
    // The page's address: ?page=2 is the second page; anything not a page number is the first.
    const at = (query: string) =>
      farmLoader({ request: new Request(`http://localhost/farms/${farmer.farm.slug}${query}`), params: { slug: farmer.farm.slug }, context: {} });
    expect(await at("?page=2")).toMatchObject({ page: 2, pages: 2, total: 30 });
    expect(await at("?page=7")).toMatchObject({ page: 2, pages: 2 });
    for (const query of ["", "?page=0", "?page=-1", "?page=2.5", "?page=abc", "?page=99999", "?page=%00"]) {
      expect(await at(query), query).toMatchObject({ page: 1, pages: 2 });
    }
  });

  it("the listing page and card lists cost a fixed number too", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(
      as(farmer),
      farmer.farm.id,
      listingInput({
        "tiers[0].minQty": "10",
        "tiers[0].priceVnd": "30000",
        "certifications[0].type": "organic",
        "certifications[0].issuer": "Cục Trồng trọt",
        "certifications[0].expiresOn": "2031-06-30",
      }),
    );
    // A tier stored after the others (as by an older edit) is still shown in order of quantity.
    await db().insert(listingPriceTiers).values({ listingId: id, minQty: "5", priceVnd: 34000 });
    let before = queryCount();
    const page = await getListingPage(id, null, { ratings: true });
    // Its tiers, certifications, photos and stars come in the listing's own row.
    expect(queryCount() - before).toBe(1);
    expect(page?.listing.tiers).toEqual([{ minQty: 5, priceVnd: 34000 }, { minQty: 10, priceVnd: 30000 }]);
    expect(page?.listing.certifications).toEqual([{ type: "organic", number: "", issuer: "Cục Trồng trọt", expiresOn: "2031-06-30", stars: null }]);
    expect(page?.listing.photos).toEqual([]);
    expect(page?.ratings).toEqual({ rating: { average: 0, count: 0 }, farmRating: { average: 0, count: 0 } });
    before = queryCount();
    const cards = await listingCards({ limit: 50 });
    expect(cards.length).toBeGreaterThan(1);
    expect(queryCount() - before).toBe(1);
    before = queryCount();
    await listSellerListings(farmer.farm.id);
    expect(queryCount() - before).toBe(1);
  });
});
