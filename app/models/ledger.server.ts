/**
 * The payouts ledger: what the platform owes each farm. Stripe cannot pay
 * farms registered in Vietnam, so the platform takes card and transfer
 * payments and pays farms by bank transfer from these entries.
 * - A completed order credits its farm once: gross, the fee at the rate of
 *   the day, net. The net when the platform took the money (a card, or a
 *   transfer an operator saw arrive); otherwise the farm took it (cash on
 *   delivery, paid to the farmer at delivery) and the entry leaves the fee
 *   owed to the platform (-fee).
 * - A net-terms order is credited when it is both completed and paid
 *   (whichever comes last): the farm is paid out of money that arrived.
 * - A refund that has gone through reverses its part of the order's entry,
 *   once per refund (a unique key); refunds adding up to the order reverse
 *   it exactly. A refund settled before the order was credited is reversed
 *   when the credit is made. Both happen under the order's lock.
 * - An operator records a payout with its bank reference; it may not exceed
 *   the balance, checked under a lock on the farm so two payouts cannot both
 *   spend the same money.
 * A balance is always the sum of the entries; it is stored nowhere else.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { farms, ledgerEntries, orders, refunds } from "../../db/schema";
import { audit } from "~/policy/audit.server";
import { can } from "~/policy/policy";
import { actorById } from "~/policy/relations.server";
import { platformFeeBps } from "~/utils/env.server";
import type { PaymentMethod, PaymentStatus } from "./orders/moves.server";

export function feeFor(grossVnd: number, feeBps: number): number {
  // Whole đồng, rounded half up; exact in integers up to 9e15 / 10000.
  return Math.floor((grossVnd * feeBps + 5000) / 10000);
}

/** The completed order's credit; a second call for the same order does nothing. */
export async function creditOrder(
  tx: Executor,
  order: { id: number; farmId: number; totalVnd: number; paymentMethod: PaymentMethod; paymentStatus: PaymentStatus },
): Promise<void> {
  // Net terms: the farm is owed nothing until the company's transfer reaches the platform;
  // markOrderPaid credits a completed order then (decision 031).
  if (order.paymentMethod === "net_terms" && order.paymentStatus !== "paid") return;
  const feeBps = platformFeeBps();
  const fee = feeFor(order.totalVnd, feeBps);
  const net = order.totalVnd - fee;
  const credited = await tx
    .insert(ledgerEntries)
    .values({
      farmId: order.farmId,
      kind: "order",
      orderId: order.id,
      grossVnd: order.totalVnd,
      feeVnd: fee,
      feeBps,
      netVnd: net,
      amountVnd: order.paymentMethod !== "cod" && order.paymentStatus === "paid" ? net : -fee,
    })
    .onConflictDoNothing()
    .returning({ id: ledgerEntries.id });
  if (!credited.length) return;
  // Refunds that went through before the credit (a line short at delivery, a refund made in Stripe's
  // dashboard) found nothing to reverse then: they are reversed now, in the order they were made.
  // The caller holds the order's lock, as settling a refund takes it, so none can slip between.
  const settled = await tx
    .select({ id: refunds.id, orderId: refunds.orderId, amountVnd: refunds.amountVnd })
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), eq(refunds.status, "succeeded")))
    .orderBy(asc(refunds.id));
  for (const refund of settled) await reverseRefund(tx, refund);
}

/** `x`'s share of `part` out of `whole`, rounded half up (away from zero); all of it when part reaches whole. */
function shareOf(x: number, part: number, whole: number): number {
  if (part >= whole) return x;
  // BigInt: x × part may pass 2^53.
  const magnitude = (BigInt(Math.abs(x)) * BigInt(part) * 2n + BigInt(whole)) / (2n * BigInt(whole));
  return Math.sign(x) * Number(magnitude);
}

/**
 * Reverses the refunded part of the order's credit, if it had one, once per
 * refund. Parts are reckoned on the total refunded so far (the fee reversed
 * is the fee's share of all refunded, rounded, minus what earlier parts
 * reversed), so refunds adding up to the order reverse its entry exactly.
 * Payouts lock the farm row and refunds do not, so a refund committing after
 * a payout can leave the balance below zero: the farm then owes it, and the
 * next credits settle it.
 */
export async function reverseRefund(tx: Executor, refund: { id: number; orderId: number; amountVnd: number }): Promise<void> {
  const [credit] = await tx
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.orderId, refund.orderId), eq(ledgerEntries.kind, "order")));
  if (!credit || credit.grossVnd <= 0) return;
  const [done] = await tx
    .select({ gross: sql<string>`coalesce(-sum(${ledgerEntries.grossVnd}), 0)` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.orderId, refund.orderId), eq(ledgerEntries.kind, "refund")));
  const before = Number(done.gross);
  const after = Math.min(credit.grossVnd, before + refund.amountVnd);
  if (after <= before) return;
  const grossNow = after - before;
  const feeNow = shareOf(credit.feeVnd, after, credit.grossVnd) - shareOf(credit.feeVnd, before, credit.grossVnd);
  // The platform held the money (amount = net) or the farm did (amount = -fee); any other shape is shared like the fee.
  const amountNow =
    credit.amountVnd === credit.netVnd
      ? grossNow - feeNow
      : credit.amountVnd === -credit.feeVnd
        ? -feeNow
        : shareOf(credit.amountVnd, after, credit.grossVnd) - shareOf(credit.amountVnd, before, credit.grossVnd);
  await tx
    .insert(ledgerEntries)
    .values({
      farmId: credit.farmId,
      kind: "refund",
      orderId: refund.orderId,
      refundId: refund.id,
      grossVnd: -grossNow,
      feeVnd: -feeNow,
      feeBps: credit.feeBps,
      netVnd: -(grossNow - feeNow),
      amountVnd: -amountNow,
    })
    .onConflictDoNothing();
}

export async function farmBalance(farmId: number, executor: Executor = db()): Promise<number> {
  const [row] = await executor
    .select({ balance: sql<string>`coalesce(sum(${ledgerEntries.amountVnd}), 0)` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.farmId, farmId));
  return Number(row.balance);
}

export type LedgerEntry = {
  id: number;
  kind: "order" | "refund" | "payout";
  orderId: number | null;
  orderNumber: string | null;
  grossVnd: number;
  feeVnd: number;
  netVnd: number;
  amountVnd: number;
  bankReference: string | null;
  createdAt: Date;
};

export function ledgerOf(farmId: number, limit = 200): Promise<LedgerEntry[]> {
  return db()
    .select({
      id: ledgerEntries.id,
      kind: ledgerEntries.kind,
      orderId: ledgerEntries.orderId,
      orderNumber: orders.number,
      grossVnd: ledgerEntries.grossVnd,
      feeVnd: ledgerEntries.feeVnd,
      netVnd: ledgerEntries.netVnd,
      amountVnd: ledgerEntries.amountVnd,
      bankReference: ledgerEntries.bankReference,
      createdAt: ledgerEntries.createdAt,
    })
    .from(ledgerEntries)
    .leftJoin(orders, eq(orders.id, ledgerEntries.orderId))
    .where(eq(ledgerEntries.farmId, farmId))
    .orderBy(desc(ledgerEntries.id))
    .limit(limit);
}

/** Every farm with entries, with its balance, largest first: the operators' payout list. */
export async function farmBalances(): Promise<{ farmId: number; name: string; slug: string; balanceVnd: number }[]> {
  const rows = await db()
    .select({
      farmId: farms.id,
      name: farms.name,
      slug: farms.slug,
      balance: sql<string>`sum(${ledgerEntries.amountVnd})`,
    })
    .from(ledgerEntries)
    .innerJoin(farms, eq(farms.id, ledgerEntries.farmId))
    .groupBy(farms.id)
    .orderBy(desc(sql`sum(${ledgerEntries.amountVnd})`), farms.id);
  return rows.map((r) => ({ farmId: r.farmId, name: r.name, slug: r.slug, balanceVnd: Number(r.balance) }));
}

export type PayoutResult = { ok: true; entryId: number } | { ok: false; reason: "not_found" } | { ok: false; reason: "over_balance"; balanceVnd: number };

export async function recordPayout(input: { farmId: number; amountVnd: number; bankReference: string; operatorId: number }): Promise<PayoutResult> {
  return db().transaction(async (tx) => {
    const actor = await actorById(input.operatorId, tx);
    if (!can(actor, "ops.payouts", { kind: "platform" })) return { ok: false as const, reason: "not_found" as const };
    // Payouts of one farm queue on its row, so each sees the balance the last one left.
    const [farm] = await tx.select({ id: farms.id }).from(farms).where(eq(farms.id, input.farmId)).for("update");
    if (!farm) return { ok: false as const, reason: "not_found" as const };
    const balance = await farmBalance(input.farmId, tx);
    if (input.amountVnd > balance) return { ok: false as const, reason: "over_balance" as const, balanceVnd: balance };
    const [entry] = await tx
      .insert(ledgerEntries)
      .values({
        farmId: input.farmId,
        kind: "payout",
        amountVnd: -input.amountVnd,
        bankReference: input.bankReference,
        recordedBy: input.operatorId,
      })
      .returning({ id: ledgerEntries.id });
    await audit(tx, actor, { action: "payout.record", subject: { type: "ledger_entry", id: entry.id }, farmId: input.farmId, after: { amountVnd: input.amountVnd, bankReference: input.bankReference } });
    return { ok: true as const, entryId: entry.id };
  });
}

/** The payouts of a farm (for its payouts page). */
export function payoutsOf(farmId: number) {
  return db()
    .select({ id: ledgerEntries.id, amountVnd: ledgerEntries.amountVnd, bankReference: ledgerEntries.bankReference, createdAt: ledgerEntries.createdAt })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.farmId, farmId), eq(ledgerEntries.kind, "payout")))
    .orderBy(desc(ledgerEntries.id));
}
