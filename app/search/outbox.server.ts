/**
 * The search outbox. Models call recordSearchChange inside the transaction
 * that changes a listing (or its farm), so the change and the note that the
 * index must follow commit together or not at all. drainSearchOutbox applies
 * the notes to the engine; it deletes a note only after the engine accepted
 * it, so an engine that is down delays updates and loses none.
 */
import { sql } from "drizzle-orm";
import type { Database, Executor } from "../../db/client";
import { searchOutbox } from "../../db/schema";
import { loadDocuments, pgIntArray } from "./documents.server";
import { SEARCH_DRAIN_LOCK } from "./locks";
import type { SearchEngine } from "./port";

const BATCH = 500;

export async function recordSearchChange(tx: Executor, listingIds: number[]): Promise<void> {
  const ids = [...new Set(listingIds)];
  if (ids.length === 0) return;
  await tx.insert(searchOutbox).values(ids.map((listingId) => ({ listingId })));
  await notifyOnCommit(tx);
}

/** Farm-wide changes (a renamed farm) touch every listing of the farm. */
export async function recordFarmSearchChange(tx: Executor, farmId: number): Promise<void> {
  await tx.execute(sql`insert into search_outbox (listing_id) select id from listings where farm_id = ${farmId}`);
  await notifyOnCommit(tx);
}

/** The channel the worker listens on. PostgreSQL delivers a NOTIFY only when its transaction commits. */
export const SEARCH_CHANNEL = "search_outbox";

async function notifyOnCommit(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_notify(${SEARCH_CHANNEL}, '')`);
}

/** Applies every pending outbox row to the engine; returns how many listings were applied. */
export async function drainSearchOutbox(db: Database, engine: SearchEngine): Promise<number> {
  let applied = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      // Waits for another drain (or a reindex) to finish; see locks.ts.
      await tx.execute(sql`select pg_advisory_xact_lock(${SEARCH_DRAIN_LOCK})`);
      const rows = await tx.execute<{ id: number; listing_id: number }>(
        sql`select id, listing_id from search_outbox order by id limit ${BATCH}`,
      );
      if (rows.length === 0) return 0;
      const listingIds = [...new Set(rows.map((r) => r.listing_id))];
      const { documents, hidden } = await loadDocuments(tx, listingIds);
      // For the PostgreSQL engine these writes are part of this transaction.
      await engine.upsert(documents, tx);
      await engine.remove(hidden, tx);
      await tx.execute(sql`delete from search_outbox where id = any(${pgIntArray(rows.map((r) => Number(r.id)))}::bigint[])`);
      return listingIds.length;
    });
    if (n === 0) return applied;
    applied += n;
  }
}

export async function pendingSearchChanges(db: Database): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from search_outbox`);
  return row.n;
}

/**
 * Documents that change with the calendar though nobody edited anything: a
 * harvest window that ended, a pre-order whose harvest began (now in stock),
 * a certification that expired. A daily sweep notes the listings concerned
 * over the last week, so a worker that was down for days catches up too.
 */
export async function recordDateChangedListings(db: Database): Promise<number> {
  const rows = await db.execute(sql`
    with today as (select (now() at time zone 'Asia/Ho_Chi_Minh')::date as d)
    insert into search_outbox (listing_id)
    select distinct l.id from listings l, today
    where l.deleted_at is null and (
      l.available_to between today.d - 7 and today.d - 1
      or l.available_from between today.d - 7 and today.d
      or exists (select 1 from listing_certifications c
                 where c.listing_id = l.id and c.expires_on between today.d - 8 and today.d - 1)
      or exists (select 1 from farm_certifications c
                 where c.farm_id = l.farm_id and c.expires_on between today.d - 8 and today.d - 1))
    returning listing_id`);
  return rows.length;
}
