/**
 * Net terms (issue 12, decision 031): a company an operator verified may buy
 * on invoice and pay by bank transfer 7, 15 or 30 days after delivery, up to
 * a credit limit. Invariants:
 * - only operators (policy "ops.companies") verify a company and grant,
 *   change or revoke its terms; each change bumps the terms row's version
 *   (a stale form is refused) and is audited with before → after;
 * - a company's open amount is the total of its net-terms orders not paid
 *   and not declined, cancelled or expired; an order (a checkout, an RFQ
 *   acceptance) that would take it past the limit is refused, naming the
 *   payment field ("pay another way");
 * - concurrent orders cannot together pass the limit: the check runs under
 *   the company's terms row locked FOR UPDATE, in the order's transaction.
 *   It is the LAST lock an order takes (after the cart, the listings, the
 *   request and quotes), so a transaction holding it never waits for another
 *   lock and no cycle (deadlock) can form;
 * - an order keeps the days granted when it was placed; its due date is set
 *   when the farm delivers it (delivered + days); it never expires unpaid;
 * - reminders (3 days before the due date, on the day, 7 days after) go to
 *   the company's owners and the order's buyer once each: a row per order
 *   and kind is the key, written with the notifications in one transaction.
 */
import { and, asc, eq, ilike, inArray, isNotNull, isNull, notInArray, or, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { companies, companyMembers, companyTerms, farms, notifications, orders, termReminders } from "../../db/schema";
import { enqueueEffects, type Transaction } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizeCompany, authorizePlatform } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { formatVnd } from "~/utils/i18n";
import type { PaymentMethod } from "./orders/moves.server";
import type { TextTemplate } from "./text-notice.server";

export const TERM_DAYS = [7, 15, 30] as const;
export type TermDays = (typeof TERM_DAYS)[number];

/** Orders that no longer count against the limit (they will never be paid). */
const CLOSED = ["declined", "cancelled", "expired"] as const;

/** When a net-terms order delivered at `deliveredAt` must be paid. */
export function dueDateOf(deliveredAt: Date, days: number): Date {
  return new Date(deliveredAt.getTime() + days * 86_400_000);
}

/** The calendar day in Vietnam (UTC+7, no daylight saving), as days since 1970. */
function vnDay(instant: Date): number {
  return Math.floor((instant.getTime() + 7 * 3_600_000) / 86_400_000);
}

type TermsRow = typeof companyTerms.$inferSelect;
export type TermsView = { days: number; limitVnd: number; version: number; inForce: boolean };

function viewOf(row: TermsRow | undefined): TermsView | null {
  return row ? { days: row.days, limitVnd: row.limitVnd, version: row.version, inForce: row.revokedAt === null } : null;
}

/** The total of the company's net-terms orders still to be paid. */
async function openAmount(executor: Executor, companyId: number): Promise<number> {
  const [row] = await executor
    .select({ open: sql<string>`coalesce(sum(${orders.totalVnd}), 0)` })
    .from(orders)
    .where(and(eq(orders.companyId, companyId), eq(orders.paymentMethod, "net_terms"), eq(orders.paymentStatus, "unpaid"), notInArray(orders.status, [...CLOSED])));
  return Number(row.open);
}

/** Terms in force for a verified company (what checkout and RFQ acceptance offer), or null. */
export async function termsInForce(companyId: number, executor: Executor = db()): Promise<{ days: number; limitVnd: number } | null> {
  const [row] = await executor
    .select({ days: companyTerms.days, limitVnd: companyTerms.limitVnd })
    .from(companyTerms)
    .innerJoin(companies, eq(companies.id, companyTerms.companyId))
    .where(and(eq(companyTerms.companyId, companyId), isNull(companyTerms.revokedAt), isNotNull(companies.verifiedAt)));
  return row ?? null;
}

/** Of these companies, those with terms in force (the payment choices a buyer is offered). */
export async function companiesWithTerms(companyIds: number[]): Promise<number[]> {
  if (!companyIds.length) return [];
  const rows = await db()
    .select({ id: companyTerms.companyId })
    .from(companyTerms)
    .innerJoin(companies, eq(companies.id, companyTerms.companyId))
    .where(and(inArray(companyTerms.companyId, companyIds), isNull(companyTerms.revokedAt), isNotNull(companies.verifiedAt)));
  return rows.map((r) => r.id);
}

/**
 * An order's claim on the company's credit, in the order's transaction:
 * nothing for other payment methods; for net terms, the terms row locked FOR
 * UPDATE (the last lock the order takes), then the limit checked against
 * the open amount. Returns the days granted, for the order to keep.
 */
export async function chargeNetTerms(
  tx: Executor,
  input: { companyId: number | null; paymentMethod: PaymentMethod; totalVnd: number },
): Promise<{ days: number } | null> {
  if (input.paymentMethod !== "net_terms") return null;
  if (input.companyId === null) throw new DomainError("invalid", "errors.terms.companyOnly", { field: "paymentMethod" });
  const [terms] = await tx
    .select({ days: companyTerms.days, limitVnd: companyTerms.limitVnd, revokedAt: companyTerms.revokedAt, verifiedAt: companies.verifiedAt })
    .from(companyTerms)
    .innerJoin(companies, eq(companies.id, companyTerms.companyId))
    .where(eq(companyTerms.companyId, input.companyId))
    .for("update", { of: companyTerms });
  if (!terms || terms.revokedAt !== null || terms.verifiedAt === null) throw new DomainError("invalid", "errors.terms.notGranted", { field: "paymentMethod" });
  const open = await openAmount(tx, input.companyId);
  if (open + input.totalVnd > terms.limitVnd) {
    throw new DomainError("invalid", "errors.terms.overLimit", { field: "paymentMethod", params: { available: formatVnd(Math.max(0, terms.limitVnd - open), "vi") } });
  }
  return { days: terms.days };
}

// ---------------------------------------------------------------- operators

/** An operator marks the company verified (tax code and papers checked offline). Verifying twice changes nothing. */
export async function verifyCompany(actor: Actor, companyId: number): Promise<void> {
  authorizePlatform(actor, "ops.companies");
  await db().transaction(async (tx) => {
    // "No key update": orders being placed for the company (a foreign key to it) are not held up.
    const [company] = await tx.select({ verifiedAt: companies.verifiedAt }).from(companies).where(eq(companies.id, companyId)).for("no key update");
    if (!company) throw notFound();
    if (company.verifiedAt) return;
    const [row] = await tx.update(companies).set({ verifiedAt: new Date(), verifiedBy: actor.userId }).where(eq(companies.id, companyId)).returning({ verifiedAt: companies.verifiedAt });
    await audit(tx, actor, { action: "company.verify", subject: { type: "company", id: companyId }, before: { verifiedAt: null }, after: { verifiedAt: row.verifiedAt } });
  });
}

/**
 * Grants terms to a verified company, or changes them (days, limit; a
 * revoked grant is granted again). `version`: the terms row the form showed
 * (0 when it showed none); a grant changed meanwhile is refused.
 */
export async function grantTerms(actor: Actor, input: { companyId: number; days: TermDays; limitVnd: number; version: number }): Promise<void> {
  authorizePlatform(actor, "ops.companies");
  await db().transaction(async (tx) => {
    const [company] = await tx.select({ verifiedAt: companies.verifiedAt }).from(companies).where(eq(companies.id, input.companyId)).for("share");
    if (!company) throw notFound();
    if (!company.verifiedAt) throw new DomainError("invalid", "errors.terms.notVerified", { field: "days" });
    const [current] = await tx.select().from(companyTerms).where(eq(companyTerms.companyId, input.companyId)).for("update");
    if ((current?.version ?? 0) !== input.version) throw new DomainError("conflict", "errors.terms.stale", { field: "days" });
    const values = { days: input.days, limitVnd: input.limitVnd, revokedAt: null, updatedBy: actor.userId, updatedAt: new Date() };
    if (current) await tx.update(companyTerms).set({ ...values, version: current.version + 1 }).where(eq(companyTerms.id, current.id));
    else await tx.insert(companyTerms).values({ companyId: input.companyId, ...values });
    await audit(tx, actor, {
      action: current ? "terms.change" : "terms.grant",
      subject: { type: "company", id: input.companyId },
      before: current ? { days: current.days, limitVnd: current.limitVnd, inForce: current.revokedAt === null } : null,
      after: { days: input.days, limitVnd: input.limitVnd, inForce: true },
    });
  });
}

/** Ends the company's terms: no new orders on them; orders already placed stay due as agreed. */
export async function revokeTerms(actor: Actor, input: { companyId: number; version: number }): Promise<void> {
  authorizePlatform(actor, "ops.companies");
  await db().transaction(async (tx) => {
    const [current] = await tx.select().from(companyTerms).where(eq(companyTerms.companyId, input.companyId)).for("update");
    if (!current) throw notFound();
    if (current.version !== input.version) throw new DomainError("conflict", "errors.terms.stale", { field: "days" });
    if (current.revokedAt) return;
    await tx.update(companyTerms).set({ revokedAt: new Date(), version: current.version + 1, updatedBy: actor.userId, updatedAt: new Date() }).where(eq(companyTerms.id, current.id));
    await audit(tx, actor, {
      action: "terms.revoke",
      subject: { type: "company", id: input.companyId },
      before: { days: current.days, limitVnd: current.limitVnd, inForce: true },
      after: { inForce: false },
    });
  });
}

export type OpsCompanyRow = {
  id: number;
  name: string;
  taxCode: string;
  verifiedAt: Date | null;
  terms: TermsView | null;
  openVnd: number;
  overdueVnd: number;
};

/** The operators' list: companies (searched by name or tax code), verification, terms, open and overdue amounts. */
export async function companiesForOps(actor: Actor, query = "", now = new Date()): Promise<OpsCompanyRow[]> {
  authorizePlatform(actor, "ops.companies");
  const q = query.trim();
  const digits = q.replace(/[\s.]/g, "");
  const byTaxCode = /^\d[\d-]*$/.test(digits);
  const rows = await db()
    .select({
      id: companies.id,
      name: companies.name,
      taxCode: companies.taxCode,
      verifiedAt: companies.verifiedAt,
      terms: companyTerms,
      open: sql<string>`(select coalesce(sum(o.total_vnd), 0) from orders o where o.company_id = "companies"."id" and o.payment_method = 'net_terms' and o.payment_status = 'unpaid' and o.status not in ('declined', 'cancelled', 'expired'))`,
      overdue: sql<string>`(select coalesce(sum(o.total_vnd), 0) from orders o where o.company_id = "companies"."id" and o.payment_method = 'net_terms' and o.payment_status = 'unpaid' and o.status not in ('declined', 'cancelled', 'expired') and o.due_at < ${now.toISOString()}::timestamptz)`,
    })
    .from(companies)
    .leftJoin(companyTerms, eq(companyTerms.companyId, companies.id))
    .where(q ? or(ilike(companies.name, `%${likeEscaped(q)}%`), byTaxCode ? ilike(companies.taxCode, `${likeEscaped(digits)}%`) : undefined) : undefined)
    .orderBy(asc(companies.name), asc(companies.id))
    .limit(200);
  return rows.map((r) => ({ id: r.id, name: r.name, taxCode: r.taxCode, verifiedAt: r.verifiedAt, terms: viewOf(r.terms ?? undefined), openVnd: Number(r.open), overdueVnd: Number(r.overdue) }));
}

function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------- the company's side

export type UnpaidInvoice = { orderId: number; number: string; farmName: string; totalVnd: number; status: string; dueAt: Date | null; overdue: boolean };
export type CompanyCredit = { verified: boolean; terms: TermsView | null; openVnd: number; overdueVnd: number; invoices: UnpaidInvoice[] };

/** What the company page shows of its terms (its members only): the grant, open and overdue amounts, unpaid invoices. */
export async function companyCredit(actor: Actor | null, companyId: number, now = new Date()): Promise<CompanyCredit> {
  await authorizeCompany(actor, "company.view", companyId);
  const [[company], [terms], unpaid] = await Promise.all([
    db().select({ verifiedAt: companies.verifiedAt }).from(companies).where(eq(companies.id, companyId)),
    db().select().from(companyTerms).where(eq(companyTerms.companyId, companyId)),
    db()
      .select({ orderId: orders.id, number: orders.number, farmName: farms.name, totalVnd: orders.totalVnd, status: orders.status, dueAt: orders.dueAt })
      .from(orders)
      .innerJoin(farms, eq(farms.id, orders.farmId))
      .where(and(eq(orders.companyId, companyId), eq(orders.paymentMethod, "net_terms"), eq(orders.paymentStatus, "unpaid"), notInArray(orders.status, [...CLOSED])))
      .orderBy(sql`${orders.dueAt} asc nulls last`, asc(orders.id)),
  ]);
  const invoices = unpaid.map((o) => ({ ...o, overdue: o.dueAt !== null && o.dueAt < now }));
  return {
    verified: Boolean(company?.verifiedAt),
    terms: viewOf(terms),
    openVnd: invoices.reduce((n, o) => n + o.totalVnd, 0),
    overdueVnd: invoices.filter((o) => o.overdue).reduce((n, o) => n + o.totalVnd, 0),
    invoices,
  };
}

// ---------------------------------------------------------------- reminders

export type ReminderKind = (typeof termReminders.$inferSelect)["kind"];
const REMINDER_NOTIFICATION: Record<ReminderKind, string> = { before: "terms_due_soon", due: "terms_due_today", overdue: "terms_overdue" };

/** Which reminder is due today for an invoice due on `dueAt`: 3 days before, on the day, 7 days after (the latest reached). */
export function reminderFor(dueAt: Date, now: Date): ReminderKind | null {
  const late = vnDay(now) - vnDay(dueAt);
  if (late >= 7) return "overdue";
  if (late >= 0) return "due";
  if (late >= -3) return "before";
  return null;
}

function vnDate(instant: Date): string {
  const d = new Date(instant.getTime() + 7 * 3_600_000).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

const REMINDER_TEMPLATE: Record<ReminderKind, TextTemplate> = { before: "termsBefore", due: "termsDue", overdue: "termsOverdue" };

/**
 * The daily job: for each unpaid net-terms order with a due date, the
 * reminder due today (if any) not sent yet — the order's buyer and the
 * company's owners told in the app, by email (a job) and by text to those
 * with a phone (a job). Each order and kind once: safe to run twice, and
 * two runs at once send one. Returns how many reminders were sent.
 */
export async function sendTermReminders(now = new Date()): Promise<number> {
  const due = await db()
    .select({ id: orders.id, number: orders.number, totalVnd: orders.totalVnd, dueAt: orders.dueAt, buyerId: orders.buyerId, companyId: orders.companyId })
    .from(orders)
    .where(and(eq(orders.paymentMethod, "net_terms"), eq(orders.paymentStatus, "unpaid"), isNotNull(orders.dueAt), notInArray(orders.status, [...CLOSED])));
  let sent = 0;
  for (const order of due) {
    const kind = reminderFor(order.dueAt!, now);
    if (!kind) continue;
    const done = await db().transaction(async (tx) => {
      const [claimed] = await tx.insert(termReminders).values({ orderId: order.id, kind }).onConflictDoNothing().returning({ orderId: termReminders.orderId });
      if (!claimed) return false;
      // Paid a moment ago (the operator holds the order's lock while recording it): no reminder.
      const [fresh] = await tx.select({ paymentStatus: orders.paymentStatus }).from(orders).where(eq(orders.id, order.id)).for("share");
      if (fresh?.paymentStatus !== "unpaid") return false;
      const owners = order.companyId === null ? [] : await tx.select({ userId: companyMembers.userId }).from(companyMembers).where(and(eq(companyMembers.companyId, order.companyId), eq(companyMembers.role, "owner")));
      const recipients = [...new Set([order.buyerId, ...owners.map((o) => o.userId)])];
      const params = { dueDate: vnDate(order.dueAt!), amount: formatVnd(order.totalVnd, "vi") };
      const rows = await tx
        .insert(notifications)
        .values(recipients.map((userId) => ({ userId, kind: REMINDER_NOTIFICATION[kind], orderId: order.id, params })))
        .returning({ id: notifications.id });
      await enqueueEffects(tx as Transaction, { notified: rows.map((r) => r.id) });
      // A text to each who has a phone (the worker skips those without), once per order, kind and person.
      const texts = recipients.map((userId) => ({
        userId,
        template: REMINDER_TEMPLATE[kind],
        params: { number: order.number, ...params },
        path: `/orders/${order.id}`,
        key: `terms-${order.id}-${kind}-${userId}`,
        purpose: "net-terms",
      }));
      await enqueueEffects(tx as Transaction, { texts });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
