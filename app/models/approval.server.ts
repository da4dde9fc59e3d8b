/**
 * Approval of a company's purchases above its threshold (issue 12, decision
 * 033). Invariants:
 * - the threshold applies to a checkout's total across all its farm orders
 *   (one cart or one quote acceptance): splitting a purchase across farms
 *   cannot dodge it; a total above the threshold waits, one at it does not;
 * - a waiting purchase's orders are `awaiting_approval`, their stock held,
 *   unseen by the farms (like awaiting_payment); a card purchase that would
 *   wait is refused at checkout (pay on delivery or by transfer instead);
 * - a purchase is decided whole (all orders of its checkout), under the
 *   orders' row locks, by a member holding company.approve (checked inside
 *   the transaction) who is not its buyer, unless the buyer is the
 *   company's only approver; an approver who buys alone is not kept waiting
 *   for themself: with no other approver the purchase does not wait;
 * - approved → placed (the farms hear of it; a bank transfer's hold starts
 *   then); rejected with a reason → cancelled, stock back exactly once
 *   (returnStock); waiting more than APPROVAL_WAIT_DAYS → expired by the
 *   expiry job (moves.server.ts), stock back;
 * - two approvers at once make one outcome: the second finds the purchase
 *   decided (the same decision again is answered as done, the other refused);
 * - every decision is audited, and both sides are told in the app and by
 *   the email job (enqueueEffects).
 */
import { and, asc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { companies, companyMembers, farms, listings, notifications, orderEvents, orderItems, orders, users } from "../../db/schema";
import { enqueueEffects } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizeCompany } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { suspendedFarmIds } from "./cart.server";
import { lockOrders, returnStock } from "./orders/moves.server";
import { recordOrderEvents } from "./webhook.server";
import { startStandingOfApproved } from "./standing.server";

/** How long a purchase waits for its approver before it expires and its stock goes back. */
export const APPROVAL_WAIT_DAYS = 3;

/** "threshold": the company's threshold applies (the default); "preapproved": a caller that approved already (standing orders). */
export type ApprovalMode = "threshold" | "preapproved";

const APPROVER_ROLES = ["owner", "approver"] as const;

/** The company's members who may approve (company.approve), the given person left out. */
function otherApprovers(tx: Executor, companyId: number, exceptUserId: number) {
  return tx
    .select({ userId: companyMembers.userId })
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, companyId), inArray(companyMembers.role, [...APPROVER_ROLES]), ne(companyMembers.userId, exceptUserId)))
    .orderBy(asc(companyMembers.userId));
}

/**
 * Whether a company purchase of this total waits for approval, read in the
 * purchase's transaction: above the threshold, unless pre-approved or the
 * buyer is an approver with nobody else to ask.
 */
export async function approvalNeeded(
  tx: Executor,
  input: { companyId: number; buyerId: number; totalVnd: number; approval?: ApprovalMode },
): Promise<boolean> {
  if (input.approval === "preapproved") return false;
  const [company] = await tx.select({ threshold: companies.approvalThresholdVnd }).from(companies).where(eq(companies.id, input.companyId));
  if (!company || company.threshold === null || input.totalVnd <= company.threshold) return false;
  const [buyer] = await tx
    .select({ role: companyMembers.role })
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, input.companyId), eq(companyMembers.userId, input.buyerId)));
  const buyerApproves = buyer !== undefined && (APPROVER_ROLES as readonly string[]).includes(buyer.role);
  return !buyerApproves || (await otherApprovers(tx, input.companyId, input.buyerId)).length > 0;
}

/** When a purchase made now stops waiting. */
export function approvalDeadline(now = new Date()): Date {
  return new Date(now.getTime() + APPROVAL_WAIT_DAYS * 24 * 3600_000);
}

/** Tells the company's other approvers that a purchase waits (in the purchase's transaction); the notifications' ids. */
export async function askApprovers(tx: Executor, input: { companyId: number; buyerId: number; orderIds: number[]; totalVnd: number }): Promise<number[]> {
  const approvers = await otherApprovers(tx, input.companyId, input.buyerId);
  if (!approvers.length || !input.orderIds.length) return [];
  const rows = await tx
    .insert(notifications)
    .values(
      approvers.map((a) => ({
        userId: a.userId,
        kind: "approval_requested",
        orderId: input.orderIds[0],
        params: { companyId: String(input.companyId), totalVnd: String(input.totalVnd) },
      })),
    )
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

type Decision = { ok: true; repeated: boolean; orderIds: number[] };

/**
 * Locks the purchase (all orders of the order's checkout) for a decision by
 * the actor, who must hold company.approve in the company the page is for.
 */
async function lockPurchase(tx: Executor, actor: Actor, companyId: number, orderId: number) {
  await authorizeCompany(actor, "company.approve", companyId, tx);
  const [order] = await tx
    .select({ checkoutId: orders.checkoutId })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.companyId, companyId)));
  if (!order) throw notFound();
  const locked = await lockOrders(tx, and(eq(orders.checkoutId, order.checkoutId), eq(orders.companyId, companyId))!);
  return { checkoutId: order.checkoutId, locked };
}

/** Whether the actor may decide a purchase bought by buyerId: not their own, unless no other approver exists. */
export async function mayDecideOwn(tx: Executor, actor: Actor, companyId: number, buyerId: number): Promise<boolean> {
  return buyerId !== actor.userId || (await otherApprovers(tx, companyId, actor.userId)).length === 0;
}

/**
 * An approver approves a waiting purchase: its orders are placed and the
 * farms told; a bank transfer's hold (holdMinutes) starts now.
 */
export async function approvePurchase(actor: Actor, companyId: number, orderId: number, options: { holdMinutes: number; now?: Date }): Promise<Decision> {
  const now = options.now ?? new Date();
  return db().transaction(async (tx) => {
    const { checkoutId, locked } = await lockPurchase(tx, actor, companyId, orderId);
    const waiting = locked.filter((o) => o.status === "awaiting_approval");
    if (!waiting.length) {
      // Decided already: the same decision again (a double submit, a second approver) is done; another is refused.
      if (locked.some((o) => o.status === "cancelled" || o.status === "expired")) throw new DomainError("conflict", "errors.approval.decided");
      return { ok: true as const, repeated: true, orderIds: locked.map((o) => o.id) };
    }
    if (!(await mayDecideOwn(tx, actor, companyId, waiting[0].buyerId))) throw new DomainError("forbidden", "errors.approval.ownPurchase", { field: "orderId" });
    const ids = waiting.map((o) => o.id);
    // Nothing is placed for a suspended buyer, with a suspended farm or for a listing hidden meanwhile (decision 037).
    // A suspension locks these orders too: it either committed before (read here) or waits and finds them placed.
    const [buyer] = await tx.select({ suspendedAt: users.suspendedAt }).from(users).where(eq(users.id, waiting[0].buyerId));
    if (buyer?.suspendedAt) throw new DomainError("conflict", "errors.blocked.buyerSuspended");
    if ((await suspendedFarmIds(tx, waiting.map((o) => o.farmId))).size) throw new DomainError("conflict", "errors.blocked.farmSuspended");
    const hidden = await tx
      .select({ id: listings.id })
      .from(orderItems)
      .innerJoin(listings, eq(listings.id, orderItems.listingId))
      .where(and(inArray(orderItems.orderId, ids), isNotNull(listings.hiddenAt)));
    if (hidden.length) throw new DomainError("conflict", "errors.blocked.listingHidden");
    for (const o of waiting) {
      await tx
        .update(orders)
        .set({ status: "placed", expiresAt: o.paymentMethod === "bank_transfer" ? new Date(now.getTime() + options.holdMinutes * 60_000) : null, updatedAt: now })
        .where(eq(orders.id, o.id));
    }
    await tx.insert(orderEvents).values(waiting.map((o) => ({ orderId: o.id, actorId: actor.userId, kind: "approved", fromStatus: "awaiting_approval" as const, toStatus: "placed" as const })));
    // Webhooks out (decision 045): approved, the orders reach their farms.
    await recordOrderEvents(tx, waiting.map((o) => o.id), "placed");
    const rows = await tx
      .insert(notifications)
      .values([
        ...waiting.map((o) => ({ userId: o.farmOwner, kind: "order_placed", orderId: o.id })),
        ...waiting.map((o) => ({ userId: o.buyerId, kind: "order_approved", orderId: o.id })),
      ])
      .returning({ id: notifications.id });
    // An approved acceptance of a weekly request starts its standing orders now (decision 032).
    await startStandingOfApproved(tx, actor, ids);
    await audit(tx, actor, {
      action: "order.approve",
      subject: { type: "checkout", id: checkoutId },
      before: { status: "awaiting_approval" },
      after: { status: "placed", orderIds: ids },
    });
    await enqueueEffects(tx, { notified: rows.map((r) => r.id) });
    return { ok: true as const, repeated: false, orderIds: ids };
  });
}

/** An approver rejects a waiting purchase with a reason: its orders are cancelled, their stock back; the buyer is told why. */
export async function rejectPurchase(actor: Actor, companyId: number, orderId: number, reason: string): Promise<Decision> {
  return db().transaction(async (tx) => {
    const { checkoutId, locked } = await lockPurchase(tx, actor, companyId, orderId);
    const waiting = locked.filter((o) => o.status === "awaiting_approval");
    if (!waiting.length) {
      if (locked.every((o) => o.status === "cancelled")) return { ok: true as const, repeated: true, orderIds: locked.map((o) => o.id) };
      throw new DomainError("conflict", "errors.approval.decided");
    }
    const ids = waiting.map((o) => o.id);
    for (const o of waiting) {
      await tx.update(orders).set({ status: "cancelled", expiresAt: null, updatedAt: new Date() }).where(eq(orders.id, o.id));
      await returnStock(tx, o.id);
    }
    await tx
      .insert(orderEvents)
      .values(waiting.map((o) => ({ orderId: o.id, actorId: actor.userId, kind: "rejected", fromStatus: "awaiting_approval" as const, toStatus: "cancelled" as const, note: reason })));
    // Webhooks (decision 045): the company hears its purchase was cancelled; the farms never saw it.
    await recordOrderEvents(tx, waiting.map((o) => o.id), "cancelled", { farmSaw: false });
    // The buyer hears why; an approver rejecting their own purchase needs no telling.
    const told = waiting.filter((o) => o.buyerId !== actor.userId);
    const rows = told.length
      ? await tx
          .insert(notifications)
          .values(told.map((o) => ({ userId: o.buyerId, kind: "order_rejected", orderId: o.id, params: { reason } })))
          .returning({ id: notifications.id })
      : [];
    await audit(tx, actor, {
      action: "order.reject",
      subject: { type: "checkout", id: checkoutId },
      before: { status: "awaiting_approval" },
      after: { status: "cancelled", orderIds: ids, reason },
    });
    await enqueueEffects(tx, { notified: rows.map((r) => r.id) });
    return { ok: true as const, repeated: false, orderIds: ids };
  });
}

export type WaitingPurchase = {
  /** The purchase's handle on the page: its first order. */
  orderId: number;
  numbers: string[];
  farms: string[];
  buyerName: string;
  poNumber: string | null;
  totalVnd: number;
  createdAt: Date;
  expiresAt: Date | null;
  /** Whether the viewer may decide it (an approver, not its buyer unless the only approver). */
  mayDecide: boolean;
};

/** The company's purchases waiting for approval, oldest first, for its members (company.view); not_found to anyone else. */
export async function waitingPurchases(actor: Actor | null, companyId: number): Promise<WaitingPurchase[]> {
  const role = await authorizeCompany(actor, "company.view", companyId);
  const rows = await db()
    .select({
      id: orders.id,
      checkoutId: orders.checkoutId,
      number: orders.number,
      farmName: farms.name,
      buyerId: orders.buyerId,
      buyerName: users.displayName,
      poNumber: orders.poNumber,
      totalVnd: orders.totalVnd,
      createdAt: orders.createdAt,
      expiresAt: orders.expiresAt,
    })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .innerJoin(users, eq(users.id, orders.buyerId))
    .where(and(eq(orders.companyId, companyId), eq(orders.status, "awaiting_approval")))
    .orderBy(asc(orders.createdAt), asc(orders.id));
  const approves = (APPROVER_ROLES as readonly string[]).includes(role);
  const others = approves ? (await otherApprovers(db(), companyId, actor!.userId)).length : 0;
  const byCheckout = new Map<string, WaitingPurchase>();
  for (const r of rows) {
    const seen = byCheckout.get(r.checkoutId);
    if (seen) {
      seen.numbers.push(r.number);
      seen.farms.push(r.farmName);
      seen.totalVnd += r.totalVnd;
      continue;
    }
    byCheckout.set(r.checkoutId, {
      orderId: r.id,
      numbers: [r.number],
      farms: [r.farmName],
      buyerName: r.buyerName,
      poNumber: r.poNumber,
      totalVnd: r.totalVnd,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      mayDecide: approves && (r.buyerId !== actor!.userId || others === 0),
    });
  }
  return [...byCheckout.values()];
}

/** How many purchases wait for approval (the company page's count). */
export async function waitingCount(companyId: number): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`count(distinct ${orders.checkoutId})::int` })
    .from(orders)
    .where(and(eq(orders.companyId, companyId), eq(orders.status, "awaiting_approval")));
  return row?.n ?? 0;
}
