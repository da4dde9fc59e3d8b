import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { directFigures, directWeek, type DirectFigures } from "../../db/insights-direct";
import { seedDemoData } from "../../db/seed";
import { as, createAccount } from "../../tests/factories";
import { DomainError } from "~/policy/errors";
import { actorById } from "~/policy/relations.server";
import {
  communeInsights,
  insightsHome,
  nationalFigures,
  provinceInsights,
  refreshInsights,
  type Figures,
  type WeekRow,
} from "./insights.server";

const HUNG_YEN = "33";
const VU_THU = "13192";

/** The dashboard's figures, as the plain queries name them. */
function comparable(f: Figures): DirectFigures {
  return {
    households: f.households,
    householdsListed: f.householdsListed,
    householdsHelped: f.householdsHelped,
    buyers: f.buyers,
    repeatBuyers: f.repeatBuyers,
    businesses: f.businesses,
    orders: f.orders,
    salesVnd: f.salesVnd,
    businessSalesVnd: f.businessSalesVnd,
    medianHoursToFirstOrder: f.medianHoursToFirstOrder,
  };
}

function expectSame(dashboard: Figures, direct: DirectFigures) {
  const { medianHoursToFirstOrder: median, ...rest } = comparable(dashboard);
  const { medianHoursToFirstOrder: directMedian, ...directRest } = direct;
  expect(rest).toEqual(directRest);
  if (directMedian === null) expect(median).toBeNull();
  else expect(median).toBeCloseTo(directMedian, 6);
  expect(dashboard.householdsOnTheirOwn).toBe(direct.households - direct.householdsHelped);
}

async function expectWeeksSame(weeks: WeekRow[], area: { provinceCode?: string; communeCode?: string }) {
  for (const week of weeks) {
    const { label: _label, week: monday, ...figures } = week;
    expect(figures, `${monday}`).toEqual(await directWeek(db(), monday, area));
  }
}

async function refusedWith(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "allowed";
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
}

describe("adoption dashboard on the demo data", () => {
  beforeAll(async () => {
    await seedDemoData(db());
    await refreshInsights();
  });

  it("the national page's figures, every province's and the weeks equal direct SQL counts over the raw tables", async () => {
    const national = await nationalFigures();
    expectSame(national.total, await directFigures(db()));
    // Something to compare: the demo has households, helped ones, orders, and sales to the school's company.
    expect(national.total.households).toBeGreaterThan(10);
    expect(national.total.householdsHelped).toBe(12);
    expect(national.total.orders).toBeGreaterThan(0);
    expect(national.total.businessSalesVnd).toBeGreaterThan(0);
    expect(national.total.medianHoursToFirstOrder).not.toBeNull();
    expect(national.provinces).toHaveLength(34);
    for (const province of national.provinces) expectSame(province, await directFigures(db(), { provinceCode: province.code }));
    expect(national.weeks).toHaveLength(26);
    expect(national.weeks.some((w) => w.orders > 0)).toBe(true);
    await expectWeeksSame(national.weeks, {});
  });

  it("Hưng Yên's page, each of its communes and the Vũ Thư commune's page equal direct SQL counts", async () => {
    const admin = await actorById((await db().execute<{ id: number }>(sql`select id from users where email = 'admin@nongsanso.vn'`))[0].id);
    const province = await provinceInsights(admin, HUNG_YEN);
    expect(province.province.name).toContain("Hưng Yên");
    expectSame(province.total, await directFigures(db(), { provinceCode: HUNG_YEN }));
    expect(province.total.householdsHelped).toBe(12);
    expect(province.communes.map((c) => c.code)).toContain(VU_THU);
    for (const commune of province.communes) expectSame(commune, await directFigures(db(), { communeCode: commune.code }));
    await expectWeeksSame(province.weeks, { provinceCode: HUNG_YEN });

    const commune = await communeInsights(admin, HUNG_YEN, VU_THU);
    expectSame(commune.total, await directFigures(db(), { communeCode: VU_THU }));
    expect(commune.total.orders).toBeGreaterThan(0);
    await expectWeeksSame(commune.weeks, { communeCode: VU_THU });

    // A commune with no farm yet has no row in the views: zeros, as of the same refresh.
    const quiet = await communeInsights(admin, HUNG_YEN, "13279");
    expectSame(quiet.total, await directFigures(db(), { communeCode: "13279" }));
    expect(quiet.total).toMatchObject({ households: 0, orders: 0, medianHoursToFirstOrder: null, businessShare: null });
    expect(quiet.asOf).toBe(province.asOf);
    expect(quiet.weeks).toHaveLength(26);
  });

  it("reads the views, not the raw orders: a new order shows only after the refresh, which moves the as-of time", async () => {
    const before = await nationalFigures();
    await db().execute(sql`update orders set status = 'completed' where id = (select min(id) from orders where status = 'placed')`);
    await db().execute(sql`update orders set status = 'cancelled' where id = (select max(id) from orders where status = 'placed')`);
    expect((await nationalFigures()).total.orders).toBe(before.total.orders);
    await refreshInsights();
    const after = await nationalFigures();
    expect(after.total.orders).toBe(before.total.orders - 1);
    expect(new Date(after.asOf).getTime()).toBeGreaterThan(new Date(before.asOf).getTime());
    expectSame(after.total, await directFigures(db()));
  });

  it("the demo's Hưng Yên analyst is sent to their province and gets not found for another's pages; others get not found", async () => {
    const [row] = await db().execute<{ id: number }>(sql`select id from users where email = 'thongke.hungyen@nongsanso.vn'`);
    const analyst = await actorById(row.id);
    expect(await insightsHome(analyst)).toEqual({ kind: "province", code: HUNG_YEN });
    expect(await refusedWith(provinceInsights(analyst, HUNG_YEN))).toBe("allowed");
    expect(await refusedWith(communeInsights(analyst, HUNG_YEN, VU_THU))).toBe("allowed");
    expect(await refusedWith(provinceInsights(analyst, "01"))).toBe("not_found");
    expect(await refusedWith(communeInsights(analyst, "01", "00004"))).toBe("not_found");
    // A commune of another province under the analyst's own province code: not found either.
    expect(await refusedWith(communeInsights(analyst, HUNG_YEN, "00004"))).toBe("not_found");
    const consumer = await createAccount(["consumer"]);
    expect(await refusedWith(insightsHome(as(consumer)))).toBe("not_found");
    expect(await refusedWith(provinceInsights(as(consumer), HUNG_YEN))).toBe("not_found");
    const moderator = await createAccount(["moderator"]);
    expect(await refusedWith(insightsHome(as(moderator)))).toBe("not_found");
  });
});
