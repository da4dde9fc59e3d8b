/**
 * How the PostgreSQL engine talks to the database, beyond what it finds
 * (relevance.test.ts): the plans and the counts it keeps.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, db } from "../../db/client";
import { seedDemoData } from "../../db/seed";
import { drainSearchOutbox } from "./outbox.server";
import { PostgresSearchEngine } from "./postgres-engine.server";

beforeAll(async () => {
  await seedDemoData(db());
  await drainSearchOutbox(db(), new PostgresSearchEngine(db));
});

describe("search plans", () => {
  // One connection, so that its prepared statements can be listed.
  let single: ReturnType<typeof connect>;
  beforeAll(() => {
    single = connect(process.env.DATABASE_URL ?? "", { max: 1 });
  });
  afterAll(() => single.sql.end());

  it("are made for each query's words, not kept as prepared statements", async () => {
    const engine = new PostgresSearchEngine(() => single.db);
    // A prepared statement switches to a generic plan after five runs.
    for (const q of ["gạo", "ca", "heo", "rau", "cam", "xoai", "dua", "tom"]) {
      await engine.search({ q, sort: "relevance", page: 1, perPage: 24 });
    }
    const prepared = await single.db.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`);
    expect(prepared.filter((p) => p.statement.includes("tsv @@")).map((p) => p.statement)).toEqual([]);
  });
});
