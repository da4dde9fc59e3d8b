/**
 * The database handle. One postgres.js pool per process, made on first use
 * from DATABASE_URL (which the server sets to the embedded PostgreSQL when no
 * server is configured).
 */
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction or the database itself: models accept either. */
export type Executor = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

type Handle = { db: Database; sql: postgres.Sql };

const globalForDb = globalThis as unknown as { __nssDb?: Handle; __nssQueryCount?: number };

export function connect(url: string, options: { max?: number } = {}): Handle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Counted so that tests can prove a page needs a fixed number of queries.
    debug: () => {
      globalForDb.__nssQueryCount = (globalForDb.__nssQueryCount ?? 0) + 1;
    },
  });
  const db = drizzle(preparedStatements(sql), { schema });
  unpreparedTwins.set(db, drizzle(sql, { schema }));
  return { db, sql };
}

const unpreparedTwins = new WeakMap<Database, Database>();

/**
 * The same pool, with each query parsed and planned afresh. For queries whose
 * best plan depends on the values given: after five runs of a prepared
 * statement PostgreSQL may switch to one generic plan for all values, and
 * for search that plan is wrong for most words (a rare word wants a bitmap
 * scan of its few matches, a common one a scan of the date index that stops
 * early). Planning costs well under a millisecond. A handle not made by
 * connect() is returned as it is.
 */
export function unprepared(database: Database): Database {
  return unpreparedTwins.get(database) ?? database;
}

/**
 * Drizzle asks postgres.js for unnamed statements unless a query is given a
 * name, so PostgreSQL parses and plans every query afresh. postgres.js can
 * keep them prepared per connection (keyed by the SQL text, which Drizzle
 * builds the same way every time): measured at about twice the checkout
 * throughput (docs/benchmarks.md). Transactions get the same treatment.
 */
function preparedStatements(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, params?: unknown[] | postgres.UnsafeQueryOptions, options?: postgres.UnsafeQueryOptions) =>
          Array.isArray(params) || params === undefined
            ? target.unsafe(query, params as postgres.ParameterOrJSON<never>[], { ...options, prepare: true })
            : target.unsafe(query, [], { ...params, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
          const start = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[property];
          return start.call(target, ...args, (tx: postgres.TransactionSql) =>
            callback(preparedStatements(tx as unknown as postgres.Sql) as unknown as postgres.TransactionSql),
          );
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

export function handle(): Handle {
  if (!globalForDb.__nssDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app through server.ts or set it");
    globalForDb.__nssDb = connect(url);
  }
  return globalForDb.__nssDb;
}

export function db(): Database {
  return handle().db;
}

export async function closeDb(): Promise<void> {
  const h = globalForDb.__nssDb;
  globalForDb.__nssDb = undefined;
  await h?.sql.end({ timeout: 5 });
}

/** Queries sent by this process so far. */
export function queryCount(): number {
  return globalForDb.__nssQueryCount ?? 0;
}
