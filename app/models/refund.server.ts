/**
 * Refunds. The decision (order declined, cancelled, or refunded by an
 * operator) and the refund row commit together; a card refund is then sent
 * to Stripe with the idempotency key `refund-<id>`, so a retry after a lost
 * answer cannot refund twice. A refund becomes "succeeded" when Stripe says
 * so, in its answer or in a charge.refunded webhook, whichever comes first;
 * the order's payment status and timeline follow once.
 */
import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { cardPayments, notifications, orderEvents, orders, refunds } from "../../db/schema";
import { stripe } from "~/payments/stripe.server";
import { reverseOrder } from "./ledger.server";
import { emailLater } from "./notification.server";

type RefundableOrder = { id: number; totalVnd: number; paymentMethod: "cod" | "bank_transfer" | "card"; buyerId: number };

/** Records a full refund of a paid order (in the caller's transaction) and reverses its ledger credit. */
export async function requestRefund(tx: Executor, order: RefundableOrder, actorId: number | null, reference?: string): Promise<number | null> {
  const manual = order.paymentMethod !== "card";
  const [refund] = await tx
    .insert(refunds)
    .values({
      orderId: order.id,
      amountVnd: order.totalVnd,
      requestedBy: actorId,
      // Money sent back by hand is recorded when it has gone, with its bank reference.
      status: manual ? "succeeded" : "pending",
      reference: reference ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: refunds.id });
  if (!refund) return null;
  await reverseOrder(tx, order.id);
  await tx.insert(orderEvents).values({ orderId: order.id, actorId, kind: "refund_requested" });
  if (manual) {
    await settleRefund(tx, order.id);
    return null;
  }
  return refund.id;
}

/** The refund went through: the order says refunded, once. Returns notifications to email. */
async function settleRefund(tx: Executor, orderId: number): Promise<number[]> {
  const [order] = await tx
    .update(orders)
    .set({ paymentStatus: "refunded", updatedAt: new Date() })
    .where(and(eq(orders.id, orderId), eq(orders.paymentStatus, "paid")))
    .returning({ buyerId: orders.buyerId });
  if (!order) return [];
  await tx.insert(orderEvents).values({ orderId, actorId: null, kind: "refunded" });
  const rows = await tx.insert(notifications).values({ userId: order.buyerId, kind: "order_refunded", orderId }).returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

/** Marks refunds succeeded (pending ones only) and settles their orders. */
export async function refundsSucceeded(tx: Executor, refundIds: number[]): Promise<number[]> {
  const notified: number[] = [];
  for (const id of refundIds) {
    const [done] = await tx
      .update(refunds)
      .set({ status: "succeeded", updatedAt: new Date() })
      .where(and(eq(refunds.id, id), eq(refunds.status, "pending")))
      .returning({ orderId: refunds.orderId });
    if (done) notified.push(...(await settleRefund(tx, done.orderId)));
  }
  return notified;
}

/**
 * charge.refunded says how much of a checkout's charge has gone back in all.
 * That amount only grows, so taking the largest seen and settling the oldest
 * pending refunds it covers gives the same state whatever order the events
 * come in, however often.
 */
export async function applyChargeRefunded(tx: Executor, checkoutId: string, amountRefundedVnd: number): Promise<number[]> {
  await tx
    .update(cardPayments)
    .set({ amountRefundedVnd: sql`greatest(${cardPayments.amountRefundedVnd}, ${amountRefundedVnd})`, updatedAt: new Date() })
    .where(eq(cardPayments.checkoutId, checkoutId));
  const rows = await tx
    .select({ id: refunds.id, status: refunds.status, amountVnd: refunds.amountVnd })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(and(eq(orders.checkoutId, checkoutId), sql`${refunds.status} <> 'failed'`))
    .orderBy(asc(refunds.id));
  let covered = 0;
  const settled: number[] = [];
  for (const r of rows) {
    covered += r.amountVnd;
    if (covered > amountRefundedVnd) break;
    if (r.status === "pending") settled.push(r.id);
  }
  return refundsSucceeded(tx, settled);
}

/**
 * Sends a pending card refund to Stripe. Safe to call again: the idempotency
 * key makes Stripe answer a repeat with the first refund.
 */
export async function sendRefund(refundId: number): Promise<void> {
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
  let notified: number[] = [];
  await db().transaction(async (tx) => {
    await tx.update(refunds).set({ stripeRefundId: refund.id, updatedAt: new Date() }).where(eq(refunds.id, row.id));
    if (refund.status === "succeeded") notified = await refundsSucceeded(tx, [row.id]);
    if (refund.status === "failed" || refund.status === "canceled") {
      await tx
        .update(refunds)
        .set({ status: "failed", failure: refund.failure_reason ?? refund.status, updatedAt: new Date() })
        .where(and(eq(refunds.id, row.id), eq(refunds.status, "pending")));
    }
  });
  emailLater(notified);
}

export function sendRefundLater(refundId: number): void {
  sendRefund(refundId).catch((error: Error) => console.error(`refund ${refundId}: ${error.message} (the payments job will retry)`));
}

/** The job's sweep: pending card refunds Stripe has not taken yet (its answer was lost, or it was down). */
export async function sendPendingRefunds(olderThan = new Date(Date.now() - 30_000)): Promise<number> {
  const due = await db()
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.status, "pending"), isNull(refunds.stripeRefundId), lt(refunds.createdAt, olderThan)))
    .orderBy(asc(refunds.id))
    .limit(100);
  for (const { id } of due) await sendRefund(id);
  return due.length;
}

export type OperatorRefundResult = { ok: true } | { ok: false; reason: "not_found" | "not_allowed" | "reference_required" };

/**
 * An operator refunds a completed, paid order (a complaint after delivery):
 * by card through Stripe; otherwise the money was sent back by bank transfer
 * and the operator gives its reference. The farm's credit is reversed.
 */
export async function refundCompletedOrder(orderId: number, operatorId: number, reference?: string): Promise<OperatorRefundResult> {
  let refundId: number | null = null;
  const result = await db().transaction(async (tx) => {
    const [order] = await tx
      .select({ id: orders.id, status: orders.status, paymentStatus: orders.paymentStatus, paymentMethod: orders.paymentMethod, totalVnd: orders.totalVnd, buyerId: orders.buyerId })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for("update");
    if (!order) return { ok: false as const, reason: "not_found" as const };
    if (order.status !== "completed" || order.paymentStatus !== "paid") return { ok: false as const, reason: "not_allowed" as const };
    if (order.paymentMethod !== "card" && !reference) return { ok: false as const, reason: "reference_required" as const };
    // Under the order's lock: a refund already asked for (and not yet through) is not asked for again.
    const [asked] = await tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.orderId, orderId));
    if (asked) return { ok: false as const, reason: "not_allowed" as const };
    refundId = await requestRefund(tx, order, operatorId, order.paymentMethod === "card" ? undefined : reference);
    return { ok: true as const };
  });
  if (refundId !== null) sendRefundLater(refundId);
  return result;
}
