import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { certificationColumns, farms } from "./farms";
import { categories } from "./places";
import { lots } from "./lots";
import { users } from "./users";

export const unitEnum = pgEnum("unit", [
  "kg",
  "yen",
  "ta",
  "tan",
  "bo",
  "qua",
  "chuc",
  "con",
  "hop",
  "lit",
]);

export const listingStateEnum = pgEnum("listing_state", [
  "draft",
  "active",
  "paused",
  "sold_out",
  "expired",
]);

export const listings = pgTable(
  "listings",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    categorySlug: text("category_slug")
      .notNull()
      .references(() => categories.slug),
    variety: text("variety").notNull().default(""),
    grade: text("grade").notNull().default(""),
    description: text("description").notNull().default(""),
    unit: unitEnum("unit").notNull(),
    // Whole đồng; VND has no minor unit.
    priceVnd: bigint("price_vnd", { mode: "number" }).notNull(),
    // Quantities in the listing's unit, three decimal places.
    stock: numeric("stock", { precision: 14, scale: 3 }).notNull(),
    minOrderQty: numeric("min_order_qty", { precision: 14, scale: 3 }).notNull().default("1"),
    availableFrom: date("available_from"),
    availableTo: date("available_to"),
    deliveryOptions: text("delivery_options").array().notNull().default(sql`'{}'::text[]`),
    state: listingStateEnum("state").notNull().default("draft"),
    // Raised by every UPDATE of the row (a trigger, migration 0010_edit_versions): an edit
    // form carries the version it showed, and a save against an older one is
    // refused (docs/decisions/016-stale-edits.md).
    version: integer("version").notNull().default(1),
    // The new-listing form's own key: the same form posted twice (a double tap without
    // JavaScript) makes one listing (docs/decisions/020-pending-and-confirm.md).
    createKey: uuid("create_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // Deleted listings are kept for the orders that name them, and shown to nobody.
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    // Hidden by a moderator (issue 13), apart from the farm's own state: out of search and
    // shown to nobody but the farm, which sees the reason, fixes it and asks for another look.
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    hiddenBy: integer("hidden_by").references(() => users.id),
    hiddenReason: text("hidden_reason"),
    reviewRequestedAt: timestamp("review_requested_at", { withTimezone: true }),
    // The lot on sale (issue 14): one of the farm's own, checked by the model; copied onto order lines.
    lotId: integer("lot_id").references(() => lots.id),
  },
  (t) => [
    index("listings_farm_idx").on(t.farmId),
    uniqueIndex("listings_create_key").on(t.farmId, t.createKey),
    index("listings_category_idx").on(t.categorySlug),
    index("listings_fresh_idx").on(t.createdAt).where(sql`${t.state} = 'active' and ${t.deletedAt} is null`),
    check("listings_price_positive", sql`${t.priceVnd} > 0`),
    check("listings_stock_nonnegative", sql`${t.stock} >= 0`),
    check("listings_min_order_positive", sql`${t.minOrderQty} > 0`),
    check(
      "listings_harvest_window",
      sql`${t.availableFrom} is null or ${t.availableTo} is null or ${t.availableFrom} <= ${t.availableTo}`,
    ),
  ],
);

// Volume prices: from `minQty` upwards the unit price is `priceVnd`.
export const listingPriceTiers = pgTable(
  "listing_price_tiers",
  {
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    minQty: numeric("min_qty", { precision: 14, scale: 3 }).notNull(),
    priceVnd: bigint("price_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.listingId, t.minQty] }),
    check("listing_price_tiers_positive", sql`${t.minQty} > 0 and ${t.priceVnd} > 0`),
  ],
);

export const listingCertifications = pgTable(
  "listing_certifications",
  {
    ...certificationColumns(),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
  },
  (t) => [
    index("listing_certifications_listing_idx").on(t.listingId),
    check(
      "listing_certifications_stars",
      sql`(${t.type} = 'ocop') = (${t.stars} is not null) and (${t.stars} is null or ${t.stars} between 1 and 5)`,
    ),
  ],
);
