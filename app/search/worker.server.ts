/**
 * The search worker on pg-boss (jobs in PostgreSQL, no other server): a
 * "search-sync" job drains the outbox, retried with exponential backoff when
 * the engine fails; a committed change wakes it at once (LISTEN/NOTIFY), and a sweep every minute
 * catches anything a wake-up missed. A daily job notes listings whose
 * documents changed with the date (harvest window, certification expiry).
 */
import PgBoss from "pg-boss";
import type { Database } from "../../db/client";
import { handle } from "../../db/client";
import { drainSearchOutbox, recordDateChangedListings, SEARCH_CHANNEL } from "./outbox.server";
import type { SearchEngine } from "./port";

const SYNC = "search-sync";
const EXPIRE = "search-expire";

export type SearchWorker = { stop: () => Promise<void>; kick: () => Promise<void> };

export async function startSearchWorker(options: {
  connectionString: string;
  db: Database;
  engine: SearchEngine;
  log?: (message: string) => void;
}): Promise<SearchWorker> {
  const log = options.log ?? (() => {});
  const boss = new PgBoss({ connectionString: options.connectionString, schema: "pgboss", max: 3 });
  boss.on("error", (error) => log(`search worker: ${error.message}`));
  await boss.start();
  // "stately": at most one job waiting and one running, so bursts of changes coalesce.
  await boss.createQueue(SYNC, { name: SYNC, policy: "stately", retryLimit: 50, retryDelay: 2, retryBackoff: true });
  await boss.createQueue(EXPIRE, { name: EXPIRE, policy: "stately", retryLimit: 5, retryDelay: 60, retryBackoff: true });

  await boss.work(SYNC, { pollingIntervalSeconds: 0.5 }, async () => {
    const applied = await drainSearchOutbox(options.db, options.engine);
    if (applied > 0) log(`search worker: applied ${applied} listing changes to ${options.engine.name}`);
  });
  await boss.work(EXPIRE, async () => {
    await recordDateChangedListings(options.db);
    await boss.send(SYNC, {});
  });
  await boss.schedule(SYNC, "* * * * *", {});
  await boss.schedule(EXPIRE, "5 0 * * *", {}, { tz: "Asia/Ho_Chi_Minh" });

  const kick = async () => {
    await boss.send(SYNC, {}).catch((error: Error) => log(`search worker: ${error.message}`));
  };
  // Woken by the NOTIFY that commits with each outbox row.
  const listener = await handle().sql.listen(SEARCH_CHANNEL, () => void kick());
  await kick();
  return {
    kick,
    stop: async () => {
      await listener.unlisten();
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
