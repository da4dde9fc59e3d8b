/**
 * Invoices and credit notes (issue 15, decision 043). Invariants:
 * - a completed order has exactly one invoice, issued in the transaction
 *   that completes it (applyMove in orders/moves.server.ts calls
 *   issueInvoice), so an order is never completed without its invoice and an
 *   invoice never exists for an order that did not complete;
 * - numbers run per farm, per kind (invoice, credit note) and per year
 *   (Vietnam time) 1, 2, 3… without gaps or duplicates: the counter row is
 *   bumped by INSERT … ON CONFLICT DO UPDATE … RETURNING in the issuing
 *   transaction, which holds its row lock until commit (a second farm's
 *   completion does not wait; the same farm's does, briefly); a rollback
 *   rolls the counter back with it. No sequence: sequences leave gaps;
 * - what is printed is a snapshot taken at issue (seller, buyer, lines,
 *   amounts, the total in words); issued rows never change (a trigger
 *   refuses UPDATE, DELETE and TRUNCATE); corrections are credit notes:
 *   their own series, referencing the invoice, for no more than what the
 *   invoice still carries (its total less earlier credit notes), checked
 *   under the invoice's row lock; issued by those the policy lets correct
 *   (invoice.correct: the farm's owner and co-op members, never a helper);
 * - VAT only when the seller is registered for it (farms.vat_rate_code); the
 *   buyer paid the order's total, so the invoice splits it: VAT =
 *   total × rate / (100 + rate), rounded to the đồng, and subtotal + VAT =
 *   total (a check constraint);
 * - papers are seen by those who may see the order (order.view); anyone
 *   else learns nothing (null → 404).
 */
import { and, asc, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { communes, companies, farms, invoiceCounters, invoiceLines, invoices, orderItems, orders, provinces, refunds, users, vatRates, type InvoiceBuyer, type InvoiceSeller } from "../../db/schema";
import { authorizeFarm } from "~/policy/authorize.server";
import { audit } from "~/policy/audit.server";
import { DomainError, notFound } from "~/policy/errors";
import { can, type Actor } from "~/policy/policy";
import { farmRelation } from "~/policy/relations.server";
import { vndInWords } from "~/utils/vnd-words";
import { getOrderFor } from "./orders/queries.server";
import { parseQuantity, type Unit } from "./units";

export type InvoiceKind = "invoice" | "credit_note";

export type InvoiceLine = { position: number; description: string; unit: Unit | null; quantity: number | null; unitPriceVnd: number | null; amountVnd: number };

/** An issued invoice or credit note, as printed and exported. */
export type IssuedInvoice = {
  id: number;
  kind: InvoiceKind;
  number: string;
  farmId: number;
  orderId: number;
  orderNumber: string;
  year: number;
  sequence: number;
  issuedAt: Date;
  seller: InvoiceSeller;
  buyer: InvoiceBuyer;
  vatPercent: number | null;
  subtotalVnd: number;
  vatVnd: number;
  totalVnd: number;
  totalWords: string;
  /** A credit note: the invoice it corrects (its number), and why. */
  credits: { id: number; number: string } | null;
  reason: string | null;
  lines: InvoiceLine[];
};

/** The year of an instant in Vietnam (UTC+7, no summer time): an invoice issued at 23:30 on 31 December UTC is January's. */
export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3600_000).getUTCFullYear();
}

/** "NSS-17-2026-000123", a credit note "NSS-17-2026-DC-000004". */
export function invoiceNumber(kind: InvoiceKind, farmId: number, year: number, sequence: number): string {
  return `NSS-${farmId}-${year}-${kind === "credit_note" ? "DC-" : ""}${String(sequence).padStart(6, "0")}`;
}

/** The next number of the farm's series for the kind and year, taken under the counter row's lock until the caller's transaction ends. */
async function nextSequence(tx: Executor, farmId: number, kind: InvoiceKind, year: number): Promise<number> {
  const [row] = await tx
    .insert(invoiceCounters)
    .values({ farmId, kind, year, lastNumber: 1 })
    .onConflictDoUpdate({ target: [invoiceCounters.farmId, invoiceCounters.kind, invoiceCounters.year], set: { lastNumber: sql`${invoiceCounters.lastNumber} + 1` } })
    .returning({ lastNumber: invoiceCounters.lastNumber });
  return row.lastNumber;
}

/** VAT inside a paid amount: amount × p / (100 + p), rounded half up to the đồng (percent in hundredths to stay in integers). */
export function vatInside(amountVnd: number, percent: number | null): number {
  if (percent === null || percent === 0) return 0;
  const hundredths = Math.round(percent * 100);
  return Math.floor((amountVnd * hundredths * 2 + (10000 + hundredths)) / (2 * (10000 + hundredths)));
}

async function sellerOf(tx: Executor, farmId: number): Promise<{ seller: InvoiceSeller; vatPercent: number | null }> {
  const [farm] = await tx
    .select({ name: farms.name, addressLine: farms.addressLine, commune: communes.name, province: provinces.name, taxCode: farms.taxCode, vatRateCode: farms.vatRateCode, percent: vatRates.percent })
    .from(farms)
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .innerJoin(provinces, eq(provinces.code, farms.provinceCode))
    .leftJoin(vatRates, eq(vatRates.code, farms.vatRateCode))
    .where(eq(farms.id, farmId));
  const address = [farm.addressLine, farm.commune, farm.province].filter((part) => part.trim() !== "").join(", ");
  return {
    seller: { farmId, name: farm.name, address, taxCode: farm.taxCode, vatRegistered: farm.vatRateCode !== null },
    vatPercent: farm.vatRateCode !== null && farm.percent !== null ? Number(farm.percent) : null,
  };
}

/**
 * Issues the invoice of a completed order, in the caller's transaction (the
 * one that completes it); a second call for the same order returns the
 * first invoice. Returns what was issued: the seam for an "invoice.issued"
 * webhook event (issue 15 §3), to be queued in the same transaction.
 */
export async function issueInvoice(tx: Executor, orderId: number, issuedBy: number | null, now = new Date()): Promise<IssuedInvoice> {
  const [existing] = await tx.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.orderId, orderId), eq(invoices.kind, "invoice")));
  if (existing) return (await loadInvoices(tx, eq(invoices.id, existing.id)))[0];
  const [order] = await tx
    .select({
      farmId: orders.farmId,
      totalVnd: orders.totalVnd,
      companyId: orders.companyId,
      recipient: orders.recipient,
      street: orders.street,
      commune: communes.name,
      province: provinces.name,
      buyerName: users.displayName,
      companyName: companies.name,
      companyTaxCode: companies.taxCode,
      companyAddress: companies.invoiceAddress,
    })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.buyerId))
    .innerJoin(communes, eq(communes.code, orders.communeCode))
    .innerJoin(provinces, eq(provinces.code, orders.provinceCode))
    .leftJoin(companies, eq(companies.id, orders.companyId))
    .where(eq(orders.id, orderId));
  if (!order) throw notFound();
  const deliveryAddress = [order.street, order.commune, order.province].filter((part) => part.trim() !== "").join(", ");
  const buyer: InvoiceBuyer =
    order.companyId !== null && order.companyName !== null
      ? { name: order.companyName, taxCode: order.companyTaxCode, address: order.companyAddress?.trim() || deliveryAddress, companyId: order.companyId }
      : { name: order.buyerName.trim() || order.recipient, taxCode: null, address: deliveryAddress, companyId: null };
  const { seller, vatPercent } = await sellerOf(tx, order.farmId);
  const year = vietnamYear(now);
  const sequence = await nextSequence(tx, order.farmId, "invoice", year);
  const vatVnd = vatInside(order.totalVnd, vatPercent);
  const [row] = await tx
    .insert(invoices)
    .values({
      kind: "invoice",
      farmId: order.farmId,
      orderId,
      year,
      sequence,
      number: invoiceNumber("invoice", order.farmId, year, sequence),
      seller,
      buyer,
      vatPercent: vatPercent === null ? null : String(vatPercent),
      subtotalVnd: order.totalVnd - vatVnd,
      vatVnd,
      totalVnd: order.totalVnd,
      totalWords: vndInWords(order.totalVnd),
      issuedBy,
      issuedAt: now,
    })
    .returning({ id: invoices.id });
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.title), asc(orderItems.listingId));
  await tx.insert(invoiceLines).values(
    items.map((item, i) => ({
      invoiceId: row.id,
      position: i + 1,
      description: item.title,
      unit: item.unit,
      quantity: item.quantity,
      unitPriceVnd: item.unitPriceVnd,
      amountVnd: item.lineTotalVnd,
    })),
  );
  // Money already given back on this order (a line short at delivery): credited at once, so the papers add up to what was paid.
  const [refunded] = await tx
    .select({ sum: sql<string>`coalesce(sum(${refunds.amountVnd}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), ne(refunds.status, "failed")));
  if (Number(refunded.sum) > 0) {
    const [issued] = await tx.select().from(invoices).where(eq(invoices.id, row.id));
    await insertCreditNote(tx, issued, Math.min(Number(refunded.sum), order.totalVnd), "Hoàn tiền trước khi đơn hoàn tất", issuedBy, now);
  }
  return (await loadInvoices(tx, eq(invoices.id, row.id)))[0];
}

async function loadInvoices(executor: Executor, where: ReturnType<typeof eq>): Promise<IssuedInvoice[]> {
  const rows = await executor
    .select({ invoice: invoices, orderNumber: orders.number })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(where)
    .orderBy(asc(invoices.issuedAt), asc(invoices.id));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.invoice.id);
  const creditedIds = rows.flatMap((r) => (r.invoice.creditsInvoiceId === null ? [] : [r.invoice.creditsInvoiceId]));
  const [lines, credited] = await Promise.all([
    executor.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, ids)).orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position)),
    creditedIds.length ? executor.select({ id: invoices.id, number: invoices.number }).from(invoices).where(inArray(invoices.id, creditedIds)) : Promise.resolve([]),
  ]);
  return rows.map(({ invoice, orderNumber }) => ({
    id: invoice.id,
    kind: invoice.kind,
    number: invoice.number,
    farmId: invoice.farmId,
    orderId: invoice.orderId,
    orderNumber,
    year: invoice.year,
    sequence: invoice.sequence,
    issuedAt: invoice.issuedAt,
    seller: invoice.seller,
    buyer: invoice.buyer,
    vatPercent: invoice.vatPercent === null ? null : Number(invoice.vatPercent),
    subtotalVnd: invoice.subtotalVnd,
    vatVnd: invoice.vatVnd,
    totalVnd: invoice.totalVnd,
    totalWords: invoice.totalWords,
    credits: credited.find((c) => c.id === invoice.creditsInvoiceId) ?? null,
    reason: invoice.reason,
    lines: lines
      .filter((l) => l.invoiceId === invoice.id)
      .map((l) => ({
        position: l.position,
        description: l.description,
        unit: l.unit,
        quantity: l.quantity === null ? null : parseQuantity(l.quantity),
        unitPriceVnd: l.unitPriceVnd,
        amountVnd: l.amountVnd,
      })),
  }));
}

/** An order's papers for someone who may see the order (order.view): its invoice and credit notes; null when they may not (404). */
export async function invoicesOfOrder(actor: Actor, orderId: number): Promise<{ invoice: IssuedInvoice | null; creditNotes: IssuedInvoice[]; remainingVnd: number } | null> {
  if (!(await getOrderFor(actor, orderId))) return null;
  const papers = await loadInvoices(db(), eq(invoices.orderId, orderId));
  const invoice = papers.find((p) => p.kind === "invoice") ?? null;
  const creditNotes = papers.filter((p) => p.kind === "credit_note");
  return { invoice, creditNotes, remainingVnd: invoice ? invoice.totalVnd - creditNotes.reduce((sum, c) => sum + c.totalVnd, 0) : 0 };
}

/** One paper by its id, for someone who may see its order; null otherwise (the API serves PDFs by id through this). */
export async function invoiceFor(actor: Actor, invoiceId: number): Promise<IssuedInvoice | null> {
  const [paper] = await loadInvoices(db(), eq(invoices.id, invoiceId));
  if (!paper || !(await getOrderFor(actor, paper.orderId))) return null;
  return paper;
}

/** Whether the actor may issue credit notes for the farm's invoices (the order page offers the form only then). */
export async function mayCorrectInvoices(actor: Actor, farmId: number): Promise<boolean> {
  return can(actor, "invoice.correct", { kind: "farm", relation: await farmRelation(actor.userId, farmId) });
}

/**
 * A credit note against an issued invoice: the farm's owner or a co-op
 * member (invoice.correct), for at most what the invoice still carries, with
 * a reason. The invoice's row is locked so that two corrections at once
 * cannot both spend the same remainder.
 */
export async function issueCreditNote(actor: Actor, invoiceId: number, input: { amountVnd: number; reason: string }, now = new Date()): Promise<IssuedInvoice> {
  return db().transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(and(eq(invoices.id, invoiceId), eq(invoices.kind, "invoice"))).for("update");
    if (!invoice) throw notFound();
    const relation = await authorizeFarm(actor, "invoice.correct", invoice.farmId, tx);
    const [credited] = await tx
      .select({ sum: sql<string>`coalesce(sum(${invoices.totalVnd}), 0)` })
      .from(invoices)
      .where(eq(invoices.creditsInvoiceId, invoiceId));
    const remainingVnd = invoice.totalVnd - Number(credited.sum);
    if (input.amountVnd > remainingVnd) throw new DomainError("invalid", "invoices.errors.overRemaining", { field: "amountVnd", params: { remaining: remainingVnd } });
    const { row, number } = await insertCreditNote(tx, invoice, input.amountVnd, input.reason, actor.userId, now);
    await audit(tx, actor, {
      action: "invoice.credit",
      subject: { type: "invoice", id: invoice.id },
      farmId: invoice.farmId,
      relation,
      after: { number, amountVnd: input.amountVnd },
    });
    return (await loadInvoices(tx, eq(invoices.id, row.id)))[0];
  });
}

type InvoiceRow = typeof invoices.$inferSelect;

/** Writes a credit note against an invoice (the caller holds the invoice's lock and checked the amount). */
async function insertCreditNote(tx: Executor, invoice: InvoiceRow, amountVnd: number, reason: string, issuedBy: number | null, now: Date) {
  const vatPercent = invoice.vatPercent === null ? null : Number(invoice.vatPercent);
  const year = vietnamYear(now);
  const sequence = await nextSequence(tx, invoice.farmId, "credit_note", year);
  const vatVnd = vatInside(amountVnd, vatPercent);
  const number = invoiceNumber("credit_note", invoice.farmId, year, sequence);
  const [row] = await tx
    .insert(invoices)
    .values({
      kind: "credit_note",
      farmId: invoice.farmId,
      orderId: invoice.orderId,
      year,
      sequence,
      number,
      // The parties as the invoice printed them: a credit note corrects that paper.
      seller: invoice.seller,
      buyer: invoice.buyer,
      vatPercent: invoice.vatPercent,
      subtotalVnd: amountVnd - vatVnd,
      vatVnd,
      totalVnd: amountVnd,
      totalWords: vndInWords(amountVnd),
      creditsInvoiceId: invoice.id,
      reason,
      issuedBy,
      issuedAt: now,
    })
    .returning({ id: invoices.id });
  await tx.insert(invoiceLines).values({ invoiceId: row.id, position: 1, description: `Điều chỉnh giảm hóa đơn ${invoice.number}: ${reason}`, amountVnd });
  return { row, number };
}

/** What an invoice still stands for: its total less its credit notes. */
async function remainingOfInvoice(tx: Executor, invoice: { id: number; totalVnd: number }): Promise<number> {
  const [credited] = await tx
    .select({ sum: sql<string>`coalesce(sum(${invoices.totalVnd}), 0)` })
    .from(invoices)
    .where(eq(invoices.creditsInvoiceId, invoice.id));
  return invoice.totalVnd - Number(credited.sum);
}

/**
 * Money given back makes its paper (decision 043): a refund of an invoiced
 * order issues a credit note for it in the refund's transaction, and a
 * refund made before the order completed is credited when its invoice is
 * issued. Never more than the invoice still stands for. No invoice yet:
 * nothing to do (the invoice will carry it).
 */
export async function creditRefund(tx: Executor, orderId: number, amountVnd: number, reason: string | null, issuedBy: number | null, now = new Date()): Promise<void> {
  const [invoice] = await tx.select().from(invoices).where(and(eq(invoices.orderId, orderId), eq(invoices.kind, "invoice"))).for("update");
  if (!invoice) return;
  const amount = Math.min(amountVnd, await remainingOfInvoice(tx, invoice));
  if (amount <= 0) return;
  await insertCreditNote(tx, invoice, amount, reason?.trim() || "Hoàn tiền", issuedBy, now);
}

/** A farm's invoices and credit notes issued in [from, to) (for the export; the caller checked the policy). */
export function farmInvoices(farmId: number, from: Date, to: Date): Promise<IssuedInvoice[]> {
  return loadInvoices(db(), and(eq(invoices.farmId, farmId), gte(invoices.issuedAt, from), lt(invoices.issuedAt, to))!);
}
