/**
 * Refunds. Invariants:
 * - the decision (order declined, cancelled, paid after it expired, or
 *   refunded by an operator, whole or in part) and the refund row commit
 *   together, under the order's lock; the refunds of an order that are not
 *   failed never add up to more than its total;
 * - a card refund is then sent to Stripe, by a job queued in the same
 *   transaction (app/effects.server.ts), with the idempotency key
 *   `refund-<id>`, so a retry after a lost answer cannot refund twice;
 * - a refund is settled only on Stripe's word about that very refund (by its
 *   id, or by our id in its metadata): in its answer, or when a
 *   charge.refunded webhook or the job asks Stripe. Settling reverses the
 *   refunded part of the farm's ledger credit, once per refund; the order
 *   says refunded when all of it has gone back;
 * - a refund Stripe refuses is tried again with backoff and marked failed
 *   after MAX_REFUND_TRIES refusals, with Stripe's reason, and operators are
 *   told; they may refund again, or record money sent back by hand with its
 *   bank reference. One Stripe could not be reached is never marked failed
 *   (Stripe may have taken it; a refund by hand would then pay twice);
 * - a refund made in Stripe's dashboard is matched to its order by the
 *   payment intent (and the amount, when the checkout had several orders),
 *   or listed for operators as unmatched.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, sql } from "drizzle-orm";
import Stripe from "stripe";
import { db, type Executor } from "../../db/client";
import { cardPayments, notifications, orderEvents, orders, paymentIssues, refunds, userRoles } from "../../db/schema";
import { enqueueEffects } from "~/effects.server";
import { stripe } from "~/payments/stripe.server";
import { reverseRefund } from "./ledger.server";
import { creditRefund } from "./invoice.server";
import type { OrderStatus, PaymentMethod } from "./orders/moves.server";
import { audit } from "~/policy/audit.server";
import { can } from "~/policy/policy";
import { actorById } from "~/policy/relations.server";
import { log } from "~/utils/log.server";

/** Refusals by Stripe before a refund is marked failed for operators. */
export const MAX_REFUND_TRIES = 3;

type RefundableOrder = {
  id: number;
  totalVnd: number;
  paymentMethod: PaymentMethod;
};
type RefundRequest = { sendToStripe: number | null; notified: number[] };

/** What of the order is not refunded or being refunded (failed refunds do not count). */
async function remainingOf(tx: Executor, order: { id: number; totalVnd: number }): Promise<number> {
  const [row] = await tx
    .select({ taken: sql<string>`coalesce(sum(${refunds.amountVnd}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), ne(refunds.status, "failed")));
  return order.totalVnd - Number(row.taken);
}

/** Every operator hears of it (in the app; by email through the caller's queued job). Returns the notifications. */
export async function notifyOperators(tx: Executor, kind: string, orderId: number | null): Promise<number[]> {
  const operators = await tx.select({ id: userRoles.userId }).from(userRoles).where(eq(userRoles.role, "operator"));
  if (!operators.length) return [];
  const rows = await tx
    .insert(notifications)
    .values(operators.map((o) => ({ userId: o.id, kind, orderId })))
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

/**
 * Records a refund of a paid order in the caller's transaction (which holds
 * the order's lock): all that is left of it, or `part`. Money sent back by
 * hand (with its bank reference) is settled at once, and its notifications
 * are returned for the caller to queue for emailing; a card refund's id is
 * returned for the caller to queue for sending to Stripe (app/effects.server.ts).
 */
export async function requestRefund(
  tx: Executor,
  order: RefundableOrder,
  actorId: number | null,
  reference?: string,
  part?: { amountVnd: number; reason: string | null },
): Promise<RefundRequest> {
  const remaining = await remainingOf(tx, order);
  const amountVnd = part?.amountVnd ?? remaining;
  if (amountVnd <= 0 || amountVnd > remaining) return { sendToStripe: null, notified: [] };
  const [refund] = await tx
    .insert(refunds)
    .values({
      orderId: order.id,
      amountVnd,
      requestedBy: actorId,
      reference: reference ?? null,
      reason: part?.reason ?? null,
    })
    .returning({ id: refunds.id });
  await tx.insert(orderEvents).values({ orderId: order.id, actorId, kind: "refund_requested" });
  // An invoiced order's refund makes its credit note (decision 043): the papers say what the money does.
  await creditRefund(tx, order.id, amountVnd, part?.reason ?? null, actorId);
  if (reference || order.paymentMethod !== "card")
    return {
      sendToStripe: null,
      notified: await settle(tx, [refund.id], "succeeded"),
    };
  return { sendToStripe: refund.id, notified: [] };
}

/**
 * Moves pending refunds to their outcome. Succeeded: the refunded part of
 * the farm's credit is reversed, and the order says refunded once all of it
 * has gone back. Failed: the timeline says so, the order stays paid, and
 * operators are told. Returns notifications to email.
 */
async function settle(tx: Executor, refundIds: number[], outcome: "succeeded" | "failed", failure?: string): Promise<number[]> {
  if (!refundIds.length) return [];
  // Their orders first, locked in id order as every writer of orders locks them: two parts of one
  // order settling at once, or a part settling while the order is completed and credited, take turns
  // and each sees what the other did.
  await tx
    .select({ id: orders.id })
    .from(orders)
    .where(inArray(orders.id, tx.select({ orderId: refunds.orderId }).from(refunds).where(inArray(refunds.id, refundIds))))
    .orderBy(asc(orders.id))
    .for("update");
  const done = await tx
    .update(refunds)
    .set({
      status: outcome,
      ...(failure !== undefined ? { failure } : {}),
      nextAttemptAt: null,
      updatedAt: new Date(),
    })
    .where(and(inArray(refunds.id, refundIds), eq(refunds.status, "pending")))
    .returning({
      id: refunds.id,
      orderId: refunds.orderId,
      amountVnd: refunds.amountVnd,
    });
  const notified: number[] = [];
  for (const refund of done) {
    const { orderId } = refund;
    if (outcome === "failed") {
      await tx.insert(orderEvents).values({ orderId, actorId: null, kind: "refund_failed" });
      notified.push(...(await notifyOperators(tx, "refund_failed", orderId)));
      continue;
    }
    const [order] = await tx
      .select({
        buyerId: orders.buyerId,
        totalVnd: orders.totalVnd,
        paymentStatus: orders.paymentStatus,
      })
      .from(orders)
      .where(eq(orders.id, orderId));
    if (order?.paymentStatus !== "paid") continue;
    await reverseRefund(tx, refund);
    const [back] = await tx
      .select({ vnd: sql<string>`coalesce(sum(${refunds.amountVnd}), 0)` })
      .from(refunds)
      .where(and(eq(refunds.orderId, orderId), eq(refunds.status, "succeeded")));
    const whole = Number(back.vnd) >= order.totalVnd;
    if (whole) await tx.update(orders).set({ paymentStatus: "refunded", updatedAt: new Date() }).where(eq(orders.id, orderId));
    await tx.insert(orderEvents).values({
      orderId,
      actorId: null,
      kind: whole ? "refunded" : "refunded_part",
    });
    const rows = await tx
      .insert(notifications)
      .values({
        userId: order.buyerId,
        kind: whole ? "order_refunded" : "order_refunded_part",
        orderId,
      })
      .returning({ id: notifications.id });
    notified.push(...rows.map((r) => r.id));
  }
  return notified;
}

/** What Stripe says of one of its refunds; `ourId` is our refund's id when we asked for it. */
export type StripeRefundState = {
  stripeRefundId: string;
  status: string | null;
  failure: string | null;
  amountVnd: number;
  ourId: number | null;
  paymentIntentId: string | null;
};

function outcomeOf(status: string | null): "succeeded" | "failed" | null {
  return status === "succeeded" ? "succeeded" : status === "failed" || status === "canceled" ? "failed" : null;
}

/** Applies what Stripe says of each refund (by its id, or ours in its metadata) to our pending ones. */
export async function applyRefundStates(tx: Executor, states: StripeRefundState[]): Promise<number[]> {
  const notified: number[] = [];
  for (const state of states) {
    if (state.ourId !== null && state.paymentIntentId) {
      // The answer to our request may not be recorded yet: the metadata says which refund it is
      // (believed only for a refund of an order this payment paid, for that amount).
      await tx
        .update(refunds)
        .set({ stripeRefundId: state.stripeRefundId })
        .where(
          and(
            eq(refunds.id, state.ourId),
            isNull(refunds.stripeRefundId),
            eq(refunds.amountVnd, state.amountVnd),
            sql`${refunds.orderId} in (select o.id from ${orders} o join ${cardPayments} p on p.checkout_id = o.checkout_id where p.payment_intent_id = ${state.paymentIntentId})`,
          ),
        );
    }
    const outcome = outcomeOf(state.status);
    if (!outcome) continue;
    const rows = await tx
      .select({ id: refunds.id })
      .from(refunds)
      .where(and(eq(refunds.stripeRefundId, state.stripeRefundId), eq(refunds.status, "pending")));
    notified.push(
      ...(await settle(
        tx,
        rows.map((r) => r.id),
        outcome,
        outcome === "failed" ? state.failure ?? state.status ?? undefined : undefined,
      )),
    );
  }
  return notified;
}

function stateOf(refund: Stripe.Refund): StripeRefundState {
  const ours = Number(refund.metadata?.refund_id);
  return {
    stripeRefundId: refund.id,
    status: refund.status,
    failure: refund.failure_reason ?? null,
    amountVnd: refund.amount,
    ourId: Number.isSafeInteger(ours) && ours > 0 ? ours : null,
    paymentIntentId: typeof refund.payment_intent === "string" ? refund.payment_intent : (refund.payment_intent?.id ?? null),
  };
}

/** What Stripe says now of one of its refunds. */
async function askStripe(stripeRefundId: string): Promise<StripeRefundState> {
  return stateOf(await stripe().refunds.retrieve(stripeRefundId));
}

/**
 * Every refund Stripe has of a payment: ours and any made in its dashboard.
 * Made outside any transaction (it is HTTP); what it returns is applied
 * inside one (applyRefundStates, then matchDashboardRefunds).
 */
export async function refundStatesOf(paymentIntentId: string | null): Promise<StripeRefundState[]> {
  if (!paymentIntentId) return [];
  const states: StripeRefundState[] = [];
  for await (const refund of stripe().refunds.list({
    payment_intent: paymentIntentId,
    limit: 100,
  }))
    states.push(stateOf(refund));
  return states;
}

/**
 * Refunds made in Stripe's dashboard (not ours, not seen before) of a
 * checkout's payment: recorded on the order they belong to, found by the
 * payment intent (the only paid order of the checkout, or the one whose
 * unrefunded amount is exactly the refund's), then settled as ours are;
 * otherwise listed for operators. A refund that failed moved no money and is
 * left out.
 */
export async function matchDashboardRefunds(tx: Executor, checkoutId: string, states: StripeRefundState[], eventId: string): Promise<number[]> {
  const notified: number[] = [];
  for (const state of states) {
    if (state.ourId !== null || outcomeOf(state.status) === "failed") continue;
    const [known] = await tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.stripeRefundId, state.stripeRefundId));
    // Listed for operators once: it stays theirs, whatever later refunds change.
    const [listed] = await tx
      .select({ id: paymentIssues.id })
      .from(paymentIssues)
      .where(and(eq(paymentIssues.kind, "unmatched_refund"), eq(paymentIssues.stripeObjectId, state.stripeRefundId)));
    if (known || listed) continue;
    const paid = await tx
      .select({ id: orders.id, totalVnd: orders.totalVnd, status: orders.status })
      .from(orders)
      .where(and(eq(orders.checkoutId, checkoutId), eq(orders.paymentStatus, "paid")))
      .orderBy(asc(orders.id))
      .for("update");
    // Only an order that has ended (delivered, completed, declined, …) may take it: money sent back
    // for one the farm is still preparing would have the farm ship what was refunded, unaware.
    const open = [];
    for (const order of paid) if (REFUNDABLE.includes(order.status)) open.push({ ...order, remaining: await remainingOf(tx, order) });
    const live = paid.length > open.length;
    const fits = open.length === 1 ? open.filter((o) => o.remaining >= state.amountVnd) : open.filter((o) => o.remaining === state.amountVnd);
    if (fits.length !== 1) {
      const [issue] = await tx
        .insert(paymentIssues)
        .values({
          kind: "unmatched_refund",
          checkoutId,
          stripeEventId: eventId,
          stripeObjectId: state.stripeRefundId,
          amountVnd: state.amountVnd,
          currency: "vnd",
          detail: fits.length
            ? "several orders could be the one refunded"
            : live
              ? "an order of the checkout is still being prepared by its farm: cancel it or tell the farm"
              : "no paid order of the checkout has that much left to refund",
        })
        .onConflictDoNothing()
        .returning({ id: paymentIssues.id });
      if (issue) notified.push(...(await notifyOperators(tx, "payment_issue", null)));
      continue;
    }
    const [refund] = await tx
      .insert(refunds)
      .values({
        orderId: fits[0].id,
        amountVnd: state.amountVnd,
        stripeRefundId: state.stripeRefundId,
        viaDashboard: true,
      })
      .returning({ id: refunds.id });
    await tx.insert(orderEvents).values({ orderId: fits[0].id, actorId: null, kind: "refund_requested" });
    const outcome = outcomeOf(state.status);
    if (outcome) notified.push(...(await settle(tx, [refund.id], outcome)));
  }
  return notified;
}

/** When the job may try again after `attempts` tries: 30 s, 2 min, 8 min, 32 min, then hourly. */
function nextTry(attempts: number, now: Date): Date {
  return new Date(now.getTime() + Math.min(30_000 * 4 ** Math.max(attempts - 1, 0), 3600_000));
}

/** Stripe answered and said no (not a lost answer, an overload or its own outage): trying again will not help. */
function refusedByStripe(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  const status = error.statusCode ?? 0;
  return status >= 400 && status < 500 && status !== 409 && status !== 429;
}

/** A try that Stripe refused or did not answer: counted, the next one put off; refused too often, failed. */
async function refundNotTaken(refundId: number, error: unknown, now: Date): Promise<void> {
  const stripeError = error instanceof Stripe.errors.StripeError ? error : null;
  const reason = stripeError ? [stripeError.code, stripeError.message].filter(Boolean).join(": ") : (error as Error).message;
  await db().transaction(async (tx) => {
    const [row] = await tx
      .update(refunds)
      .set({
        attempts: sql`${refunds.attempts} + 1`,
        failure: reason.slice(0, 500),
        updatedAt: new Date(),
      })
      .where(and(eq(refunds.id, refundId), eq(refunds.status, "pending")))
      .returning({ attempts: refunds.attempts });
    if (!row) return;
    if (refusedByStripe(error) && row.attempts >= MAX_REFUND_TRIES) {
      await enqueueEffects(tx, { notified: await settle(tx, [refundId], "failed", reason.slice(0, 500)) });
      return;
    }
    await tx
      .update(refunds)
      .set({ nextAttemptAt: nextTry(row.attempts, now) })
      .where(eq(refunds.id, refundId));
  });
}

/** Stripe did not take a refund; the try is counted on the refund, and the sweep tries again after its backoff. */
class RefundNotTaken extends Error {
  constructor(refundId: number, cause: unknown) {
    super(`refund ${refundId}: not taken by Stripe: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Sends a pending card refund to Stripe. Safe to call again: the idempotency
 * key makes Stripe answer a repeat with the first refund.
 */
async function sendRefund(refundId: number, now = new Date()): Promise<void> {
  const [row] = await db()
    .select({
      id: refunds.id,
      status: refunds.status,
      amountVnd: refunds.amountVnd,
      orderId: refunds.orderId,
      paymentIntentId: cardPayments.paymentIntentId,
    })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .innerJoin(cardPayments, eq(cardPayments.checkoutId, orders.checkoutId))
    .where(eq(refunds.id, refundId));
  if (!row || row.status !== "pending" || !row.paymentIntentId) return;
  let refund: Stripe.Refund;
  try {
    refund = await stripe().refunds.create(
      {
        payment_intent: row.paymentIntentId,
        amount: row.amountVnd,
        reason: "requested_by_customer",
        metadata: { refund_id: String(row.id), order_id: String(row.orderId) },
      },
      { idempotencyKey: `refund-${row.id}` },
    );
  } catch (error) {
    await refundNotTaken(row.id, error, now);
    throw new RefundNotTaken(row.id, error);
  }
  await db().transaction(async (tx) => {
    await tx
      .update(refunds)
      .set({
        stripeRefundId: refund.id,
        nextAttemptAt: null,
        updatedAt: new Date(),
      })
      .where(eq(refunds.id, row.id));
    await enqueueEffects(tx, { notified: await applyRefundStates(tx, [stateOf(refund)]) });
  });
}

/**
 * The send-refund job (queued with the refund, app/effects.server.ts): its
 * first try. A try Stripe did not take is counted on the refund and left to
 * the sweep's backoff and failure count; anything else (the database down)
 * fails the job, which pg-boss tries again. Safe to run twice (sendRefund).
 */
export async function sendQueuedRefund(refundId: number): Promise<void> {
  try {
    await sendRefund(refundId);
  } catch (error) {
    if (!(error instanceof RefundNotTaken)) throw error;
    log.error(`${error.message} (the payments job will retry)`);
  }
}

/**
 * The job's sweep: card refunds Stripe has not taken yet (its answer was
 * lost, it was down, or it refused and may be tried again) are sent again
 * when their time comes; those it took but has not settled for a while are
 * asked about (a webhook may have been lost). One failing refund does not
 * stop the others. Returns how many were looked at.
 */
export async function sweepRefunds(now = new Date()): Promise<number> {
  const unsent = await db()
    .select({ id: refunds.id })
    .from(refunds)
    .where(
      and(
        eq(refunds.status, "pending"),
        isNull(refunds.stripeRefundId),
        isNull(refunds.reference),
        sql`coalesce(${refunds.nextAttemptAt}, ${refunds.createdAt} + interval '30 seconds') <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(refunds.id))
    .limit(100);
  for (const { id } of unsent)
    await sendRefund(id, now).catch((error: Error) => log.error(error instanceof RefundNotTaken ? error.message : `refund ${id}: ${error.message}`));

  const unsettled = await db()
    .select({ id: refunds.id, stripeRefundId: refunds.stripeRefundId })
    .from(refunds)
    .where(and(eq(refunds.status, "pending"), isNotNull(refunds.stripeRefundId), lte(refunds.updatedAt, new Date(now.getTime() - 10 * 60_000))))
    .orderBy(asc(refunds.id))
    .limit(100);
  for (const r of unsettled) {
    try {
      const state = await askStripe(r.stripeRefundId!);
      await db().transaction(async (tx) => enqueueEffects(tx, { notified: await applyRefundStates(tx, [state]) }));
    } catch (error) {
      log.error(`refund ${r.id}: ${(error as Error).message}`);
    }
  }
  return unsent.length + unsettled.length;
}

/** The refunds of an order, oldest first, for its page. */
export function refundsOf(orderId: number) {
  return db()
    .select({
      id: refunds.id,
      amountVnd: refunds.amountVnd,
      status: refunds.status,
      reason: refunds.reason,
      reference: refunds.reference,
      createdAt: refunds.createdAt,
    })
    .from(refunds)
    .where(eq(refunds.orderId, orderId))
    .orderBy(asc(refunds.id));
}

/** What is left to refund of an order. */
export function refundableVnd(order: { id: number; totalVnd: number }): Promise<number> {
  return remainingOf(db(), order);
}

const REFUNDABLE: OrderStatus[] = ["delivered", "completed", "declined", "cancelled", "expired"];

/**
 * Whether an operator may refund an order (refundPaidOrder), whole or in
 * part: paid, and delivered (a line short or spoiled), completed (a
 * complaint), or ended with a refund that failed. What is left is checked apart.
 */
export function mayBeRefunded(order: { status: string; paymentStatus: string; paymentMethod: string }): boolean {
  // Cash on delivery went to the farm, not the platform: there is nothing here to send back.
  return REFUNDABLE.includes(order.status as OrderStatus) && order.paymentStatus === "paid" && order.paymentMethod !== "cod";
}

export type OperatorRefundResult =
  | { ok: true }
  | {
      ok: false;
      reason: "not_found" | "not_allowed" | "reference_required" | "over_remaining";
    };

/**
 * An operator refunds a paid order, all that is left of it or `part` of it.
 * By card through Stripe; otherwise the money was sent back by bank transfer
 * and the operator gives its reference. The farm's credit is reversed, for
 * the part refunded, when the refund has gone through.
 */
export async function refundPaidOrder(
  orderId: number,
  operatorId: number,
  reference?: string,
  part?: { amountVnd: number; reason: string | null },
): Promise<OperatorRefundResult> {
  return db().transaction(async (tx) => {
    const actor = await actorById(operatorId, tx);
    if (!can(actor, "ops.payments", { kind: "platform" })) return { ok: false as const, reason: "not_found" as const };
    const order = await lockOrderToRefund(tx, orderId);
    if (!order) return { ok: false as const, reason: "not_found" as const };
    if (!mayBeRefunded(order)) return { ok: false as const, reason: "not_allowed" as const };
    if (order.paymentMethod !== "card" && !reference) return { ok: false as const, reason: "reference_required" as const };
    // Under the order's lock: what is already refunded or being refunded is not refunded again.
    const remaining = await remainingOf(tx, order);
    if (remaining <= 0) return { ok: false as const, reason: "not_allowed" as const };
    if (part && part.amountVnd > remaining) return { ok: false as const, reason: "over_remaining" as const };
    const request = await requestRefund(tx, order, operatorId, order.paymentMethod === "card" ? undefined : reference, part);
    await audit(tx, actor, { action: "order.refund", subject: { type: "order", id: order.id }, after: { amountVnd: part?.amountVnd ?? remaining, reason: part?.reason ?? null, reference: reference ?? null } });
    await enqueueEffects(tx, { notified: request.notified, refunds: [request.sendToStripe] });
    return { ok: true as const };
  });
}

/** An order as refunds need it, locked: refunds of one order are decided one at a time. */
async function lockOrderToRefund(tx: Executor, orderId: number) {
  const [order] = await tx
    .select({
      id: orders.id,
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      paymentMethod: orders.paymentMethod,
      totalVnd: orders.totalVnd,
    })
    .from(orders)
    .where(eq(orders.id, orderId))
    .for("update");
  return order;
}

/**
 * Failed refunds not followed by another refund of their order: what
 * operators must still deal with (refund again, or by hand).
 */
export function failedRefunds() {
  return db()
    .select({
      id: refunds.id,
      orderId: refunds.orderId,
      orderNumber: orders.number,
      paymentMethod: orders.paymentMethod,
      amountVnd: refunds.amountVnd,
      failure: refunds.failure,
      attempts: refunds.attempts,
      updatedAt: refunds.updatedAt,
    })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(
      and(
        eq(refunds.status, "failed"),
        eq(orders.paymentStatus, "paid"),
        sql`not exists (select 1 from ${refunds} later where later.order_id = ${refunds.orderId} and later.id > ${refunds.id})`,
      ),
    )
    .orderBy(desc(refunds.updatedAt))
    .limit(200);
}

export type ManualRefundResult = { ok: true; orderId: number } | { ok: false; reason: "not_found" | "not_allowed" | "over_remaining" };

/**
 * An operator sent the money of a failed refund back by bank transfer: a
 * refund of the same amount, settled at once with the transfer's reference,
 * so the order and the farm's ledger agree with what happened.
 */
export async function recordManualRefund(input: { refundId: number; bankReference: string; operatorId: number }): Promise<ManualRefundResult> {
  return db().transaction(async (tx) => {
    const actor = await actorById(input.operatorId, tx);
    if (!can(actor, "ops.payments", { kind: "platform" })) return { ok: false as const, reason: "not_found" as const };
    const [failed] = await tx.select().from(refunds).where(eq(refunds.id, input.refundId));
    if (!failed) return { ok: false as const, reason: "not_found" as const };
    const order = await lockOrderToRefund(tx, failed.orderId);
    // Under the order's lock: a second submit finds the refund followed by this one.
    const [later] = await tx
      .select({ id: refunds.id })
      .from(refunds)
      .where(and(eq(refunds.orderId, failed.orderId), sql`${refunds.id} > ${failed.id}`));
    if (failed.status !== "failed" || later || order.paymentStatus !== "paid") return { ok: false as const, reason: "not_allowed" as const };
    if (failed.amountVnd > (await remainingOf(tx, order))) return { ok: false as const, reason: "over_remaining" as const };
    const request = await requestRefund(tx, order, input.operatorId, input.bankReference, { amountVnd: failed.amountVnd, reason: failed.reason });
    await audit(tx, actor, { action: "refund.recordManual", subject: { type: "refund", id: failed.id }, after: { orderId: order.id, amountVnd: failed.amountVnd, bankReference: input.bankReference } });
    await enqueueEffects(tx, { notified: request.notified });
    return { ok: true as const, orderId: order.id };
  });
}

/** Operators' list of what Stripe sent that was not applied: mismatched events, unmatched dashboard refunds. */
export function paymentIssueList() {
  return db().select().from(paymentIssues).orderBy(desc(paymentIssues.id)).limit(200);
}
