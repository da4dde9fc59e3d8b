import { sql } from "drizzle-orm";
import { bigint, check, integer, pgEnum, pgTable, primaryKey, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { orders } from "./orders";
import { users } from "./users";

/**
 * Net terms (issue 12, decision 031): a verified company may pay by bank
 * transfer some days after delivery, up to a credit limit. One row per
 * company, versioned: a change or a revocation updates it (the audit trail
 * keeps before → after). Checkouts on terms lock it FOR UPDATE, so that
 * concurrent orders cannot together pass the limit.
 */
export const companyTerms = pgTable(
  "company_terms",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    // 7, 15 or 30 days after delivery.
    days: integer("days").notNull(),
    limitVnd: bigint("limit_vnd", { mode: "number" }).notNull(),
    // Set when revoked; terms are in force while it is null.
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    updatedBy: integer("updated_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("company_terms_company_key").on(t.companyId),
    check("company_terms_days", sql`${t.days} in (7, 15, 30)`),
    check("company_terms_limit_positive", sql`${t.limitVnd} > 0`),
  ],
);

export const termReminderKindEnum = pgEnum("term_reminder_kind", ["before", "due", "overdue"]);

/** Payment reminders sent for a net-terms order: each kind once (the key), whatever runs the job twice. */
export const termReminders = pgTable(
  "term_reminders",
  {
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    kind: termReminderKindEnum("kind").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.kind] })],
);
