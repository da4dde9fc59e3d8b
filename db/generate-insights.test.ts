import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { nationalFigures, provinceFigures, refreshInsights } from "../app/models/insights.server";
import { db } from "./client";
import { generateInsightsData } from "./generate-insights";
import { directByArea, directFigures, directWeeks } from "./insights-direct";

// The small-size run of what `npm run bench:insights` does at a province's scale: generate, refresh, compare.
describe("generated adoption data", () => {
  it("writes the households and orders asked for over many provinces, and the refreshed dashboard equals the plain queries", async () => {
    await generateInsightsData(db(), { households: 3000, orders: 6000 });
    const [counts] = await db().execute<{ households: number; orders: number; provinces: number; statuses: number; companies: number; helped: number }>(sql`
      select (select count(*)::int from farms where kind = 'household') as households,
             (select count(*)::int from orders) as orders,
             (select count(distinct province_code)::int from farms) as provinces,
             (select count(distinct status)::int from orders) as statuses,
             (select count(*)::int from orders where company_id is not null) as companies,
             (select count(*)::int from consents where withdrawn_at is null) as helped`);
    expect(counts.households).toBe(3000);
    expect(counts.orders).toBe(6000);
    expect(counts.provinces).toBe(34);
    expect(counts.statuses).toBe(10);
    expect(counts.companies).toBeGreaterThan(0);
    expect(counts.helped).toBeGreaterThan(0);

    await refreshInsights();
    const national = await nationalFigures();
    const { medianHoursToFirstOrder, ...total } = await directFigures(db());
    expect(national.total).toMatchObject(total);
    expect(national.total.medianHoursToFirstOrder).toBeCloseTo(medianHoursToFirstOrder!, 6);
    // The plain grouped queries the bench times agree with the views too.
    const byProvince = await directByArea(db(), {});
    for (const province of national.provinces) {
      const { medianHoursToFirstOrder: median, ...rest } = byProvince.get(province.code) ?? (await directFigures(db(), { provinceCode: province.code }));
      expect(province, province.code).toMatchObject(rest);
      if (median !== null) expect(province.medianHoursToFirstOrder).toBeCloseTo(median, 6);
    }
    const weeks = await directWeeks(db(), {});
    expect(national.weeks.map(({ label: _l, ...w }) => w)).toEqual(national.weeks.map((w) => ({ week: w.week, ...(weeks.get(w.week) ?? { newHouseholds: 0, orders: 0, salesVnd: 0, businessSalesVnd: 0, buyers: 0 }) })));

    const busiest = [...national.provinces].sort((a, b) => b.orders - a.orders)[0];
    const province = await provinceFigures(busiest.code);
    const byCommune = await directByArea(db(), { provinceCode: busiest.code });
    expect(province.communes.length).toBeGreaterThan(1);
    for (const commune of province.communes) {
      const { medianHoursToFirstOrder: median, ...rest } = byCommune.get(commune.code)!;
      expect(commune, commune.code).toMatchObject(rest);
      if (median !== null) expect(commune.medianHoursToFirstOrder).toBeCloseTo(median, 6);
    }
  });
});
