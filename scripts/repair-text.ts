// npm run db:repair-text — removes the "�" that pages rendered before the
// NUL-byte fix left in text saved back through forms (db/repair-text.ts).
// Run once per database that served pages with React's Node stream.
import { closeDb, db } from "../db/client";
import { ensureDatabase } from "../db/ensure";
import { migrateDatabase } from "../db/migrate";
import { removeReplacementCharacters } from "../db/repair-text";
import { env } from "../app/utils/env.server";

const database = await ensureDatabase(env());
try {
  await migrateDatabase(db());
  const repaired = await removeReplacementCharacters(db());
  for (const { table, column, rows } of repaired) console.log(`${table}.${column}: ${rows} rows repaired`);
  console.log(
    repaired.length
      ? "Done. Listings and farms are searched by their text: run npm run search:reindex."
      : 'No text holds "�": nothing to repair.',
  );
} finally {
  await closeDb();
  await database.stop();
}
