/**
 * The adoption figures computed the plain way, straight from the raw tables for
 * one area (no views, no rollups): what the dashboard's materialised views must
 * equal. Used by the tests (on the demo data and generated data) and by
 * `npm run bench:insights` as its baseline. Written apart from the views' SQL
 * on purpose; the definitions are decision 038's.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "./client";

export type DirectFigures = {
  households: number;
  householdsListed: number;
  householdsHelped: number;
  buyers: number;
  repeatBuyers: number;
  businesses: number;
  orders: number;
  salesVnd: number;
  businessSalesVnd: number;
  medianHoursToFirstOrder: number | null;
};

const COUNTED = sql.raw(`('placed', 'accepted', 'packed', 'shipped', 'delivered', 'completed')`);

/** The farms of the area: all of them, a province's, or a commune's. */
function farmsIn(area: { provinceCode?: string; communeCode?: string }, alias: string): SQL {
  const a = sql.raw(alias);
  if (area.communeCode) return sql`${a}.commune_code = ${area.communeCode}`;
  if (area.provinceCode) return sql`${a}.province_code = ${area.provinceCode}`;
  return sql`true`;
}

export async function directFigures(executor: Executor, area: { provinceCode?: string; communeCode?: string } = {}): Promise<DirectFigures> {
  const [households] = await executor.execute<{ households: number; listed: number; helped: number }>(sql`
    select count(*)::int as households,
           count(*) filter (where exists (select 1 from listings l where l.farm_id = f.id and l.state = 'active' and l.deleted_at is null and l.hidden_at is null))::int as listed,
           count(*) filter (where exists (select 1 from consents c where c.farm_id = f.id and c.granted_at is not null and c.withdrawn_at is null and c.expires_at > now()))::int as helped
    from farms f where f.kind = 'household' and ${farmsIn(area, "f")}`);
  const [sales] = await executor.execute<{ orders: number; sales: string | null; business: string | null; businesses: number; buyers: number }>(sql`
    select count(*)::int as orders, sum(o.total_vnd)::text as sales,
           sum(case when o.company_id is not null then o.total_vnd else 0 end)::text as business,
           count(distinct o.company_id)::int as businesses, count(distinct o.buyer_id)::int as buyers
    from orders o join farms f on f.id = o.farm_id
    where o.status in ${COUNTED} and ${farmsIn(area, "f")}`);
  const [repeat] = await executor.execute<{ repeat_buyers: number }>(sql`
    select count(*)::int as repeat_buyers from (
      select o.buyer_id from orders o join farms f on f.id = o.farm_id
      where o.status in ${COUNTED} and ${farmsIn(area, "f")}
      group by o.buyer_id having count(*) >= 2) r`);
  const [median] = await executor.execute<{ hours: number | null }>(sql`
    select percentile_cont(0.5) within group (order by hours) as hours from (
      select extract(epoch from (select min(o.created_at) from orders o where o.farm_id = f.id and o.status in ${COUNTED})
                              - (select min(l.created_at) from listings l where l.farm_id = f.id)) / 3600 as hours
      from farms f where ${farmsIn(area, "f")}) h
    where hours >= 0`);
  return {
    households: households.households,
    householdsListed: households.listed,
    householdsHelped: households.helped,
    buyers: sales.buyers,
    repeatBuyers: repeat.repeat_buyers,
    businesses: sales.businesses,
    orders: sales.orders,
    salesVnd: Number(sales.sales ?? 0),
    businessSalesVnd: Number(sales.business ?? 0),
    medianHoursToFirstOrder: median.hours === null ? null : Number(median.hours),
  };
}

/** Orders, sales and buyers of one ISO week (its Monday, Vietnam's time) in the area, and the households that joined in it. */
export async function directWeek(executor: Executor, week: string, area: { provinceCode?: string; communeCode?: string } = {}) {
  const from = sql`(${week}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')`;
  const to = sql`((${week}::date + 7)::timestamp at time zone 'Asia/Ho_Chi_Minh')`;
  const [row] = await executor.execute<{ orders: number; sales: string | null; business: string | null; buyers: number; new_households: number }>(sql`
    select count(*)::int as orders, sum(o.total_vnd)::text as sales,
           sum(case when o.company_id is not null then o.total_vnd else 0 end)::text as business,
           count(distinct o.buyer_id)::int as buyers,
           (select count(*)::int from farms f2 where f2.kind = 'household' and f2.created_at >= ${from} and f2.created_at < ${to} and ${farmsIn(area, "f2")}) as new_households
    from orders o join farms f on f.id = o.farm_id
    where o.status in ${COUNTED} and o.created_at >= ${from} and o.created_at < ${to} and ${farmsIn(area, "f")}`);
  return { newHouseholds: row.new_households, orders: row.orders, salesVnd: Number(row.sales ?? 0), businessSalesVnd: Number(row.business ?? 0), buyers: row.buyers };
}

/**
 * The figures of every place one level down — the provinces of the country, or
 * the communes of `provinceCode` — by plain GROUP BY queries over the raw
 * tables: what a page would cost without the views (the bench's baseline).
 */
export async function directByArea(executor: Executor, area: { provinceCode?: string }): Promise<Map<string, DirectFigures>> {
  const key = sql.raw(area.provinceCode ? "f.commune_code" : "f.province_code");
  const where = area.provinceCode ? sql`f.province_code = ${area.provinceCode}` : sql`true`;
  const [farmRows, orderRows, repeatRows, medianRows] = await Promise.all([
    executor.execute<{ code: string; households: number; listed: number; helped: number }>(sql`
      select ${key} as code, count(*) filter (where f.kind = 'household')::int as households,
             count(*) filter (where f.kind = 'household' and exists (select 1 from listings l where l.farm_id = f.id and l.state = 'active' and l.deleted_at is null and l.hidden_at is null))::int as listed,
             count(*) filter (where f.kind = 'household' and exists (select 1 from consents c where c.farm_id = f.id and c.granted_at is not null and c.withdrawn_at is null and c.expires_at > now()))::int as helped
      from farms f where ${where} group by 1`),
    executor.execute<{ code: string; orders: number; sales: string; business: string; businesses: number; buyers: number }>(sql`
      select ${key} as code, count(*)::int as orders, sum(o.total_vnd)::text as sales,
             sum(case when o.company_id is not null then o.total_vnd else 0 end)::text as business,
             count(distinct o.company_id)::int as businesses, count(distinct o.buyer_id)::int as buyers
      from orders o join farms f on f.id = o.farm_id where o.status in ${COUNTED} and ${where} group by 1`),
    executor.execute<{ code: string; repeat_buyers: number }>(sql`
      select code, count(*)::int as repeat_buyers from (
        select ${key} as code, o.buyer_id from orders o join farms f on f.id = o.farm_id
        where o.status in ${COUNTED} and ${where} group by 1, 2 having count(*) >= 2) r
      group by code`),
    executor.execute<{ code: string; hours: number }>(sql`
      select ${key} as code, percentile_cont(0.5) within group (order by extract(epoch from fo.at - fl.at) / 3600) as hours
      from farms f
      join (select farm_id, min(created_at) as at from orders where status in ${COUNTED} group by farm_id) fo on fo.farm_id = f.id
      join (select farm_id, min(created_at) as at from listings group by farm_id) fl on fl.farm_id = f.id
      where fo.at >= fl.at and ${where} group by 1`),
  ]);
  const figures = new Map<string, DirectFigures>();
  const of = (code: string): DirectFigures => {
    let row = figures.get(code);
    if (!row) {
      row = { households: 0, householdsListed: 0, householdsHelped: 0, buyers: 0, repeatBuyers: 0, businesses: 0, orders: 0, salesVnd: 0, businessSalesVnd: 0, medianHoursToFirstOrder: null };
      figures.set(code, row);
    }
    return row;
  };
  for (const r of farmRows) Object.assign(of(r.code), { households: r.households, householdsListed: r.listed, householdsHelped: r.helped });
  for (const r of orderRows) Object.assign(of(r.code), { orders: r.orders, salesVnd: Number(r.sales), businessSalesVnd: Number(r.business), businesses: r.businesses, buyers: r.buyers });
  for (const r of repeatRows) of(r.code).repeatBuyers = r.repeat_buyers;
  for (const r of medianRows) of(r.code).medianHoursToFirstOrder = Number(r.hours);
  return figures;
}

export type DirectWeek = { newHouseholds: number; orders: number; salesVnd: number; businessSalesVnd: number; buyers: number };

/** Every ISO week's figures of the area (keyed by its Monday, YYYY-MM-DD), by plain GROUP BY queries. */
export async function directWeeks(executor: Executor, area: { provinceCode?: string; communeCode?: string }): Promise<Map<string, DirectWeek>> {
  const week = (column: SQL) => sql`to_char(date_trunc('week', ${column} at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD')`;
  const [orderRows, farmRows] = await Promise.all([
    executor.execute<{ week: string; orders: number; sales: string; business: string; buyers: number }>(sql`
      select ${week(sql`o.created_at`)} as week, count(*)::int as orders, sum(o.total_vnd)::text as sales,
             sum(case when o.company_id is not null then o.total_vnd else 0 end)::text as business, count(distinct o.buyer_id)::int as buyers
      from orders o join farms f on f.id = o.farm_id where o.status in ${COUNTED} and ${farmsIn(area, "f")} group by 1`),
    executor.execute<{ week: string; households: number }>(sql`
      select ${week(sql`f.created_at`)} as week, count(*)::int as households from farms f where f.kind = 'household' and ${farmsIn(area, "f")} group by 1`),
  ]);
  const weeks = new Map<string, DirectWeek>();
  const of = (w: string) => weeks.get(w) ?? weeks.set(w, { newHouseholds: 0, orders: 0, salesVnd: 0, businessSalesVnd: 0, buyers: 0 }).get(w)!;
  for (const r of orderRows) Object.assign(of(r.week), { orders: r.orders, salesVnd: Number(r.sales), businessSalesVnd: Number(r.business), buyers: r.buyers });
  for (const r of farmRows) of(r.week).newHouseholds = r.households;
  return weeks;
}
