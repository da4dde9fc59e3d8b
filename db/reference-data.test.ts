import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "./client";
import { leafCategorySlugs } from "./data/categories";
import { readAdminUnits } from "./reference-data";

describe("administrative units of 2025", () => {
  it("ships the official counts: 34 provinces, 3,321 communes and wards", () => {
    const units = readAdminUnits();
    expect(units.provinces).toHaveLength(34);
    expect(units.provinces.reduce((n, p) => n + p.wards.length, 0)).toBe(3321);
  });

  it("has them in the database after migrating, codes unique and in NFC", async () => {
    const [counts] = await db().execute<{ provinces: number; communes: number; bad: number; hn: number }>(sql`
      select (select count(*)::int from provinces) as provinces,
             (select count(*)::int from communes) as communes,
             (select count(*)::int from communes where name <> normalize(name, NFC)) as bad,
             (select count(*)::int from communes where province_code = '01') as hn`);
    expect(counts).toEqual({ provinces: 34, communes: 3321, bad: 0, hn: 126 });
  });

  it("knows the types: 2,621 xã, 687 phường, 13 đặc khu", async () => {
    const rows = await db().execute<{ type: string; n: number }>(
      sql`select type, count(*)::int as n from communes group by type order by type`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.type, r.n]))).toEqual({ "phường": 687, "xã": 2621, "đặc khu": 13 });
  });

  it("loads the produce taxonomy, with a leaf for every group", async () => {
    const rows = await db().execute<{ slug: string }>(sql`select slug from categories`);
    const slugs = new Set(rows.map((r) => r.slug));
    for (const leaf of leafCategorySlugs()) expect(slugs.has(leaf)).toBe(true);
    expect(slugs.has("gao-te")).toBe(true);
    expect(slugs.has("dac-san")).toBe(true);
  });
});
