/**
 * Background jobs on pg-boss (jobs in PostgreSQL, no other server). Search: a
 * "search-sync" job drains the outbox, retried with exponential backoff when
 * the engine fails; a committed change wakes it at once (LISTEN/NOTIFY), and a sweep every minute
 * catches anything a wake-up missed. A daily job notes listings whose
 * documents changed with the date (harvest window, certification expiry).
 * Orders: every minute, unpaid bank transfers past their time expire; every
 * morning, standing orders make their coming weeks' orders (standing.server.ts).
 * Requests for quotation: every minute, those past their deadline close.
 * Verification: every morning, farms are reminded of certificates that expire within 30 days.
 * Payments (when Stripe is configured): every minute, card payments past
 * their time whose webhook never came are settled by asking Stripe, and card
 * refunds Stripe did not take yet are sent again when their backoff is over
 * (one Stripe refused three times is marked failed for operators, 019).
 * Net terms: every morning, payment reminders before, on and after due dates.
 * Side effects queued by commands in their transactions (app/effects.server.ts,
 * decision 025): notifications emailed, card refunds sent to Stripe, notices
 * texted through the messaging port (034), company invitations sent (033),
 * webhooks delivered (045), each retried with backoff and safe to do twice.
 * Insights: every five minutes the adoption dashboard's views are refreshed (decision 038).
 */
import PgBoss from "pg-boss";
import { JOB_SCHEMA, type Effects } from "~/effects.server";
import { sendQueuedInvite } from "~/models/company.server";
import { refreshInsights } from "~/models/insights.server";
import { emailNotifications } from "~/models/notification.server";
import { expireUnpaidOrders } from "~/models/orders/moves.server";
import { sendTermReminders } from "~/models/terms.server";
import { reconcileCardPayments } from "~/models/payment.server";
import { sendQueuedRefund, sweepRefunds } from "~/models/refund.server";
import { runStandingOrders } from "~/models/standing.server";
import { closeRequestsPastDeadline } from "~/models/rfq.server";
import { sendTextNotice } from "~/models/text-notice.server";
import { deliverWebhook } from "~/models/webhook.server";
import { remindExpiringCertificates } from "~/models/verification.server";
import type { Database } from "../db/client";
import { handle } from "../db/client";
import { drainSearchOutbox, recordDateChangedListings, SEARCH_CHANNEL } from "./search/outbox.server";
import type { SearchEngine } from "./search/port";
import { log } from "~/utils/log.server";

const SYNC = "search-sync";
const EXPIRE = "search-expire";
const ORDERS_EXPIRE = "orders-expire";
const PAYMENTS = "payments-reconcile";
const STANDING = "standing-orders";
const RFQ_CLOSE = "rfq-close";
const CERTIFICATE_REMINDERS = "certificate-reminders";
const TERM_REMINDERS = "terms-reminders";
const INSIGHTS = "insights-refresh";

/** The running jobs: `kick` asks for an outbox drain now. */
export type Jobs = { stop: () => Promise<void>; kick: () => Promise<void> };

/** The advisory lock under which queues are created (any number, the same in every process; not migrate.ts's). */
const QUEUE_SETUP_LOCK = 7_411_002;

async function oneProcessAtATime<T>(run: () => Promise<T>): Promise<T> {
  const connection = await handle().sql.reserve();
  try {
    await connection`select pg_advisory_lock(${QUEUE_SETUP_LOCK})`;
    try {
      return await run();
    } finally {
      await connection`select pg_advisory_unlock(${QUEUE_SETUP_LOCK})`;
    }
  } finally {
    connection.release();
  }
}

export async function startJobs(options: {
  connectionString: string;
  db: Database;
  engine: SearchEngine;
  log?: (message: string) => void;
  /** Where Stripe sends buyers back to; set when card payments are on. */
  cardPaymentsOrigin?: string;
}): Promise<Jobs> {
  const log = options.log ?? (() => {});
  const boss = new PgBoss({ connectionString: options.connectionString, schema: JOB_SCHEMA, max: 3 });
  boss.on("error", (error) => log(`search worker: ${error.message}`));
  await boss.start();
  // Processes starting at once on a database without these queues (the workers of `npm start`,
  // replicas) deadlocked in pg-boss's create_queue, and one died: one process at a time creates them.
  const createQueue = (name: string, queue: PgBoss.Queue) => oneProcessAtATime(() => boss.createQueue(name, queue));
  await workSideEffects(boss, { refunds: Boolean(options.cardPaymentsOrigin), log });
  // "stately": at most one job waiting and one running, so bursts of changes coalesce.
  await createQueue(SYNC, { name: SYNC, policy: "stately", retryLimit: 50, retryDelay: 2, retryBackoff: true });
  await createQueue(EXPIRE, { name: EXPIRE, policy: "stately", retryLimit: 5, retryDelay: 60, retryBackoff: true });

  await boss.work(SYNC, { pollingIntervalSeconds: 0.5 }, async () => {
    const applied = await drainSearchOutbox(options.db, options.engine);
    if (applied > 0) log(`search worker: applied ${applied} listing changes to ${options.engine.name}`);
  });
  await boss.work(EXPIRE, async () => {
    await recordDateChangedListings(options.db);
    await boss.send(SYNC, {});
  });
  // Unpaid bank transfers past their time give their stock back (the same pg-boss, one job library).
  await createQueue(ORDERS_EXPIRE, { name: ORDERS_EXPIRE, policy: "stately", retryLimit: 5, retryDelay: 30, retryBackoff: true });
  await boss.work(ORDERS_EXPIRE, async () => {
    const expired = await expireUnpaidOrders();
    if (expired > 0) log(`jobs: expired ${expired} unpaid bank-transfer orders`);
  });
  await boss.schedule(ORDERS_EXPIRE, "* * * * *", {});
  // Standing orders (decision 032): each week's order made a few days ahead; safe to run twice.
  await createQueue(STANDING, { name: STANDING, policy: "stately", retryLimit: 5, retryDelay: 300, retryBackoff: true });
  await boss.work(STANDING, async () => {
    const done = await runStandingOrders(new Date());
    if (done.placed + done.failed > 0) log(`jobs: standing orders made ${done.placed} weeks' orders, ${done.failed} failed`);
  });
  await boss.schedule(STANDING, "15 6 * * *", {}, { tz: "Asia/Ho_Chi_Minh" });
  // Requests for quotation past their deadline close, and their buyers and quoting farms are told (decision 034).
  await createQueue(RFQ_CLOSE, { name: RFQ_CLOSE, policy: "stately", retryLimit: 5, retryDelay: 30, retryBackoff: true });
  await boss.work(RFQ_CLOSE, async () => {
    const closed = await closeRequestsPastDeadline();
    if (closed > 0) log(`jobs: closed ${closed} requests for quotation past their deadline`);
  });
  await boss.schedule(RFQ_CLOSE, "* * * * *", {});
  // Farms whose certificate expires within 30 days are told once (decision 036); safe to run twice.
  await createQueue(CERTIFICATE_REMINDERS, { name: CERTIFICATE_REMINDERS, policy: "stately", retryLimit: 5, retryDelay: 300, retryBackoff: true });
  await boss.work(CERTIFICATE_REMINDERS, async () => {
    const reminded = await remindExpiringCertificates();
    if (reminded > 0) log(`jobs: reminded ${reminded} farms of certificates about to expire`);
  });
  await boss.schedule(CERTIFICATE_REMINDERS, "0 8 * * *", {}, { tz: "Asia/Ho_Chi_Minh" });
  // Net terms (decision 031): payment reminders once a day, each sent once whatever runs twice.
  await createQueue(TERM_REMINDERS, { name: TERM_REMINDERS, policy: "stately", retryLimit: 5, retryDelay: 300, retryBackoff: true });
  await boss.work(TERM_REMINDERS, async () => {
    const sent = await sendTermReminders();
    if (sent > 0) log(`jobs: sent ${sent} net-terms payment reminders`);
  });
  await boss.schedule(TERM_REMINDERS, "0 8 * * *", {}, { tz: "Asia/Ho_Chi_Minh" });
  const origin = options.cardPaymentsOrigin;
  if (origin) {
    await createQueue(PAYMENTS, { name: PAYMENTS, policy: "stately", retryLimit: 5, retryDelay: 30, retryBackoff: true });
    await boss.work(PAYMENTS, async () => {
      // Each sweep catches its own failures per item, so neither holds up the other.
      const settled = await reconcileCardPayments(origin);
      const swept = await sweepRefunds();
      if (settled + swept > 0) log(`jobs: settled ${settled} card payments, looked at ${swept} refunds`);
    });
    await boss.schedule(PAYMENTS, "* * * * *", {});
  }
  // The adoption dashboard's views (decision 038): refreshed concurrently every five minutes, and once at start.
  await createQueue(INSIGHTS, { name: INSIGHTS, policy: "stately", retryLimit: 3, retryDelay: 60, retryBackoff: true });
  await boss.work(INSIGHTS, async () => {
    await refreshInsights(options.db);
  });
  await boss.schedule(INSIGHTS, "*/5 * * * *", {});
  await boss.send(INSIGHTS, {});
  await boss.schedule(SYNC, "* * * * *", {});
  await boss.schedule(EXPIRE, "5 0 * * *", {}, { tz: "Asia/Ho_Chi_Minh" });

  const kick = async () => {
    await boss.send(SYNC, {}).catch((error: Error) => log(`search worker: ${error.message}`));
  };
  // Woken by the NOTIFY that commits with each outbox row.
  const listener = await handle().sql.listen(SEARCH_CHANNEL, () => void kick());
  await kick();
  return {
    kick,
    stop: async () => {
      // A LISTEN lives on its connection: if PostgreSQL has already closed it, there is nothing left to undo.
      await listener.unlisten().catch(() => {});
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}

/**
 * The workers of the side effects commands queue (their queues are made by
 * migrations, app/effects.server.ts). Card refunds only when card payments
 * are on: they wait in their queue otherwise, and the payments sweep finds
 * their refunds anyway.
 */
/** Does a batch's jobs one by one: a job that throws is failed (pg-boss retries it alone), the others complete. */
async function eachJob<T extends object>(boss: PgBoss, queue: string, jobs: PgBoss.Job<T>[], work: (data: T) => Promise<unknown>): Promise<void> {
  for (const job of jobs) {
    try {
      await work(job.data);
    } catch (error) {
      await boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) });
    }
  }
}

export async function workSideEffects(boss: PgBoss, options: { refunds: boolean; log?: (message: string) => void }): Promise<void> {
  const log = options.log ?? (() => {});
  // A worker waits its interval after each fetch: jobs are fetched in batches, done together, and a
  // batch that throws is tried again whole, which each worker allows (it is safe to do twice).
  const batch = { pollingIntervalSeconds: 0.5, batchSize: 20 };
  await boss.work<Effects["email-notifications"]>("email-notifications", batch, async (jobs) => {
    const sent = await emailNotifications([...new Set(jobs.flatMap((job) => job.data.ids))]);
    if (sent > 0) log(`jobs: emailed ${sent} notifications`);
  });
  await boss.work<Effects["send-text"]>("send-text", batch, async (jobs) => {
    for (const job of jobs) await sendTextNotice(job.data);
  });
  // Company invitations (decision 033): one at a time within the batch, so a failed send is retried alone
  // and the invitations already sent in the batch are not sent again.
  await boss.work<Effects["send-company-invite"]>("send-company-invite", batch, (jobs) => eachJob(boss, "send-company-invite", jobs, sendQueuedInvite));
  // Webhooks out (decision 045): a batch's tries made side by side (one slow receiver holds up no other), each failed alone.
  await boss.work<Effects["deliver-webhook"]>("deliver-webhook", batch, async (jobs) => {
    await Promise.all(jobs.map((job) => eachJob(boss, "deliver-webhook", [job], deliverWebhook)));
  });
  if (options.refunds) {
    await boss.work<Effects["send-refund"]>("send-refund", batch, async (jobs) => {
      for (const job of jobs) await sendQueuedRefund(job.data.refundId);
    });
  }
}

/** Only the side-effect workers, on a pg-boss of their own: for a worker process, and tests. */
export async function startSideEffectJobs(options: { connectionString: string; refunds: boolean }): Promise<{ stop: () => Promise<void> }> {
  const boss = new PgBoss({ connectionString: options.connectionString, schema: JOB_SCHEMA, max: 2, schedule: false });
  boss.on("error", (error) => log.error(`jobs: ${error.message}`));
  await boss.start();
  await workSideEffects(boss, { refunds: options.refunds });
  return { stop: () => boss.stop({ graceful: true, wait: true, timeout: 5000 }) };
}
