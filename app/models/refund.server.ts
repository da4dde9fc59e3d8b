/**
 * Refunds. The decision (order declined, cancelled, or refunded by an
 * operator) and the refund row commit together; a card refund is then sent
 * to Stripe with the idempotency key `refund-<id>`, so a retry after a lost
 * answer cannot refund twice. A refund is settled only on Stripe's word about
 * that very refund (by its id): in its answer, or when a charge.refunded
 * webhook or the job asks Stripe about the refunds still pending. Settling
 * marks the order refunded and reverses the farm's ledger credit, once. A
 * refund Stripe fails is marked failed; an operator may then refund again.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lt, ne } from "drizzle-orm";
import type Stripe from "stripe";
import { db, type Executor } from "../../db/client";
import { cardPayments, notifications, orderEvents, orders, refunds } from "../../db/schema";
import { stripe } from "~/payments/stripe.server";
import { reverseOrder } from "./ledger.server";
import type { PaymentMethod } from "./order.server";
import { emailLater } from "./notification.server";

type RefundableOrder = { id: number; totalVnd: number; paymentMethod: PaymentMethod };

/**
 * Records a full refund of a paid order in the caller's transaction. Money
 * sent back by hand (with its bank reference) is settled at once, and its
 * notifications are returned for emailing after commit; a card refund's id
 * is returned for sending to Stripe after commit.
 */
export async function requestRefund(
  tx: Executor,
  order: RefundableOrder,
  actorId: number | null,
  reference?: string,
): Promise<{ sendToStripe: number | null; notified: number[] }> {
  const [refund] = await tx
    .insert(refunds)
    .values({ orderId: order.id, amountVnd: order.totalVnd, requestedBy: actorId, reference: reference ?? null })
    .onConflictDoNothing()
    .returning({ id: refunds.id });
  if (!refund) return { sendToStripe: null, notified: [] };
  await tx.insert(orderEvents).values({ orderId: order.id, actorId, kind: "refund_requested" });
  if (order.paymentMethod !== "card") return { sendToStripe: null, notified: await settle(tx, [refund.id], "succeeded") };
  return { sendToStripe: refund.id, notified: [] };
}

/**
 * Moves pending refunds to their outcome. Succeeded: the order says
 * refunded and the farm's credit is reversed. Failed: the timeline says so
 * and the order stays paid, for an operator to refund again. Returns
 * notifications to email.
 */
async function settle(tx: Executor, refundIds: number[], outcome: "succeeded" | "failed", failure?: string): Promise<number[]> {
  if (!refundIds.length) return [];
  const done = await tx
    .update(refunds)
    .set({ status: outcome, failure: failure ?? null, updatedAt: new Date() })
    .where(and(inArray(refunds.id, refundIds), eq(refunds.status, "pending")))
    .returning({ orderId: refunds.orderId });
  const notified: number[] = [];
  for (const { orderId } of done) {
    if (outcome === "failed") {
      await tx.insert(orderEvents).values({ orderId, actorId: null, kind: "refund_failed" });
      continue;
    }
    const [order] = await tx
      .update(orders)
      .set({ paymentStatus: "refunded", updatedAt: new Date() })
      .where(and(eq(orders.id, orderId), eq(orders.paymentStatus, "paid")))
      .returning({ buyerId: orders.buyerId });
    if (!order) continue;
    await reverseOrder(tx, orderId);
    await tx.insert(orderEvents).values({ orderId, actorId: null, kind: "refunded" });
    const rows = await tx.insert(notifications).values({ userId: order.buyerId, kind: "order_refunded", orderId }).returning({ id: notifications.id });
    notified.push(...rows.map((r) => r.id));
  }
  return notified;
}

export type StripeRefundState = { stripeRefundId: string; status: string | null; failure: string | null };

/** Applies what Stripe says of each refund (by its id) to our pending ones. */
export async function applyRefundStates(tx: Executor, states: StripeRefundState[]): Promise<number[]> {
  const notified: number[] = [];
  for (const state of states) {
    const outcome = state.status === "succeeded" ? "succeeded" : state.status === "failed" || state.status === "canceled" ? "failed" : null;
    if (!outcome) continue;
    const rows = await tx
      .select({ id: refunds.id })
      .from(refunds)
      .where(and(eq(refunds.stripeRefundId, state.stripeRefundId), eq(refunds.status, "pending")));
    notified.push(...(await settle(tx, rows.map((r) => r.id), outcome, state.failure ?? state.status ?? undefined)));
  }
  return notified;
}

function stateOf(refund: Stripe.Refund): StripeRefundState {
  return { stripeRefundId: refund.id, status: refund.status, failure: refund.failure_reason ?? null };
}

/** What Stripe says now of one of its refunds. */
async function askStripe(stripeRefundId: string): Promise<StripeRefundState> {
  return stateOf(await stripe().refunds.retrieve(stripeRefundId));
}

/**
 * Asks Stripe about the refunds of a payment that are still pending. Made
 * outside any transaction (it is HTTP); what it returns is applied inside one.
 */
export async function pendingRefundStates(paymentIntentId: string | null): Promise<StripeRefundState[]> {
  if (!paymentIntentId) return [];
  const pending = await db()
    .select({ stripeRefundId: refunds.stripeRefundId })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .innerJoin(cardPayments, eq(cardPayments.checkoutId, orders.checkoutId))
    .where(and(eq(cardPayments.paymentIntentId, paymentIntentId), eq(refunds.status, "pending"), isNotNull(refunds.stripeRefundId)));
  return Promise.all(pending.map((r) => askStripe(r.stripeRefundId!)));
}

/**
 * Sends a pending card refund to Stripe. Safe to call again: the idempotency
 * key makes Stripe answer a repeat with the first refund.
 */
async function sendRefund(refundId: number): Promise<void> {
  const [row] = await db()
    .select({ id: refunds.id, status: refunds.status, amountVnd: refunds.amountVnd, orderId: refunds.orderId, paymentIntentId: cardPayments.paymentIntentId })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .innerJoin(cardPayments, eq(cardPayments.checkoutId, orders.checkoutId))
    .where(eq(refunds.id, refundId));
  if (!row || row.status !== "pending" || !row.paymentIntentId) return;
  const refund = await stripe().refunds.create(
    {
      payment_intent: row.paymentIntentId,
      amount: row.amountVnd,
      reason: "requested_by_customer",
      metadata: { refund_id: String(row.id), order_id: String(row.orderId) },
    },
    { idempotencyKey: `refund-${row.id}` },
  );
  const notified = await db().transaction(async (tx) => {
    await tx.update(refunds).set({ stripeRefundId: refund.id, updatedAt: new Date() }).where(eq(refunds.id, row.id));
    return applyRefundStates(tx, [stateOf(refund)]);
  });
  emailLater(notified);
}

export function sendRefundLater(refundId: number): void {
  sendRefund(refundId).catch((error: Error) => console.error(`refund ${refundId}: ${error.message} (the payments job will retry)`));
}

/**
 * The job's sweep: card refunds Stripe has not taken yet (its answer was
 * lost, or it was down) are sent again; those it took but has not settled
 * for a while are asked about (a webhook may have been lost). One failing
 * refund does not stop the others. Returns how many were looked at.
 */
export async function sweepRefunds(now = new Date()): Promise<number> {
  const unsent = await db()
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.status, "pending"), isNull(refunds.stripeRefundId), lt(refunds.createdAt, new Date(now.getTime() - 30_000))))
    .orderBy(asc(refunds.id))
    .limit(100);
  for (const { id } of unsent) await sendRefund(id).catch((error: Error) => console.error(`refund ${id}: ${error.message}`));

  const unsettled = await db()
    .select({ id: refunds.id, stripeRefundId: refunds.stripeRefundId })
    .from(refunds)
    .where(and(eq(refunds.status, "pending"), isNotNull(refunds.stripeRefundId), lt(refunds.updatedAt, new Date(now.getTime() - 10 * 60_000))))
    .orderBy(asc(refunds.id))
    .limit(100);
  for (const r of unsettled) {
    try {
      const state = await askStripe(r.stripeRefundId!);
      emailLater(await db().transaction((tx) => applyRefundStates(tx, [state])));
    } catch (error) {
      console.error(`refund ${r.id}: ${(error as Error).message}`);
    }
  }
  return unsent.length + unsettled.length;
}

/** A refund of the order that is pending or went through (not a failed one). */
export async function activeRefundOf(orderId: number, executor: Executor = db()) {
  const [row] = await executor
    .select({ id: refunds.id, status: refunds.status })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), ne(refunds.status, "failed")));
  return row ?? null;
}

export type OperatorRefundResult = { ok: true } | { ok: false; reason: "not_found" | "not_allowed" | "reference_required" };

/**
 * An operator refunds a paid order: a completed one (a complaint after
 * delivery), or a declined or cancelled one whose refund failed. By card
 * through Stripe; otherwise the money was sent back by bank transfer and the
 * operator gives its reference. The farm's credit is reversed when the
 * refund has gone through.
 */
/** Whether an operator may refund an order (refundPaidOrder): paid, and ended. One refund at a time is checked apart. */
export function mayBeRefunded(order: { status: string; paymentStatus: string; paymentMethod: string }): boolean {
  // Cash on delivery went to the farm, not the platform: there is nothing here to send back.
  return ["completed", "declined", "cancelled"].includes(order.status) && order.paymentStatus === "paid" && order.paymentMethod !== "cod";
}

export async function refundPaidOrder(orderId: number, operatorId: number, reference?: string): Promise<OperatorRefundResult> {
  let after: { sendToStripe: number | null; notified: number[] } = { sendToStripe: null, notified: [] };
  const result = await db().transaction(async (tx) => {
    const [order] = await tx
      .select({ id: orders.id, status: orders.status, paymentStatus: orders.paymentStatus, paymentMethod: orders.paymentMethod, totalVnd: orders.totalVnd })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for("update");
    if (!order) return { ok: false as const, reason: "not_found" as const };
    if (!mayBeRefunded(order)) return { ok: false as const, reason: "not_allowed" as const };
    if (order.paymentMethod !== "card" && !reference) return { ok: false as const, reason: "reference_required" as const };
    // Under the order's lock: a refund already asked for (and not failed) is not asked for again.
    if (await activeRefundOf(orderId, tx)) return { ok: false as const, reason: "not_allowed" as const };
    after = await requestRefund(tx, order, operatorId, order.paymentMethod === "card" ? undefined : reference);
    return { ok: true as const };
  });
  emailLater(after.notified);
  if (after.sendToStripe !== null) sendRefundLater(after.sendToStripe);
  return result;
}
