/**
 * Brings a database to the current schema: committed drizzle-kit migrations,
 * then reference data, then pg-boss's job tables and queues. Safe to run on every start.
 */
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
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
    await applyMigrations(db, migrationsFolder);
    await loadReferenceData(db);
    // Commands queue their side effects as jobs (decision 025): the job tables come with the schema.
    await installJobQueues(db);
  } finally {
    await lock.end({ timeout: 5 });
  }
}

/**
 * drizzle-kit's migrations, each in a transaction of its own. Drizzle's migrate() runs all
 * pending ones in one transaction, and on PostgreSQL 15 and 16 a fresh database then fails:
 * an enum value added by one migration (payment_method's 'card', 0004) may not be used by a
 * later one (0019's check) before it is committed ("unsafe use of new value"). Drizzle applies
 * what is newer than the last migration recorded, so giving it the list up to each pending
 * migration in turn applies one at a time. An up-to-date database costs two queries.
 */
async function applyMigrations(db: Database, migrationsFolder: string): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  // The table is named in the query only once it exists (a missing one fails at parse time).
  const [{ present }] = await db.execute<{ present: boolean }>(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  const last = present
    ? (await db.execute<{ last: string | null }>(sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`))[0]!.last
    : null;
  const internals = db as unknown as {
    dialect: { migrate: (m: typeof migrations, session: unknown, config: { migrationsFolder: string }) => Promise<void> };
    session: unknown;
  };
  for (let upTo = 1; upTo <= migrations.length; upTo++) {
    if (last !== null && migrations[upTo - 1]!.folderMillis <= Number(last)) continue;
    await internals.dialect.migrate(migrations.slice(0, upTo), internals.session, { migrationsFolder });
  }
}
