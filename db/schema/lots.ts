import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { farms } from "./farms";
import { categories } from "./places";
import { users } from "./users";

/**
 * A farm's lot (issue 14, decision 042): one planting of one product on one
 * plot, from sowing to harvest, with what was applied to it. Listings and
 * order lines point at it; its public page is /t/<code>.
 */
export const lots = pgTable(
  "lots",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
    // The public, unguessable short code of /t/<code> and of the label (never the id).
    code: text("code").notNull(),
    product: text("product").notNull(),
    categorySlug: text("category_slug").references(() => categories.slug),
    plot: text("plot").notNull().default(""),
    sownOn: date("sown_on"),
    harvestedOn: date("harvested_on"),
    // GS1 GTIN-14 (check digit verified by the form): the QR then follows GS1 Digital Link.
    gtin: text("gtin"),
    certifications: text("certifications").array().notNull().default(sql`'{}'::text[]`),
    // Visits of the public page (each scan of a label lands there).
    scans: integer("scans").notNull().default(0),
    // Raised by every UPDATE (the trigger of decision 016), scans aside (migration 0025_lots).
    version: integer("version").notNull().default(1),
    createKey: uuid("create_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("lots_code_key").on(t.code),
    uniqueIndex("lots_create_key").on(t.farmId, t.createKey),
    index("lots_farm_idx").on(t.farmId),
    check("lots_gtin_digits", sql`${t.gtin} is null or ${t.gtin} ~ '^[0-9]{14}$'`),
    check("lots_sown_before_harvest", sql`${t.sownOn} is null or ${t.harvestedOn} is null or ${t.sownOn} <= ${t.harvestedOn}`),
  ],
);

export const lotInputKindEnum = pgEnum("lot_input_kind", ["fertiliser", "pesticide"]);

/** What was applied to a lot: append-only, like a field notebook (decision 042). */
export const lotInputs = pgTable(
  "lot_inputs",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    lotId: integer("lot_id")
      .notNull()
      .references(() => lots.id, { onDelete: "cascade" }),
    kind: lotInputKindEnum("kind").notNull(),
    // The product as sold (trade name), e.g. "NPK 16-16-8" or "Vertimec 1.8EC".
    name: text("name").notNull(),
    // A pesticide's active ingredient: a key of app/models/phi.ts.
    activeIngredient: text("active_ingredient"),
    amount: text("amount").notNull().default(""),
    appliedOn: date("applied_on").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("lot_inputs_lot_idx").on(t.lotId),
    check("lot_inputs_pesticide_ingredient", sql`(${t.kind} = 'pesticide') = (${t.activeIngredient} is not null)`),
  ],
);
