/**
 * Migrating an empty database through a pool, as the server does at start
 * (the test template is migrated over a single connection): pg-boss's
 * schema and the side-effect queues are made, twice over (every start) and
 * from two processes at once.
 */
import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { EFFECT_QUEUES } from "../app/effects.server";
import { connect } from "./client";
import { migrateDatabase } from "./migrate";

describe("migrateDatabase", () => {
  it("makes pg-boss's schema and the side-effect queues on an empty database through a pool, and again on the next start", async () => {
    const adminUrl = inject("pgAdminUrl");
    const name = `nss_migrate_${process.pid}_${Date.now().toString(36)}`;
    const admin = connect(adminUrl, { max: 1 });
    await admin.sql.unsafe(`create database ${name}`);
    await admin.sql.end();
    const first = connect(adminUrl.replace(/\/postgres$/, `/${name}`), { max: 10 });
    const second = connect(adminUrl.replace(/\/postgres$/, `/${name}`), { max: 10 });
    try {
      await migrateDatabase(first.db);
      // Two processes starting at once, on a migrated database.
      await Promise.all([migrateDatabase(first.db), migrateDatabase(second.db)]);
      const queues = await first.db.execute<{ name: string; retry_limit: number }>(sql`select name, retry_limit from pgboss.queue order by name`);
      expect(queues.map((q) => q.name)).toEqual(Object.keys(EFFECT_QUEUES).sort());
      // Each queue with the retries its kind asks for (app/effects.server.ts).
      expect(Object.fromEntries(queues.map((q) => [q.name, q.retry_limit]))).toEqual(
        Object.fromEntries(Object.entries(EFFECT_QUEUES).map(([name, options]) => [name, options.retryLimit])),
      );
    } finally {
      await first.sql.end();
      await second.sql.end();
    }
  }, 120_000);

  it("brings an EMPTY database up from two processes starting at once: one migrates, the other waits and finds it done", async () => {
    const adminUrl = inject("pgAdminUrl");
    const name = `nss_migrate2_${process.pid}_${Date.now().toString(36)}`;
    const admin = connect(adminUrl, { max: 1 });
    await admin.sql.unsafe(`create database ${name}`);
    await admin.sql.end();
    const processes = [1, 2, 3].map(() => connect(adminUrl.replace(/\/postgres$/, `/${name}`), { max: 10 }));
    try {
      await Promise.all(processes.map((p) => migrateDatabase(p.db)));
      const [row] = await processes[0].db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(row.n).toBeGreaterThan(20);
      const queues = await processes[0].db.execute<{ name: string }>(sql`select name from pgboss.queue order by name`);
      expect(queues.map((q) => q.name)).toEqual(Object.keys(EFFECT_QUEUES).sort());
    } finally {
      for (const p of processes) await p.sql.end();
    }
  }, 120_000);
});
