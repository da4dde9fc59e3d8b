import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", [
  "farmer",
  "business",
  "consumer",
  "helper",
  // The platform's administrator: every operator action (issue 13).
  "operator",
  // Works the verification queue and reports; hides listings, suspends accounts.
  "moderator",
  // A provincial official: the adoption figures of their own provinces only (analyst_provinces).
  "analyst",
]);

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // E.164 without the plus sign, e.g. 84912345678; null when signed up by email.
    phone: text("phone"),
    // Lower-cased; null when signed up by phone.
    email: text("email"),
    passwordHash: text("password_hash").notNull(),
    displayName: text("display_name").notNull(),
    locale: text("locale").notNull().default("vi"),
    // When the person chose their password; null for a household a helper
    // onboarded (an unusable password) until it claims its login (/claim).
    passwordSetAt: timestamp("password_set_at", { withTimezone: true }).defaultNow(),
    // Stopped by a moderator (issue 13): no sessions, listings out of search; null when in good standing.
    suspendedAt: timestamp("suspended_at", { withTimezone: true }),
    suspendedBy: integer("suspended_by").references((): AnyPgColumn => users.id),
    suspendedReason: text("suspended_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_phone_key").on(t.phone),
    uniqueIndex("users_email_key").on(t.email),
    check("users_phone_or_email", sql`${t.phone} is not null or ${t.email} is not null`),
  ],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const sessions = pgTable(
  "sessions",
  {
    // SHA-256 of the token in the cookie: a copy of this table opens no session.
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    // The household a helper or co-op member is acting for now ("Đang thao tác cho"); the
    // policy checks the right to act on every request, so a withdrawn consent ends it at once.
    actingFarmId: integer("acting_farm_id"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);
