/**
 * Processes starting at the same moment on a database that has never run the
 * background jobs (the workers of `npm start`, replicas after a deploy):
 * each creates pg-boss's queues at start. Without serialising that, two
 * create_queue calls deadlocked in PostgreSQL and one process died at start
 * (found by tests/e2e/cluster.spec.ts). Each "process" here is its own
 * pg-boss with its own pool, as in separate processes.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { startJobs } from "../../app/jobs.server";
import { PostgresSearchEngine } from "../../app/search/postgres-engine.server";

describe("startJobs in several processes at once", () => {
  it("four starting together on a database without the job queues all start, and the queues exist once", async () => {
    const before = await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.queue where name = 'search-sync'`);
    expect(before[0].n, "a database that never ran the jobs").toBe(0);
    const engine = new PostgresSearchEngine(db);
    const starts = await Promise.allSettled(
      [1, 2, 3, 4].map(() => startJobs({ connectionString: process.env.DATABASE_URL!, db: db(), engine })),
    );
    try {
      const failed = starts.filter((s) => s.status === "rejected").map((s) => String((s as PromiseRejectedResult).reason));
      expect(failed).toEqual([]);
      const queues = await db().execute<{ name: string; n: number }>(sql`
        select name, count(*)::int as n from pgboss.queue where name in ('search-sync', 'orders-expire', 'rfq-close', 'insights-refresh') group by name order by name`);
      expect(queues.map((q) => [q.name, q.n])).toEqual([["insights-refresh", 1], ["orders-expire", 1], ["rfq-close", 1], ["search-sync", 1]]);
    } finally {
      for (const s of starts) if (s.status === "fulfilled") await s.value.stop();
    }
  }, 90_000);
});
