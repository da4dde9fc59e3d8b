/**
 * The papers other than invoices (issue 15, decision 043), as their PDFs
 * read them:
 * - the delivery note (phiếu giao hàng) of an order the farm has accepted,
 *   for its driver: for those who may see the order (order.view), once it is
 *   accepted, packed, shipped, delivered or completed; null otherwise (404);
 * - a company's monthly statement: its orders placed in a calendar month
 *   (Vietnam time) that went ahead, each with its invoice, credit notes, what
 *   was paid and what is still open; for its members (company.view).
 */
import { and, asc, eq, gte, inArray, lt, notInArray } from "drizzle-orm";
import { db } from "../../db/client";
import { communes, companies, farms, invoices, orders, provinces, users } from "../../db/schema";
import { authorizeCompany } from "~/policy/authorize.server";
import type { Actor } from "~/policy/policy";
import type { OrderStatus } from "./orders/moves.server";
import { getOrderFor } from "./orders/queries.server";

/** Once the farm has taken the order on, there is something to deliver. */
export const DELIVERABLE: OrderStatus[] = ["accepted", "packed", "shipped", "delivered", "completed"];

export async function deliveryNoteFor(actor: Actor, orderId: number) {
  const order = await getOrderFor(actor, orderId);
  if (!order || !DELIVERABLE.includes(order.status)) return null;
  const [[farm], [place]] = await Promise.all([
    db()
      .select({ name: farms.name, addressLine: farms.addressLine, commune: communes.name, province: provinces.name, phone: users.phone })
      .from(farms)
      .innerJoin(communes, eq(communes.code, farms.communeCode))
      .innerJoin(provinces, eq(provinces.code, farms.provinceCode))
      .innerJoin(users, eq(users.id, farms.ownerId))
      .where(eq(farms.id, order.farmId)),
    db()
      .select({ commune: communes.name, province: provinces.name })
      .from(communes)
      .innerJoin(provinces, eq(provinces.code, communes.provinceCode))
      .where(eq(communes.code, order.communeCode)),
  ]);
  return {
    orderId: order.id,
    number: order.number,
    poNumber: order.poNumber,
    createdAt: order.createdAt,
    status: order.status,
    deliveryOption: order.deliveryOption,
    // Cash the driver collects: an unpaid cash-on-delivery order.
    collectVnd: order.paymentMethod === "cod" && order.paymentStatus === "unpaid" ? order.totalVnd : 0,
    farm: { name: farm.name, address: [farm.addressLine, farm.commune, farm.province].filter((p) => p.trim() !== "").join(", "), phone: farm.phone },
    recipient: { name: order.recipient, phone: order.phone, address: [order.street, place?.commune, place?.province].filter((p): p is string => !!p && p.trim() !== "").join(", ") },
    items: order.items.map((i) => ({ title: i.title, unit: i.unit, quantity: i.quantity })),
  };
}

export type DeliveryNote = NonNullable<Awaited<ReturnType<typeof deliveryNoteFor>>>;

/** "2026-11" → the month's first instant and the next month's, in Vietnam time (UTC+7). */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [year, m] = month.split("-").map(Number);
  return { from: new Date(Date.UTC(year, m - 1, 1) - 7 * 3600_000), to: new Date(Date.UTC(year, m, 1) - 7 * 3600_000) };
}

/** Orders that never went ahead are not on a statement. */
const NOT_ON_STATEMENT: OrderStatus[] = ["awaiting_payment", "awaiting_approval", "declined", "cancelled", "expired"];

export async function companyStatement(actor: Actor, companyId: number, month: string) {
  await authorizeCompany(actor, "company.view", companyId);
  const { from, to } = monthBounds(month);
  const [company] = await db().select({ name: companies.name, taxCode: companies.taxCode, invoiceAddress: companies.invoiceAddress }).from(companies).where(eq(companies.id, companyId));
  const rows = await db()
    .select({
      id: orders.id,
      number: orders.number,
      poNumber: orders.poNumber,
      createdAt: orders.createdAt,
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      farm: farms.name,
      totalVnd: orders.totalVnd,
    })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(and(eq(orders.companyId, companyId), gte(orders.createdAt, from), lt(orders.createdAt, to), notInArray(orders.status, NOT_ON_STATEMENT)))
    .orderBy(asc(orders.createdAt), asc(orders.id));
  const papers = rows.length
    ? await db()
        .select({ orderId: invoices.orderId, kind: invoices.kind, number: invoices.number, totalVnd: invoices.totalVnd })
        .from(invoices)
        .where(inArray(invoices.orderId, rows.map((r) => r.id)))
        .orderBy(asc(invoices.id))
    : [];
  const lines = rows.map((row) => {
    const mine = papers.filter((p) => p.orderId === row.id);
    const creditedVnd = mine.filter((p) => p.kind === "credit_note").reduce((sum, p) => sum + p.totalVnd, 0);
    const paidVnd = row.paymentStatus === "paid" ? row.totalVnd : 0;
    // Refunded: the money went back, nothing is owed. Otherwise what is owed is the total less corrections, less what was paid.
    const openVnd = row.paymentStatus === "refunded" ? 0 : Math.max(0, row.totalVnd - creditedVnd - paidVnd);
    return { ...row, invoiceNumber: mine.find((p) => p.kind === "invoice")?.number ?? null, creditedVnd, paidVnd, openVnd };
  });
  const sum = (key: "totalVnd" | "creditedVnd" | "paidVnd" | "openVnd") => lines.reduce((total, line) => total + line[key], 0);
  return { companyId, company, month, lines, totals: { totalVnd: sum("totalVnd"), creditedVnd: sum("creditedVnd"), paidVnd: sum("paidVnd"), openVnd: sum("openVnd") } };
}

export type CompanyStatement = Awaited<ReturnType<typeof companyStatement>>;

/** This month in Vietnam, "YYYY-MM": the statement shown by default. */
export function currentMonth(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 7);
}



