/**
 * Reference data (provinces, produce categories) kept in memory: asked of the
 * database once, whichever pages ask for it and however often.
 */
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { db, queryCount } from "../../db/client";
import { listCategories, listProvinces } from "./place.server";

describe("reference data kept in memory", () => {
  it("asks the database once for the provinces and once for the categories, however many pages ask", async () => {
    // Connections opened first: postgres.js asks for the array types on each new connection, which counts as a query too.
    await Promise.all([1, 2, 3].map(() => db().execute(sql`select 1`)));
    const before = queryCount();
    const [provinces, categories] = await Promise.all([listProvinces(), listCategories()]);
    expect(queryCount() - before).toBe(2);
    expect(provinces).toHaveLength(34);
    expect(categories.length).toBeGreaterThan(0);
    const again = queryCount();
    for (let page = 0; page < 3; page++) expect(await Promise.all([listProvinces(), listCategories()])).toEqual([provinces, categories]);
    expect(queryCount() - again).toBe(0);
  });
});
