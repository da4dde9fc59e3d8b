import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { certificationTypeEnum, farms } from "./farms";
import { listings, unitEnum } from "./listings";
import { orders } from "./orders";
import { categories, communes, provinces } from "./places";
import { users } from "./users";

/**
 * Requests for quotation (issue 12, decision 030): a company asks for a
 * quantity of a product delivered to a commune; farms answer with quotes; the
 * buyer accepts one or several, splitting the quantity, and orders are made.
 */
export const quoteRequestStateEnum = pgEnum("quote_request_state", ["open", "closed", "awarded", "cancelled"]);
export const quoteRecurrenceEnum = pgEnum("quote_recurrence", ["once", "weekly"]);
export const quoteAudienceEnum = pgEnum("quote_audience", ["open", "invited"]);
export const quoteStateEnum = pgEnum("quote_state", ["submitted", "withdrawn", "accepted", "declined"]);

export const quoteRequests = pgTable(
  "quote_requests",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    categorySlug: text("category_slug")
      .notNull()
      .references(() => categories.slug),
    product: text("product").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    unit: unitEnum("unit").notNull(),
    grade: text("grade").notNull().default(""),
    certifications: certificationTypeEnum("certifications").array().notNull().default(sql`'{}'`),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    communeCode: text("commune_code")
      .notNull()
      .references(() => communes.code),
    street: text("street").notNull().default(""),
    recipient: text("recipient").notNull().default(""),
    phone: text("phone").notNull().default(""),
    deliverFrom: date("deliver_from").notNull(),
    deliverTo: date("deliver_to").notNull(),
    targetPriceVnd: bigint("target_price_vnd", { mode: "number" }),
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
    recurrence: quoteRecurrenceEnum("recurrence").notNull().default("once"),
    audience: quoteAudienceEnum("audience").notNull().default("open"),
    // Open requests reach farms in the delivery province, or anywhere when this is set.
    nationwide: boolean("nationwide").notNull().default(false),
    // Further provinces whose farms an open request reaches, besides the delivery province (decision 034).
    provinceCodes: text("province_codes").array().notNull().default(sql`'{}'`),
    // A weekly request repeats until this day (inclusive); null: until stopped.
    repeatUntil: date("repeat_until"),
    state: quoteRequestStateEnum("state").notNull().default("open"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("quote_requests_company_idx").on(t.companyId),
    index("quote_requests_open_idx").on(t.deadline).where(sql`${t.state} = 'open'`),
    check("quote_requests_quantity_positive", sql`${t.quantity} > 0`),
    check("quote_requests_window", sql`${t.deliverFrom} <= ${t.deliverTo}`),
    check("quote_requests_target_positive", sql`${t.targetPriceVnd} is null or ${t.targetPriceVnd} > 0`),
    check("quote_requests_repeat_weekly", sql`${t.repeatUntil} is null or (${t.recurrence} = 'weekly' and ${t.repeatUntil} >= ${t.deliverFrom})`),
  ],
);

/** The farms a request with audience 'invited' is open to. */
export const quoteRequestInvites = pgTable(
  "quote_request_invites",
  {
    requestId: integer("request_id")
      .notNull()
      .references(() => quoteRequests.id, { onDelete: "cascade" }),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.farmId] })],
);

export const quotes = pgTable(
  "quotes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer("request_id")
      .notNull()
      .references(() => quoteRequests.id),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
    // The farm's listing the quote offers from: the order line refers to it (its stock is not taken).
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    pricePerUnitVnd: bigint("price_per_unit_vnd", { mode: "number" }).notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    earliestDelivery: date("earliest_delivery").notNull(),
    validUntil: date("valid_until").notNull(),
    note: text("note").notNull().default(""),
    state: quoteStateEnum("state").notNull().default("submitted"),
    // The quantity the buyer accepted (a part of the quote's, when split), and the order it made.
    acceptedQuantity: numeric("accepted_quantity", { precision: 14, scale: 3 }),
    orderId: integer("order_id").references(() => orders.id),
    // Raised by every UPDATE (trigger, migration 0018): the buyer accepts the version they saw.
    version: integer("version").notNull().default(1),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("quotes_request_farm_key").on(t.requestId, t.farmId),
    index("quotes_farm_idx").on(t.farmId),
    check("quotes_price_positive", sql`${t.pricePerUnitVnd} > 0`),
    check("quotes_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

/** A quote's thread: the company's people and the farm's. */
export const quoteMessages = pgTable(
  "quote_messages",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    quoteId: integer("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("quote_messages_quote_idx").on(t.quoteId, t.id)],
);

/**
 * Text messages sent by the notices of requests for quotation (decision 034),
 * one row per key: the key says what a message is about ("rfq-matched:12:34"),
 * so a retried job, or a second notice of the same thing, sends nothing more.
 */
export const textNotices = pgTable("text_notices", {
  key: text("key").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
});
