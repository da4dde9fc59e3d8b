/**
 * Card payments through Stripe Checkout. Invariants:
 * - one Checkout Session per checkout (it may pay the orders of several
 *   farms), created after the orders commit, with the checkout id in the
 *   idempotency key: a retry, a double click or the reconcile job get the
 *   same session, never a second one;
 * - amounts are whole đồng (VND is zero-decimal in Stripe) and each line is
 *   named as on the order;
 * - only the webhook (or the reconcile job asking Stripe) marks anything
 *   paid or expired; the success page only reads;
 * - an event applies only to what was asked: its session is the one stored
 *   for the checkout, its amount and currency those asked; anything else is
 *   recorded for operators (payment_issues) and never applied;
 * - each event is recorded once, by its id, in the transaction of its
 *   effect; an event for orders that have moved on is recorded and ignored.
 *   Effects are monotonic (paid and expired are final, refunded amounts only
 *   grow), so duplicates and shuffled deliveries leave the same state;
 * - money is never held without showing it: a session paid after its orders
 *   expired revives them when every line can still be had at the price paid
 *   (stock taken under the checkout's locks), or else is refunded at once;
 *   either way the buyer's page, the operators' workspace and the ledger say so.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import Stripe from "stripe";
import { db, type Executor } from "../../db/client";
import { cardPayments, cartItems, farms, notifications, orderEvents, orderItems, orders, paymentIssues, stripeEvents, users } from "../../db/schema";
import { enqueueEffects } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { stripe } from "~/payments/stripe.server";
import { formatQuantity } from "~/utils/i18n";
import { i18nFor } from "~/utils/i18n.server";
import { retakeStockOfExpired } from "./orders/checkout.server";
import { applyMove, lockOrders, returnStock } from "./orders/moves.server";
import { applyRefundStates, matchDashboardRefunds, notifyOperators, refundStatesOf, requestRefund, type StripeRefundState } from "./refund.server";
import { parseQuantity } from "./units";
import { log } from "~/utils/log.server";
import { recordOrderEvents } from "./webhook.server";

/** Stripe accepts at most eight digits of a currency's smallest unit: 99.999.999 ₫ per session. */
export const CARD_MAX_VND = 99_999_999;
/** Stripe's shortest allowed session life; a late retry gets at least this. */
const MIN_SESSION_MINUTES = 31;

export type CardPayment = typeof cardPayments.$inferSelect;

export function cardPaymentOf(checkoutId: string, buyerId: number): Promise<CardPayment | undefined> {
  return db()
    .select()
    .from(cardPayments)
    .where(and(eq(cardPayments.checkoutId, checkoutId), eq(cardPayments.buyerId, buyerId)))
    .then((rows) => rows[0]);
}

export function ordersOfCheckout(checkoutId: string) {
  return db()
    .select({ id: orders.id, number: orders.number, status: orders.status, paymentStatus: orders.paymentStatus, totalVnd: orders.totalVnd, farmName: farms.name })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(eq(orders.checkoutId, checkoutId))
    .orderBy(asc(orders.id));
}

export type StartResult = { ok: true; url: string } | { ok: false; reason: "not_found" | "closed" | "unreachable" };

/**
 * The Stripe page for a card checkout: its open session, or one created now
 * (with the checkout's idempotency key, so a repeat returns the same one).
 */
export async function startCardPayment(checkoutId: string, buyerId: number, origin: string): Promise<StartResult> {
  const payment = await cardPaymentOf(checkoutId, buyerId);
  if (!payment) return { ok: false, reason: "not_found" };
  if (payment.status === "open" && payment.sessionUrl) return { ok: true, url: payment.sessionUrl };
  if (payment.status !== "creating") return { ok: false, reason: "closed" };
  try {
    const session = await createSession(payment, origin);
    return session.url ? { ok: true, url: session.url } : { ok: false, reason: "unreachable" };
  } catch (error) {
    if (error instanceof CheckoutClosed) return { ok: false, reason: "closed" };
    log.error(`card payment ${checkoutId}: ${(error as Error).message}`);
    return { ok: false, reason: "unreachable" };
  }
}

type SessionRequest = { key: string; params: Stripe.Checkout.SessionCreateParams };

/** The session request of a card payment: the one stored at the first attempt, or a new one, stored now. */
async function sessionRequestFor(payment: CardPayment, origin: string): Promise<SessionRequest> {
  if (payment.sessionRequest) return payment.sessionRequest as SessionRequest;
  const request: SessionRequest = { key: `checkout-session-${payment.checkoutId}`, params: await sessionParams(payment, origin) };
  // Two first attempts at once: the one stored first wins, and both send it.
  const [stored] = await db()
    .update(cardPayments)
    .set({ sessionRequest: request, updatedAt: new Date() })
    .where(and(eq(cardPayments.checkoutId, payment.checkoutId), isNull(cardPayments.sessionRequest)))
    .returning({ sessionRequest: cardPayments.sessionRequest });
  if (stored) return request;
  const [row] = await db().select({ sessionRequest: cardPayments.sessionRequest }).from(cardPayments).where(eq(cardPayments.checkoutId, payment.checkoutId));
  return row.sessionRequest as SessionRequest;
}

async function sessionParams(payment: CardPayment, origin: string): Promise<Stripe.Checkout.SessionCreateParams> {
  const lines = await db()
    .select({
      orderNumber: orders.number,
      farmName: farms.name,
      title: orderItems.title,
      unit: orderItems.unit,
      quantity: orderItems.quantity,
      lineTotalVnd: orderItems.lineTotalVnd,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(eq(orders.checkoutId, payment.checkoutId))
    .orderBy(asc(orders.id), asc(orderItems.title));
  const [buyer] = await db().select({ email: users.email }).from(users).where(eq(users.id, payment.buyerId));
  const numbers = [...new Set(lines.map((l) => l.orderNumber))];
  const metadata = { checkout_id: payment.checkoutId, order_numbers: numbers.join(",") };
  const back = `${origin}/payments/card/${payment.checkoutId}`;
  return {
    mode: "payment",
    currency: "vnd",
    locale: "vi",
    client_reference_id: payment.checkoutId,
    ...(buyer?.email ? { customer_email: buyer.email } : {}),
    allowed_payment_method_types: ["card"],
    line_items: lines.map((l) => ({
      quantity: 1,
      price_data: {
        currency: "vnd",
        // Whole đồng: VND has no minor unit.
        unit_amount: l.lineTotalVnd,
        product_data: {
          name: `${l.title} — ${formatQuantity(parseQuantity(l.quantity), "vi")} ${i18nFor("vi").t(`units.${l.unit}`)}`,
          description: `${l.farmName} · ${l.orderNumber}`,
        },
      },
    })),
    metadata,
    payment_intent_data: { metadata, description: `Nông Sản Số ${numbers.join(", ")}` },
    expires_at: sessionExpiry(payment.expiresAt),
    success_url: `${back}?return=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${back}?return=cancel`,
  };
}

/** The hold's end, or Stripe's shortest allowed life from now when the hold is nearly over. */
function sessionExpiry(holdEnd: Date): number {
  return Math.floor(Math.max(holdEnd.getTime(), Date.now() + MIN_SESSION_MINUTES * 60_000) / 1000);
}

async function createSession(payment: CardPayment, origin: string): Promise<Stripe.Checkout.Session> {
  let request = await sessionRequestFor(payment, origin);
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe().checkout.sessions.create(request.params, { idempotencyKey: request.key });
  } catch (error) {
    // A retry long after the first attempt: its expires_at is now too soon.
    // Stripe keeps nothing for a request that fails validation, so no session
    // exists under the old key; a new key with a new time is safe.
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || error.param !== "expires_at") throw error;
    const attempt = Number(request.key.match(/-(\d+)$/)?.[1] ?? 1) + 1;
    request = {
      key: `checkout-session-${payment.checkoutId}-${attempt}`,
      params: { ...request.params, expires_at: sessionExpiry(new Date(0)) },
    };
    await db().update(cardPayments).set({ sessionRequest: request, updatedAt: new Date() }).where(eq(cardPayments.checkoutId, payment.checkoutId));
    session = await stripe().checkout.sessions.create(request.params, { idempotencyKey: request.key });
  }
  if (session.amount_total !== null && session.amount_total !== payment.amountVnd) {
    throw new Error(`Stripe session ${session.id} totals ${session.amount_total}, the orders ${payment.amountVnd}`);
  }
  const expiresAt = new Date(session.expires_at * 1000);
  const stored = await db().transaction(async (tx) => {
    const opened = await tx
      .update(cardPayments)
      .set({ status: "open", stripeSessionId: session.id, sessionUrl: session.url, expiresAt, updatedAt: new Date() })
      .where(and(eq(cardPayments.checkoutId, payment.checkoutId), eq(cardPayments.status, "creating")))
      .returning({ checkoutId: cardPayments.checkoutId });
    if (opened.length) {
      await tx.update(orders).set({ expiresAt }).where(and(eq(orders.checkoutId, payment.checkoutId), eq(orders.status, "awaiting_payment")));
      return true;
    }
    // Closed while Stripe was asked (the buyer cancelled, the hold ran out), or opened by a call
    // like this one with the same request. Closed: the session's id is kept, so that a payment of
    // it is still matched (and refunded, as paid after expiry) rather than only listed.
    const [now] = await tx
      .update(cardPayments)
      .set({ stripeSessionId: sql`coalesce(${cardPayments.stripeSessionId}, ${session.id})`, updatedAt: new Date() })
      .where(eq(cardPayments.checkoutId, payment.checkoutId))
      .returning({ status: cardPayments.status, stripeSessionId: cardPayments.stripeSessionId });
    return now?.status === "open" && now.stripeSessionId === session.id;
  });
  if (!stored) {
    // Nobody may pay a checkout that is closed: its session is closed at Stripe too.
    if (session.status === "open") await stripe().checkout.sessions.expire(session.id).catch((error: Error) => log.error(`card payment ${payment.checkoutId}: ${error.message}`));
    throw new CheckoutClosed();
  }
  return session;
}

/** The checkout closed while its session was being made. */
class CheckoutClosed extends Error {}

/** What applying an event did: its recorded outcome, and the notifications to email and card refunds to send, queued in its transaction. */
type Effect = { outcome: string; notified: number[]; refunds?: number[] };

/** What an event or Stripe's answer says of a session, to check against what was asked. */
type SessionFacts = { sessionId: string; amountTotal: number | null; currency: string | null; paymentIntentId: string | null; eventId: string | null };

function sessionFacts(session: Stripe.Checkout.Session, eventId: string | null): SessionFacts {
  return { sessionId: session.id, amountTotal: session.amount_total, currency: session.currency, paymentIntentId: intentId(session.payment_intent), eventId };
}

/** The card payment of a checkout, locked: events and the job for one checkout take turns. */
async function lockPayment(tx: Executor, checkoutId: string): Promise<CardPayment | undefined> {
  const [payment] = await tx.select().from(cardPayments).where(eq(cardPayments.checkoutId, checkoutId)).for("update");
  return payment;
}

/** Why the session does not match what was asked (null when it does); amount and currency only when money moved. */
function mismatchOf(payment: CardPayment, facts: SessionFacts, paid: boolean): string | null {
  // No session recorded: Stripe's answer never reached us, so no buyer had its page; the job asks Stripe with the stored request.
  if (facts.sessionId !== payment.stripeSessionId) return payment.stripeSessionId ? "another session" : "no session recorded yet";
  if (!paid) return null;
  if ((facts.currency ?? "").toLowerCase() !== "vnd") return `currency ${facts.currency ?? "none"}`;
  if (facts.amountTotal !== payment.amountVnd) return `amount ${facts.amountTotal ?? "none"} for ${payment.amountVnd} asked`;
  return null;
}

/** Recorded for operators, never applied. */
async function recordMismatch(tx: Executor, checkoutId: string, facts: SessionFacts, detail: string): Promise<Effect> {
  await tx.insert(paymentIssues).values({
    kind: "mismatch",
    checkoutId,
    stripeEventId: facts.eventId,
    stripeObjectId: facts.sessionId,
    amountVnd: facts.amountTotal,
    currency: facts.currency,
    detail,
  });
  return { outcome: `mismatch: ${detail}`, notified: await notifyOperators(tx, "payment_issue", null) };
}

/** The session was paid: its orders go to their farms. */
async function sessionPaid(tx: Executor, checkoutId: string, facts: SessionFacts): Promise<Effect> {
  const payment = await lockPayment(tx, checkoutId);
  if (!payment) return { outcome: "ignored: unknown checkout", notified: [] };
  const mismatch = mismatchOf(payment, facts, true);
  if (mismatch) return recordMismatch(tx, checkoutId, facts, mismatch);
  if (payment.status === "paid") return { outcome: "ignored: already paid", notified: [] };
  if (payment.status === "expired") return paidAfterExpiry(tx, payment, facts.paymentIntentId);
  await tx
    .update(cardPayments)
    .set({ status: "paid", paymentIntentId: facts.paymentIntentId, updatedAt: new Date() })
    .where(eq(cardPayments.checkoutId, checkoutId));
  const notified: number[] = [];
  for (const order of await lockOrders(tx, eq(orders.checkoutId, checkoutId))) {
    if (order.status !== "awaiting_payment") continue;
    notified.push(...(await applyMove(tx, order, "pay", null)).notified);
    // Stripe's word, not a person's: on the trail as the system's move.
    await audit(tx, null, { action: "order.pay", subject: { type: "order", id: order.id }, farmId: order.farmId, before: { status: order.status }, after: { status: "placed" } });
  }
  return { outcome: "applied", notified };
}

/**
 * Stripe took the money after the orders had expired (their stock back, the
 * lines in the cart) or the buyer cancelled them. If every line of expired
 * orders can still be had at the price paid, the
 * orders come back to life, paid, with their stock taken again and the lines
 * taken out of the cart (so they are not bought twice); otherwise each order
 * is marked paid and refunded in full at once. Operators are told either way.
 */
async function paidAfterExpiry(tx: Executor, payment: CardPayment, paymentIntentId: string | null): Promise<Effect> {
  // Expired, or cancelled by the buyer (who is then refunded, never revived into an order they gave up).
  const expired = (await lockOrders(tx, eq(orders.checkoutId, payment.checkoutId))).filter(
    (o) => (o.status === "expired" || o.status === "cancelled") && o.paymentStatus === "unpaid",
  );
  const revived =
    expired.every((o) => o.status === "expired") &&
    (await retakeStockOfExpired(
      tx,
      expired.map((o) => o.id),
    ));
  await tx
    .update(cardPayments)
    .set({ status: "paid", paymentIntentId, lateOutcome: revived ? "revived" : "refunded", updatedAt: new Date() })
    .where(eq(cardPayments.checkoutId, payment.checkoutId));
  const notified: number[] = [];
  const refundIds: number[] = [];
  for (const order of expired) {
    await tx
      .update(orders)
      .set({ paymentStatus: "paid", ...(revived ? { status: "placed" as const, expiresAt: null } : {}), updatedAt: new Date() })
      .where(eq(orders.id, order.id));
    await tx.insert(orderEvents).values([
      { orderId: order.id, actorId: null, kind: "paid_after_expiry" },
      ...(revived ? [{ orderId: order.id, actorId: null, kind: "status", fromStatus: "expired" as const, toStatus: "placed" as const }] : []),
    ]);
    if (revived) {
      const rows = await tx
        .insert(notifications)
        .values([
          { userId: order.farmOwner, kind: "order_placed", orderId: order.id },
          { userId: order.buyerId, kind: "order_paid", orderId: order.id },
        ])
        .returning({ id: notifications.id });
      notified.push(...rows.map((r) => r.id));
      // Live again: the farm hears of it for the first time, a company that heard "expired" hears "placed" (decision 045).
      await recordOrderEvents(tx, [order.id], "placed");
    } else {
      const refund = await requestRefund(tx, order, null);
      if (refund.sendToStripe !== null) refundIds.push(refund.sendToStripe);
      notified.push(...refund.notified);
    }
    notified.push(...(await notifyOperators(tx, "paid_after_expiry", order.id)));
  }
  if (revived) {
    // The expiry put these lines back in the cart for another try; they are bought now.
    const items = await tx
      .select({ listingId: orderItems.listingId })
      .from(orderItems)
      .where(
        inArray(
          orderItems.orderId,
          expired.map((o) => o.id),
        ),
      );
    await tx.delete(cartItems).where(
      and(
        eq(cartItems.userId, payment.buyerId),
        inArray(
          cartItems.listingId,
          items.map((i) => i.listingId),
        ),
      ),
    );
  }
  return { outcome: revived ? "applied: paid after expiry, orders revived" : "applied: paid after expiry, refunded", notified, refunds: refundIds };
}

/** The session expired unpaid: its orders expire, their stock goes back once, and the lines return to the cart. */
async function sessionExpired(tx: Executor, checkoutId: string, facts: SessionFacts): Promise<Effect> {
  const payment = await lockPayment(tx, checkoutId);
  if (!payment) return { outcome: "ignored: unknown checkout", notified: [] };
  const mismatch = mismatchOf(payment, facts, false);
  if (mismatch) return recordMismatch(tx, checkoutId, facts, mismatch);
  if (payment.status === "paid" || payment.status === "expired") return { outcome: `ignored: already ${payment.status}`, notified: [] };
  await tx.update(cardPayments).set({ status: "expired", updatedAt: new Date() }).where(eq(cardPayments.checkoutId, checkoutId));
  const notified: number[] = [];
  for (const order of await lockOrders(tx, eq(orders.checkoutId, checkoutId))) {
    if (order.status !== "awaiting_payment") continue;
    notified.push(...(await applyMove(tx, order, "expire", null)).notified);
    await audit(tx, null, { action: "order.expire", subject: { type: "order", id: order.id }, farmId: order.farmId, before: { status: order.status }, after: { status: "expired" } });
  }
  // So the buyer can try again: what they were buying goes back in the cart (unless already there).
  const items = await tx
    .select({ listingId: orderItems.listingId, quantity: orderItems.quantity, unitPriceVnd: orderItems.unitPriceVnd })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(eq(orders.checkoutId, checkoutId));
  if (items.length) {
    await tx
      .insert(cartItems)
      .values(items.map((i) => ({ userId: payment.buyerId, listingId: i.listingId, quantity: i.quantity, seenPriceVnd: i.unitPriceVnd })))
      .onConflictDoNothing();
  }
  return { outcome: "applied", notified };
}

/** A declined card: a fact for the timeline; the buyer may try again on the same session. */
async function paymentFailed(tx: Executor, checkoutId: string, at: Date): Promise<Effect> {
  const ids = await tx.select({ id: orders.id }).from(orders).where(eq(orders.checkoutId, checkoutId));
  if (!ids.length) return { outcome: "ignored: unknown checkout", notified: [] };
  await tx.insert(orderEvents).values(ids.map(({ id }) => ({ orderId: id, actorId: null, kind: "payment_failed", createdAt: at })));
  return { outcome: "applied", notified: [] };
}

function checkoutIdOf(object: { metadata?: Stripe.Metadata | null; client_reference_id?: string | null }): string | null {
  const id = object.metadata?.checkout_id ?? object.client_reference_id ?? null;
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

function intentId(value: string | { id: string } | null): string | null {
  return typeof value === "string" ? value : (value?.id ?? null);
}

/**
 * Applies one verified Stripe event, once. Returns the outcome recorded for
 * it ("duplicate" when it was seen before).
 */
export async function applyStripeEvent(event: Stripe.Event): Promise<string> {
  // A refund is settled on Stripe's word about that refund: ask Stripe for
  // the payment's refunds, ours and any made in its dashboard (HTTP, so
  // before the transaction; a failure here is a 500 and Stripe delivers the
  // event again).
  const refundStates = event.type === "charge.refunded" ? await refundStatesOf(intentId(event.data.object.payment_intent)) : [];
  const outcome = await db().transaction(async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, outcome: "pending" })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    // A concurrent delivery of the same event waits on the key above, then finds it.
    if (!fresh) return "duplicate";
    const effect = await effectOf(tx, event, refundStates);
    await tx.update(stripeEvents).set({ outcome: effect.outcome }).where(eq(stripeEvents.id, event.id));
    await enqueueEffects(tx, effect);
    return effect.outcome;
  });
  return outcome;
}

async function effectOf(tx: Executor, event: Stripe.Event, refundStates: StripeRefundState[]): Promise<Effect> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      const checkoutId = checkoutIdOf(session);
      if (!checkoutId) return { outcome: "ignored: not ours", notified: [] };
      if (session.payment_status !== "paid") return { outcome: "ignored: not paid yet", notified: [] };
      return sessionPaid(tx, checkoutId, sessionFacts(session, event.id));
    }
    case "checkout.session.expired": {
      const checkoutId = checkoutIdOf(event.data.object);
      return checkoutId ? sessionExpired(tx, checkoutId, sessionFacts(event.data.object, event.id)) : { outcome: "ignored: not ours", notified: [] };
    }
    case "payment_intent.payment_failed": {
      const checkoutId = checkoutIdOf(event.data.object);
      return checkoutId ? paymentFailed(tx, checkoutId, new Date(event.created * 1000)) : { outcome: "ignored: not ours", notified: [] };
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const pi = intentId(charge.payment_intent);
      // Locked: two deliveries about one payment match its dashboard refunds in turn.
      const [payment] = pi
        ? await tx.select({ checkoutId: cardPayments.checkoutId }).from(cardPayments).where(eq(cardPayments.paymentIntentId, pi)).for("update")
        : [];
      if (!payment) return { outcome: "ignored: not ours", notified: [] };
      // The total refunded only grows: keep the largest seen, whatever order the events come in.
      await tx
        .update(cardPayments)
        .set({ amountRefundedVnd: sql`greatest(${cardPayments.amountRefundedVnd}, ${charge.amount_refunded})`, updatedAt: new Date() })
        .where(eq(cardPayments.checkoutId, payment.checkoutId));
      const notified = await applyRefundStates(tx, refundStates);
      notified.push(...(await matchDashboardRefunds(tx, payment.checkoutId, refundStates, event.id)));
      return { outcome: "applied", notified };
    }
    default:
      return { outcome: "ignored: not handled", notified: [] };
  }
}

async function settleFromStripe(payment: CardPayment, origin: string): Promise<boolean> {
  let session = payment.stripeSessionId
    ? await stripe().checkout.sessions.retrieve(payment.stripeSessionId)
    : // No session recorded: Stripe may have made it without our hearing back; the stored request finds it.
      await createSession(payment, origin);
  if (session.status === "open") session = await stripe().checkout.sessions.expire(session.id);
  const effect: Effect = await db().transaction(async (tx) => {
    const effect: Effect =
      session.status === "complete" && session.payment_status === "paid"
        ? await sessionPaid(tx, payment.checkoutId, sessionFacts(session, null))
        : session.status === "expired"
          ? await sessionExpired(tx, payment.checkoutId, sessionFacts(session, null))
          : { outcome: "open", notified: [] };
    await enqueueEffects(tx, effect);
    return effect;
  });
  return effect.outcome.startsWith("applied");
}

/**
 * The job's backstop for webhooks that never came: card payments past their
 * time (plus a grace for the webhook) are settled by asking Stripe. A session
 * still open is expired at Stripe first, so it cannot be paid after its
 * stock went back. Returns how many were settled.
 */
export async function reconcileCardPayments(origin: string, now = new Date(), graceMs = 2 * 60_000): Promise<number> {
  const due = await db()
    .select()
    .from(cardPayments)
    .where(and(inArray(cardPayments.status, ["creating", "open"]), lt(cardPayments.expiresAt, new Date(now.getTime() - graceMs))))
    .orderBy(asc(cardPayments.expiresAt))
    .limit(50);
  let settled = 0;
  for (const payment of due) {
    try {
      if (await settleFromStripe(payment, origin)) settled++;
    } catch (error) {
      // One payment Stripe will not answer for does not hold up the others.
      log.error(`card payment ${payment.checkoutId}: ${(error as Error).message}`);
    }
  }
  return settled;
}

export type LatePaidCheckout = {
  checkoutId: string;
  outcome: "revived" | "refunded";
  amountVnd: number;
  updatedAt: Date;
  orders: { id: number; number: string; paymentStatus: string }[];
};

/** Checkouts paid after they expired, newest first, with what became of their orders: for the operators' workspace. */
export async function latePaidCheckouts(): Promise<LatePaidCheckout[]> {
  const rows = await db()
    .select({
      checkoutId: cardPayments.checkoutId,
      outcome: cardPayments.lateOutcome,
      amountVnd: cardPayments.amountVnd,
      updatedAt: cardPayments.updatedAt,
      orderId: orders.id,
      orderNumber: orders.number,
      paymentStatus: orders.paymentStatus,
    })
    .from(cardPayments)
    .innerJoin(orders, eq(orders.checkoutId, cardPayments.checkoutId))
    .where(isNotNull(cardPayments.lateOutcome))
    .orderBy(desc(cardPayments.updatedAt), asc(orders.id))
    .limit(200);
  const byCheckout = new Map<string, LatePaidCheckout>();
  for (const r of rows) {
    const entry = byCheckout.get(r.checkoutId) ?? { checkoutId: r.checkoutId, outcome: r.outcome!, amountVnd: r.amountVnd, updatedAt: r.updatedAt, orders: [] };
    entry.orders.push({ id: r.orderId, number: r.orderNumber, paymentStatus: r.paymentStatus });
    byCheckout.set(r.checkoutId, entry);
  }
  return [...byCheckout.values()];
}

export type CancelResult = { ok: true } | { ok: false; reason: "not_found" | "closed" | "paid" | "unreachable" };

/**
 * The buyer gives up a card checkout still awaiting payment: its session is
 * expired at Stripe first (so it cannot be paid afterwards), then its orders
 * are cancelled and their stock goes back, once. A session Stripe says was
 * paid meanwhile is left to its webhook. Stripe's expiry event that follows
 * finds the payment closed and changes nothing.
 */
export async function cancelCardPayment(checkoutId: string, buyerId: number, origin: string): Promise<CancelResult> {
  const payment = await cardPaymentOf(checkoutId, buyerId);
  if (!payment) return { ok: false, reason: "not_found" };
  if (payment.status !== "creating" && payment.status !== "open") return { ok: false, reason: "closed" };
  let expiredId: string | null = null;
  try {
    // A request stored but no session recorded: Stripe may have made it; the same idempotency key finds it.
    let session = payment.stripeSessionId
      ? await stripe().checkout.sessions.retrieve(payment.stripeSessionId)
      : payment.sessionRequest
        ? await createSession(payment, origin)
        : null;
    if (session?.status === "open") {
      session = await stripe()
        .checkout.sessions.expire(session.id)
        // Paid a moment ago: Stripe refuses to expire it; ask what it is now.
        .catch(() => stripe().checkout.sessions.retrieve(session!.id));
    }
    if (session?.status === "complete") return { ok: false, reason: "paid" };
    if (session && session.status !== "expired") return { ok: false, reason: "unreachable" };
    expiredId = session?.id ?? null;
  } catch (error) {
    if (error instanceof CheckoutClosed) return { ok: false, reason: "closed" };
    log.error(`card payment ${checkoutId}: ${(error as Error).message}`);
    return { ok: false, reason: "unreachable" };
  }
  const closed = await db().transaction(async (tx) => {
    const locked = await lockPayment(tx, checkoutId);
    if (!locked || (locked.status !== "creating" && locked.status !== "open")) return { ok: false as const, reason: "closed" as const };
    // A session made since it was looked at (the buyer pressed pay in another tab): closed below, after commit.
    const madeSince = locked.stripeSessionId && locked.stripeSessionId !== expiredId ? locked.stripeSessionId : null;
    await tx.update(cardPayments).set({ status: "expired", updatedAt: new Date() }).where(eq(cardPayments.checkoutId, checkoutId));
    for (const order of await lockOrders(tx, eq(orders.checkoutId, checkoutId))) {
      if (order.status !== "awaiting_payment") continue;
      // The farm never heard of it; the buyer is the one cancelling: nobody to tell.
      await tx.update(orders).set({ status: "cancelled", expiresAt: null, updatedAt: new Date() }).where(eq(orders.id, order.id));
      await returnStock(tx, order.id);
      await tx.insert(orderEvents).values({ orderId: order.id, actorId: buyerId, kind: "status", fromStatus: "awaiting_payment", toStatus: "cancelled" });
      // A company's procurement system hears it (decision 045); the farm never saw the order.
      await recordOrderEvents(tx, [order.id], "cancelled", { farmSaw: false });
    }
    return { ok: true as const, madeSince };
  });
  // Paid before Stripe closes it, it is a payment after expiry: refunded, as the orders are cancelled.
  if (closed.ok && closed.madeSince) await stripe().checkout.sessions.expire(closed.madeSince).catch((error: Error) => log.error(`card payment ${checkoutId}: ${error.message}`));
  return closed.ok ? { ok: true } : closed;
}
