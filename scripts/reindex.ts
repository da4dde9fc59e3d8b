// npm run search:reindex — rebuilds the whole search index from the database,
// with a progress bar. PostgreSQL: in one transaction; Meilisearch: a new
// index swapped in. Either way the outbox drain is held off meanwhile (the
// drain lock), so no change made during the rebuild is lost or undone; the
// outbox rows stay for the worker, which re-applies them (idempotent).
import { Presets, SingleBar } from "cli-progress";
import { sql } from "drizzle-orm";
import { closeDb, db } from "../db/client";
import { ensureDatabase } from "../db/ensure";
import { migrateDatabase } from "../db/migrate";
import { allDocuments } from "../app/search/documents.server";
import { searchEngine } from "../app/search/engine.server";
import { SEARCH_DRAIN_LOCK } from "../app/search/locks";
import { env } from "../app/utils/env.server";

const database = await ensureDatabase(env());
try {
  await migrateDatabase(db());
  const engine = searchEngine();
  const [{ total }] = await db().execute<{ total: number }>(sql`select count(*)::int as total from listings`);
  const bar = new SingleBar(
    { format: `Reindexing (${engine.name}) [{bar}] {value}/{total} listings · {duration}s` },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  const started = performance.now();
  const rebuild = () => engine.replaceAll(allDocuments(db()), (done) => bar.update(done));
  // The PostgreSQL engine takes the drain lock in its own transaction; for an
  // external engine it is held here for the whole rebuild.
  const indexed =
    engine.name === "postgres"
      ? await rebuild()
      : await db().transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${SEARCH_DRAIN_LOCK})`);
          return rebuild();
        });
  bar.update(total);
  bar.stop();
  console.log(`Indexed ${indexed} findable listings of ${total} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await closeDb();
  await database.stop();
}
