import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { farms } from "./farms";
import { users } from "./users";

/**
 * The JSON API's access tokens (issue 15, docs/decisions/044-json-api-v1.md).
 * A token belongs to exactly one company or one farm; only the SHA-256 of
 * the secret is kept (the secret is shown once). `prefix` is the secret's
 * first characters, shown in lists so an owner can tell tokens apart.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    companyId: integer("company_id").references(() => companies.id, { onDelete: "cascade" }),
    farmId: integer("farm_id").references(() => farms.id, { onDelete: "cascade" }),
    // Whose rights the token carries (limited by its scopes); re-checked on every request.
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    scopes: text("scopes").array().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: integer("revoked_by").references(() => users.id),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_key").on(t.tokenHash),
    index("api_tokens_company_idx").on(t.companyId),
    index("api_tokens_farm_idx").on(t.farmId),
    check("api_tokens_one_owner", sql`(${t.companyId} is null) <> (${t.farmId} is null)`),
  ],
);

/**
 * Idempotency keys of POST requests, per token and key: the request's hash
 * and, once answered, the first answer (status and body) that a replay
 * returns. A row without a status is a request still running.
 */
export const apiIdempotency = pgTable(
  "api_idempotency",
  {
    tokenId: integer("token_id")
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: smallint("status"),
    body: jsonb("body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] })],
);
