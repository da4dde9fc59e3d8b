/**
 * The adoption figures (issue 13, decision 038): households registered, with
 * an active listing, helped or on their own; buyers, repeat buyers and
 * businesses; orders, sales and the share bought for companies; the median
 * hours from a farm's first listing to its first order — for the country, a
 * province, a commune, and by ISO week. Invariants:
 * - figures are read from the materialised views insights_areas and
 *   insights_weeks (migration 0024_insights), never computed from raw orders
 *   per request; `refreshInsights` (a scheduled job) refreshes them
 *   concurrently, so readers never wait, and every page says "as of" the
 *   refresh's start;
 * - a province's and a commune's figures are read only after
 *   authorizeProvince: the administrator, or an analyst of that province;
 *   everyone else gets not_found, whatever the code;
 * - counted orders: placed, accepted, packed, shipped, delivered, completed;
 *   an order counts in its farm's province and commune.
 */
import { asc, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { provinces } from "../../db/schema";
import { analystProvinceCodes } from "~/policy/relations.server";
import { authorizeProvince } from "~/policy/authorize.server";
import { notFound } from "~/policy/errors";
import { can, type Actor } from "~/policy/policy";

/** How many ISO weeks the weekly table and chart show, the as-of week last. */
export const INSIGHT_WEEKS = 26;

export type Figures = {
  households: number;
  householdsListed: number;
  householdsHelped: number;
  householdsOnTheirOwn: number;
  buyers: number;
  repeatBuyers: number;
  businesses: number;
  orders: number;
  salesVnd: number;
  businessSalesVnd: number;
  /** Sales bought for a company account, as a share of all sales (0–1); null without sales. */
  businessShare: number | null;
  /** Null when no farm has had an order yet. */
  medianHoursToFirstOrder: number | null;
};
export type AreaRow = Figures & { code: string; name: string };
export type WeekRow = { week: string; label: string; newHouseholds: number; orders: number; salesVnd: number; businessSalesVnd: number; buyers: number };
export type Place = { code: string; name: string };

export type NationalInsights = { asOf: string; total: Figures; provinces: AreaRow[]; weeks: WeekRow[] };
export type ProvinceInsights = { province: Place; asOf: string; total: Figures; communes: AreaRow[]; weeks: WeekRow[] };
export type CommuneInsights = { province: Place; commune: Place; asOf: string; total: Figures; weeks: WeekRow[] };

type FigureRow = {
  households: number;
  households_listed: number;
  households_helped: number;
  buyers: number;
  repeat_buyers: number;
  businesses: number;
  orders: number;
  sales_vnd: string | number;
  business_sales_vnd: string | number;
  median_hours_to_first_order: number | null;
};

const FIGURE_COLUMNS = sql.raw(
  "households, households_listed, households_helped, buyers, repeat_buyers, businesses, orders, sales_vnd, business_sales_vnd, median_hours_to_first_order",
);

function figures(row: FigureRow | undefined): Figures {
  const salesVnd = Number(row?.sales_vnd ?? 0);
  const businessSalesVnd = Number(row?.business_sales_vnd ?? 0);
  const households = row?.households ?? 0;
  const householdsHelped = row?.households_helped ?? 0;
  return {
    households,
    householdsListed: row?.households_listed ?? 0,
    householdsHelped,
    householdsOnTheirOwn: households - householdsHelped,
    buyers: row?.buyers ?? 0,
    repeatBuyers: row?.repeat_buyers ?? 0,
    businesses: row?.businesses ?? 0,
    orders: row?.orders ?? 0,
    salesVnd,
    businessSalesVnd,
    businessShare: salesVnd > 0 ? businessSalesVnd / salesVnd : null,
    medianHoursToFirstOrder: row?.median_hours_to_first_order == null ? null : Number(row.median_hours_to_first_order),
  };
}

/** Refreshes both views without blocking readers; one transaction, so both share one "as of". Then their statistics, for the planner. */
export async function refreshInsights(executor: Executor = db()): Promise<void> {
  await executor.transaction(async (tx) => {
    await tx.execute(sql`refresh materialized view concurrently insights_areas`);
    await tx.execute(sql`refresh materialized view concurrently insights_weeks`);
  });
  await executor.execute(sql`analyze insights_areas, insights_weeks`);
}

/** The country's row always exists (the empty grouping set): its as_of is every row's. */
const AS_OF = sql`(select as_of from insights_areas where province_code = '' and commune_code = '')`;

async function areaTotal(provinceCode: string, communeCode: string, executor: Executor): Promise<{ asOf: string; total: Figures }> {
  // A place without farms or orders has no row: zeros.
  const [row] = await executor.execute<FigureRow & { as_of: string | Date; has: boolean }>(sql`
    select ${AS_OF} as as_of, ia.province_code is not null as has, ${FIGURE_COLUMNS}
    from (select 1) one left join insights_areas ia on ia.province_code = ${provinceCode} and ia.commune_code = ${communeCode}`);
  return { asOf: new Date(row?.as_of ?? Date.now()).toISOString(), total: figures(row?.has ? row : undefined) };
}

async function weeks(provinceCode: string, communeCode: string, executor: Executor): Promise<WeekRow[]> {
  const rows = await executor.execute<{ week: string; label: string; new_households: number | null; orders: number | null; sales_vnd: string | null; business_sales_vnd: string | null; buyers: number | null }>(sql`
    with span as (select date_trunc('week', coalesce(${AS_OF}, now()) at time zone 'Asia/Ho_Chi_Minh')::date as last)
    select to_char(w, 'YYYY-MM-DD') as week, to_char(w, 'IYYY-"W"IW') as label,
           iw.new_households, iw.orders, iw.sales_vnd, iw.business_sales_vnd, iw.buyers
    from span, generate_series(span.last - ${(INSIGHT_WEEKS - 1) * 7}::int, span.last, interval '7 days') w
    left join insights_weeks iw on iw.province_code = ${provinceCode} and iw.commune_code = ${communeCode} and iw.week = w::date
    order by w`);
  return rows.map((r) => ({
    week: r.week,
    label: r.label,
    newHouseholds: r.new_households ?? 0,
    orders: r.orders ?? 0,
    salesVnd: Number(r.sales_vnd ?? 0),
    businessSalesVnd: Number(r.business_sales_vnd ?? 0),
    buyers: r.buyers ?? 0,
  }));
}

/** Every province, zeros where nothing happened yet; the national page. The administrator's only. */
export async function nationalFigures(executor: Executor = db()): Promise<NationalInsights> {
  const [{ asOf, total }, rows, weekRows] = await Promise.all([
    areaTotal("", "", executor),
    executor.execute<FigureRow & { code: string; name: string }>(sql`
      select p.code, p.name, ${FIGURE_COLUMNS}
      from provinces p left join insights_areas ia on ia.province_code = p.code and ia.commune_code = ''
      order by p.name`),
    weeks("", "", executor),
  ]);
  return { asOf, total, provinces: rows.map((r) => ({ code: r.code, name: r.name, ...figures(r.households == null ? undefined : r) })), weeks: weekRows };
}

/** One province and its communes that have farms or orders. */
export async function provinceFigures(provinceCode: string, executor: Executor = db()): Promise<ProvinceInsights> {
  const [province] = await executor.execute<Place>(sql`select code, name from provinces where code = ${provinceCode}`);
  if (!province) throw notFound();
  const [{ asOf, total }, rows, weekRows] = await Promise.all([
    areaTotal(provinceCode, "", executor),
    executor.execute<FigureRow & { code: string; name: string }>(sql`
      select c.code, c.name, ${FIGURE_COLUMNS}
      from insights_areas ia join communes c on c.code = ia.commune_code
      where ia.province_code = ${provinceCode} and ia.commune_code <> ''
      order by c.name`),
    weeks(provinceCode, "", executor),
  ]);
  return { province, asOf, total, communes: rows.map((r) => ({ code: r.code, name: r.name, ...figures(r) })), weeks: weekRows };
}

export async function communeFigures(provinceCode: string, communeCode: string, executor: Executor = db()): Promise<CommuneInsights> {
  const [place] = await executor.execute<{ province_name: string; commune_name: string }>(sql`
    select p.name as province_name, c.name as commune_name
    from communes c join provinces p on p.code = c.province_code
    where c.code = ${communeCode} and c.province_code = ${provinceCode}`);
  if (!place) throw notFound();
  const [{ asOf, total }, weekRows] = await Promise.all([areaTotal(provinceCode, communeCode, executor), weeks(provinceCode, communeCode, executor)]);
  return { province: { code: provinceCode, name: place.province_name }, commune: { code: communeCode, name: place.commune_name }, asOf, total, weeks: weekRows };
}

/**
 * What /ops/insights shows the person: the country to the administrator; an
 * analyst is sent to their province, or chooses among several; anyone else: not found.
 */
export async function insightsHome(
  actor: Actor,
): Promise<{ kind: "national"; figures: NationalInsights } | { kind: "province"; code: string } | { kind: "choose"; provinces: Place[] }> {
  if (can(actor, "ops.insights", { kind: "platform" })) return { kind: "national", figures: await nationalFigures() };
  const codes = actor.roles.includes("analyst") ? await analystProvinceCodes(actor.userId) : [];
  if (codes.length === 0) throw notFound();
  if (codes.length === 1) return { kind: "province", code: codes[0] };
  const rows = await db().select({ code: provinces.code, name: provinces.name }).from(provinces).where(inArray(provinces.code, codes)).orderBy(asc(provinces.name));
  return { kind: "choose", provinces: rows };
}

/** A province's page, for the administrator or its analysts. */
export async function provinceInsights(actor: Actor, provinceCode: string): Promise<ProvinceInsights> {
  await authorizeProvince(actor, "insights.view", provinceCode);
  return provinceFigures(provinceCode);
}

/** A commune's page, under its province's rule. */
export async function communeInsights(actor: Actor, provinceCode: string, communeCode: string): Promise<CommuneInsights> {
  await authorizeProvince(actor, "insights.view", provinceCode);
  return communeFigures(provinceCode, communeCode);
}
