/**
 * Background jobs on pg-boss (jobs in PostgreSQL, no other server). Search: a
 * "search-sync" job drains the outbox, retried with exponential backoff when
 * the engine fails; a committed change wakes it at once (LISTEN/NOTIFY), and a sweep every minute
 * catches anything a wake-up missed. A daily job notes listings whose
 * documents changed with the date (harvest window, certification expiry).
 * Orders: every minute, unpaid bank transfers past their time expire.
 * Payments (when Stripe is configured): every minute, card payments past
 * their time whose webhook never came are settled by asking Stripe, and card
 * refunds Stripe did not take yet are sent again when their backoff is over
 * (one Stripe refused three times is marked failed for operators, 019).
 */
import PgBoss from "pg-boss";
import { expireUnpaidOrders } from "~/models/orders/moves.server";
import { reconcileCardPayments } from "~/models/payment.server";
import { sweepRefunds } from "~/models/refund.server";
import type { Database } from "../db/client";
import { handle } from "../db/client";
import { drainSearchOutbox, recordDateChangedListings, SEARCH_CHANNEL } from "./search/outbox.server";
import type { SearchEngine } from "./search/port";

const SYNC = "search-sync";
const EXPIRE = "search-expire";
const ORDERS_EXPIRE = "orders-expire";
const PAYMENTS = "payments-reconcile";

/** The running jobs: `kick` asks for an outbox drain now. */
export type Jobs = { stop: () => Promise<void>; kick: () => Promise<void> };

export async function startJobs(options: {
  connectionString: string;
  db: Database;
  engine: SearchEngine;
  log?: (message: string) => void;
  /** Where Stripe sends buyers back to; set when card payments are on. */
  cardPaymentsOrigin?: string;
}): Promise<Jobs> {
  const log = options.log ?? (() => {});
  const boss = new PgBoss({ connectionString: options.connectionString, schema: "pgboss", max: 3 });
  boss.on("error", (error) => log(`search worker: ${error.message}`));
  await boss.start();
  // "stately": at most one job waiting and one running, so bursts of changes coalesce.
  await boss.createQueue(SYNC, { name: SYNC, policy: "stately", retryLimit: 50, retryDelay: 2, retryBackoff: true });
  await boss.createQueue(EXPIRE, { name: EXPIRE, policy: "stately", retryLimit: 5, retryDelay: 60, retryBackoff: true });

  await boss.work(SYNC, { pollingIntervalSeconds: 0.5 }, async () => {
    const applied = await drainSearchOutbox(options.db, options.engine);
    if (applied > 0) log(`search worker: applied ${applied} listing changes to ${options.engine.name}`);
  });
  await boss.work(EXPIRE, async () => {
    await recordDateChangedListings(options.db);
    await boss.send(SYNC, {});
  });
  // Unpaid bank transfers past their time give their stock back (the same pg-boss, one job library).
  await boss.createQueue(ORDERS_EXPIRE, { name: ORDERS_EXPIRE, policy: "stately", retryLimit: 5, retryDelay: 30, retryBackoff: true });
  await boss.work(ORDERS_EXPIRE, async () => {
    const expired = await expireUnpaidOrders();
    if (expired > 0) log(`jobs: expired ${expired} unpaid bank-transfer orders`);
  });
  await boss.schedule(ORDERS_EXPIRE, "* * * * *", {});
  const origin = options.cardPaymentsOrigin;
  if (origin) {
    await boss.createQueue(PAYMENTS, { name: PAYMENTS, policy: "stately", retryLimit: 5, retryDelay: 30, retryBackoff: true });
    await boss.work(PAYMENTS, async () => {
      // Each sweep catches its own failures per item, so neither holds up the other.
      const settled = await reconcileCardPayments(origin);
      const swept = await sweepRefunds();
      if (settled + swept > 0) log(`jobs: settled ${settled} card payments, looked at ${swept} refunds`);
    });
    await boss.schedule(PAYMENTS, "* * * * *", {});
  }
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
      await listener.unlisten();
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
