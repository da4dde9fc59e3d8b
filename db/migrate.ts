/**
 * Brings a database to the current schema: committed drizzle-kit migrations,
 * then reference data, then pg-boss's job tables and queues. Safe to run on every start.
 */
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres, { type Options, type Sql } from "postgres";
import type { Database } from "./client";
import { installJobQueues } from "../app/effects.server";
import { loadReferenceData } from "./reference-data";

/** The advisory lock the migrating process holds (any number, the same in every process). */
const MIGRATION_LOCK = 7_411_001;

export async function migrateDatabase(db: Database): Promise<void> {
  const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));
  // Several app processes may start at once (deploy/compose.yaml runs two): one migrates while
  // the others wait on this lock, then find nothing left to do. A session lock held on a
  // connection of its own (the pool may have a single connection, which the migration needs),
  // released when done or when the process dies.
  const o = (db as Database & { $client: Sql }).$client.options;
  const lock = postgres({ host: o.host, port: o.port, user: o.user, pass: o.pass, database: o.database, ssl: o.ssl, max: 1, onnotice: () => {} } as unknown as Options<Record<string, never>>);
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(db, { migrationsFolder });
    await loadReferenceData(db);
    // Commands queue their side effects as jobs (decision 025): the job tables come with the schema.
    await installJobQueues(db);
  } finally {
    await lock.end({ timeout: 5 });
  }
}
