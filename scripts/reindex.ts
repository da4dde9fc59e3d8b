// npm run search:reindex — rebuilds the whole search index from the database,
// with a progress bar. PostgreSQL: in one transaction; Meilisearch: a new
// index swapped in. Outbox rows noted before the rebuild started are cleared.
import { SingleBar, Presets } from "cli-progress";
import { sql } from "drizzle-orm";
import { closeDb, db } from "../db/client";
import { ensureDatabase } from "../db/ensure";
import { migrateDatabase } from "../db/migrate";
import { allDocuments } from "../app/search/documents.server";
import { searchEngine } from "../app/search/engine.server";
import { env } from "../app/utils/env.server";

const database = await ensureDatabase(env());
try {
  await migrateDatabase(db());
  const engine = searchEngine();
  const [{ total }] = await db().execute<{ total: number }>(sql`select count(*)::int as total from listings`);
  const [{ upto }] = await db().execute<{ upto: number | null }>(sql`select max(id)::int as upto from search_outbox`);
  const bar = new SingleBar({ format: `Reindexing (${engine.name}) [{bar}] {value}/{total} listings · {duration}s` }, Presets.shades_classic);
  bar.start(total, 0);
  const started = performance.now();
  const indexed = await engine.replaceAll(allDocuments(db()), (done) => bar.update(done));
  bar.update(total);
  bar.stop();
  // Everything noted before the rebuild began is in the new index; later notes stay for the worker.
  if (upto !== null) await db().execute(sql`delete from search_outbox where id <= ${upto}`);
  console.log(`Indexed ${indexed} findable listings of ${total} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await closeDb();
  await database.stop();
}
