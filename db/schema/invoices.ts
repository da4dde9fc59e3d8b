import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { farms } from "./farms";
import { unitEnum } from "./listings";
import { orders } from "./orders";
import { users } from "./users";

/**
 * Invoices and credit notes (issue 15, decision 043). Issued rows never
 * change: a trigger (migration invoices) refuses UPDATE and DELETE of both
 * tables. Numbers come from invoice_counters, one row per farm, kind and
 * year, bumped in the transaction that issues (no sequence: a rolled-back
 * transaction would leave a gap).
 */

/** VAT rates as data: a farm registered for VAT names the rate its produce is sold at. */
export const vatRates = pgTable("vat_rates", {
  code: text("code").primaryKey(),
  // Null: not subject to VAT ("không chịu thuế"); else the percentage.
  percent: numeric("percent", { precision: 5, scale: 2 }),
  // Where the rate comes from, for the people who keep the table.
  basis: text("basis").notNull(),
});

export const invoiceKindEnum = pgEnum("invoice_kind", ["invoice", "credit_note"]);

/** The seller as printed: a snapshot at issue. */
export type InvoiceSeller = { farmId: number; name: string; address: string; taxCode: string | null; vatRegistered: boolean };
/** The buyer as printed: the company (name, MST, invoice address) or the person. */
export type InvoiceBuyer = { name: string; address: string; taxCode: string | null; companyId: number | null };

export const invoiceCounters = pgTable(
  "invoice_counters",
  {
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
    kind: invoiceKindEnum("kind").notNull(),
    year: smallint("year").notNull(),
    lastNumber: integer("last_number").notNull(),
  },
  (t) => [primaryKey({ columns: [t.farmId, t.kind, t.year] })],
);

export const invoices = pgTable(
  "invoices",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kind: invoiceKindEnum("kind").notNull(),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    // The year (Vietnam time) and the place in the farm's series for that kind and year: 1, 2, 3… without gaps.
    year: smallint("year").notNull(),
    sequence: integer("sequence").notNull(),
    // "NSS-<farm>-<year>-000123" (invoices), "NSS-<farm>-<year>-DC-000004" (credit notes).
    number: text("number").notNull(),
    seller: jsonb("seller").$type<InvoiceSeller>().notNull(),
    buyer: jsonb("buyer").$type<InvoiceBuyer>().notNull(),
    // Null when the seller is not registered for VAT (no VAT on the paper).
    vatPercent: numeric("vat_percent", { precision: 5, scale: 2 }),
    // Amounts in whole đồng: before VAT, the VAT, and what was paid (before + VAT = total).
    subtotalVnd: bigint("subtotal_vnd", { mode: "number" }).notNull(),
    vatVnd: bigint("vat_vnd", { mode: "number" }).notNull(),
    totalVnd: bigint("total_vnd", { mode: "number" }).notNull(),
    totalWords: text("total_words").notNull(),
    // A credit note: the invoice it corrects, and why.
    creditsInvoiceId: integer("credits_invoice_id"),
    reason: text("reason"),
    issuedBy: integer("issued_by").references(() => users.id),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invoices_number_key").on(t.number),
    uniqueIndex("invoices_series_key").on(t.farmId, t.kind, t.year, t.sequence),
    // One invoice per order; credit notes as many as the amount allows.
    uniqueIndex("invoices_order_key").on(t.orderId).where(sql`${t.kind} = 'invoice'`),
    index("invoices_farm_idx").on(t.farmId, t.issuedAt),
    index("invoices_credits_idx").on(t.creditsInvoiceId),
    check("invoices_amounts", sql`${t.totalVnd} > 0 and ${t.vatVnd} >= 0 and ${t.subtotalVnd} + ${t.vatVnd} = ${t.totalVnd}`),
    check("invoices_credit_note", sql`(${t.kind} = 'credit_note') = (${t.creditsInvoiceId} is not null)`),
  ],
);

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    invoiceId: integer("invoice_id")
      .notNull()
      .references(() => invoices.id),
    position: smallint("position").notNull(),
    description: text("description").notNull(),
    // Null on a credit note's line (an amount, not goods).
    unit: unitEnum("unit"),
    quantity: numeric("quantity", { precision: 14, scale: 3 }),
    unitPriceVnd: bigint("unit_price_vnd", { mode: "number" }),
    // What the buyer paid for the line (VAT included when there is VAT).
    amountVnd: bigint("amount_vnd", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.position] })],
);
