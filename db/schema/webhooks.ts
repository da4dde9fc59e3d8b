import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { farms } from "./farms";
import { users } from "./users";

/**
 * Webhooks out (issue 15, decision 045): a company or a farm registers
 * endpoints; events are recorded in the transaction of the change that
 * causes them, with one delivery per endpoint that wants them; each delivery
 * is tried by a job (Standard Webhooks signatures), each try logged.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // Exactly one owner: a company or a farm.
    companyId: integer("company_id").references(() => companies.id, { onDelete: "cascade" }),
    farmId: integer("farm_id").references(() => farms.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    events: text("events").array().notNull(),
    // "whsec_" + base64 of 24 random bytes (Standard Webhooks); shown to the owner, rotatable.
    secret: text("secret").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    // Why it was switched off: "owner" or "failing" (every try of a delivery failed for about 3 days).
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdBy: integer("created_by").references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("webhook_endpoints_company_idx").on(t.companyId),
    index("webhook_endpoints_farm_idx").on(t.farmId),
    check("webhook_endpoints_one_owner", sql`(${t.companyId} is null) <> (${t.farmId} is null)`),
  ],
);

/** One thing that happened, for one owner; its id is the webhook-id every delivery of it carries. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    companyId: integer("company_id").references(() => companies.id, { onDelete: "cascade" }),
    farmId: integer("farm_id").references(() => farms.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("webhook_events_one_owner", sql`(${t.companyId} is null) <> (${t.farmId} is null)`)],
);

export const webhookDeliveryStateEnum = pgEnum("webhook_delivery_state", ["pending", "delivered", "failed"]);

/** An event sent to one endpoint: tried along the retry schedule until it is answered with 2xx or the schedule ends. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    eventId: text("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    endpointId: integer("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    state: webhookDeliveryStateEnum("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    // A replay asked by the owner (a new delivery of the same event, same webhook-id).
    replayedBy: integer("replayed_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id)],
);

/** One HTTP try of a delivery: its answer's status (null: no answer), a bounded snippet of the body, how long it took. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    status: integer("status"),
    error: text("error"),
    responseSnippet: text("response_snippet").notNull().default(""),
    durationMs: integer("duration_ms").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.number)],
);
