/**
 * Moves that cannot be undone (a farmer declining an order, a buyer
 * cancelling one, a farmer deleting a listing) act only on a post that
 * carries confirm=1: the first post answers with a question and changes
 * nothing, whatever the page showed. And a move posted twice (a double tap
 * without JavaScript) acts once and lands where the first did.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { listings, orderEvents, orders } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../factories";
import { addToCart } from "~/models/cart.server";
import { createListing, getFarmListing } from "~/models/listing.server";
import { startSession } from "~/utils/session.server";
import { action as orderAction } from "~/routes/orders.$id";
import { action as listingsAction } from "~/routes/sell.listings._index";

const cookieOf = async (userId: number) => (await startSession(userId)).split(";")[0];

async function placedOrder() {
  const farmer = await createFarmer();
  const buyer = await createAccount(["consumer"]);
  const { id: listingId } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "30000", stock: "50", minOrderQty: "1" }));
  await addToCart(buyer.id, listingId, 4);
  const placed = await checkoutCart(buyer.id);
  if (!placed.ok) throw new Error("checkout refused");
  return { farmer, buyer, listingId, orderId: placed.orderIds[0] };
}

async function postOrder(orderId: number, userId: number, fields: Record<string, string>) {
  return orderAction({
    request: new Request(`http://x/orders/${orderId}`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie: await cookieOf(userId) } }),
    params: { id: String(orderId) },
    context: {},
  });
}

async function stateOf(orderId: number, listingId: number) {
  const [order] = await db().select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  const [listing] = await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, listingId));
  const events = await db().select({ toStatus: orderEvents.toStatus }).from(orderEvents).where(eq(orderEvents.orderId, orderId));
  return { status: order.status, stock: Number(listing.stock), moves: events.map((e) => e.toStatus) };
}

/** The confirmation step an action answers with (a `data()` value), or null. */
function askedFor(answer: unknown): unknown {
  if (answer instanceof Response) return null;
  return (answer as { data?: { confirm?: unknown; confirmDelete?: unknown } }).data ?? null;
}

describe("declining and cancelling an order", () => {
  it.each([
    ["the farmer declines", "decline", "farmer", "declined"],
    ["the buyer cancels", "cancel", "buyer", "cancelled"],
  ] as const)("%s: the first post asks and changes nothing; only confirm=1 acts", async (_, move, who, after) => {
    const o = await placedOrder();
    const actor = o[who].id;
    const before = await stateOf(o.orderId, o.listingId);
    expect(before).toMatchObject({ status: "placed", stock: 46 });
    for (const extra of [{}, { confirm: "" }, { confirm: "yes" }, { confirm: "0x1" }, { confirm: "true" }] as Record<string, string>[]) {
      const answer = await postOrder(o.orderId, actor, { action: move, ...extra });
      expect(askedFor(answer)).toEqual({ confirm: move });
      expect(await stateOf(o.orderId, o.listingId)).toEqual(before);
    }
    const confirmed = await postOrder(o.orderId, actor, { action: move, confirm: "1" });
    expect(confirmed).toBeInstanceOf(Response);
    expect((confirmed as Response).headers.get("location")).toBe(`/orders/${o.orderId}`);
    expect(await stateOf(o.orderId, o.listingId)).toMatchObject({ status: after, stock: 50 });
    // Posted again (a second tap): nothing more happens, and it is not called a refusal.
    const again = await postOrder(o.orderId, actor, { action: move, confirm: "1" });
    expect((again as Response).headers.get("location")).toBe(`/orders/${o.orderId}`);
    expect(await stateOf(o.orderId, o.listingId)).toEqual({ status: after, stock: 50, moves: [...before.moves, after] });
  });

  it("an order that may no longer be declined is refused, not asked about", async () => {
    const o = await placedOrder();
    await postOrder(o.orderId, o.farmer.id, { action: "accept" });
    const answer = await postOrder(o.orderId, o.farmer.id, { action: "decline" });
    expect((answer as Response).headers.get("location")).toBe(`/orders/${o.orderId}?refused=1`);
    expect((await stateOf(o.orderId, o.listingId)).status).toBe("accepted");
  });

  it("someone else's order is not found, asked or not", async () => {
    const o = await placedOrder();
    const stranger = await createFarmer();
    await expect(postOrder(o.orderId, stranger.id, { action: "decline" })).rejects.toMatchObject({ status: 404 });
    expect((await stateOf(o.orderId, o.listingId)).status).toBe("placed");
  });

  it("accept posted twice accepts once, and the second lands on the order, not on a refusal", async () => {
    const o = await placedOrder();
    const answers = [await postOrder(o.orderId, o.farmer.id, { action: "accept" }), await postOrder(o.orderId, o.farmer.id, { action: "accept" })];
    expect(answers.map((a) => (a as Response).headers.get("location"))).toEqual([`/orders/${o.orderId}`, `/orders/${o.orderId}`]);
    expect(await stateOf(o.orderId, o.listingId)).toMatchObject({ status: "accepted", moves: ["placed", "accepted"] });
  });

  it("decline posted twice at once declines once and gives the stock back once", async () => {
    const o = await placedOrder();
    await Promise.all([1, 2].map(() => postOrder(o.orderId, o.farmer.id, { action: "decline", confirm: "1" })));
    expect(await stateOf(o.orderId, o.listingId)).toEqual({ status: "declined", stock: 50, moves: ["placed", "declined"] });
  });
});

describe("deleting a listing", () => {
  async function postListings(userId: number, fields: Record<string, string>) {
    return listingsAction({
      request: new Request("http://x/sell/listings?index", { method: "POST", body: new URLSearchParams(fields), headers: { cookie: await cookieOf(userId) } }),
      params: {},
      context: {},
    });
  }

  it("the first post asks and keeps the listing; only confirm=1 deletes", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Cà chua bi Đà Lạt" }));
    for (const extra of [{}, { confirm: "0" }, { confirm: "1x" }] as Record<string, string>[]) {
      const answer = await postListings(farmer.id, { listingId: String(id), command: "delete", ...extra });
      expect(askedFor(answer)).toEqual({ confirmDelete: { id, title: "Cà chua bi Đà Lạt" } });
    }
    const [kept] = await db().select({ deletedAt: listings.deletedAt }).from(listings).where(eq(listings.id, id));
    expect(kept.deletedAt).toBeNull();
    const confirmed = await postListings(farmer.id, { listingId: String(id), command: "delete", confirm: "1" });
    expect((confirmed as Response).headers.get("location")).toBe("/sell/listings?done=delete");
    const [gone] = await db().select({ deletedAt: listings.deletedAt }).from(listings).where(eq(listings.id, id));
    expect(gone.deletedAt).not.toBeNull();
    expect(await getFarmListing(farmer.farm.id, id)).toBeNull();
  });

  it("another farmer's listing is not found, asked or not", async () => {
    const owner = await createFarmer();
    const other = await createFarmer();
    const { id } = await createListing(as(owner), owner.farm.id, listingInput());
    await expect(postListings(other.id, { listingId: String(id), command: "delete" })).rejects.toMatchObject({ status: 404 });
  });
});
