import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { farms } from "./farms";
import { checkouts, orders } from "./orders";
import { users } from "./users";

export const cardPaymentStatusEnum = pgEnum("card_payment_status", ["creating", "open", "paid", "expired"]);
/** What became of money taken after the checkout had expired (decision 019). */
export const latePaymentOutcomeEnum = pgEnum("late_payment_outcome", ["revived", "refunded"]);

/**
 * One Stripe Checkout Session per card checkout (it may pay the orders of
 * several farms). "creating" until Stripe has answered: a checkout whose
 * session could not be created is retried with the same idempotency key.
 */
export const cardPayments = pgTable(
  "card_payments",
  {
    checkoutId: uuid("checkout_id")
      .primaryKey()
      .references(() => checkouts.id),
    buyerId: integer("buyer_id")
      .notNull()
      .references(() => users.id),
    amountVnd: bigint("amount_vnd", { mode: "number" }).notNull(),
    status: cardPaymentStatusEnum("status").notNull().default("creating"),
    stripeSessionId: text("stripe_session_id"),
    sessionUrl: text("session_url"),
    // The exact parameters of the first attempt: a retry under the same
    // idempotency key must send the same, or Stripe refuses it.
    sessionRequest: jsonb("session_request").$type<Record<string, unknown>>(),
    paymentIntentId: text("payment_intent_id"),
    // The most Stripe has said was refunded on the charge (charge.refunded only grows it).
    amountRefundedVnd: bigint("amount_refunded_vnd", { mode: "number" }).notNull().default(0),
    // Set when Stripe took the money after the orders had expired: revived, or refunded at once.
    lateOutcome: latePaymentOutcomeEnum("late_outcome"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("card_payments_session_key").on(t.stripeSessionId),
    uniqueIndex("card_payments_intent_key").on(t.paymentIntentId),
    index("card_payments_open_idx").on(t.expiresAt).where(sql`${t.status} in ('creating', 'open')`),
    check("card_payments_amount_positive", sql`${t.amountVnd} > 0`),
  ],
);

/** Each Stripe event once: its id is the key, written in the same transaction as its effect. */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  // "applied", or why it was recorded and ignored.
  outcome: text("outcome").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

export const refundStatusEnum = pgEnum("refund_status", ["pending", "succeeded", "failed"]);

/**
 * Refunds of an order, whole or in part: the amounts not failed never exceed
 * the order's total (checked under the order's lock). Card refunds are
 * requested from Stripe after the transaction that decided them commits
 * (idempotency key `refund-<id>`); the job resends those Stripe has not
 * taken, with backoff, and marks failed one Stripe has refused three times.
 * A refund made in Stripe's dashboard is recorded here when it can be
 * matched to an order (`via_dashboard`).
 */
export const refunds = pgTable(
  "refunds",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    amountVnd: bigint("amount_vnd", { mode: "number" }).notNull(),
    status: refundStatusEnum("status").notNull().default("pending"),
    stripeRefundId: text("stripe_refund_id"),
    // Why Stripe refused it; or, for money sent back by hand, the bank transfer's reference.
    failure: text("failure"),
    reference: text("reference"),
    // Why part of an order is refunded (a line short or spoiled), as the operator wrote it.
    reason: text("reason"),
    viaDashboard: boolean("via_dashboard").notNull().default(false),
    // Tries at sending it to Stripe, and when the job may try again.
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    requestedBy: integer("requested_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("refunds_order_idx").on(t.orderId),
    uniqueIndex("refunds_stripe_key").on(t.stripeRefundId),
    check("refunds_amount_positive", sql`${t.amountVnd} > 0`),
  ],
);

export const ledgerKindEnum = pgEnum("ledger_kind", ["order", "refund", "payout"]);

/**
 * What the platform owes each farm. A farm's balance is the sum of its
 * entries' `amount_vnd`; it is never stored anywhere else.
 * - order: a completed order; gross, the platform's fee at the rate of the
 *   day (`fee_bps`), net. The amount is the net when the platform took the
 *   money (card, bank transfer), minus the fee when the farm took the cash.
 * - refund: the negative of the refunded part of the order's entry (all of
 *   it for a full refund), once per refund, when the refund has gone through.
 * - payout: money sent to the farm's bank, with its transfer reference.
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id),
    kind: ledgerKindEnum("kind").notNull(),
    orderId: integer("order_id").references(() => orders.id),
    // The refund a reversal is for (an order may be refunded in parts).
    refundId: integer("refund_id").references(() => refunds.id),
    grossVnd: bigint("gross_vnd", { mode: "number" }).notNull().default(0),
    feeVnd: bigint("fee_vnd", { mode: "number" }).notNull().default(0),
    feeBps: integer("fee_bps").notNull().default(0),
    netVnd: bigint("net_vnd", { mode: "number" }).notNull().default(0),
    amountVnd: bigint("amount_vnd", { mode: "number" }).notNull(),
    bankReference: text("bank_reference"),
    recordedBy: integer("recorded_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ledger_entries_farm_idx").on(t.farmId, t.id),
    // An order is credited once, and each of its refunds reversed once.
    uniqueIndex("ledger_entries_order_key").on(t.orderId).where(sql`${t.kind} = 'order'`),
    uniqueIndex("ledger_entries_refund_key").on(t.refundId),
    check(
      "ledger_entries_shape",
      sql`(${t.kind} = 'payout' and ${t.orderId} is null and ${t.amountVnd} < 0 and ${t.bankReference} is not null) or (${t.kind} <> 'payout' and ${t.orderId} is not null)`,
    ),
  ],
);

export const paymentIssueKindEnum = pgEnum("payment_issue_kind", ["mismatch", "unmatched_refund"]);

/**
 * What operators must look at on /ops/payments and nothing applied by
 * itself: a verified Stripe event that does not match what was asked
 * (another session, amount or currency), or a refund made in Stripe's
 * dashboard that no order could be matched to.
 */
export const paymentIssues = pgTable(
  "payment_issues",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kind: paymentIssueKindEnum("kind").notNull(),
    // Whatever the event named: it may be no checkout of ours, so no foreign key.
    checkoutId: uuid("checkout_id"),
    stripeEventId: text("stripe_event_id"),
    // The session or refund the issue is about.
    stripeObjectId: text("stripe_object_id").notNull(),
    amountVnd: bigint("amount_vnd", { mode: "number" }),
    currency: text("currency"),
    detail: text("detail").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("payment_issues_created_idx").on(t.createdAt),
    uniqueIndex("payment_issues_refund_key").on(t.stripeObjectId).where(sql`${t.kind} = 'unmatched_refund'`),
  ],
);
