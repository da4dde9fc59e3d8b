/**
 * Card payments at the HTTP edge: Stripe's events signed with the webhook
 * secret and posted to /webhooks/stripe, pages and forms through their
 * routes with a real session cookie, Stripe's API answered by
 * tests/handlers/stripe.ts. What must hold: money taken after expiry is
 * revived or refunded and shown; an event applies only to what was asked;
 * a signed body that is not an event is a 400; a refund Stripe refuses ends
 * failed, for operators to refund by hand; partial refunds, a buyer
 * cancelling an unpaid card order, refunds made in Stripe's dashboard.
 */
import { asc, eq, inArray, sql } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { cardPayments, cartItems, ledgerEntries, listings, notifications, orders, paymentIssues, refunds, stripeEvents, webhookEvents } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../factories";
import { STRIPE_TEST_KEY, STRIPE_TEST_WEBHOOK_SECRET } from "../handlers/stripe";
import { deliverWebhook, refundsSent, stripeAtTheEdge } from "../payments";
import { addToCart } from "~/models/cart.server";
import { farmBalance } from "~/models/ledger.server";
import { createListing } from "~/models/listing.server";
import { transitionOrder } from "~/models/orders/moves.server";
import { cancelCardPayment, startCardPayment } from "~/models/payment.server";
import { createEndpoint } from "~/models/webhook.server";
import { MAX_REFUND_TRIES, refundPaidOrder, sweepRefunds } from "~/models/refund.server";
import { action as opsAction, loader as opsLoader } from "~/routes/ops.payments";
import { action as orderAction } from "~/routes/orders.$id";
import { action as cardAction, loader as cardLoader } from "~/routes/payments.card.$checkoutId";
import { action as webhook } from "~/routes/webhooks.stripe";
import { startSession } from "~/utils/session.server";


const ORIGIN = "http://nongsanso.test";
const fake = stripeAtTheEdge();

const deliver = (event: Stripe.Event) => deliverWebhook(fake, event, undefined, ORIGIN);
const outcomeOf = async (event: Stripe.Event) => {
  const response = await deliver(event);
  expect(response.status).toBe(200);
  return ((await response.json()) as { outcome: string }).outcome;
};

const signer = new Stripe(STRIPE_TEST_KEY);
/** A raw body signed with our webhook secret, as Stripe signs what it sends. */
function signRaw(payload: string): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret: STRIPE_TEST_WEBHOOK_SECRET });
}

async function cookieOf(userId: number): Promise<string> {
  return (await startSession(userId)).split(";")[0];
}

/** A signed event of our own making, in Stripe's shape. */
function eventOf(type: string, object: unknown, id = `evt_test_own_${Math.random().toString(36).slice(2)}`): Stripe.Event {
  return {
    id,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    data: { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as unknown as Stripe.Event;
}

async function setup(stock = "100") {
  const farm = await createFarmer();
  const buyer = await createAccount(["consumer"]);
  const operator = await createAccount(["operator"]);
  const tomato = await createListing(as(farm), farm.farm.id, listingInput({ title: "Cà chua", priceVnd: "20000", stock, minOrderQty: "1" }));
  return { farm, buyer, operator, tomato: tomato.id };
}

async function cardCheckout(buyerId: number, listingId: number, quantity: number) {
  await addToCart(buyerId, listingId, quantity);
  const result = await checkoutCart(buyerId, { paymentMethod: "card", holdMinutes: 30 });
  if (!result.ok) throw new Error(`checkout refused: ${JSON.stringify(result)}`);
  const [order] = await db().select({ checkoutId: orders.checkoutId }).from(orders).where(eq(orders.id, result.orderIds[0]));
  const started = await startCardPayment(order.checkoutId, buyerId, ORIGIN);
  if (!started.ok) throw new Error("no session");
  const [payment] = await db().select().from(cardPayments).where(eq(cardPayments.checkoutId, order.checkoutId));
  return { checkoutId: order.checkoutId, orderId: result.orderIds[0], sessionId: payment.stripeSessionId! };
}

async function stockOf(id: number): Promise<number> {
  const [row] = await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, id));
  return Number(row.stock);
}

async function orderRow(id: number) {
  const [row] = await db().select().from(orders).where(eq(orders.id, id));
  return row;
}

/** Our own expiry of a session Stripe still has open (as if its event came first): the orders expire, the stock goes back. */
async function expireOnOurSide(sessionId: string) {
  const session = fake.sessions.get(sessionId)!;
  expect(await outcomeOf(eventOf("checkout.session.expired", { ...session, status: "expired", url: null }))).toBe("applied");
}

async function cardPage(checkoutId: string, buyerId: number) {
  const request = new Request(`${ORIGIN}/payments/card/${checkoutId}`, { headers: { cookie: await cookieOf(buyerId) } });
  return cardLoader({ request, params: { checkoutId }, context: {} });
}

async function opsPage(operatorId: number) {
  return opsLoader({ request: new Request(`${ORIGIN}/ops/payments`, { headers: { cookie: await cookieOf(operatorId) } }), params: {}, context: {} });
}

describe("money taken after the checkout expired", () => {
  it("revives the orders when every line can still be had at the price paid, stock taken again, lines out of the cart", async () => {
    const { farm, buyer, operator, tomato } = await setup();
    // The farm's system listens (decision 045): it never heard of the unpaid order, and hears of it once live.
    await createEndpoint(as(farm), { kind: "farm", id: farm.farm.id }, { url: "http://127.0.0.1:9/farm", description: "", events: ["order.placed", "order.expired"] });
    const x = await cardCheckout(buyer.id, tomato, 10);
    await expireOnOurSide(x.sessionId);
    expect(await stockOf(tomato)).toBe(100);
    const heard = async () => (await db().select({ type: webhookEvents.type }).from(webhookEvents).where(eq(webhookEvents.farmId, farm.farm.id))).map((e) => e.type);
    expect(await heard()).toEqual([]);
    expect(await db().select().from(cartItems).where(eq(cartItems.userId, buyer.id))).toHaveLength(1);

    expect(await outcomeOf(fake.complete(x.sessionId))).toBe("applied: paid after expiry, orders revived");
    const order = await orderRow(x.orderId);
    expect([order.status, order.paymentStatus, order.stockReturnedAt]).toEqual(["placed", "paid", null]);
    expect(await stockOf(tomato)).toBe(90);
    expect(await db().select().from(cartItems).where(eq(cartItems.userId, buyer.id))).toHaveLength(0);
    const told = await db().select({ userId: notifications.userId, kind: notifications.kind }).from(notifications).where(eq(notifications.orderId, x.orderId));
    expect(told).toEqual(expect.arrayContaining([{ userId: farm.id, kind: "order_placed" }, { userId: operator.id, kind: "paid_after_expiry" }]));
    expect(await heard()).toEqual(["order.placed"]);
    // No refund was asked for.
    expect(await db().select().from(refunds).where(eq(refunds.orderId, x.orderId))).toHaveLength(0);

    // The buyer's page and the operators' workspace say what happened.
    expect(await cardPage(x.checkoutId, buyer.id)).toMatchObject({ status: "paid", lateOutcome: "revived" });
    const ops = await opsPage(operator.id);
    expect(ops.late.find((c) => c.checkoutId === x.checkoutId)).toMatchObject({ outcome: "revived", orders: [{ id: x.orderId, paymentStatus: "paid" }] });
    // The order goes on like any paid one: declined by the farm, refunded through Stripe, stock back once.
    expect((await transitionOrder(x.orderId, "decline", as(farm))).ok).toBe(true);
    await refundsSent([x.orderId]);
    expect(await stockOf(tomato)).toBe(100);
    expect((await orderRow(x.orderId)).paymentStatus).toBe("refunded");
  });

  it("refunds the whole payment at once through Stripe when the stock has gone, and shows it", async () => {
    const { buyer, operator, tomato } = await setup("10");
    const x = await cardCheckout(buyer.id, tomato, 10);
    await expireOnOurSide(x.sessionId);
    // Someone else buys all of it meanwhile.
    const other = await createAccount(["consumer"]);
    await addToCart(other.id, tomato, 10);
    expect((await checkoutCart(other.id, { paymentMethod: "cod", holdMinutes: 30 })).ok).toBe(true);
    expect(await stockOf(tomato)).toBe(0);

    const before = fake.requests.length;
    expect(await outcomeOf(fake.complete(x.sessionId))).toBe("applied: paid after expiry, refunded");
    await refundsSent([x.orderId]);
    const asked = fake.requests.slice(before).filter((r) => r.method === "POST" && r.path === "/v1/refunds");
    expect(asked).toHaveLength(1);
    expect(asked[0].params).toMatchObject({ amount: "200000", metadata: { order_id: String(x.orderId) } });
    const order = await orderRow(x.orderId);
    expect([order.status, order.paymentStatus]).toEqual(["expired", "refunded"]);
    expect(await stockOf(tomato)).toBe(0);
    const [refund] = await db().select().from(refunds).where(eq(refunds.orderId, x.orderId));
    expect(refund).toMatchObject({ status: "succeeded", amountVnd: 200_000 });
    // Nothing was credited to the farm, so nothing is reversed: the ledger holds no entry for it.
    expect(await db().select().from(ledgerEntries).where(eq(ledgerEntries.orderId, x.orderId))).toHaveLength(0);

    expect(await cardPage(x.checkoutId, buyer.id)).toMatchObject({ lateOutcome: "refunded", orders: [{ paymentStatus: "refunded" }] });
    const ops = await opsPage(operator.id);
    expect(ops.late.find((c) => c.checkoutId === x.checkoutId)).toMatchObject({ outcome: "refunded", orders: [{ paymentStatus: "refunded" }] });
    // Stripe's charge.refunded for it, and the completion again, change nothing.
    expect(await outcomeOf(fake.events.filter((e) => e.type === "charge.refunded").at(-1)!)).toBe("applied");
    expect(await db().select().from(refunds).where(eq(refunds.orderId, x.orderId))).toHaveLength(1);
  });
});

describe("an event must match what was asked", () => {
  it("records another session or another amount as a mismatch for operators and applies nothing", async () => {
    const { buyer, operator, tomato } = await setup();
    const x = await cardCheckout(buyer.id, tomato, 4); // 80.000 ₫
    const session = fake.sessions.get(x.sessionId)!;
    const paid = { ...session, status: "complete", payment_status: "paid", payment_intent: "pi_test_forged" };

    const otherSession = eventOf("checkout.session.completed", { ...paid, id: "cs_test_someone_else", amount_total: 1 });
    expect(await outcomeOf(otherSession)).toBe("mismatch: another session");
    const oneDong = eventOf("checkout.session.completed", { ...paid, amount_total: 1 });
    expect(await outcomeOf(oneDong)).toBe("mismatch: amount 1 for 80000 asked");
    const dollars = eventOf("checkout.session.completed", { ...paid, currency: "usd" });
    expect(await outcomeOf(dollars)).toBe("mismatch: currency usd");
    const expiredElsewhere = eventOf("checkout.session.expired", { ...session, id: "cs_test_someone_else", status: "expired" });
    expect(await outcomeOf(expiredElsewhere)).toBe("mismatch: another session");

    const order = await orderRow(x.orderId);
    expect([order.status, order.paymentStatus]).toEqual(["awaiting_payment", "unpaid"]);
    expect(await stockOf(tomato)).toBe(96);
    const issues = await db().select().from(paymentIssues).where(eq(paymentIssues.checkoutId, x.checkoutId)).orderBy(asc(paymentIssues.id));
    expect(issues.map((i) => [i.kind, i.stripeObjectId, i.amountVnd])).toEqual([
      ["mismatch", "cs_test_someone_else", 1],
      ["mismatch", x.sessionId, 1],
      ["mismatch", x.sessionId, 80_000],
      ["mismatch", "cs_test_someone_else", 80_000],
    ]);
    expect((await opsPage(operator.id)).issues.filter((i) => i.checkoutId === x.checkoutId)).toHaveLength(4);

    // Stripe's own completion, for the session and amount asked, goes through.
    expect(await outcomeOf(fake.complete(x.sessionId))).toBe("applied");
    expect((await orderRow(x.orderId)).paymentStatus).toBe("paid");
  });
});

describe("a signed body that is JSON but not an event", () => {
  it("is a 400, recorded nowhere, so Stripe does not retry it for days", async () => {
    const before = await db().select({ n: sql<number>`count(*)::int` }).from(stripeEvents);
    for (const payload of ["{}", "null", "[]", '{"id":"evt_x","object":"event","type":"checkout.session.completed","created":1}', '"text"', "42"]) {
      const request = new Request(`${ORIGIN}/webhooks/stripe`, { method: "POST", body: payload, headers: { "stripe-signature": signRaw(payload) } });
      const response = await webhook({ request, params: {}, context: {} });
      expect([payload, response.status]).toEqual([payload, 400]);
    }
    expect(await db().select({ n: sql<number>`count(*)::int` }).from(stripeEvents)).toEqual(before);
  });
});

describe("a refund Stripe refuses", () => {
  it("is tried three times with backoff, then marked failed with Stripe's reason; operators refund by hand and the ledger agrees", async () => {
    const { farm, buyer, operator, tomato } = await setup();
    const x = await cardCheckout(buyer.id, tomato, 5); // 100.000 ₫
    await outcomeOf(fake.complete(x.sessionId));
    for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(x.orderId, step, as(farm))).ok).toBe(true);
    expect((await transitionOrder(x.orderId, "complete", as(buyer))).ok).toBe(true);
    const credited = await farmBalance(farm.farm.id);
    expect(credited).toBe(95_000);

    fake.refuseRefunds = { code: "charge_disputed", message: "This charge has been disputed and cannot be refunded." };
    try {
      const t0 = Date.now();
      expect(await refundPaidOrder(x.orderId, operator.id)).toEqual({ ok: true });
      const refundRow = async () => (await db().select().from(refunds).where(eq(refunds.orderId, x.orderId)))[0];
      // The first try, right after commit.
      await expect.poll(async () => (await refundRow()).attempts).toBe(1);
      expect(await refundRow()).toMatchObject({ status: "pending", stripeRefundId: null });
      // Not yet due: the sweep leaves it alone.
      expect(await sweepRefunds(new Date(t0 + 5_000))).toBe(0);
      expect(await sweepRefunds(new Date(t0 + 60_000))).toBe(1);
      expect(await refundRow()).toMatchObject({ status: "pending", attempts: 2 });
      // The next is put off further (2 minutes after the second try).
      expect(await sweepRefunds(new Date(t0 + 90_000))).toBe(0);
      expect(await sweepRefunds(new Date(t0 + 10 * 60_000))).toBe(1);
      const failed = await refundRow();
      expect(failed).toMatchObject({ status: "failed", attempts: MAX_REFUND_TRIES });
      expect(failed.failure).toBe("charge_disputed: This charge has been disputed and cannot be refunded.");
      // No more tries.
      expect(await sweepRefunds(new Date(t0 + 3600_000))).toBe(0);
      const tries = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds" && r.idempotencyKey === `refund-${failed.id}`);
      expect(tries).toHaveLength(MAX_REFUND_TRIES);
    } finally {
      fake.refuseRefunds = null;
    }
    const order = await orderRow(x.orderId);
    expect([order.status, order.paymentStatus]).toEqual(["completed", "paid"]);
    expect(await farmBalance(farm.farm.id)).toBe(credited);
    const told = await db().select().from(notifications).where(eq(notifications.orderId, x.orderId));
    expect(told.filter((n) => n.kind === "refund_failed").map((n) => n.userId)).toContain(operator.id);

    // The operators' workspace lists it with Stripe's reason.
    const ops = await opsPage(operator.id);
    const listed = ops.failed.find((f) => f.orderId === x.orderId)!;
    expect(listed).toMatchObject({ amountVnd: 100_000, failure: expect.stringContaining("charge_disputed") });

    // A bad reference is refused on its field, what was typed kept.
    const cookie = await cookieOf(operator.id);
    const post = (body: Record<string, string>) =>
      opsAction({ request: new Request(`${ORIGIN}/ops/payments`, { method: "POST", body: new URLSearchParams(body), headers: { cookie } }), params: {}, context: {} });
    const refused = await post({ refundId: String(listed.id), bankReference: "ab" });
    expect(refused).toEqual({ values: { refundId: String(listed.id), bankReference: "ab" }, errors: { bankReference: ["errors.payout.referenceRequired"] } });
    expect(await post({ refundId: "x", bankReference: "FT26335000111" })).toMatchObject({ errors: { refundId: ["refundOps.errors.refund"] } });
    // Someone without the role gets nothing: the operators' pages are "not found" to them (policy "ops.payments").
    const stranger = await cookieOf(buyer.id);
    await expect(
      opsAction({ request: new Request(`${ORIGIN}/ops/payments`, { method: "POST", body: new URLSearchParams({ refundId: String(listed.id), bankReference: "FT26335000111" }), headers: { cookie: stranger } }), params: {}, context: {} }),
    ).rejects.toMatchObject({ status: 404 });

    const done = await post({ refundId: String(listed.id), bankReference: "FT26335000111" });
    expect(done).toBeInstanceOf(Response);
    expect((done as Response).headers.get("location")).toBe(`/ops/payments?refunded=${x.orderId}`);
    // Twice: the second finds it dealt with.
    expect(await post({ refundId: String(listed.id), bankReference: "FT26335000111" })).toMatchObject({ errors: { refundId: ["refundOps.errors.settled"] } });

    const after = await orderRow(x.orderId);
    expect(after.paymentStatus).toBe("refunded");
    const rows = await db().select().from(refunds).where(eq(refunds.orderId, x.orderId)).orderBy(asc(refunds.id));
    expect(rows.map((r) => [r.status, r.amountVnd, r.reference])).toEqual([
      ["failed", 100_000, null],
      ["succeeded", 100_000, "FT26335000111"],
    ]);
    // The ledger reverses the credit exactly once: the farm's balance is back where it was before the order.
    expect(await farmBalance(farm.farm.id)).toBe(0);
    expect((await opsPage(operator.id)).failed.find((f) => f.orderId === x.orderId)).toBeUndefined();
    expect(await db().select().from(ledgerEntries).where(inArray(ledgerEntries.orderId, [x.orderId]))).toHaveLength(2);
  });
});

/** A card order of `quantity` kg at 20.000 ₫, paid, delivered and completed: its farm is credited. */
async function completedCardOrder(quantity: number) {
  const ctx = await setup();
  const x = await cardCheckout(ctx.buyer.id, ctx.tomato, quantity);
  expect(await outcomeOf(fake.complete(x.sessionId))).toBe("applied");
  for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(x.orderId, step, as(ctx.farm))).ok).toBe(true);
  expect((await transitionOrder(x.orderId, "complete", as(ctx.buyer))).ok).toBe(true);
  return { ...ctx, ...x };
}

async function ledgerOfOrder(orderId: number) {
  const rows = await db().select().from(ledgerEntries).where(eq(ledgerEntries.orderId, orderId)).orderBy(asc(ledgerEntries.id));
  return rows.map((r) => [r.kind, r.grossVnd, r.feeVnd, r.amountVnd]);
}

describe("partial refunds", () => {
  it("refunds part of an order from its page, the ledger reversing that part; the parts add up to the order exactly", async () => {
    const { farm, operator, orderId } = await completedCardOrder(5); // 100.000 ₫, fee 5.000
    expect(await farmBalance(farm.farm.id)).toBe(95_000);
    const cookie = await cookieOf(operator.id);
    const post = (body: Record<string, string>) =>
      orderAction({
        request: new Request(`${ORIGIN}/orders/${orderId}`, { method: "POST", body: new URLSearchParams({ action: "refund", ...body }), headers: { cookie } }),
        params: { id: String(orderId) },
        context: {},
      });

    // Fields are checked and named; what was typed stays.
    expect(await post({ amountVnd: "abc", reason: "dập" })).toEqual({ values: { amountVnd: "abc", reason: "dập", reference: "" }, errors: { amountVnd: ["refundOps.errors.amountInvalid"] } });
    expect(await post({ amountVnd: "100.001", reason: "" })).toMatchObject({ errors: { amountVnd: ["refundOps.errors.overRemaining"] } });
    expect(await post({ amountVnd: "1", reason: "x".repeat(201) })).toMatchObject({ errors: { reason: ["refundOps.errors.reasonTooLong"] } });

    const before = fake.requests.length;
    expect(await post({ amountVnd: "33.333", reason: "1,7 kg bị dập khi giao" })).toBeInstanceOf(Response);
    await refundsSent([orderId]);
    const asked = fake.requests.slice(before).filter((r) => r.method === "POST" && r.path === "/v1/refunds");
    expect(asked.map((r) => r.params.amount)).toEqual(["33333"]);
    expect((await orderRow(orderId)).paymentStatus).toBe("paid");
    // Fee share 5.000 × 33.333 / 100.000 = 1.666,65 → 1.667; the farm gives back the rest of the part.
    expect(await ledgerOfOrder(orderId)).toEqual([
      ["order", 100_000, 5_000, 95_000],
      ["refund", -33_333, -1_667, -31_666],
    ]);
    expect(await farmBalance(farm.farm.id)).toBe(63_334);

    // The rest (no amount: all that is left).
    expect(await post({ amountVnd: "", reason: "" })).toBeInstanceOf(Response);
    await refundsSent([orderId]);
    expect((await orderRow(orderId)).paymentStatus).toBe("refunded");
    expect(await ledgerOfOrder(orderId)).toEqual([
      ["order", 100_000, 5_000, 95_000],
      ["refund", -33_333, -1_667, -31_666],
      ["refund", -66_667, -3_333, -63_334],
    ]);
    expect(await farmBalance(farm.farm.id)).toBe(0);
    // Nothing left: refused.
    expect(await post({ amountVnd: "1", reason: "" })).toMatchObject({ errors: { amountVnd: ["orders.refused"] } });
    const rows = await db().select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(asc(refunds.id));
    expect(rows.map((r) => [r.status, r.amountVnd, r.reason])).toEqual([
      ["succeeded", 33_333, "1,7 kg bị dập khi giao"],
      ["succeeded", 66_667, null],
    ]);
  });
});

describe("refunds before the order is completed, and refunds at once", () => {
  async function deliveredCardOrder(quantity: number) {
    const ctx = await setup();
    const x = await cardCheckout(ctx.buyer.id, ctx.tomato, quantity);
    expect(await outcomeOf(fake.complete(x.sessionId))).toBe("applied");
    for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(x.orderId, step, as(ctx.farm))).ok).toBe(true);
    return { ...ctx, ...x };
  }

  it("a part refunded at delivery is taken off the farm's credit when the order completes", async () => {
    const { farm, buyer, operator, orderId } = await deliveredCardOrder(5); // 100.000 ₫, fee 5.000
    expect((await refundPaidOrder(orderId, operator.id, undefined, { amountVnd: 40_000, reason: "2 kg dập" })).ok).toBe(true);
    await refundsSent([orderId]);
    expect((await transitionOrder(orderId, "complete", as(buyer))).ok).toBe(true);
    expect(await ledgerOfOrder(orderId)).toEqual([
      ["order", 100_000, 5_000, 95_000],
      ["refund", -40_000, -2_000, -38_000],
    ]);
    expect(await farmBalance(farm.farm.id)).toBe(57_000);
  });

  it("an order refunded in full before it completes leaves the farm nothing, and no fee to owe", async () => {
    const { farm, buyer, operator, orderId } = await deliveredCardOrder(5);
    expect((await refundPaidOrder(orderId, operator.id)).ok).toBe(true);
    await refundsSent([orderId]);
    expect((await orderRow(orderId)).paymentStatus).toBe("refunded");
    await transitionOrder(orderId, "complete", as(buyer));
    expect(await farmBalance(farm.farm.id)).toBe(0);
  });

  it("two parts settling at the same moment both reverse the ledger and the order ends refunded", async () => {
    // Each round: two operators refund half each at once; Stripe answers both at once.
    for (let round = 0; round < 3; round++) {
      const { farm, operator, orderId } = await completedCardOrder(5);
      const half = { amountVnd: 50_000, reason: null };
      const results = await Promise.all([refundPaidOrder(orderId, operator.id, undefined, half), refundPaidOrder(orderId, operator.id, undefined, half)]);
      expect(results.map((r) => r.ok)).toEqual([true, true]);
      await refundsSent([orderId]);
      // Settling follows the send; wait until both refunds have an outcome.
      for (let i = 0; i < 100; i++) {
        const pending = await db().select({ id: refunds.id }).from(refunds).where(sql`${refunds.orderId} = ${orderId} and ${refunds.status} = 'pending'`);
        if (!pending.length) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await orderRow(orderId)).paymentStatus, `round ${round}`).toBe("refunded");
      expect(await farmBalance(farm.farm.id), `round ${round}`).toBe(0);
    }
  });
});

describe("a buyer cancels a card order still awaiting payment", () => {
  it("expires the session at Stripe, cancels the orders and gives the stock back once", async () => {
    const { buyer, tomato } = await setup();
    const x = await cardCheckout(buyer.id, tomato, 10);
    expect(await stockOf(tomato)).toBe(90);
    // Giving up is confirmed (docs/decisions/020-pending-and-confirm.md); the first post only asks.
    const ask = async (userId: number, intent: string, confirm: string) =>
      cardAction({
        request: new Request(`${ORIGIN}/payments/card/${x.checkoutId}`, { method: "POST", body: new URLSearchParams({ intent, confirm }), headers: { cookie: await cookieOf(userId) } }),
        params: { checkoutId: x.checkoutId },
        context: {},
      });
    const post = async (userId: number, intent: string) => (await ask(userId, intent, "1")) as Response;
    // Someone else cannot.
    const stranger = await createAccount(["consumer"]);
    await expect(post(stranger.id, "cancel")).rejects.toMatchObject({ status: 404 });
    // A tampered intent is named on the page and changes nothing.
    const tampered = await post(buyer.id, "steal");
    expect(tampered.headers.get("location")).toBe(`/payments/card/${x.checkoutId}?error=tampered`);
    expect(await stockOf(tomato)).toBe(90);

    expect(await ask(buyer.id, "cancel", "")).toMatchObject({ data: { confirmCancel: true } });
    expect(await stockOf(tomato)).toBe(90);
    expect(fake.sessions.get(x.sessionId)?.status).not.toBe("expired");
    const response = await post(buyer.id, "cancel");
    expect(response.headers.get("location")).toBe(`/payments/card/${x.checkoutId}`);
    expect(fake.sessions.get(x.sessionId)?.status).toBe("expired");
    const order = await orderRow(x.orderId);
    expect([order.status, order.paymentStatus]).toEqual(["cancelled", "unpaid"]);
    expect(await stockOf(tomato)).toBe(100);
    expect(await cardPage(x.checkoutId, buyer.id)).toMatchObject({ status: "expired", cancelledByBuyer: true });

    // Stripe's expiry event, and a second click, change nothing.
    const expired = fake.events.filter((e) => e.type === "checkout.session.expired").at(-1)!;
    expect(await outcomeOf(expired)).toBe("ignored: already expired");
    expect((await post(buyer.id, "cancel")).headers.get("location")).toBe(`/payments/card/${x.checkoutId}?error=closed`);
    expect(await stockOf(tomato)).toBe(100);

    // Were the session somehow paid after all, the money would go back, not be dropped or revive what the buyer gave up.
    const session = fake.sessions.get(x.sessionId)!;
    const paidLate = eventOf("checkout.session.completed", { ...session, status: "complete", payment_status: "paid", payment_intent: "pi_test_late" });
    expect(await outcomeOf(paidLate)).toBe("applied: paid after expiry, refunded");
    const after = await orderRow(x.orderId);
    expect([after.status, after.paymentStatus]).toEqual(["cancelled", "paid"]);
    const [refund] = await db().select().from(refunds).where(eq(refunds.orderId, x.orderId));
    expect(refund.amountVnd).toBe(200_000);
    expect(await stockOf(tomato)).toBe(100);
  });

  it("pressed at the same moment as pay (two tabs): no session is left open at Stripe for a cancelled checkout", async () => {
    for (let round = 0; round < 4; round++) {
      const { buyer, tomato } = await setup();
      await addToCart(buyer.id, tomato, 2);
      const placed = await checkoutCart(buyer.id, { paymentMethod: "card", holdMinutes: 30 });
      if (!placed.ok) throw new Error("checkout refused");
      const { checkoutId } = await orderRow(placed.orderIds[0]);
      const [started, cancelled] = await Promise.all([startCardPayment(checkoutId, buyer.id, ORIGIN), cancelCardPayment(checkoutId, buyer.id, ORIGIN)]);
      const [payment] = await db().select().from(cardPayments).where(eq(cardPayments.checkoutId, checkoutId));
      const open = [...fake.sessions.values()].filter((s) => s.metadata?.checkout_id === checkoutId && s.status === "open");
      const what = `round ${round}: start ${JSON.stringify(started)}, cancel ${JSON.stringify(cancelled)}, payment ${payment.status}`;
      if (payment.status === "expired") {
        expect(open, what).toEqual([]);
        expect((await orderRow(placed.orderIds[0])).status, what).toBe("cancelled");
        expect(await stockOf(tomato), what).toBe(100);
      } else {
        // Pay came first and cancel was told to try again: the session is the one stored.
        expect(open.map((s) => s.id), what).toEqual([payment.stripeSessionId]);
      }
    }
  });

  it("is refused when the buyer paid meanwhile: the payment stands", async () => {
    const { buyer, tomato } = await setup();
    const x = await cardCheckout(buyer.id, tomato, 2);
    fake.complete(x.sessionId); // paid at Stripe; its webhook has not arrived yet
    const response = await cardAction({
      request: new Request(`${ORIGIN}/payments/card/${x.checkoutId}`, { method: "POST", body: new URLSearchParams({ intent: "cancel", confirm: "1" }), headers: { cookie: await cookieOf(buyer.id) } }),
      params: { checkoutId: x.checkoutId },
      context: {},
    });
    expect((response as Response).headers.get("location")).toBe(`/payments/card/${x.checkoutId}?error=paid`);
    expect(await outcomeOf(fake.events.filter((e) => e.type === "checkout.session.completed").at(-1)!)).toBe("applied");
    expect((await orderRow(x.orderId)).status).toBe("placed");
  });
});

describe("refunds made in Stripe's dashboard", () => {
  it("are matched to their order by the payment intent, the ledger reversing that part", async () => {
    const { farm, operator, orderId, checkoutId } = await completedCardOrder(5);
    const [payment] = await db().select().from(cardPayments).where(eq(cardPayments.checkoutId, checkoutId));
    const event = fake.dashboardRefund(payment.paymentIntentId!, 40_000);
    for (let i = 0; i < 3; i++) await deliver(event);
    const rows = await db().select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(rows.map((r) => [r.status, r.amountVnd, r.viaDashboard, r.stripeRefundId?.startsWith("re_test_")])).toEqual([["succeeded", 40_000, true, true]]);
    expect((await orderRow(orderId)).paymentStatus).toBe("paid");
    expect(await farmBalance(farm.farm.id)).toBe(95_000 - 38_000);
    expect((await opsPage(operator.id)).issues.filter((i) => i.checkoutId === checkoutId)).toHaveLength(0);
  });

  it("are listed for operators when no order of the checkout can be told to be the one", async () => {
    const { buyer, operator, tomato } = await setup();
    const farmB = await createFarmer();
    const melon = await createListing(as(farmB), farmB.farm.id, listingInput({ title: "Dưa hấu", priceVnd: "20000", stock: "50", minOrderQty: "1" }));
    await addToCart(buyer.id, melon.id, 5);
    const x = await cardCheckout(buyer.id, tomato, 5); // two orders of 100.000 ₫ each
    expect(await outcomeOf(fake.complete(x.sessionId))).toBe("applied");
    const checkoutOrders = await db().select().from(orders).where(eq(orders.checkoutId, x.checkoutId));
    expect(checkoutOrders).toHaveLength(2);
    const [payment] = await db().select().from(cardPayments).where(eq(cardPayments.checkoutId, x.checkoutId));

    // 30.000 ₫ could be either order's.
    const unmatched = fake.dashboardRefund(payment.paymentIntentId!, 30_000);
    expect(await outcomeOf(unmatched)).toBe("applied");
    await deliver(unmatched);
    const issues = (await opsPage(operator.id)).issues.filter((i) => i.checkoutId === x.checkoutId);
    expect(issues.map((i) => [i.kind, i.amountVnd])).toEqual([["unmatched_refund", 30_000]]);
    expect(await db().select().from(refunds).where(inArray(refunds.orderId, checkoutOrders.map((o) => o.id)))).toHaveLength(0);

    // One order is declined and refunded by us: the other is then the only paid one, and a new dashboard refund is its.
    const [{ owner_id: farmerA }] = await db().execute<{ owner_id: number }>(sql`select f.owner_id from orders o join farms f on f.id = o.farm_id where o.id = ${checkoutOrders[0].id}`);
    expect((await transitionOrder(checkoutOrders[0].id, "decline", as({ id: farmerA }, ["farmer"]))).ok).toBe(true);
    await refundsSent([checkoutOrders[0].id]);
    // The other order is still being prepared: a refund from the dashboard is listed, not matched…
    const early = fake.dashboardRefund(payment.paymentIntentId!, 70_000);
    expect(await outcomeOf(early)).toBe("applied");
    expect(await db().select().from(refunds).where(eq(refunds.orderId, checkoutOrders[1].id))).toHaveLength(0);
    expect((await opsPage(operator.id)).issues.filter((i) => i.checkoutId === x.checkoutId).map((i) => [i.amountVnd, i.detail])).toContainEqual([
      70_000,
      "an order of the checkout is still being prepared by its farm: cancel it or tell the farm",
    ]);
    // …once delivered, it is the order's.
    for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(checkoutOrders[1].id, step, as(farmB))).ok).toBe(true);
    const matched = fake.dashboardRefund(payment.paymentIntentId!, 70_000);
    expect(await outcomeOf(matched)).toBe("applied");
    const second = await db().select().from(refunds).where(eq(refunds.orderId, checkoutOrders[1].id));
    expect(second.map((r) => [r.status, r.amountVnd, r.viaDashboard])).toEqual([["succeeded", 70_000, true]]);
  });
});
