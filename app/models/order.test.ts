import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { listings, orderEvents, orders } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, editListing, listingInput } from "../../tests/factories";
import { acknowledgePrices, addToCart, cartItemsOf, priceCart, setCartQuantity } from "./cart.server";
import { createListing, getFarmListing } from "./listing.server";
import { expireUnpaidOrders, markOrderPaid, transitionOrder, TRANSITIONS, type OrderAction } from "./orders/moves.server";
import { getOrderFor } from "./orders/queries.server";

async function stockOf(id: number): Promise<number> {
  const [row] = await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, id));
  return Number(row.stock);
}

describe("cart pricing", () => {
  it("applies volume tiers, minimums and stock, and says what changed", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["business"]);
    const { id } = await createListing(
      as(farmer),
      farmer.farm.id,
      listingInput({ priceVnd: "30000", stock: "500", minOrderQty: "10", "tiers[0].minQty": "100", "tiers[0].priceVnd": "27000" }),
    );
    await expect(addToCart(buyer.id, id, 5)).rejects.toMatchObject({ fieldErrors: { quantity: ["errors.cart.belowMinimum|10"] } });
    await expect(addToCart(buyer.id, id, 600)).rejects.toMatchObject({ fieldErrors: { quantity: ["errors.cart.aboveStock|500"] } });
    await addToCart(buyer.id, id, 50);
    await addToCart(buyer.id, id, 62.5);
    let cart = await priceCart(await cartItemsOf(buyer.id));
    expect(cart.groups[0].lines[0]).toMatchObject({ quantity: 112.5, unitPriceVnd: 27000, lineTotalVnd: 3_037_500, problems: [] });

    // The farmer raises the price and cuts stock: the cart says so instead of failing later.
    await editListing(as(farmer), farmer.farm.id, id, listingInput({ priceVnd: "32000", stock: "100", minOrderQty: "10", "tiers[0].minQty": "100", "tiers[0].priceVnd": "29000" }));
    cart = await priceCart(await cartItemsOf(buyer.id));
    expect(cart.groups[0].lines[0].problems.sort()).toEqual(["above_stock", "price_changed"]);
    expect(cart.hasProblems).toBe(true);
    await setCartQuantity(buyer.id, id, 100);
    cart = await priceCart(await cartItemsOf(buyer.id));
    expect(cart.groups[0].lines[0]).toMatchObject({ unitPriceVnd: 29000, problems: [] });
  });
});

describe("checkout", () => {
  it("makes one order per farm, takes the stock, empties the cart", async () => {
    const a = await createFarmer("Vườn A");
    const b = await createFarmer("Vườn B");
    const buyer = await createAccount(["consumer"]);
    const l1 = (await createListing(as(a), a.farm.id, listingInput({ title: "Cải ngọt", stock: "40", minOrderQty: "1" }))).id;
    const l2 = (await createListing(as(a), a.farm.id, listingInput({ title: "Xà lách", stock: "10", minOrderQty: "1" }))).id;
    const l3 = (await createListing(as(b), b.farm.id, listingInput({ title: "Gạo ST25", stock: "1000", minOrderQty: "5", priceVnd: "38000" }))).id;
    await addToCart(buyer.id, l1, 4);
    await addToCart(buyer.id, l2, 10);
    await addToCart(buyer.id, l3, 25);
    const result = await checkoutCart(buyer.id);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.orderIds).toHaveLength(2);
    expect([await stockOf(l1), await stockOf(l2), await stockOf(l3)]).toEqual([36, 0, 975]);
    expect((await getFarmListing(a.farm.id, l2))?.state).toBe("sold_out");
    expect(await cartItemsOf(buyer.id)).toEqual([]);
    const orderB = await getOrderFor(as(buyer), result.orderIds[1]);
    expect(orderB).toMatchObject({ totalVnd: 950_000, status: "placed", viewer: "buyer" });
    expect(orderB?.number).toMatch(/^NSS-\d{6}-[2-9A-Z]{6}$/);
  });

  it("refuses all of it when one line cannot be had, telling what is left, and keeps the cart", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const ok = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "50", minOrderQty: "1" }))).id;
    const scarce = (await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Măng cụt", stock: "8", minOrderQty: "1" }))).id;
    await addToCart(buyer.id, ok, 5);
    await addToCart(buyer.id, scarce, 8);
    await db().update(listings).set({ stock: "3" }).where(eq(listings.id, scarce));
    const result = await checkoutCart(buyer.id);
    expect(result).toEqual({ ok: false, reason: "unavailable", problems: [{ listingId: scarce, title: "Măng cụt", available: 3, minimum: 1 }] });
    expect(await stockOf(ok)).toBe(50);
    expect(await cartItemsOf(buyer.id)).toHaveLength(2);
  });

  it("refuses an address whose commune is not in its province, whoever calls, and keeps the cart", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const listing = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "50", minOrderQty: "1" }))).id;
    await addToCart(buyer.id, listing, 5);
    // Phường Ba Đình (Hà Nội) given with Lâm Đồng's code.
    const result = await checkoutCart(buyer.id, { address: { recipient: "Phạm Thu Hà", phone: "84912345678", provinceCode: "68", communeCode: "00004", street: "12 Phố Đội Cấn" } });
    expect(result).toEqual({ ok: false, reason: "address", fieldErrors: { communeCode: ["errors.commune.notInProvince"] } });
    expect(await stockOf(listing)).toBe(50);
    expect(await cartItemsOf(buyer.id)).toHaveLength(1);
  });

  it("two checkout forms of the same cart (two tabs) at once make one set of orders", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const id = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "20", minOrderQty: "1" }))).id;
    await addToCart(buyer.id, id, 2);
    const results = await Promise.all([checkoutCart(buyer.id), checkoutCart(buyer.id)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "empty" }]);
    expect(await stockOf(id)).toBe(18);
  });

  it("a price raised after the cart was filled is not charged without the buyer's consent", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const id = (await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "30000", stock: "20", minOrderQty: "1" }))).id;
    await addToCart(buyer.id, id, 2);
    await editListing(as(farmer), farmer.farm.id, id, listingInput({ priceVnd: "45000", stock: "20", minOrderQty: "1" }));
    expect(await checkoutCart(buyer.id)).toMatchObject({ ok: false, reason: "unavailable", problems: [{ listingId: id, priceChanged: true }] });
    await acknowledgePrices(buyer.id);
    const result = await checkoutCart(buyer.id);
    expect(result.ok).toBe(true);
    if (result.ok) expect((await getOrderFor(as(buyer), result.orderIds[0]))?.totalVnd).toBe(90_000);
  });

  it("a double submit of the same form makes exactly one set of orders", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const id = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "20", minOrderQty: "1" }))).id;
    await addToCart(buyer.id, id, 2);
    const key = randomUUID();
    const [first, second] = await Promise.all([checkoutCart(buyer.id, { checkoutKey: key }), checkoutCart(buyer.id, { checkoutKey: key })]);
    const third = await checkoutCart(buyer.id, { checkoutKey: key });
    const made = await db().select({ id: orders.id }).from(orders).where(eq(orders.checkoutId, key));
    expect(made).toHaveLength(1);
    for (const r of [first, second, third]) expect(r).toMatchObject({ ok: true, orderIds: [made[0].id] });
    expect(await stockOf(id)).toBe(18);
  });

  it("50 buyers racing for 10 units: exactly 10 sold, stock 0, never negative", async () => {
    const farmer = await createFarmer();
    const id = (await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Sầu riêng cuối mùa", stock: "10", minOrderQty: "1" }))).id;
    const buyers = await Promise.all(Array.from({ length: 50 }, () => createAccount(["consumer"])));
    for (const buyer of buyers) await addToCart(buyer.id, id, 1);
    const results = await Promise.all(buyers.map((b) => checkoutCart(b.id)));
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(40);
    for (const r of lost) expect(r).toMatchObject({ reason: "unavailable", problems: [{ listingId: id, available: 0 }] });
    expect(await stockOf(id)).toBe(0);
    const [sold] = await db().execute<{ n: string }>(sql`select coalesce(sum(quantity), 0)::text as n from order_items where listing_id = ${id}`);
    expect(Number(sold.n)).toBe(10);
  }, 60_000);

  it("carts of two listings of one farm and one of another, racing, never oversell any", async () => {
    const a = await createFarmer();
    const b = await createFarmer();
    const x = (await createListing(as(a), a.farm.id, listingInput({ title: "Bơ sáp", stock: "7", minOrderQty: "1" }))).id;
    const y = (await createListing(as(a), a.farm.id, listingInput({ title: "Mít", stock: "5", minOrderQty: "1" }))).id;
    const z = (await createListing(as(b), b.farm.id, listingInput({ title: "Chuối", stock: "9", minOrderQty: "1" }))).id;
    const buyers = await Promise.all(Array.from({ length: 20 }, () => createAccount(["consumer"])));
    for (const buyer of buyers) {
      await addToCart(buyer.id, x, 1);
      await addToCart(buyer.id, y, 1);
      await addToCart(buyer.id, z, 1);
    }
    const results = await Promise.all(buyers.map((buyer) => checkoutCart(buyer.id)));
    const won = results.filter((r) => r.ok).length;
    expect(won).toBe(5); // the scarcest listing (Mít, 5) bounds whole checkouts
    expect([await stockOf(x), await stockOf(y), await stockOf(z)]).toEqual([2, 0, 4]);
  }, 60_000);
});

describe("the order state machine", () => {
  async function placedOrder(payment: "cod" | "bank_transfer" = "cod") {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "30", minOrderQty: "1" }))).id;
    await addToCart(buyer.id, listingId, 6);
    const result = await checkoutCart(buyer.id, { paymentMethod: payment, holdMinutes: 30 });
    if (!result.ok) throw new Error("checkout failed");
    return { farmer, buyer, listingId, orderId: result.orderIds[0] };
  }

  it("allows every listed move by its actor, and refuses every other move", async () => {
    const all: OrderAction[] = ["accept", "decline", "pack", "ship", "deliver", "complete", "cancel", "expire"];
    const statuses = ["placed", "accepted", "declined", "packed", "shipped", "delivered", "completed", "cancelled", "expired"] as const;
    for (const status of statuses) {
      for (const action of all) {
        const { farmer, buyer, orderId } = await placedOrder();
        // Expiry applies to unpaid orders past their time: make this one so.
        const expiresAt = action === "expire" ? new Date(Date.now() - 60_000) : null;
        await db().update(orders).set({ status, expiresAt }).where(eq(orders.id, orderId));
        const rule = TRANSITIONS[action];
        const actor = rule.actor === "farmer" ? as(farmer) : rule.actor === "buyer" ? as(buyer) : null;
        const result = await transitionOrder(orderId, action, actor);
        expect(result.ok, `${action} from ${status}`).toBe(rule.from.includes(status));
        if (result.ok) expect(result.status).toBe(rule.to);
      }
    }
  }, 120_000);

  it("checks who moves: the other side is refused, strangers do not see the order", async () => {
    const { farmer, buyer, orderId } = await placedOrder();
    const stranger = await createFarmer();
    expect(await transitionOrder(orderId, "accept", as(buyer))).toEqual({ ok: false, reason: "not_allowed" });
    expect(await transitionOrder(orderId, "cancel", as(farmer))).toEqual({ ok: false, reason: "not_allowed" });
    expect(await transitionOrder(orderId, "accept", as(stranger))).toEqual({ ok: false, reason: "not_found" });
    expect(await getOrderFor(as(stranger), orderId)).toBeNull();
    expect(await markOrderPaid(orderId, as(stranger))).toEqual({ ok: false, reason: "not_found" });
    expect(await transitionOrder(orderId, "accept", as(farmer))).toEqual({ ok: true, status: "accepted" });
    expect(await transitionOrder(orderId, "cancel", as(buyer))).toEqual({ ok: false, reason: "not_allowed" });
  });

  it("gives the stock back exactly once, and keeps a timeline", async () => {
    const { farmer, buyer, listingId, orderId } = await placedOrder();
    expect(await stockOf(listingId)).toBe(24);
    const [a, b] = await Promise.all([transitionOrder(orderId, "cancel", as(buyer)), transitionOrder(orderId, "decline", as(farmer))]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect(await stockOf(listingId)).toBe(30);
    expect(await transitionOrder(orderId, "cancel", as(buyer))).toMatchObject({ ok: false });
    expect(await stockOf(listingId)).toBe(30);
    const events = await db().select().from(orderEvents).where(eq(orderEvents.orderId, orderId));
    expect(events.map((e) => e.toStatus)).toEqual(["placed", a.ok ? "cancelled" : "declined"]);
  });

  it("expires unpaid bank transfers after their time, stock back, paid ones stay", async () => {
    const unpaid = await placedOrder("bank_transfer");
    const paid = await placedOrder("bank_transfer");
    // The transfer reaches the platform's account: only an operator may say so, not the farmer.
    expect(await markOrderPaid(paid.orderId, as(paid.farmer))).toEqual({ ok: false, reason: "not_found" });
    const operator = await createAccount(["operator"]);
    expect(await markOrderPaid(paid.orderId, as(operator))).toMatchObject({ ok: true });
    expect(await markOrderPaid(paid.orderId, as(operator))).toEqual({ ok: false, reason: "not_allowed" });
    // Cash on delivery is not a transfer to the platform.
    const cash = await placedOrder("cod");
    expect(await markOrderPaid(cash.orderId, as(operator))).toEqual({ ok: false, reason: "not_allowed" });
    expect(await expireUnpaidOrders(new Date(Date.now() + 10 * 60_000))).toBe(0);
    expect(await expireUnpaidOrders(new Date(Date.now() + 31 * 60_000))).toBe(1);
    expect((await getOrderFor(as(unpaid.buyer), unpaid.orderId))?.status).toBe("expired");
    expect(await stockOf(unpaid.listingId)).toBe(30);
    expect((await getOrderFor(as(paid.buyer), paid.orderId))?.status).toBe("placed");
    expect(await expireUnpaidOrders(new Date(Date.now() + 60 * 60_000))).toBe(0);
    // Even chosen for expiry, a paid order is checked again under its lock.
    expect(await transitionOrder(paid.orderId, "expire", null, new Date(Date.now() + 60 * 60_000))).toEqual({ ok: false, reason: "not_allowed" });
    // A paid order is not declined or cancelled without a refund.
    expect(await transitionOrder(paid.orderId, "decline", as(paid.farmer))).toEqual({ ok: false, reason: "not_allowed" });
  });
});
