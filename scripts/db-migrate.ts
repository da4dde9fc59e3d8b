// npm run db:migrate — applies migrations and reference data to DATABASE_URL
// (or to the embedded database when it is not set).
import { closeDb, db } from "../db/client";
import { ensureDatabase } from "../db/ensure";
import { migrateDatabase } from "../db/migrate";
import { env } from "../app/utils/env.server";

const database = await ensureDatabase(env());
try {
  await migrateDatabase(db());
  console.log("Database migrated.");
} finally {
  await closeDb();
  await database.stop();
}
