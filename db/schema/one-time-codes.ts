import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One-time codes sent to a phone (app/models/one-time-code.server.ts). Only
 * a salted scrypt hash of the code is kept. The newest row for a purpose,
 * phone and subject is the only one that can still be verified; the rows
 * of the last hour are also the re-send counter.
 */
export const oneTimeCodes = pgTable(
  "one_time_codes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // What the code confirms, e.g. "consent"; names the message text too.
    purpose: text("purpose").notNull(),
    // E.164 without the plus sign, e.g. 84912345678.
    phone: text("phone").notNull(),
    // What the code is about (e.g. a consent request), when it is about one thing.
    subjectId: integer("subject_id"),
    // scrypt$<salt, base64url>$<hash, base64url>
    codeHash: text("code_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    usedAt: timestamp("used_at", { withTimezone: true }),
    // The provider's id of the message that carried the code.
    providerId: text("provider_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("one_time_codes_phone_purpose_idx").on(t.phone, t.purpose, t.createdAt),
    check("one_time_codes_phone_e164", sql`${t.phone} ~ '^84[0-9]{9}$'`),
    check("one_time_codes_attempts", sql`${t.attempts} >= 0`),
  ],
);
