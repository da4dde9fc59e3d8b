/** Health of what the app depends on, for /readyz (and the metrics). */
import { sql } from "drizzle-orm";
import { db } from "../../db/client";

export async function databaseHealth(timeoutMs = 2000): Promise<{ ok: boolean; latencyMs?: number; error?: string }> {
  const started = performance.now();
  try {
    await Promise.race([
      db().execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Jobs waiting past their start for longer than this make the app "degraded". */
export const JOB_LAG_LIMIT_SECONDS = 300;

/**
 * The job queue (pg-boss, in PostgreSQL): how many jobs are due and not
 * started, and how long the oldest has waited past its start time.
 */
export async function jobQueueHealth(): Promise<{ ok: boolean; due: number; lagSeconds: number; error?: string }> {
  try {
    const [row] = await db().execute<{ due: number; lag: number | null }>(sql`
      select count(*)::int as due, extract(epoch from now() - min(start_after))::float8 as lag
      from pgboss.job where state in ('created', 'retry') and start_after <= now()`);
    const lagSeconds = Math.max(0, Math.round(Number(row?.lag ?? 0)));
    return { ok: lagSeconds <= JOB_LAG_LIMIT_SECONDS, due: Number(row?.due ?? 0), lagSeconds };
  } catch (error) {
    return { ok: false, due: 0, lagSeconds: 0, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Listing changes recorded for search and not yet applied: how many, and the age of the oldest. */
export async function searchOutboxHealth(): Promise<{ ok: boolean; pending: number; lagSeconds: number }> {
  const [row] = await db().execute<{ pending: number; lag: number | null }>(sql`
    select count(*)::int as pending, extract(epoch from now() - min(created_at))::float8 as lag from search_outbox`);
  const lagSeconds = Math.max(0, Math.round(Number(row?.lag ?? 0)));
  return { ok: lagSeconds <= JOB_LAG_LIMIT_SECONDS, pending: Number(row?.pending ?? 0), lagSeconds };
}
