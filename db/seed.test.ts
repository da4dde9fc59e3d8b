import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyLogin } from "../app/models/user.server";
import { db } from "./client";
import { leafCategorySlugs } from "./data/categories";
import { DEMO_PASSWORD } from "./data/demo";
import { isDatabaseEmpty, seedDemoData } from "./seed";

describe("demo data", () => {
  it("loads at least 40 farms in 10 provinces and 300 listings across every category", async () => {
    expect(await isDatabaseEmpty(db())).toBe(true);
    const counts = await seedDemoData(db());
    expect(counts.farms).toBeGreaterThanOrEqual(40);
    expect(counts.listings).toBeGreaterThanOrEqual(300);
    // Orders through the real models: the school kitchen's three from the Vũ Thư households (one
    // accepted by a helper for its household); the catalogue's two completed (the farm's ledger has
    // their entries) and one waiting.
    expect(counts.orders).toBe(8);
    const [ledger] = await db().execute<{ entries: number; statuses: string[] }>(sql`
      select (select count(*)::int from ledger_entries) as entries,
             (select array_agg(status::text order by id) from orders) as statuses`);
    // Then the two orders of the school's accepted request for quotation (issue 12), waiting for their farms.
    expect(ledger).toEqual({ entries: 2, statuses: ["accepted", "placed", "placed", "placed", "placed", "completed", "completed", "placed"] });

    // The community team (issue 11): a team of Xã Vũ Thư, Hưng Yên, two helpers, twelve households with consent in force.
    const [team] = await db().execute<{ teams: number; province: string; helpers: number; in_force: number; onbehalf: number }>(sql`
      select (select count(*)::int from teams) as teams,
             (select province_code from teams limit 1) as province,
             (select count(*)::int from team_members where removed_at is null) as helpers,
             (select count(*)::int from consents where granted_at is not null and withdrawn_at is null and expires_at > now()) as in_force,
             (select count(*)::int from audit_events where action = 'order.accept' and on_behalf_of_farm_id is not null) as onbehalf`);
    expect(team).toEqual({ teams: 1, province: "33", helpers: 2, in_force: 12, onbehalf: 1 });
    // Eleven households have not claimed their login: they may claim it with their phone (decision 027).
    const [claims] = await db().execute<{ unclaimed: number }>(sql`select count(*)::int as unclaimed from users where password_set_at is null`);
    expect(claims.unclaimed).toBe(11);

    // The school's company account (issue 12): the kitchen and its accountant, the households' orders bought for it.
    const [company] = await db().execute<{ members: string[]; orders: number; po: string }>(sql`
      select (select array_agg(role::text order by role) from company_members) as members,
             (select count(*)::int from orders where company_id is not null) as orders,
             (select min(po_number) from orders where company_id is not null) as po`);
    expect(company).toEqual({ members: ["owner", "approver"], orders: 5, po: "PO-KL-2026-118" });
    const [rfq] = await db().execute<{ requests: string[]; quotes: number; by_helper: number }>(sql`
      select (select array_agg(state::text order by id) from quote_requests) as requests,
             (select count(*)::int from quotes) as quotes,
             (select count(*)::int from quotes q join team_members tm on tm.user_id = q.created_by) as by_helper`);
    expect(rfq).toEqual({ requests: ["open", "awarded"], quotes: 5, by_helper: 1 });
    // Issue 13: Hưng Yên's analyst sees that province's figures only; the dashboard's views were refreshed by the seed.
    const [analyst] = await db().execute<{ roles: string[]; provinces: string[]; households: number }>(sql`
      select (select array_agg(r.role::text) from user_roles r join users u on u.id = r.user_id where u.email = 'thongke.hungyen@nongsanso.vn') as roles,
             (select array_agg(a.province_code) from analyst_provinces a join users u on u.id = a.user_id where u.email = 'thongke.hungyen@nongsanso.vn') as provinces,
             (select households - (select count(*)::int from farms where kind = 'household') from insights_areas where province_code = '' and commune_code = '') as households`);
    expect(analyst).toEqual({ roles: ["analyst"], provinces: ["33"], households: 0 });
    expect(await isDatabaseEmpty(db())).toBe(false);

    const [stats] = await db().execute<{ provinces: number; active: number; bad_commune: number; not_nfc: number }>(sql`
      select (select count(distinct province_code)::int from farms) as provinces,
             (select count(*)::int from listings where state = 'active') as active,
             (select count(*)::int from farms f join communes c on c.code = f.commune_code
               where c.province_code <> f.province_code) as bad_commune,
             (select count(*)::int from listings where title <> normalize(title, NFC) or description <> normalize(description, NFC)) as not_nfc`);
    expect(stats.provinces).toBeGreaterThanOrEqual(10);
    expect(stats.active).toBeGreaterThanOrEqual(250);
    expect(stats.bad_commune).toBe(0);
    expect(stats.not_nfc).toBe(0);

    const used = await db().execute<{ category_slug: string }>(sql`select distinct category_slug from listings`);
    const usedSet = new Set(used.map((r) => r.category_slug));
    expect(leafCategorySlugs().filter((slug) => !usedSet.has(slug))).toEqual([]);
  });

  it("has valid volume tiers: quantities rising above the minimum, prices falling below the base", async () => {
    const rows = await db().execute<{ id: number; price: number; moq: string; tiers: { q: string; p: number }[] }>(sql`
      select l.id, l.price_vnd::int as price, l.min_order_qty as moq,
             json_agg(json_build_object('q', t.min_qty, 'p', t.price_vnd) order by t.min_qty) as tiers
      from listings l join listing_price_tiers t on t.listing_id = l.id group by l.id`);
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) {
      let prevQty = Number(row.moq);
      let prevPrice = row.price;
      for (const tier of row.tiers) {
        expect(Number(tier.q)).toBeGreaterThan(prevQty);
        expect(Number(tier.p)).toBeLessThan(prevPrice);
        prevQty = Number(tier.q);
        prevPrice = Number(tier.p);
      }
    }
  });

  it("has both sides of the dialect pairs and both dừa and dưa, for search to tell apart", async () => {
    const titles = (await db().execute<{ title: string }>(sql`select title from listings`)).map((r) => r.title.toLowerCase());
    for (const word of ["lợn", "heo", "ngô", "bắp", "dứa", "thơm", "khóm", "lạc", "đậu phộng", "vừng", "mè", "dưa chuột", "dưa leo", "mướp đắng", "khổ qua", "sắn", "khoai mì", "dừa", "dưa"]) {
      expect(titles.some((t) => t.includes(word)), word).toBe(true);
    }
  });

  it("lets the demo accounts log in with the documented password", async () => {
    expect(await verifyLogin("0987654321", DEMO_PASSWORD)).not.toBeNull();
    expect(await verifyLogin("admin@nongsanso.vn", DEMO_PASSWORD)).not.toBeNull();
    expect(await verifyLogin("bep@truonghoc.vn", DEMO_PASSWORD)).not.toBeNull();
    expect(await verifyLogin("0912345678", DEMO_PASSWORD)).not.toBeNull();
  });
});

describe("benchmark listings", () => {
  it("generates the number asked for, valid against the schema's checks, the same for the same seed", async () => {
    const { generateListings } = await import("./generate");
    const before = await db().execute<{ n: number }>(sql`select count(*)::int as n from listings`);
    await generateListings(db(), 2500, { seed: 11 });
    const after = await db().execute<{ n: number; bad: number }>(sql`
      select count(*)::int as n,
             (select count(*)::int from listings where title <> normalize(title, NFC)) as bad
      from listings`);
    expect(after[0].n - before[0].n).toBe(2500);
    expect(after[0].bad).toBe(0);
  });
});
