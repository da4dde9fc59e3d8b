/**
 * Synthetic adoption data at a province's scale, for `npm run bench:insights`
 * and `npm run insights:generate`: households (and some co-ops and
 * enterprises) over every commune of the 34 provinces, their listings, teams
 * with consents in force (and some withdrawn), buyers, companies and orders
 * over the past year in every status — all written by set-based SQL
 * (generate_series, INSERT … SELECT) in one transaction, never row by row.
 * Foreign keys and triggers are skipped while loading (session_replication_role
 * = replica: the rows are made consistent by construction), so it needs a
 * superuser, which the embedded databases are. Listings are not put in the
 * search index and orders have no items: the adoption figures read neither.
 * Deterministic for a given seed, apart from the generated ids.
 */
import { sql } from "drizzle-orm";
import type { Database } from "./client";

export type InsightsDataSize = { households: number; orders: number; seed?: number };

export async function generateInsightsData(db: Database, size: InsightsDataSize, onStep: (step: string) => void = () => {}): Promise<void> {
  const households = Math.max(1, Math.floor(size.households));
  const others = Math.max(1, Math.round(households / 9)); // co-ops and enterprises: a tenth of the farms
  const farms = households + others;
  const orders = Math.max(1, Math.floor(size.orders));
  const buyers = Math.max(10, Math.round(orders / 4));
  const companies = Math.max(1, Math.round(buyers / 200));
  const tag = Date.now().toString(36);
  const seed = ((size.seed ?? 13) % 1000) / 1000;

  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`select setseed(${seed})`);
    await tx.execute(sql`create temp table gen_communes on commit drop as select row_number() over (order by code)::int as n, code, province_code from communes`);
    await tx.execute(sql`create temp table gen_farms (id int primary key, kind farm_kind, created_at timestamptz, province_code text, listed boolean) on commit drop`);
    await tx.execute(sql`create temp table gen_buyers (n int primary key, id int) on commit drop`);
    await tx.execute(sql`create temp table gen_companies (n int primary key, id int) on commit drop`);
    const [{ communes }] = await tx.execute<{ communes: number }>(sql`select count(*)::int as communes from gen_communes`);
    if (communes === 0) throw new Error("No communes: migrate the database first (the reference data)");

    onStep(`${farms.toLocaleString("en")} farms and their owners`);
    // Communes are picked with a skew (power of a uniform draw): some places have many more households than others.
    await tx.execute(sql`
      with owners as (
        insert into users (email, password_hash, display_name, created_at)
        select 'gen-' || ${tag} || '-f' || g || '@example.vn', '!', 'Hộ sản xuất ' || g, now() - random() * interval '365 days'
        from generate_series(1, ${farms}::int) g
        returning id, created_at
      ), picked as (
        select o.id, o.created_at, row_number() over (order by o.id) as g, 1 + floor(power(random(), 1.4) * ${communes})::int as pick from owners o
      ), made as (
        insert into farms (owner_id, name, slug, kind, province_code, commune_code, created_at, updated_at)
        select p.id, 'Nhà vườn ' || p.g, 'gen-' || ${tag} || '-' || p.g,
               (case when p.g <= ${households} then 'household' when p.g % 2 = 0 then 'coop' else 'enterprise' end)::farm_kind,
               c.province_code, c.code, p.created_at, p.created_at
        from picked p join gen_communes c on c.n = p.pick
        returning id, kind, created_at, province_code
      )
      insert into gen_farms select id, kind, created_at, province_code, random() < 0.85 from made`);
    await tx.execute(sql`insert into user_roles (user_id, role) select owner_id, 'farmer' from farms where id in (select id from gen_farms)`);

    onStep("listings (one to three for most farms)");
    const [category] = await tx.execute<{ slug: string }>(sql`select slug from categories c where not exists (select 1 from categories k where k.parent_slug = c.slug) order by slug limit 1`);
    await tx.execute(sql`
      insert into listings (farm_id, title, slug, category_slug, unit, price_vnd, stock, state, delivery_options, created_at, updated_at)
      select f.id, 'Nông sản ' || f.id || '-' || k, 'gen-' || f.id || '-' || k, ${category.slug}, 'kg',
             (10 + floor(random() * 190)::int) * 1000, 100,
             (case when random() < 0.8 then 'active' when random() < 0.5 then 'paused' else 'sold_out' end)::listing_state,
             '{giao-tan-noi}', c.at, c.at
      from gen_farms f
      cross join lateral generate_series(1, 1 + f.id % 3) k
      cross join lateral (select f.created_at + random() * (now() - f.created_at) * 0.3 + k * interval '1 hour' as at) c
      where f.listed`);

    onStep("teams and consents");
    await tx.execute(sql`
      insert into teams (name, province_code, commune_code, created_at)
      select 'Tổ công nghệ số ' || p.name, p.code, (select min(code) from communes c where c.province_code = p.code), now() - interval '400 days'
      from provinces p`);
    await tx.execute(sql`
      insert into consents (farm_id, team_id, scopes, method, recorded_by, granted_at, expires_at, withdrawn_at, created_at)
      select f.id, t.id, '{listings,orders}', 'code', (select owner_id from farms where id = f.id), f.created_at,
             f.created_at + interval '730 days', case when random() < 0.1 then now() - interval '1 day' end, f.created_at
      from gen_farms f
      join lateral (select id from teams t where t.province_code = f.province_code order by id limit 1) t on true
      where f.kind = 'household' and random() < 0.25`);

    onStep(`${buyers.toLocaleString("en")} buyers, ${companies.toLocaleString("en")} companies`);
    await tx.execute(sql`
      with made as (
        insert into users (email, password_hash, display_name, created_at)
        select 'gen-' || ${tag} || '-b' || g || '@example.vn', '!', 'Người mua ' || g, now() - interval '400 days'
        from generate_series(1, ${buyers}::int) g
        returning id
      )
      insert into gen_buyers select row_number() over (order by id), id from made`);
    await tx.execute(sql`insert into user_roles (user_id, role) select id, 'consumer' from gen_buyers`);
    await tx.execute(sql`
      with made as (
        insert into companies (name, tax_code, created_at)
        select 'Công ty thử ' || g, 'GEN' || ${tag} || '-' || g, now() - interval '400 days' from generate_series(1, ${companies}::int) g
        returning id
      )
      insert into gen_companies select row_number() over (order by id), id from made`);

    onStep(`${orders.toLocaleString("en")} orders`);
    // Sellers: farms with a listing, popular ones far more often (a squared draw); each order after the farm's first listing.
    await tx.execute(sql`
      create temp table gen_sellers on commit drop as
        select row_number() over (order by l.farm_id)::int as n, l.farm_id, min(l.created_at) as first_listed
        from listings l join gen_farms f on f.id = l.farm_id group by l.farm_id`);
    const [{ sellers }] = await tx.execute<{ sellers: number }>(sql`select count(*)::int as sellers from gen_sellers`);
    await tx.execute(sql`
      create temp table gen_orders on commit drop as
      select x.g, gen_random_uuid() as checkout_id, b.id as buyer_id, s.farm_id,
             s.first_listed + x.r_time * (now() - s.first_listed) as created_at,
             case when x.r_company < 0.08 then (select id from gen_companies c where c.n = 1 + x.bn % ${companies}) end as company_id,
             (case when x.r_status < 0.04 then 'cancelled' when x.r_status < 0.06 then 'declined' when x.r_status < 0.07 then 'expired'
                   when x.r_status < 0.08 then 'awaiting_payment' when x.r_status < 0.12 then 'placed' when x.r_status < 0.15 then 'accepted'
                   when x.r_status < 0.16 then 'packed' when x.r_status < 0.17 then 'shipped' when x.r_status < 0.2 then 'delivered' else 'completed' end)::order_status as status,
             (20 + floor(power(x.r_total, 2) * 4980)::int) * 1000 as total_vnd
      from (
        select g, 1 + floor(random() * ${buyers})::int as bn, 1 + floor(power(random(), 2) * ${sellers})::int as sn,
               random() as r_time, random() as r_company, random() as r_status, random() as r_total
        from generate_series(1, ${orders}::int) g
      ) x
      join gen_buyers b on b.n = x.bn
      join gen_sellers s on s.n = x.sn`);
    await tx.execute(sql`insert into checkouts (id, buyer_id, created_at) select checkout_id, buyer_id, created_at from gen_orders`);
    await tx.execute(sql`
      insert into orders (number, checkout_id, buyer_id, farm_id, company_id, status, payment_method, payment_status, delivery_option,
                          recipient, phone, province_code, commune_code, street, total_vnd, created_at, updated_at)
      select 'GEN-' || ${tag} || '-' || g, checkout_id, buyer_id, farm_id, company_id, status, 'cod',
             (case when status = 'completed' then 'paid' else 'unpaid' end)::payment_status, 'giao-tan-noi',
             'Người mua', '84900000000', '01', '00004', 'Số 1 Kim Liên', total_vnd, created_at, created_at
      from gen_orders`);
  });
  onStep("statistics (analyze)");
  await db.execute(sql`analyze users, farms, listings, consents, companies, checkouts, orders`);
}
