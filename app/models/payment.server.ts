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
 * - each event is recorded once, by its id, in the transaction of its
 *   effect; an event for orders that have moved on is recorded and ignored.
 *   Effects are monotonic (paid and expired are final, refunded amounts only
 *   grow), so duplicates and shuffled deliveries leave the same state.
 */
import { and, asc, eq, lt, or } from "drizzle-orm";
import type Stripe from "stripe";
import { db, type Executor } from "../../db/client";
import { cardPayments, cartItems, farms, orderEvents, orderItems, orders, stripeEvents, users } from "../../db/schema";
import vi from "~/locales/vi";
import { stripe } from "~/payments/stripe.server";
import { formatQuantity } from "~/utils/i18n";
import { applyMove, lockOrders } from "./order.server";
import { emailLater } from "./notification.server";
import { applyChargeRefunded } from "./refund.server";

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
    console.error(`card payment ${checkoutId}: ${(error as Error).message}`);
    return { ok: false, reason: "unreachable" };
  }
}

async function createSession(payment: CardPayment, origin: string): Promise<Stripe.Checkout.Session> {
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
  // Stripe needs 30 minutes at least; a session made late holds the stock a little longer.
  const expiresAt = new Date(Math.max(payment.expiresAt.getTime(), Date.now() + MIN_SESSION_MINUTES * 60_000));
  const metadata = { checkout_id: payment.checkoutId, order_numbers: numbers.join(",") };
  const back = `${origin}/payments/card/${payment.checkoutId}`;

  const session = await stripe().checkout.sessions.create(
    {
      mode: "payment",
      currency: "vnd",
      locale: "vi",
      client_reference_id: payment.checkoutId,
      customer_email: buyer?.email ?? undefined,
      allowed_payment_method_types: ["card"],
      line_items: lines.map((l) => ({
        quantity: 1,
        price_data: {
          currency: "vnd",
          // Whole đồng: VND has no minor unit.
          unit_amount: l.lineTotalVnd,
          product_data: {
            name: `${l.title} — ${formatQuantity(Number(l.quantity), "vi")} ${vi.units[l.unit]}`,
            description: `${l.farmName} · ${l.orderNumber}`,
          },
        },
      })),
      metadata,
      payment_intent_data: { metadata, description: `Nông Sản Số ${numbers.join(", ")}` },
      expires_at: Math.floor(expiresAt.getTime() / 1000),
      success_url: `${back}?return=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${back}?return=cancel`,
    },
    { idempotencyKey: `checkout-session-${payment.checkoutId}` },
  );
  if (session.amount_total !== null && session.amount_total !== payment.amountVnd) {
    throw new Error(`Stripe session ${session.id} totals ${session.amount_total}, the orders ${payment.amountVnd}`);
  }
  await db().transaction(async (tx) => {
    await tx
      .update(cardPayments)
      .set({ status: "open", stripeSessionId: session.id, sessionUrl: session.url, expiresAt, updatedAt: new Date() })
      .where(and(eq(cardPayments.checkoutId, payment.checkoutId), eq(cardPayments.status, "creating")));
    await tx.update(orders).set({ expiresAt }).where(and(eq(orders.checkoutId, payment.checkoutId), eq(orders.status, "awaiting_payment")));
  });
  return session;
}

type Effect = { outcome: string; notified: number[] };

/** The session was paid: its orders go to their farms. */
async function sessionPaid(tx: Executor, checkoutId: string, paymentIntentId: string | null): Promise<Effect> {
  const [payment] = await tx.select().from(cardPayments).where(eq(cardPayments.checkoutId, checkoutId)).for("update");
  if (!payment) return { outcome: "ignored: unknown checkout", notified: [] };
  if (payment.status === "paid") return { outcome: "ignored: already paid", notified: [] };
  if (payment.status === "expired") {
    // Cannot happen in Stripe's order (a session expires unpaid), but if it did, say so loudly.
    console.error(`card payment ${checkoutId}: paid after its orders expired; refund it from the Stripe dashboard`);
    return { outcome: "ignored: orders already expired", notified: [] };
  }
  await tx
    .update(cardPayments)
    .set({ status: "paid", paymentIntentId, updatedAt: new Date() })
    .where(eq(cardPayments.checkoutId, checkoutId));
  const notified: number[] = [];
  for (const order of await lockOrders(tx, eq(orders.checkoutId, checkoutId))) {
    if (order.status === "awaiting_payment") notified.push(...(await applyMove(tx, order, "pay", null)).notified);
  }
  return { outcome: "applied", notified };
}

/** The session expired unpaid: its orders expire, their stock goes back once, and the lines return to the cart. */
async function sessionExpired(tx: Executor, checkoutId: string): Promise<Effect> {
  const [payment] = await tx.select().from(cardPayments).where(eq(cardPayments.checkoutId, checkoutId)).for("update");
  if (!payment) return { outcome: "ignored: unknown checkout", notified: [] };
  if (payment.status === "paid" || payment.status === "expired") return { outcome: `ignored: already ${payment.status}`, notified: [] };
  await tx.update(cardPayments).set({ status: "expired", updatedAt: new Date() }).where(eq(cardPayments.checkoutId, checkoutId));
  const notified: number[] = [];
  for (const order of await lockOrders(tx, eq(orders.checkoutId, checkoutId))) {
    if (order.status !== "awaiting_payment") continue;
    notified.push(...(await applyMove(tx, order, "expire", null)).notified);
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
  let notified: number[] = [];
  const outcome = await db().transaction(async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, outcome: "pending" })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    // A concurrent delivery of the same event waits on the key above, then finds it.
    if (!fresh) return "duplicate";
    const effect = await effectOf(tx, event);
    notified = effect.notified;
    await tx.update(stripeEvents).set({ outcome: effect.outcome }).where(eq(stripeEvents.id, event.id));
    return effect.outcome;
  });
  emailLater(notified);
  return outcome;
}

async function effectOf(tx: Executor, event: Stripe.Event): Promise<Effect> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      const checkoutId = checkoutIdOf(session);
      if (!checkoutId) return { outcome: "ignored: not ours", notified: [] };
      if (session.payment_status !== "paid") return { outcome: "ignored: not paid yet", notified: [] };
      return sessionPaid(tx, checkoutId, intentId(session.payment_intent));
    }
    case "checkout.session.expired": {
      const checkoutId = checkoutIdOf(event.data.object);
      return checkoutId ? sessionExpired(tx, checkoutId) : { outcome: "ignored: not ours", notified: [] };
    }
    case "payment_intent.payment_failed": {
      const checkoutId = checkoutIdOf(event.data.object);
      return checkoutId ? paymentFailed(tx, checkoutId, new Date(event.created * 1000)) : { outcome: "ignored: not ours", notified: [] };
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const pi = intentId(charge.payment_intent);
      const [payment] = pi
        ? await tx.select({ checkoutId: cardPayments.checkoutId }).from(cardPayments).where(eq(cardPayments.paymentIntentId, pi))
        : [];
      const checkoutId = payment?.checkoutId ?? checkoutIdOf(charge);
      if (!checkoutId) return { outcome: "ignored: not ours", notified: [] };
      return { outcome: "applied", notified: await applyChargeRefunded(tx, checkoutId, charge.amount_refunded) };
    }
    default:
      return { outcome: "ignored: not handled", notified: [] };
  }
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
    .where(and(or(eq(cardPayments.status, "creating"), eq(cardPayments.status, "open")), lt(cardPayments.expiresAt, new Date(now.getTime() - graceMs))))
    .orderBy(asc(cardPayments.expiresAt))
    .limit(50);
  let settled = 0;
  for (const payment of due) {
    let session: Stripe.Checkout.Session;
    if (payment.stripeSessionId) {
      session = await stripe().checkout.sessions.retrieve(payment.stripeSessionId);
    } else {
      // No session recorded: Stripe may have made it without our hearing back; the same key finds it.
      session = await createSession(payment, origin);
    }
    if (session.status === "open") session = await stripe().checkout.sessions.expire(session.id);
    let notified: number[] = [];
    await db().transaction(async (tx) => {
      const effect =
        session.status === "complete" && session.payment_status === "paid"
          ? await sessionPaid(tx, payment.checkoutId, intentId(session.payment_intent))
          : session.status === "expired"
            ? await sessionExpired(tx, payment.checkoutId)
            : { outcome: "open", notified: [] };
      notified = effect.notified;
      if (effect.outcome === "applied") settled++;
    });
    emailLater(notified);
  }
  return settled;
}
