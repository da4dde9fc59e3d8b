import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { communes, provinces } from "./places";
import { users } from "./users";

/**
 * Businesses that buy (issue 12): a company account with its tax code (MST),
 * invoice details and delivery addresses; its people and what each may do.
 */
export const companies = pgTable(
  "companies",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    // Mã số thuế: 10 digits, or 10-3 for a branch ("0101234567-001"), its check digit valid.
    taxCode: text("tax_code").notNull(),
    invoiceAddress: text("invoice_address").notNull().default(""),
    invoiceEmail: text("invoice_email").notNull().default(""),
    // Orders above this total wait for an approver; null: no approval needed.
    approvalThresholdVnd: bigint("approval_threshold_vnd", { mode: "number" }),
    createdBy: integer("created_by").references(() => users.id),
    // Net terms (decision 031): an operator checked the tax code and the papers offline.
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    verifiedBy: integer("verified_by").references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("companies_tax_code_key").on(t.taxCode), check("companies_threshold_positive", sql`${t.approvalThresholdVnd} is null or ${t.approvalThresholdVnd} > 0`)],
);

export const companyRoleEnum = pgEnum("company_role", ["owner", "buyer", "approver"]);

export const companyMembers = pgTable(
  "company_members",
  {
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: companyRoleEnum("role").notNull(),
    addedBy: integer("added_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.userId] }), index("company_members_user_idx").on(t.userId)],
);

/** An invitation to a company, by phone or email: the link carries a token, the table its SHA-256. */
export const companyInvites = pgTable(
  "company_invites",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    // "84912345678" or a lower-cased email: who the invitation is for.
    identifier: text("identifier").notNull(),
    role: companyRoleEnum("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedBy: integer("used_by").references(() => users.id),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("company_invites_token_key").on(t.tokenHash), index("company_invites_company_idx").on(t.companyId)],
);

export const companyAddresses = pgTable(
  "company_addresses",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    recipient: text("recipient").notNull(),
    phone: text("phone").notNull(),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    communeCode: text("commune_code")
      .notNull()
      .references(() => communes.code),
    street: text("street").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("company_addresses_company_idx").on(t.companyId)],
);
