import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { farms } from "./farms";
import { listings, unitEnum } from "./listings";
import { lots } from "./lots";
import { communes, provinces } from "./places";
import { users } from "./users";

/** A logged-in buyer's cart: one row per listing. A guest's cart lives in a cookie. */
export const cartItems = pgTable(
  "cart_items",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    // The unit price the buyer saw when adding, so the cart can say what changed.
    seenPriceVnd: bigint("seen_price_vnd", { mode: "number" }).notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.listingId] }), check("cart_items_quantity_positive", sql`${t.quantity} > 0`)],
);

export const deliveryAddresses = pgTable(
  "delivery_addresses",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    recipient: text("recipient").notNull(),
    phone: text("phone").notNull(),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    communeCode: text("commune_code")
      .notNull()
      .references(() => communes.code),
    street: text("street").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("delivery_addresses_user_idx").on(t.userId, t.lastUsedAt)],
);

// "net_terms": on invoice, a company's bank transfer due some days after delivery (decision 031).
export const paymentMethodEnum = pgEnum("payment_method", ["cod", "bank_transfer", "card", "net_terms"]);
// "refunded": the buyer's money went back (card: through Stripe).
export const paymentStatusEnum = pgEnum("payment_status", ["unpaid", "paid", "refunded"]);
export const orderStatusEnum = pgEnum("order_status", [
  // Card orders wait here, stock held, until Stripe says paid; the farm sees them only then.
  "awaiting_payment",
  "placed",
  // A company's purchase above its approval threshold waits here, stock held, for an approver
  // (issue 12, decision 033); the farm sees it only once approved.
  "awaiting_approval",
  "accepted",
  "declined",
  "packed",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
  "expired",
]);

/** One checkout: its id is the form's idempotency key, so a double submit finds the first. */
export const checkouts = pgTable("checkouts", {
  id: uuid("id").primaryKey(),
  buyerId: integer("buyer_id")
    .notNull()
    .references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const orders = pgTable(
  "orders",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // Human-friendly: NSS-yymmdd-XXXXXX (Vietnam date, six unambiguous characters).
    number: text("number").notNull(),
    checkoutId: uuid("checkout_id")
      .notNull()
      .references(() => checkouts.id),
    buyerId: integer("buyer_id")
      .notNull()
      .references(() => users.id),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
    // Bought for a company (issue 12): its members see the order; null for a person's own purchase.
    companyId: integer("company_id").references(() => companies.id),
    // The company's purchase order number, as its accountants write it.
    poNumber: text("po_number"),
    status: orderStatusEnum("status").notNull().default("placed"),
    paymentMethod: paymentMethodEnum("payment_method").notNull(),
    paymentStatus: paymentStatusEnum("payment_status").notNull().default("unpaid"),
    deliveryOption: text("delivery_option").notNull(),
    recipient: text("recipient").notNull(),
    phone: text("phone").notNull(),
    provinceCode: text("province_code").notNull(),
    communeCode: text("commune_code").notNull(),
    street: text("street").notNull(),
    totalVnd: bigint("total_vnd", { mode: "number" }).notNull(),
    // Unpaid bank transfers and card payments give their stock back after this.
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    // Net terms (decision 031): the days granted when it was placed; the due date, set at delivery.
    termDays: integer("term_days"),
    dueAt: timestamp("due_at", { withTimezone: true }),
    // Set once, when the stock of a declined, cancelled or expired order went back.
    stockReturnedAt: timestamp("stock_returned_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("orders_number_key").on(t.number),
    index("orders_buyer_idx").on(t.buyerId, t.createdAt),
    index("orders_farm_idx").on(t.farmId, t.createdAt),
    index("orders_checkout_idx").on(t.checkoutId),
    index("orders_company_idx").on(t.companyId, t.createdAt),
    index("orders_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'placed' and ${t.paymentStatus} = 'unpaid'`),
    check("orders_total_positive", sql`${t.totalVnd} > 0`),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    title: text("title").notNull(),
    unit: unitEnum("unit").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    unitPriceVnd: bigint("unit_price_vnd", { mode: "number" }).notNull(),
    lineTotalVnd: bigint("line_total_vnd", { mode: "number" }).notNull(),
    // The listing's lot when the order was placed (issue 14): the lot's journey reads it.
    lotId: integer("lot_id").references(() => lots.id),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.listingId] }), index("order_items_lot_idx").on(t.lotId).where(sql`${t.lotId} is not null`), check("order_items_quantity_positive", sql`${t.quantity} > 0`)],
);

/** The order's timeline: who did what, when. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    // Null for the system (expiry).
    actorId: integer("actor_id").references(() => users.id),
    kind: text("kind").notNull(),
    fromStatus: orderStatusEnum("from_status"),
    toStatus: orderStatusEnum("to_status"),
    // Why, when someone gave one: an approver's reason for rejecting (decision 033).
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.id)],
);

export const notifications = pgTable(
  "notifications",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    orderId: integer("order_id").references(() => orders.id, { onDelete: "cascade" }),
    params: jsonb("params").$type<Record<string, string>>().notNull().default({}),
    readAt: timestamp("read_at", { withTimezone: true }),
    // Set when the notification was also sent by email (SMTP configured, user has an email).
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_unread_idx").on(t.userId, t.createdAt).where(sql`${t.readAt} is null`),
    // The bell's list: a person's latest, read or not.
    index("notifications_user_idx").on(t.userId, t.id),
  ],
);
