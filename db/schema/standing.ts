import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { farms } from "./farms";
import { listings, unitEnum } from "./listings";
import { orders, paymentMethodEnum } from "./orders";
import { communes, provinces } from "./places";
import { quoteRequests } from "./rfq";
import { users } from "./users";

/**
 * Standing orders (issue 12, decision 032): "every Monday" — a weekly repeat
 * of one farm's order, or of a quote accepted on a weekly request. A daily
 * job makes each week's order ahead of time (an occurrence); the buyer may
 * skip a week, pause, resume or end it.
 */
export const standingOrderStateEnum = pgEnum("standing_order_state", ["active", "paused", "ended"]);
/** "listing": each week at the listing's price then (a change is told); "agreed": at the quoted price. */
export const standingPriceSourceEnum = pgEnum("standing_price_source", ["listing", "agreed"]);
export const standingOccurrenceStateEnum = pgEnum("standing_occurrence_state", ["scheduled", "skipped", "placed", "failed"]);

export const standingOrders = pgTable(
  "standing_orders",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    buyerId: integer("buyer_id")
      .notNull()
      .references(() => users.id),
    // For a company: its buyers manage it, its members see it; null for a person's own.
    companyId: integer("company_id").references(() => companies.id),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
    // ISO weekday of delivery: 1 Monday … 7 Sunday.
    weekday: integer("weekday").notNull(),
    // The first delivery date it may make an order for.
    startsOn: date("starts_on").notNull(),
    recipient: text("recipient").notNull(),
    phone: text("phone").notNull(),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    communeCode: text("commune_code")
      .notNull()
      .references(() => communes.code),
    street: text("street").notNull(),
    paymentMethod: paymentMethodEnum("payment_method").notNull(),
    poNumber: text("po_number"),
    state: standingOrderStateEnum("state").notNull().default("active"),
    priceSource: standingPriceSourceEnum("price_source").notNull(),
    sourceOrderId: integer("source_order_id").references(() => orders.id),
    quoteRequestId: integer("quote_request_id").references(() => quoteRequests.id),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("standing_orders_buyer_idx").on(t.buyerId),
    index("standing_orders_company_idx").on(t.companyId),
    index("standing_orders_farm_idx").on(t.farmId),
    // One running repeat of an order: a second submit of the form finds the first.
    uniqueIndex("standing_orders_source_key").on(t.sourceOrderId).where(sql`${t.state} <> 'ended'`),
    check("standing_orders_weekday", sql`${t.weekday} between 1 and 7`),
    // Nobody is there to pay by card when the job places the order.
    check("standing_orders_no_card", sql`${t.paymentMethod} <> 'card'`),
  ],
);

export const standingOrderLines = pgTable(
  "standing_order_lines",
  {
    standingOrderId: integer("standing_order_id")
      .notNull()
      .references(() => standingOrders.id, { onDelete: "cascade" }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    title: text("title").notNull(),
    unit: unitEnum("unit").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    // The agreed price ("agreed"), or the price of the last order made ("listing"): a change is told.
    unitPriceVnd: bigint("unit_price_vnd", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.standingOrderId, t.listingId] }), check("standing_order_lines_quantity_positive", sql`${t.quantity} > 0`)],
);

/** What happened to one week: skipped by the buyer, or its order made (placed) or not (failed, with why). */
export type OccurrenceChanges = {
  prices?: { listingId: number; title: string; fromVnd: number; toVnd: number }[];
  short?: { listingId: number; title: string; wanted: number; available: number }[];
};

export const standingOrderOccurrences = pgTable(
  "standing_order_occurrences",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    standingOrderId: integer("standing_order_id")
      .notNull()
      .references(() => standingOrders.id, { onDelete: "cascade" }),
    deliveryDate: date("delivery_date").notNull(),
    state: standingOccurrenceStateEnum("state").notNull().default("scheduled"),
    orderId: integer("order_id").references(() => orders.id),
    // Why it failed: an i18n key's last part (stock, closed, too_large).
    reason: text("reason"),
    changes: jsonb("changes").$type<OccurrenceChanges>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // One row per week: a second run of the job, or a skip racing it, finds the first.
  (t) => [uniqueIndex("standing_order_occurrences_week_key").on(t.standingOrderId, t.deliveryDate)],
);
