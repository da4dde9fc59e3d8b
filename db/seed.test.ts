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
    expect(counts.orders).toBe(10);
    const [ledger] = await db().execute<{ entries: number; statuses: string[] }>(sql`
      select (select count(*)::int from ledger_entries) as entries,
             (select array_agg(status::text order by id) from orders) as statuses`);
    // Then the two orders of the school's accepted request for quotation (issue 12), waiting for their farms,
    // the kitchen's purchase above the school's threshold, waiting for the accountant's approval (decision 033),
    // and the coming Monday's order of the school's standing order (decision 032).
    expect(ledger).toEqual({ entries: 2, statuses: ["accepted", "placed", "placed", "placed", "placed", "awaiting_approval", "completed", "completed", "placed", "placed"] });
    // Each completed demo order has its invoice (decision 043), issued on completion: Bà Lan's series 1 and 2, no VAT.
    const invoices = await db().execute<{ number: string; sequence: number; vat: string | null; words: string; completed: boolean }>(sql`
      select i.number, i.sequence, i.vat_percent as vat, i.total_words as words, o.status = 'completed' as completed
      from invoices i join orders o on o.id = i.order_id order by i.sequence`);
    expect(invoices.map((p) => ({ sequence: p.sequence, vat: p.vat, completed: p.completed }))).toEqual([
      { sequence: 1, vat: null, completed: true },
      { sequence: 2, vat: null, completed: true },
    ]);
    for (const paper of invoices) {
      expect(paper.number).toMatch(/^NSS-\d+-\d{4}-00000[12]$/);
      expect(paper.words).toMatch(/^[A-ZĐ].* đồng$/);
    }
    const [standing] = await db().execute<{ weekday: number; company: boolean; weeks: string[]; placed_for_company: boolean }>(sql`
      select s.weekday, s.company_id is not null as company,
             (select array_agg(o.state::text) from standing_order_occurrences o where o.standing_order_id = s.id) as weeks,
             (select bool_and(x.company_id = s.company_id) from standing_order_occurrences o join orders x on x.id = o.order_id where o.standing_order_id = s.id) as placed_for_company
      from standing_orders s`);
    expect(standing).toEqual({ weekday: 1, company: true, weeks: ["placed"], placed_for_company: true });

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

    // Reviews (decision 040): the two completed orders reviewed by their buyer, the first answered by the farm;
    // the figures reach the search documents through the outbox.
    const [rated] = await db().execute<{ reviews: number; replied: number; stars: number[]; farm: string; rated_listings: number }>(sql`
      select (select count(*)::int from reviews) as reviews,
             (select count(*)::int from reviews where reply is not null) as replied,
             (select array_agg(stars::int order by id) from reviews) as stars,
             (select min(f.name) from reviews r join farms f on f.id = r.farm_id) as farm,
             (select count(distinct listing_id)::int from review_ratings) as rated_listings`);
    expect(rated).toEqual({ reviews: 2, replied: 1, stars: [5, 4], farm: "Vườn rau Bà Lan", rated_listings: 2 });
    // Run again (db:seed on a seeded database is refused elsewhere, but the function itself is safe): nothing more.
    const { seedDemoReviews } = await import("./seed-reviews");
    expect(await seedDemoReviews()).toBe(0);

    // The school's company account (issue 12): the kitchen and its accountant, the households' orders bought for it.
    const [company] = await db().execute<{ members: string[]; orders: number; po: string }>(sql`
      select (select array_agg(role::text order by role) from company_members) as members,
             (select count(*)::int from orders where company_id is not null) as orders,
             (select min(po_number) from orders where company_id is not null) as po`);
    expect(company).toEqual({ members: ["owner", "approver"], orders: 7, po: "PO-KL-2026-118" });
    // Net terms (decision 031): verified, 30 days, 50,000,000 đ.
    const [terms] = await db().execute<{ verified: boolean; days: number; limit: string }>(sql`
      select c.verified_at is not null as verified, t.days, t.limit_vnd::text as limit
      from companies c join company_terms t on t.company_id = c.id and t.revoked_at is null`);
    expect(terms).toEqual({ verified: true, days: 30, limit: "50000000" });
    const [approval] = await db().execute<{ threshold: number; waiting: number; asked: string[] }>(sql`
      select (select approval_threshold_vnd::int from companies) as threshold,
             (select count(*)::int from orders where status = 'awaiting_approval' and total_vnd > 20000000) as waiting,
             (select array_agg(u.email) from notifications n join users u on u.id = n.user_id where n.kind = 'approval_requested') as asked`);
    expect(approval).toEqual({ threshold: 20_000_000, waiting: 1, asked: ["ketoan@truonghoc.vn"] });
    const [rfq] = await db().execute<{ requests: string[]; quotes: number; by_helper: number }>(sql`
      select (select array_agg(state::text order by id) from quote_requests) as requests,
             (select count(*)::int from quotes) as quotes,
             (select count(*)::int from quotes q join team_members tm on tm.user_id = q.created_by) as by_helper`);
    expect(rfq).toEqual({ requests: ["open", "awarded"], quotes: 5, by_helper: 1 });
    // Farm verification (decision 036): every pending farm's paper in the queue, one rejected before
    // with its reason, and Vườn rau Bà Lan's VietGAP certificate approved, expiring within 30 days.
    const [papers] = await db().execute<{ pending_farms: number; pending: number; rejected: number; certificates: number; reason: string }>(sql`
      select (select count(*)::int from farms where verification = 'pending') as pending_farms,
             (select count(*)::int from farm_documents where state = 'pending') as pending,
             (select count(*)::int from farm_documents where state = 'rejected') as rejected,
             (select count(*)::int from farm_documents d join farm_certifications c on c.farm_id = d.farm_id and c.number = d.number
               where d.state = 'approved' and d.kind = 'certificate' and d.expires_on < current_date + 30) as certificates,
             (select min(reason) from farm_documents where state = 'rejected') as reason`);
    expect(papers.pending_farms).toBeGreaterThanOrEqual(5);
    expect(papers).toMatchObject({ pending: papers.pending_farms, rejected: 1, certificates: 1, reason: expect.stringContaining("Ảnh bị mờ") });
    // Issue 13 (decision 037): the demo moderator, and two open reports of listings in the queue.
    const [moderation] = await db().execute<{ moderators: number; open: number }>(sql`
      select (select count(*)::int from user_roles ur join users u on u.id = ur.user_id
                where ur.role = 'moderator' and u.email = 'moderator@nongsanso.vn') as moderators,
             (select count(*)::int from reports where state = 'open' and subject_type = 'listing') as open`);
    expect(moderation).toEqual({ moderators: 1, open: 2 });
    // Issue 13: Hưng Yên's analyst sees that province's figures only; the dashboard's views were refreshed by the seed.
    const [analyst] = await db().execute<{ roles: string[]; provinces: string[]; households: number }>(sql`
      select (select array_agg(r.role::text) from user_roles r join users u on u.id = r.user_id where u.email = 'thongke.hungyen@nongsanso.vn') as roles,
             (select array_agg(a.province_code) from analyst_provinces a join users u on u.id = a.user_id where u.email = 'thongke.hungyen@nongsanso.vn') as provinces,
             (select households - (select count(*)::int from farms where kind = 'household') from insights_areas where province_code = '' and commune_code = '') as households`);
    expect(analyst).toEqual({ roles: ["analyst"], provinces: ["33"], households: 0 });
    // Issue 14 (decision 042): Bà Lan's three lots with inputs, one harvested after its last spray's interval with a GTIN, and a listing on it.
    const [lots] = await db().execute<{ lots: number; inputs: number; sprays: number; with_gtin: number; listings: number; harvested_after_spray: boolean }>(sql`
      select (select count(*)::int from lots l join farms f on f.id = l.farm_id where f.name = 'Vườn rau Bà Lan') as lots,
             (select count(*)::int from lot_inputs) as inputs,
             (select count(*)::int from lot_inputs where kind = 'pesticide') as sprays,
             (select count(*)::int from lots where gtin is not null) as with_gtin,
             (select count(*)::int from listings where lot_id is not null) as listings,
             (select bool_and(l.harvested_on > i.applied_on + 7) from lots l join lot_inputs i on i.lot_id = l.id
               where l.harvested_on is not null and i.active_ingredient = 'abamectin') as harvested_after_spray`);
    expect(lots).toEqual({ lots: 3, inputs: 5, sprays: 3, with_gtin: 1, listings: 1, harvested_after_spray: true });
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
    expect(await verifyLogin("moderator@nongsanso.vn", DEMO_PASSWORD)).not.toBeNull();
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
