/**
 * Order moves: the order's state machine. Invariants:
 * - states move only along TRANSITIONS, each by its own kind of actor,
 *   checked on the server: the buyer of the order, or whoever the policy
 *   lets sell for its farm ("order.sell": its owner, a co-op member, a
 *   helper with the household's consent to handle orders); every move
 *   leaves an audit event; decline, cancel and expiry give the stock back exactly once
 *   (stock_returned_at);
 * - card orders are moved out of awaiting_payment by Stripe's webhooks
 *   (payment.server.ts), not here. A paid card order that is declined or
 *   cancelled is refunded, through Stripe;
 * - cash on delivery is recorded as paid, by the farmer, when the farmer
 *   marks the order delivered (same transaction, on the timeline);
 * - a completed order credits its farm's ledger once (ledger.server.ts); a
 *   net-terms order only once its transfer is recorded too (decision 031);
 * - a net-terms order's due date is set when it is delivered;
 * - a completed order's invoice is issued in the move's transaction
 *   (invoice.server.ts: numbered without gaps per farm and year);
 * - every move is written to the order's timeline and notifies the other side
 *   (in the app; by email through a job queued in the move's transaction
 *   when SMTP is configured), and a card refund is sent by a job queued the
 *   same way (app/effects.server.ts);
 * - stock given back notes the listings for the search index.
 */
import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { db, type Executor } from "../../../db/client";
import { farms, listings, notifications, orderEvents, orderItems, orders } from "../../../db/schema";
import { audit } from "~/policy/audit.server";
import { can, type Actor } from "~/policy/policy";
import { companyRole, farmRelation } from "~/policy/relations.server";
import { enqueueEffects } from "~/effects.server";
import { recordSearchChange } from "~/search/outbox.server";
import { issueInvoice, type IssuedInvoice } from "../invoice.server";
import { creditOrder } from "../ledger.server";
import { dueDateOf } from "../terms.server";
import { requestRefund } from "../refund.server";
import { recordInvoiceIssued, recordOrderEvents } from "../webhook.server";

export type OrderStatus = (typeof orders.$inferSelect)["status"];
export type PaymentMethod = (typeof orders.$inferSelect)["paymentMethod"];
export type PaymentStatus = (typeof orders.$inferSelect)["paymentStatus"];
export type OrderAction = "pay" | "accept" | "decline" | "pack" | "ship" | "deliver" | "complete" | "cancel" | "expire";
type MoveActor = "farmer" | "buyer" | "system";

export const TRANSITIONS: Record<OrderAction, { from: OrderStatus[]; to: OrderStatus; actor: MoveActor }> = {
  // Stripe's webhook: the card payment went through.
  pay: { from: ["awaiting_payment"], to: "placed", actor: "system" },
  accept: { from: ["placed"], to: "accepted", actor: "farmer" },
  decline: { from: ["placed"], to: "declined", actor: "farmer" },
  pack: { from: ["accepted"], to: "packed", actor: "farmer" },
  ship: { from: ["packed"], to: "shipped", actor: "farmer" },
  deliver: { from: ["shipped"], to: "delivered", actor: "farmer" },
  complete: { from: ["delivered"], to: "completed", actor: "buyer" },
  cancel: { from: ["placed"], to: "cancelled", actor: "buyer" },
  // Also a company purchase left waiting for its approver (approval.server.ts).
  expire: { from: ["placed", "awaiting_payment", "awaiting_approval"], to: "expired", actor: "system" },
};
const RETURNS_STOCK: OrderStatus[] = ["declined", "cancelled", "expired"];

type OrderState = { status: OrderStatus; paymentStatus: PaymentStatus; paymentMethod: PaymentMethod };

/**
 * Whether an order's state allows a move; who may make it is checked apart.
 * transitionOrder checks it under the order's lock, and the order page
 * offers the moves it allows.
 */
export function moveAllowed(order: OrderState, action: OrderAction): boolean {
  // Card payments are moved by Stripe's webhooks (payment.server.ts), not here.
  if (!TRANSITIONS[action].from.includes(order.status) || order.status === "awaiting_payment") return false;
  // A paid card order declined or cancelled is refunded through Stripe; money
  // paid by transfer or in cash cannot be sent back from here.
  return !((action === "decline" || action === "cancel") && order.paymentStatus === "paid" && order.paymentMethod !== "card");
}

/** Whether an operator may record the order's bank transfer as received (markOrderPaid). */
export function transferMayBeRecorded(order: OrderState): boolean {
  // Net terms (decision 031) are paid by transfer too, usually after delivery or completion.
  return (
    (order.paymentMethod === "bank_transfer" || order.paymentMethod === "net_terms") &&
    order.paymentStatus === "unpaid" &&
    order.status !== "awaiting_payment" &&
    order.status !== "awaiting_approval" &&
    !RETURNS_STOCK.includes(order.status)
  );
}

/** Gives an order's stock back, once: a second call finds stock_returned_at set and does nothing. */
export async function returnStock(tx: Executor, orderId: number): Promise<void> {
  const [claimed] = await tx
    .update(orders)
    .set({ stockReturnedAt: new Date() })
    .where(and(eq(orders.id, orderId), isNull(orders.stockReturnedAt)))
    .returning({ id: orders.id });
  if (!claimed) return;
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.listingId));
  for (const item of items) {
    await tx
      .update(listings)
      .set({
        stock: sql`${listings.stock} + ${item.quantity}`,
        state: sql`case when ${listings.state} = 'sold_out' then 'active' else ${listings.state} end`,
        updatedAt: new Date(),
      })
      .where(eq(listings.id, item.listingId));
  }
  await recordSearchChange(tx, items.map((i) => i.listingId));
}

export type TransitionResult = { ok: true; status: OrderStatus } | { ok: false; reason: "not_found" | "not_allowed" };

export type LockedOrder = Awaited<ReturnType<typeof lockOrders>>[number];

/** Orders locked for update (in id order), with what a move needs to know. */
export function lockOrders(tx: Executor, where: ReturnType<typeof eq>) {
  return tx
    .select({
      id: orders.id,
      status: orders.status,
      buyerId: orders.buyerId,
      farmId: orders.farmId,
      farmOwner: farms.ownerId,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
      totalVnd: orders.totalVnd,
      companyId: orders.companyId,
      expiresAt: orders.expiresAt,
      termDays: orders.termDays,
    })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(where)
    .orderBy(asc(orders.id))
    .for("update", { of: orders });
}

/**
 * Moves a locked order (the caller checked who may): its status, its stock,
 * its timeline, a refund when paid money must go back, the ledger when it
 * completes, and notifications for the other side. Returns the side effects
 * for the caller to queue in its transaction: notifications to email, a
 * refund to send to Stripe; and the invoice issued when the order
 * completed (the seam for an "invoice.issued" event).
 */
export async function applyMove(
  tx: Executor,
  order: LockedOrder,
  action: OrderAction,
  actorId: number | null,
): Promise<{ notified: number[]; refundId: number | null; invoice: IssuedInvoice | null }> {
  const rule = TRANSITIONS[action];
  const paidNow = action === "pay";
  // Cash on delivery is paid when the farm delivers: the farmer took the cash (the ledger leaves the farm the fee to owe).
  const cashCollected = action === "deliver" && order.paymentMethod === "cod" && order.paymentStatus === "unpaid";
  await tx
    .update(orders)
    .set({
      status: rule.to,
      ...(paidNow || cashCollected ? { paymentStatus: "paid" as const, expiresAt: null } : {}),
      // Net terms: due some days after delivery (decision 031).
      ...(action === "deliver" && order.termDays !== null ? { dueAt: dueDateOf(new Date(), order.termDays) } : {}),
      updatedAt: new Date(),
    })
    .where(eq(orders.id, order.id));
  if (RETURNS_STOCK.includes(rule.to)) await returnStock(tx, order.id);
  await tx.insert(orderEvents).values({ orderId: order.id, actorId, kind: "status", fromStatus: order.status, toStatus: rule.to });
  if (paidNow) await tx.insert(orderEvents).values({ orderId: order.id, actorId: null, kind: "paid" });
  if (cashCollected) await tx.insert(orderEvents).values({ orderId: order.id, actorId, kind: "cash_collected" });
  if (rule.to === "completed") await creditOrder(tx, order);
  const invoice = rule.to === "completed" ? await issueInvoice(tx, order.id, actorId) : null;
  const refund = RETURNS_STOCK.includes(rule.to) && order.paymentStatus === "paid" ? await requestRefund(tx, order, actorId) : { sendToStripe: null, notified: [] };
  // Webhooks out (decision 045): the farm hears only of orders it saw.
  await recordOrderEvents(tx, [order.id], rule.to, { farmSaw: paidNow || (order.status !== "awaiting_payment" && order.status !== "awaiting_approval") });
  if (invoice) await recordInvoiceIssued(tx, invoice, order.companyId);

  // A paid card order is news for the farm (and a receipt for the buyer); other moves tell the other side.
  const notify = paidNow ? [order.farmOwner, order.buyerId] : rule.actor === "buyer" ? [order.farmOwner] : [order.buyerId];
  // Expiry tells the farm too, unless the order never reached it (an unpaid card order, one never approved).
  if (rule.actor === "system" && !paidNow && order.status !== "awaiting_payment" && order.status !== "awaiting_approval") notify.push(order.farmOwner);
  const kinds = paidNow ? ["order_placed", "order_paid"] : notify.map(() => `order_${rule.to}`);
  const rows = await tx
    .insert(notifications)
    .values(notify.map((userId, i) => ({ userId, kind: kinds[i], orderId: order.id })))
    .returning({ id: notifications.id });
  return { notified: [...rows.map((r) => r.id), ...refund.notified], refundId: refund.sendToStripe, invoice };
}

/**
 * Moves an order along one transition. The actor must be the order's buyer
 * (buyer actions) or someone the policy lets sell for its farm (farmer
 * actions); null is the system (expiry). Anyone else gets not_found, as if
 * the order did not exist.
 */
export async function transitionOrder(
  orderId: number,
  action: OrderAction,
  actor: Actor | null,
  now = new Date(),
): Promise<TransitionResult> {
  const rule = TRANSITIONS[action];
  const actorId = actor?.userId ?? null;
  return db().transaction(async (tx) => {
    const [order] = await lockOrders(tx, eq(orders.id, orderId));
    if (!order) return { ok: false as const, reason: "not_found" as const };
    const relation = actor ? await farmRelation(actor.userId, order.farmId, tx) : null;
    // An order placed for a company: its buyers make the buyer's moves too (issue 12).
    const company = actor && order.companyId !== null ? await companyRole(actor.userId, order.companyId, tx) : null;
    const mayAct =
      rule.actor === "system"
        ? actor === null
        : rule.actor === "buyer"
          ? can(actor, "order.buy", { kind: "order", isBuyer: order.buyerId === actorId, farm: relation, company })
          : can(actor, "order.sell", { kind: "farm", relation });
    if (!mayAct) {
      // Someone with a part in the order who may not make this move is told so; strangers see nothing.
      const involved = actor !== null && (order.buyerId === actorId || relation !== null || company !== null);
      return { ok: false as const, reason: involved ? ("not_allowed" as const) : ("not_found" as const) };
    }
    if (!moveAllowed(order, action)) return { ok: false as const, reason: "not_allowed" as const };
    // Checked under the lock: a transfer recorded a moment ago stops the expiry.
    if (action === "expire" && (order.paymentStatus !== "unpaid" || !order.expiresAt || order.expiresAt > now)) {
      return { ok: false as const, reason: "not_allowed" as const };
    }
    const after = await applyMove(tx, order, action, actorId);
    await audit(tx, actor, {
      action: `order.${action}`,
      subject: { type: "order", id: order.id },
      farmId: order.farmId,
      relation: rule.actor === "farmer" ? relation : null,
      before: { status: order.status },
      after: { status: rule.to },
    });
    await enqueueEffects(tx, { notified: after.notified, refunds: [after.refundId] });
    return { ok: true as const, status: rule.to };
  });
}

/**
 * An operator records a bank transfer as received. The money arrives in the
 * platform's account, and the farm's ledger will be credited with it, so
 * only an operator (who sees that account) may say so (policy "ops.payments";
 * the actor's roles are read from the database with the session).
 */
export async function markOrderPaid(orderId: number, actor: Actor): Promise<TransitionResult> {
  if (!can(actor, "ops.payments", { kind: "platform" })) return { ok: false, reason: "not_found" };
  const operatorId = actor.userId;
  return db().transaction(async (tx) => {
    const [order] = await lockOrders(tx, eq(orders.id, orderId));
    if (!order) return { ok: false as const, reason: "not_found" as const };
    if (!transferMayBeRecorded(order)) return { ok: false as const, reason: "not_allowed" as const };
    await tx.update(orders).set({ paymentStatus: "paid", expiresAt: null, updatedAt: new Date() }).where(eq(orders.id, orderId));
    await tx.insert(orderEvents).values({ orderId, actorId: operatorId, kind: "paid" });
    // A net-terms order completed before its money came is credited to the farm now (decision 031).
    if (order.status === "completed") await creditOrder(tx, { ...order, paymentStatus: "paid" });
    await audit(tx, actor, { action: "order.transferRecorded", subject: { type: "order", id: orderId }, farmId: order.farmId, before: { paymentStatus: order.paymentStatus }, after: { paymentStatus: "paid" } });
    const rows = await tx
      .insert(notifications)
      .values([order.buyerId, order.farmOwner].map((userId) => ({ userId, kind: "order_paid", orderId })))
      .returning({ id: notifications.id });
    await enqueueEffects(tx, { notified: rows.map((r) => r.id) });
    return { ok: true as const, status: order.status };
  });
}

/** Unpaid bank transfers and purchases never approved, past their time: expired, stock back. Returns how many expired. */
export async function expireUnpaidOrders(now = new Date()): Promise<number> {
  const due = await db()
    .select({ id: orders.id })
    .from(orders)
    .where(and(inArray(orders.status, ["placed", "awaiting_approval"]), eq(orders.paymentStatus, "unpaid"), lt(orders.expiresAt, now)));
  let expired = 0;
  for (const { id } of due) if ((await transitionOrder(id, "expire", null, now)).ok) expired++;
  return expired;
}
