/**
 * Side effects as jobs, queued in the transaction of the command that causes
 * them (decision 025). A command that rolls back queues nothing; one that
 * commits has its jobs committed with it, and a worker (app/jobs.server.ts)
 * does them, now or after a restart. Delivery is at least once: every worker
 * is idempotent. Search updates follow the same pattern through their own
 * outbox (app/search/outbox.server.ts).
 *
 * The jobs live in pg-boss's tables (schema `pgboss`), which migrations make
 * with the queues below (installJobQueues), so that a command can queue a
 * job before any job runner has started.
 */
import PgBoss from "pg-boss";
import type postgres from "postgres";
import { unprepared, type Database } from "../db/client";
import type { TextNotice } from "./models/text-notice.server";
import { mailer } from "./utils/mailer.server";

export const JOB_SCHEMA = "pgboss";

/** The side effects a command may queue, and what each carries. */
export type Effects = {
  /** Email these notifications (those not emailed yet, to people with an email address). */
  "email-notifications": { ids: number[] };
  /** Send this card refund to Stripe. */
  "send-refund": { refundId: number };
  /** Text this notice to the person's phone through the messaging port (decision 034). */
  "send-text": TextNotice;
  /** Send a company invitation's link to its email or phone (decision 033); the link holds the token, shown once. */
  "send-company-invite": { inviteId: number; link: string };
  /** Try a webhook delivery (decision 045): the try it is, so a job run twice tries once. */
  "deliver-webhook": { deliveryId: number; attempt: number };
};
export type EffectKind = keyof Effects;

/** Retries with exponential backoff (seconds): a mail server or Stripe down for a while is waited out. */
export const EFFECT_QUEUES: Record<EffectKind, Omit<PgBoss.Queue, "name">> = {
  "email-notifications": { policy: "standard", retryLimit: 8, retryDelay: 30, retryBackoff: true },
  "send-refund": { policy: "standard", retryLimit: 8, retryDelay: 30, retryBackoff: true },
  "send-text": { policy: "standard", retryLimit: 8, retryDelay: 30, retryBackoff: true },
  "send-company-invite": { policy: "standard", retryLimit: 8, retryDelay: 30, retryBackoff: true },
  // The HTTP retries are the delivery's own schedule (app/models/webhook.server.ts); these only cover a worker that crashed.
  "deliver-webhook": { policy: "standard", retryLimit: 5, retryDelay: 30, retryBackoff: true },
};

/** A Drizzle transaction (not the database itself: a job is queued with the command's writes or not at all). */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * pg-boss's way to run its SQL on a connection of ours: the postgres.js
 * client under the Drizzle transaction or database. pg-boss writes for the
 * `pg` driver, which sends undefined as null and objects as JSON;
 * postgres.js refuses the one and is told the other here.
 */
function bossDb(client: postgres.Sql): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const params = (values ?? []).map((v: unknown) =>
        v === undefined ? null : v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : (v as postgres.SerializableParameter),
      ) as postgres.ParameterOrJSON<never>[];
      // No parameters: the simple protocol, which allows several statements (pg-boss's schema plans).
      const rows = params.length ? await client.unsafe(text, params) : await client.unsafe(text).simple();
      return { rows: [...rows] };
    },
  };
}

/** The postgres.js client a Drizzle transaction runs on (Drizzle keeps it on its session). */
function clientOf(tx: Transaction): postgres.Sql {
  // `session` is not in Drizzle's public types; the effects tests fail at once if it moves.
  const session = (tx as unknown as { session?: { client?: postgres.Sql } }).session;
  if (!session?.client) throw new Error("enqueue: not a Drizzle postgres.js transaction");
  return session.client;
}

/** Only builds job rows (send with `db`): never started, it opens no connection of its own. */
const sender = new PgBoss({
  schema: JOB_SCHEMA,
  db: {
    executeSql: () => Promise.reject(new Error("jobs are queued only in a transaction: pass it to enqueue()")),
  },
});

/** Queues one side effect in the caller's transaction; it is done after the transaction commits. */
export async function enqueue<K extends EffectKind>(tx: Transaction, kind: K, payload: Effects[K], options: { startAfterSeconds?: number } = {}): Promise<void> {
  await sender.send(kind, payload, { db: bossDb(clientOf(tx)), ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}) });
}

/**
 * What most commands leave behind: notifications to email (when email is
 * configured at all), card refunds to send to Stripe, and text messages.
 */
export async function enqueueEffects(tx: Transaction, effects: { notified?: number[]; refunds?: (number | null)[]; texts?: TextNotice[] }): Promise<void> {
  const ids = effects.notified ?? [];
  if (ids.length && mailer()) await enqueue(tx, "email-notifications", { ids });
  for (const refundId of effects.refunds ?? []) if (refundId !== null) await enqueue(tx, "send-refund", { refundId });
  for (const text of effects.texts ?? []) await enqueue(tx, "send-text", text);
}

/**
 * Makes (or brings up to date) pg-boss's schema and the side-effect queues,
 * through the given database's own connection. Run by migrations; safe to run
 * again and from two processes at once.
 */
export async function installJobQueues(database: Database): Promise<void> {
  // Unprepared: pg-boss's schema plans are several statements in one text, and they open their own
  // transaction (BEGIN … COMMIT), which postgres.js allows only on a connection held for the purpose.
  const pool = (unprepared(database) as unknown as { $client: postgres.Sql }).$client;
  const connection = await pool.reserve();
  try {
    const boss = new PgBoss({ schema: JOB_SCHEMA, db: bossDb(connection), supervise: false, schedule: false, migrate: true });
    await boss.start();
    try {
      for (const [name, options] of Object.entries(EFFECT_QUEUES)) await boss.createQueue(name, { name, ...options });
    } finally {
      await boss.stop({ graceful: false, close: false });
    }
  } finally {
    connection.release();
  }
}
