/**
 * Brings a database to the current schema: committed drizzle-kit migrations,
 * then reference data, then pg-boss's job tables and queues. Safe to run on every start.
 */
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./client";
import { installJobQueues } from "../app/effects.server";
import { loadReferenceData } from "./reference-data";

export async function migrateDatabase(db: Database): Promise<void> {
  const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));
  await migrate(db, { migrationsFolder });
  await loadReferenceData(db);
  // Commands queue their side effects as jobs (decision 025): the job tables come with the schema.
  await installJobQueues(db);
}
