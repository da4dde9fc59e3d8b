/**
 * Card payments against a real PostgreSQL, with Stripe replaced at the
 * network edge (tests/handlers/stripe.ts) and webhooks signed with the SDK's
 * own test-header helper and delivered through the real route.
 */
import { asc, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { cardPayments, cartItems, ledgerEntries, listings, notifications, orderEvents, orders, refunds, stripeEvents } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { STRIPE_TEST_WEBHOOK_SECRET } from "../../tests/handlers/stripe";
import { deliverWebhook, refundsSent, refundsTried, stripeAtTheEdge } from "../../tests/payments";
import { action as webhook } from "../routes/webhooks.stripe";
import { addToCart } from "./cart.server";
import { createListing } from "./listing.server";
import { transitionOrder } from "./orders/moves.server";
import type { Actor } from "~/policy/policy";
import { reconcileCardPayments, startCardPayment } from "./payment.server";
import { refundPaidOrder, sweepRefunds } from "./refund.server";
import { suspendAccount, suspendedAccountOrders } from "./suspension.server";


const ORIGIN = "http://nongsanso.test";
const fake = stripeAtTheEdge();

const deliver = (event: Stripe.Event, secret = STRIPE_TEST_WEBHOOK_SECRET) => deliverWebhook(fake, event, secret, ORIGIN);

/** A buyer's card checkout of the given listings (quantity each), with its Stripe session started. */
async function cardCheckout(buyerId: number, lines: [listingId: number, quantity: number][]) {
  for (const [listingId, quantity] of lines) await addToCart(buyerId, listingId, quantity);
  const result = await checkoutCart(buyerId, { paymentMethod: "card", holdMinutes: 30 });
  if (!result.ok) throw new Error(`checkout refused: ${JSON.stringify(result)}`);
  const [order] = await db().select({ checkoutId: orders.checkoutId }).from(orders).where(eq(orders.id, result.orderIds[0]));
  const started = await startCardPayment(order.checkoutId, buyerId, ORIGIN);
  if (!started.ok) throw new Error(`session not started: ${started.reason}`);
  const [payment] = await db().select().from(cardPayments).where(eq(cardPayments.checkoutId, order.checkoutId));
  return { checkoutId: order.checkoutId, orderIds: result.orderIds, sessionId: payment.stripeSessionId! };
}

async function stockOf(id: number): Promise<number> {
  const [row] = await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, id));
  return Number(row.stock);
}


/** The farmer of the order's farm, as the actor of a command. */
async function farmerOf(orderId: number): Promise<Actor> {
  const [row] = await db().execute<{ owner_id: number }>(sql`select f.owner_id from orders o join farms f on f.id = o.farm_id where o.id = ${orderId}`);
  return as({ id: row.owner_id }, ["farmer"]);
}

async function setup() {
  const farmA = await createFarmer("Vườn rau Bà Lan");
  const farmB = await createFarmer("Nhà vườn Ba Tư");
  const buyer = await createAccount(["consumer"]);
  const tomato = await createListing(as(farmA), farmA.farm.id, listingInput({ title: "Cà chua", priceVnd: "30000", stock: "100", minOrderQty: "1" }));
  const pomelo = await createListing(as(farmB), farmB.farm.id, listingInput({ title: "Bưởi da xanh", unit: "qua", priceVnd: "65000", stock: "40", minOrderQty: "1" }));
  return { farmA, farmB, buyer, tomato: tomato.id, pomelo: pomelo.id };
}

/** A card checkout whose first attempt at a session found Stripe unreachable. */
async function checkoutWhileStripeDown() {
  const { buyer, tomato } = await setup();
  await addToCart(buyer.id, tomato, 2);
  const result = await checkoutCart(buyer.id, { paymentMethod: "card", holdMinutes: 30 });
  if (!result.ok) throw new Error("refused");
  const [{ checkoutId }] = await db().select({ checkoutId: orders.checkoutId }).from(orders).where(eq(orders.id, result.orderIds[0]));
  fake.down = true;
  try {
    expect(await startCardPayment(checkoutId, buyer.id, ORIGIN)).toEqual({ ok: false, reason: "unreachable" });
  } finally {
    fake.down = false;
  }
  return { buyer, checkoutId };
}

describe("starting a card payment", () => {
  it("makes one Checkout Session per checkout, in whole đồng, lines named as on the orders, with our references", async () => {
    const { buyer, tomato, pomelo } = await setup();
    const before = fake.requests.length;
    const x = await cardCheckout(buyer.id, [
      [tomato, 12.5],
      [pomelo, 3],
    ]);
    const created = fake.requests.slice(before).filter((r) => r.path === "/v1/checkout/sessions");
    expect(created).toHaveLength(1);
    const [request] = created;
    expect(request.idempotencyKey).toBe(`checkout-session-${x.checkoutId}`);
    expect(request.stripeVersion).toBe("2026-10-28.endive");
    expect(request.params).toMatchObject({
      mode: "payment",
      currency: "vnd",
      client_reference_id: x.checkoutId,
      metadata: { checkout_id: x.checkoutId },
      payment_intent_data: { metadata: { checkout_id: x.checkoutId } },
    });
    const lines = request.params.line_items as { quantity: string; price_data: { unit_amount: string; currency: string; product_data: { name: string } } }[];
    expect(lines.map((l) => [l.price_data.product_data.name, l.price_data.unit_amount, l.quantity]).sort()).toEqual([
      ["Bưởi da xanh — 3 quả", "195000", "1"],
      ["Cà chua — 12,5 kg", "375000", "1"],
    ]);
    expect(fake.sessions.get(x.sessionId)?.amount_total).toBe(570_000);

    // Two orders wait for payment with their stock held; no farm has heard of them yet.
    const placed = await db().select().from(orders).where(eq(orders.checkoutId, x.checkoutId));
    expect(placed.map((o) => [o.status, o.paymentMethod, o.paymentStatus])).toEqual([
      ["awaiting_payment", "card", "unpaid"],
      ["awaiting_payment", "card", "unpaid"],
    ]);
    expect([await stockOf(tomato), await stockOf(pomelo)]).toEqual([87.5, 37]);
    const told = await db().select().from(notifications).where(inArray(notifications.orderId, x.orderIds));
    expect(told).toHaveLength(0);

    // Asking again (a reload, a second click) gives the same session, without a new request.
    const count = fake.requests.length;
    const again = await startCardPayment(x.checkoutId, buyer.id, ORIGIN);
    expect(again).toEqual({ ok: true, url: fake.sessions.get(x.sessionId)!.url });
    expect(fake.requests.length).toBe(count);
    // Someone else's checkout is not found.
    const stranger = await createAccount(["consumer"]);
    expect(await startCardPayment(x.checkoutId, stranger.id, ORIGIN)).toEqual({ ok: false, reason: "not_found" });
  });

  it("keeps the orders held when Stripe cannot be reached, and the retry gets the one session", async () => {
    const { buyer, checkoutId } = await checkoutWhileStripeDown();
    const [held] = await db().select().from(cardPayments).where(eq(cardPayments.checkoutId, checkoutId));
    expect(held.status).toBe("creating");
    const first = await startCardPayment(checkoutId, buyer.id, ORIGIN);
    expect(first.ok).toBe(true);

    // Stripe made it but our record of it was lost: the same idempotency key finds the same session.
    const sessionsBefore = fake.sessions.size;
    await db().update(cardPayments).set({ status: "creating", stripeSessionId: null, sessionUrl: null }).where(eq(cardPayments.checkoutId, checkoutId));
    // Later, from another address of the site: the stored request is sent again, unchanged.
    await new Promise((r) => setTimeout(r, 1100));
    const second = await startCardPayment(checkoutId, buyer.id, "https://nongsanso.vn");
    expect(second).toEqual(first);
    expect(fake.sessions.size).toBe(sessionsBefore);
  });

  it("starts afresh under a new key when a retry comes too late for the first request's expiry", async () => {
    const { buyer, checkoutId } = await checkoutWhileStripeDown();
    // As if the retry came 20 minutes later: the stored expires_at is now less than Stripe's 30 minutes away.
    const [row] = await db().select().from(cardPayments).where(eq(cardPayments.checkoutId, checkoutId));
    const stored = row.sessionRequest as { key: string; params: { expires_at: number } };
    expect(stored.key).toBe(`checkout-session-${checkoutId}`);
    stored.params.expires_at = Math.floor(Date.now() / 1000) + 10 * 60;
    await db().update(cardPayments).set({ sessionRequest: stored }).where(eq(cardPayments.checkoutId, checkoutId));

    const started = await startCardPayment(checkoutId, buyer.id, ORIGIN);
    expect(started.ok).toBe(true);
    const tries = fake.requests.filter((r) => r.path === "/v1/checkout/sessions" && String(r.idempotencyKey).startsWith(`checkout-session-${checkoutId}`));
    expect(tries.map((r) => r.idempotencyKey)).toEqual([`checkout-session-${checkoutId}`, `checkout-session-${checkoutId}-2`]);
    const [after] = await db().select().from(cardPayments).where(eq(cardPayments.checkoutId, checkoutId));
    expect(after.status).toBe("open");
    expect(after.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
  });
});

describe("webhooks", () => {
  it("answers a bad or missing signature with 400 and changes nothing", async () => {
    const { buyer, tomato } = await setup();
    const x = await cardCheckout(buyer.id, [[tomato, 4]]);
    const completed = fake.complete(x.sessionId);
    const eventsBefore = await db().select({ n: sql<number>`count(*)::int` }).from(stripeEvents);

    expect((await deliver(completed, "whsec_someone_else")).status).toBe(400);
    const missing = new Request(`${ORIGIN}/webhooks/stripe`, { method: "POST", body: JSON.stringify(completed) });
    expect((await webhook({ request: missing, params: {}, context: {} })).status).toBe(400);
    const { header } = fake.sign(completed);
    const tampered = JSON.stringify({ ...completed, id: "evt_forged" });
    const forged = new Request(`${ORIGIN}/webhooks/stripe`, { method: "POST", body: tampered, headers: { "stripe-signature": header } });
    expect((await webhook({ request: forged, params: {}, context: {} })).status).toBe(400);

    expect(await db().select({ n: sql<number>`count(*)::int` }).from(stripeEvents)).toEqual(eventsBefore);
    const [order] = await db().select().from(orders).where(eq(orders.id, x.orderIds[0]));
    expect([order.status, order.paymentStatus]).toEqual(["awaiting_payment", "unpaid"]);

    // The real one, signed with our secret, goes through.
    const ok = await deliver(completed);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, outcome: "applied" });
  });

  it("pays both farms' orders on checkout.session.completed, and tells each farm then", async () => {
    const { farmA, farmB, buyer, tomato, pomelo } = await setup();
    const x = await cardCheckout(buyer.id, [
      [tomato, 2],
      [pomelo, 1],
    ]);
    await deliver(fake.complete(x.sessionId));
    const paid = await db().select().from(orders).where(eq(orders.checkoutId, x.checkoutId)).orderBy(asc(orders.id));
    expect(paid.map((o) => [o.status, o.paymentStatus, o.expiresAt])).toEqual([
      ["placed", "paid", null],
      ["placed", "paid", null],
    ]);
    const told = await db().select({ userId: notifications.userId, kind: notifications.kind }).from(notifications).where(inArray(notifications.orderId, x.orderIds));
    expect(told.filter((n) => n.kind === "order_placed").map((n) => n.userId).sort()).toEqual([farmA.id, farmB.id].sort());
    const [payment] = await db().select().from(cardPayments).where(eq(cardPayments.checkoutId, x.checkoutId));
    expect(payment.status).toBe("paid");
    expect(payment.paymentIntentId).toMatch(/^pi_test_/);
  });

  it("records an event for orders that have moved on, and ignores it", async () => {
    const { buyer, tomato } = await setup();
    const x = await cardCheckout(buyer.id, [[tomato, 2]]);
    const completed = fake.complete(x.sessionId);
    await deliver(completed);
    // An expiry that arrives after the payment (Stripe never sends both, but a forged order of events must not undo a payment).
    const late = { ...completed, id: `${completed.id}_late`, type: "checkout.session.expired", data: { object: { ...completed.data.object, status: "expired" } } } as Stripe.Event;
    const response = await deliver(late);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "ignored: already paid" });
    const [order] = await db().select().from(orders).where(eq(orders.id, x.orderIds[0]));
    expect(order.status).toBe("placed");
    expect(await stockOf(tomato)).toBe(98);
  });

  it("gives the stock back once when the session expires, and puts the lines back in the cart", async () => {
    const { farmA, buyer, tomato } = await setup();
    const x = await cardCheckout(buyer.id, [[tomato, 10]]);
    expect(await stockOf(tomato)).toBe(90);
    const expired = fake.expire(x.sessionId);
    for (let i = 0; i < 3; i++) await deliver(expired);
    await reconcileCardPayments(ORIGIN, new Date(Date.now() + 3 * 3600_000));
    expect(await stockOf(tomato)).toBe(100);
    const [order] = await db().select().from(orders).where(eq(orders.id, x.orderIds[0]));
    expect(order.status).toBe("expired");
    expect(order.stockReturnedAt).not.toBeNull();
    const cart = await db().select().from(cartItems).where(eq(cartItems.userId, buyer.id));
    expect(cart.map((c) => [c.listingId, Number(c.quantity)])).toEqual([[tomato, 10]]);
    // The buyer hears of it; the farm never heard of the order, so it is not told either.
    const told = await db().select().from(notifications).where(eq(notifications.orderId, x.orderIds[0]));
    expect(told.map((n) => n.userId)).toEqual([buyer.id]);
    expect(told.some((n) => n.userId === farmA.id)).toBe(false);
  });
});

/**
 * The state a scenario leaves, without ids, order numbers or times, so two
 * runs (one in order, one shuffled) can be compared.
 */
async function snapshot(checkouts: string[], listingIds: number[], buyerId: number) {
  const os = await db().select().from(orders).where(inArray(orders.checkoutId, checkouts)).orderBy(asc(orders.checkoutId), asc(orders.farmId));
  const ids = os.map((o) => o.id);
  const events = await db().select().from(orderEvents).where(inArray(orderEvents.orderId, ids));
  const refundRows = await db().select().from(refunds).where(inArray(refunds.orderId, ids));
  const ledger = await db().select().from(ledgerEntries).where(inArray(ledgerEntries.orderId, ids));
  const payments = await db().select().from(cardPayments).where(inArray(cardPayments.checkoutId, checkouts));
  const told = await db().select().from(notifications).where(inArray(notifications.orderId, ids));
  const cart = await db().select().from(cartItems).where(eq(cartItems.userId, buyerId));
  return {
    orders: checkouts.map((c) =>
      os
        .filter((o) => o.checkoutId === c)
        .map((o) => ({
          status: o.status,
          paymentStatus: o.paymentStatus,
          stockReturned: o.stockReturnedAt !== null,
          timeline: events
            .filter((e) => e.orderId === o.id)
            .map((e) => `${e.kind}:${e.toStatus ?? ""}`)
            .sort(),
          refunds: refundRows.filter((r) => r.orderId === o.id).map((r) => `${r.status}:${r.amountVnd}`),
          ledger: ledger.filter((l) => l.orderId === o.id).map((l) => `${l.kind}:${l.amountVnd}`),
          notifications: told
            .filter((n) => n.orderId === o.id)
            .map((n) => n.kind)
            .sort(),
        })),
    ),
    payments: checkouts.map((c) => payments.filter((p) => p.checkoutId === c).map((p) => `${p.status}:${p.amountRefundedVnd}`)),
    stock: await Promise.all(listingIds.map(stockOf)),
    cart: cart.map((c) => `${Number(c.quantity)}`).sort(),
  };
}

/** A seeded shuffle, so a failure can be repeated. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("replays", () => {
  /**
   * Three card checkouts: X (two farms) is paid and then one of its orders
   * declined by the farm, so refunded; Y expires; Z has a card declined and
   * then pays. Events of every handled type: completed, expired,
   * payment_failed, charge.refunded.
   */
  async function scenario(delivery: "in-order" | "shuffled", seed: number) {
    const { buyer, tomato, pomelo } = await setup();
    const x = await cardCheckout(buyer.id, [
      [tomato, 5],
      [pomelo, 2],
    ]);
    const y = await cardCheckout(buyer.id, [[tomato, 7]]);
    const z = await cardCheckout(buyer.id, [[pomelo, 4]]);
    const before = [fake.complete(x.sessionId), fake.expire(y.sessionId), fake.fail(z.sessionId), fake.complete(z.sessionId)];
    let sent = 0;
    const send = async (events: Stripe.Event[]) => {
      for (const event of events) {
        expect((await deliver(event)).status).toBe(200);
        sent++;
      }
    };
    if (delivery === "in-order") await send(before);
    else await send(shuffled([...before, ...before, ...before], seed));

    // The farm declines X's first order: a refund through Stripe, then Stripe's charge.refunded.
    fake.refundStatus = delivery === "in-order" ? "succeeded" : "pending";
    const declined = x.orderIds[0];
    const refundEventsBefore = fake.events.length;
    expect(await transitionOrder(declined, "decline", await farmerOf(declined))).toEqual({ ok: true, status: "declined" });
    await refundsSent([declined]);
    fake.refundStatus = "succeeded";
    if (delivery === "shuffled") {
      // Here the refund stays pending at Stripe until the bank settles it, and only the webhook tells us.
      const [pending] = await db().select().from(refunds).where(eq(refunds.orderId, declined));
      expect(pending.status).toBe("pending");
      fake.settleRefund(pending.stripeRefundId!, "succeeded");
    }
    const after = fake.events.slice(refundEventsBefore).filter((e) => e.type === "charge.refunded");
    expect(after).toHaveLength(1);
    if (delivery === "in-order") await send(after);
    else await send(shuffled([...after, ...after, ...after, ...before], seed + 1));

    return { state: await snapshot([x.checkoutId, y.checkoutId, z.checkoutId], [tomato, pomelo], buyer.id), all: [...before, ...after], sent };
  }

  it("every event type, delivered three times in shuffled order, leaves the state that one in-order delivery leaves", async () => {
    const reference = await scenario("in-order", 0);
    // What the reference run should have produced, checked directly once.
    const [x, y, z] = reference.state.orders;
    expect(x.map((o) => [o.status, o.paymentStatus, o.refunds])).toEqual([
      ["declined", "refunded", ["succeeded:150000"]],
      ["placed", "paid", []],
    ]);
    expect(x[0].timeline).toEqual(["paid:", "refund_requested:", "refunded:", "status:awaiting_payment", "status:declined", "status:placed"]);
    expect(y.map((o) => [o.status, o.stockReturned])).toEqual([["expired", true]]);
    expect(z.map((o) => [o.status, o.paymentStatus])).toEqual([["placed", "paid"]]);
    expect(z[0].timeline).toContain("payment_failed:");
    expect(reference.state.payments).toEqual([["paid:150000"], ["expired:0"], ["paid:0"]]);
    expect(reference.state.stock).toEqual([100, 40 - 2 - 4]);
    expect(reference.state.cart).toEqual(["7"]);

    // Every event again, three times, shuffled, onto the same data: nothing changes.
    const all = reference.all;
    for (const event of shuffled([...all, ...all, ...all], 7)) {
      const response = await deliver(event);
      expect(await response.json()).toEqual({ received: true, outcome: "duplicate" });
    }

    // Fresh runs where every delivery came three times, in shuffled orders.
    const rounds: number[] = [];
    for (const seed of [11, 23, 42]) {
      const run = await scenario("shuffled", seed);
      expect(run.state).toEqual(reference.state);
      rounds.push(run.sent);
    }
    // Each run: the four payment events three times (12), then charge.refunded three times with the four once more (7).
    expect(rounds).toEqual([19, 19, 19]);
  });
});

describe("refunds", () => {
  it("refunds a paid card order the buyer cancels, with an idempotency key, once", async () => {
    const { buyer, tomato } = await setup();
    const x = await cardCheckout(buyer.id, [[tomato, 3]]);
    await deliver(fake.complete(x.sessionId));
    const [orderId] = x.orderIds;
    const before = fake.requests.length;
    expect(await transitionOrder(orderId, "cancel", as(buyer))).toEqual({ ok: true, status: "cancelled" });
    await refundsSent([orderId]);
    // The job's sweep finds nothing left to send.
    expect(await sweepRefunds(new Date(Date.now() + 60_000))).toBe(0);
    const calls = fake.requests.slice(before).filter((r) => r.path === "/v1/refunds");
    const [refund] = await db().select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ idempotencyKey: `refund-${refund.id}`, params: { amount: "90000", metadata: { order_id: String(orderId) } } });
    expect(refund).toMatchObject({ status: "succeeded", amountVnd: 90_000 });
    const [order] = await db().select().from(orders).where(eq(orders.id, orderId));
    expect([order.status, order.paymentStatus]).toEqual(["cancelled", "refunded"]);
    expect(await stockOf(tomato)).toBe(100);
    const chargeRefunded = fake.events.filter((e) => e.type === "charge.refunded").at(-1)!;
    for (let i = 0; i < 3; i++) await deliver(chargeRefunded);
    const timeline = await db().select().from(orderEvents).where(eq(orderEvents.orderId, orderId));
    expect(timeline.filter((e) => e.kind === "refunded")).toHaveLength(1);
  });

  it("sends a refund again when Stripe was down, with the same key", async () => {
    const { buyer, tomato } = await setup();
    const x = await cardCheckout(buyer.id, [[tomato, 3]]);
    await deliver(fake.complete(x.sessionId));
    const [orderId] = x.orderIds;
    fake.down = true;
    try {
      await transitionOrder(orderId, "decline", await farmerOf(orderId));
      await refundsTried([orderId]);
    } finally {
      fake.down = false;
    }
    const [pending] = await db().select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(pending).toMatchObject({ status: "pending", stripeRefundId: null });
    expect(await sweepRefunds(new Date(Date.now() + 60_000))).toBe(1);
    const [done] = await db().select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(done.status).toBe("succeeded");
    expect([...fake.refunds.values()].filter((r) => r.metadata?.order_id === String(orderId))).toHaveLength(1);
  });
});

describe("a suspension and paid card orders", () => {
  it("moves no money: the farm's and the buyer's paid placed orders stay, listed for the administrator", async () => {
    const { farmA, buyer, tomato, pomelo } = await setup();
    const x = await cardCheckout(buyer.id, [
      [tomato, 2],
      [pomelo, 1],
    ]);
    await deliver(fake.complete(x.sessionId));
    const moderator = as(await createAccount(["moderator"]));
    // The farm suspended: its paid order is not declined (that would refund through Stripe, decision 035).
    expect(await suspendAccount(moderator, farmA.id, "Bán hàng giả")).toEqual({ declinedOrders: [], cancelledOrders: [] });
    // The buyer suspended: their paid purchase from the other farm is not cancelled either.
    expect(await suspendAccount(moderator, buyer.id, "Đặt đơn ảo")).toEqual({ declinedOrders: [], cancelledOrders: [] });
    const after = await db().select({ status: orders.status, paymentStatus: orders.paymentStatus }).from(orders).where(inArray(orders.id, x.orderIds));
    expect(after).toEqual([
      { status: "placed", paymentStatus: "paid" },
      { status: "placed", paymentStatus: "paid" },
    ]);
    expect(await db().select().from(refunds).where(inArray(refunds.orderId, x.orderIds))).toEqual([]);
    expect((await suspendedAccountOrders(moderator)).map((o) => o.id).sort()).toEqual([...x.orderIds].sort());
  });
});

describe("refunds of one checkout's orders, one stuck and one through", () => {
  it("settles only the refund Stripe has; the stuck one is sent later and settles on its own", async () => {
    const { farmA, farmB, buyer, tomato, pomelo } = await setup();
    const x = await cardCheckout(buyer.id, [
      [tomato, 5], // 150.000 ₫ at farm A
      [pomelo, 3], // 195.000 ₫ at farm B
    ]);
    await deliver(fake.complete(x.sessionId));
    const [orderA, orderB] = x.orderIds;
    fake.down = true;
    try {
      await transitionOrder(orderA, "decline", as(farmA));
      await refundsTried([orderA]);
    } finally {
      fake.down = false;
    }
    await transitionOrder(orderB, "decline", as(farmB));
    await refundsSent([orderB]);
    // Stripe tells of B's refund (195.000 refunded on the charge): A's, which Stripe never got, must stay pending.
    await deliver(fake.events.filter((e) => e.type === "charge.refunded").at(-1)!);
    const status = async () =>
      Object.fromEntries((await db().select().from(refunds).where(inArray(refunds.orderId, x.orderIds))).map((r) => [r.orderId === orderA ? "A" : "B", r.status]));
    expect(await status()).toEqual({ A: "pending", B: "succeeded" });
    expect(await sweepRefunds(new Date(Date.now() + 60_000))).toBe(1);
    expect(await status()).toEqual({ A: "succeeded", B: "succeeded" });
    const paid = await db().select({ paymentStatus: orders.paymentStatus }).from(orders).where(inArray(orders.id, x.orderIds));
    expect(paid.map((o) => o.paymentStatus)).toEqual(["refunded", "refunded"]);
  });

  it("marks a refund the bank failed, keeps the order paid, and lets an operator refund again", async () => {
    const { farmA, buyer, tomato } = await setup();
    const operator = await createAccount(["operator"]);
    const x = await cardCheckout(buyer.id, [[tomato, 5]]);
    await deliver(fake.complete(x.sessionId));
    const [orderId] = x.orderIds;
    fake.refundStatus = "pending";
    try {
      await transitionOrder(orderId, "decline", as(farmA));
      await refundsSent([orderId]);
    } finally {
      fake.refundStatus = "succeeded";
    }
    const [pending] = await db().select().from(refunds).where(eq(refunds.orderId, orderId));
    // The failure comes as charge.refund.updated (not handled); the job's sweep asks Stripe after a while.
    await deliver(fake.settleRefund(pending.stripeRefundId!, "failed"));
    expect(await sweepRefunds(new Date(Date.now() + 11 * 60_000))).toBe(1);
    const [failed] = await db().select().from(refunds).where(eq(refunds.id, pending.id));
    expect(failed).toMatchObject({ status: "failed", failure: "expired_or_canceled_card" });
    const [order] = await db().select().from(orders).where(eq(orders.id, orderId));
    expect([order.status, order.paymentStatus]).toEqual(["declined", "paid"]);
    const timeline = await db().select().from(orderEvents).where(eq(orderEvents.orderId, orderId));
    expect(timeline.map((e) => e.kind)).toContain("refund_failed");

    expect(await refundPaidOrder(orderId, operator.id)).toEqual({ ok: true });
    await refundsSent([orderId]);
    const [again] = await db().select().from(orders).where(eq(orders.id, orderId));
    expect(again.paymentStatus).toBe("refunded");
    const rows = await db().select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(asc(refunds.id));
    expect(rows.map((r) => r.status)).toEqual(["failed", "succeeded"]);
  });
});

describe("the reconcile job", () => {
  it("settles a payment whose webhook never came, and expires at Stripe a session left open", async () => {
    const { buyer, tomato, pomelo } = await setup();
    const paid = await cardCheckout(buyer.id, [[tomato, 2]]);
    const open = await cardCheckout(buyer.id, [[pomelo, 5]]);
    fake.complete(paid.sessionId); // the event is lost
    // Not yet due: nothing happens.
    expect(await reconcileCardPayments(ORIGIN, new Date())).toBe(0);
    const later = new Date(Date.now() + 2 * 3600_000);
    expect(await reconcileCardPayments(ORIGIN, later)).toBe(2);
    const rows = await db().select().from(orders).where(inArray(orders.id, [...paid.orderIds, ...open.orderIds])).orderBy(asc(orders.id));
    expect(rows.map((o) => [o.status, o.paymentStatus])).toEqual([
      ["placed", "paid"],
      ["expired", "unpaid"],
    ]);
    expect(fake.sessions.get(open.sessionId)?.status).toBe("expired");
    expect(await stockOf(pomelo)).toBe(40);
    // Stripe's own expiry event for it, arriving late, changes nothing.
    const expiredEvent = fake.events.filter((e) => e.type === "checkout.session.expired").at(-1)!;
    expect(await (await deliver(expiredEvent)).json()).toEqual({ received: true, outcome: "ignored: already expired" });
    expect(await stockOf(pomelo)).toBe(40);
  });
});
