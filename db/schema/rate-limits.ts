import { bigint, integer, pgTable, text } from "drizzle-orm/pg-core";

/**
 * Login and signup counters, kept by rate-limiter-flexible's PostgreSQL store
 * (app/utils/rate-limit.server.ts) so that they hold across app processes.
 * The store's own layout: it inserts `VALUES (key, points, expire)` without
 * naming columns, so their order matters. `key` is text rather than the
 * store's varchar(255): keys carry an email (up to 254 characters) and an
 * address. `expire` is epoch milliseconds; expired rows are deleted by the
 * store every five minutes.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: bigint("expire", { mode: "number" }),
});
