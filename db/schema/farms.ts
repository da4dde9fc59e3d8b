import { sql } from "drizzle-orm";
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { communes, provinces } from "./places";
import { users } from "./users";

export const farmKindEnum = pgEnum("farm_kind", ["household", "coop", "enterprise"]);
export const verificationEnum = pgEnum("farm_verification", [
  "unverified",
  "pending",
  "verified",
  "rejected",
]);
export const certificationTypeEnum = pgEnum("certification_type", [
  "vietgap",
  "globalgap",
  "organic",
  "ocop",
]);

export const farms = pgTable(
  "farms",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    kind: farmKindEnum("kind").notNull().default("household"),
    story: text("story").notNull().default(""),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    communeCode: text("commune_code")
      .notNull()
      .references(() => communes.code),
    addressLine: text("address_line").notNull().default(""),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    verification: verificationEnum("verification").notNull().default("unverified"),
    // Invoices (decision 043): the farm's tax code (MST), if it has one, and the VAT rate it
    // sells at when registered for VAT (a code of vat_rates); null: not registered (a household
    // selling its own produce is not subject to VAT), so its invoices carry no VAT.
    taxCode: text("tax_code"),
    vatRateCode: text("vat_rate_code"),
    // Raised by every UPDATE of the row (a trigger, migration 0010_edit_versions), like a
    // listing's: the farm form is saved only against the version it showed.
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("farms_slug_key").on(t.slug),
    // One farm per account for now; a co-op with several farms uses several accounts.
    uniqueIndex("farms_owner_key").on(t.ownerId),
    index("farms_province_idx").on(t.provinceCode),
    check(
      "farms_map_point",
      sql`(${t.latitude} is null) = (${t.longitude} is null)
        and (${t.latitude} is null or (${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180))`,
    ),
  ],
);

// The same shape serves farms and listings (listings.ts): one table each, so
// that the foreign keys stay simple and every row has exactly one owner.
export function certificationColumns() {
  return {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    type: certificationTypeEnum("type").notNull(),
    number: text("number").notNull().default(""),
    issuer: text("issuer").notNull().default(""),
    expiresOn: date("expires_on"),
    // OCOP rating, 1 to 5 stars; only for type = 'ocop'.
    stars: smallint("stars"),
  };
}

export const farmCertifications = pgTable(
  "farm_certifications",
  {
    ...certificationColumns(),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id, { onDelete: "cascade" }),
  },
  (t) => [
    index("farm_certifications_farm_idx").on(t.farmId),
    check(
      "farm_certifications_stars",
      sql`(${t.type} = 'ocop') = (${t.stars} is not null) and (${t.stars} is null or ${t.stars} between 1 and 5)`,
    ),
  ],
);
