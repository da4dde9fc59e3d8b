/**
 * A helper's workspace (issue 11, "work fast in a village"): the households
 * a helper works for, the orders waiting across them, a household's card to
 * print, and the team's figures. Invariants:
 * - "the helper's households" are the farms with a consent in force
 *   (relations.server.ts `consentInForce`) to a team the helper is an active
 *   member of, and only those whose consent holds the scope the page needs:
 *   every query here is scoped so in SQL, and every command it leads to
 *   (createListing, transitionOrder) asks the policy again in its own
 *   transaction and writes the audit event;
 * - nothing here changes a row: these are reads, one query each (figures
 *   are SQL aggregates, never a query per row).
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { communes, consents, farms, listings, orderItems, orders, provinces, teamMembers, teams, users } from "../../db/schema";
import { can, type Actor, type ConsentScope } from "~/policy/policy";
import { consentInForce } from "~/policy/relations.server";
import type { OrderStatus } from "./orders/moves.server";
import { parseQuantity, type Unit } from "./units";

export type Household = { id: number; name: string; slug: string; communeName: string };

/** The teams the person is an active member of. */
export async function activeTeamIds(userId: number): Promise<number[]> {
  const rows = await db()
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.userId, userId), isNull(teamMembers.removedAt)));
  return rows.map((r) => r.teamId);
}

/**
 * The consents in force, to a team the user is an active member of, holding
 * `scope`. The consent's team is spelled with its table: in a one-table
 * select drizzle writes a lone "team_id", which inside the subquery would be
 * the member row's own (tm.team_id), matching every team.
 */
function helperConsent(userId: number, scope: ConsentScope) {
  return and(
    consentInForce(),
    sql`${scope} = any(${consents.scopes})`,
    sql`exists (select 1 from ${teamMembers} tm where tm.team_id = ${consents}.${sql.identifier("team_id")} and tm.user_id = ${userId} and tm.removed_at is null)`,
  );
}

/** The households the helper may act for within `scope`, by name. */
export async function helperHouseholds(actor: Actor, scope: ConsentScope): Promise<Household[]> {
  return db()
    .selectDistinct({ id: farms.id, name: farms.name, slug: farms.slug, communeName: communes.name })
    .from(consents)
    .innerJoin(farms, eq(farms.id, consents.farmId))
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .where(helperConsent(actor.userId, scope))
    .orderBy(asc(farms.name), asc(farms.id));
}

/** The orders a household still has to handle, in the order they are best handled. */
export const INBOX_STATUSES = ["placed", "accepted", "packed"] as const satisfies readonly OrderStatus[];

export type InboxOrder = {
  id: number;
  number: string;
  status: (typeof INBOX_STATUSES)[number];
  totalVnd: number;
  createdAt: Date;
  expiresAt: Date | null;
  household: { id: number; name: string };
  items: { title: string; quantity: number; unit: Unit }[];
};

/**
 * The orders waiting across the helper's households (consent with 'orders'):
 * new orders first, then accepted, then packed; within each, the one that
 * expires soonest, then the oldest. One query, items folded in as JSON.
 */
export async function helperInbox(actor: Actor, limit = 200): Promise<InboxOrder[]> {
  const mine = db()
    .select({ farmId: consents.farmId })
    .from(consents)
    .where(helperConsent(actor.userId, "orders"));
  const rows = await db()
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      totalVnd: orders.totalVnd,
      createdAt: orders.createdAt,
      expiresAt: orders.expiresAt,
      household: { id: farms.id, name: farms.name },
      items: sql<{ title: string; quantity: string; unit: Unit }[]>`(
        select coalesce(json_agg(json_build_object('title', i.title, 'quantity', i.quantity::text, 'unit', i.unit) order by i.title), '[]')
        from ${orderItems} i where i.order_id = ${orders}.${sql.identifier("id")})`,
    })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(and(inArray(orders.farmId, mine), inArray(orders.status, [...INBOX_STATUSES])))
    .orderBy(
      sql`array_position(array['placed','accepted','packed']::order_status[], ${orders.status})`,
      sql`${orders.expiresAt} asc nulls last`,
      asc(orders.createdAt),
      asc(orders.id),
    )
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    status: r.status as InboxOrder["status"],
    items: r.items.map((i) => ({ ...i, quantity: parseQuantity(i.quantity) })),
  }));
}

/** The order's status when it is one of the helper's households' (consent with 'orders'); null otherwise. */
export async function helperOrderStatus(actor: Actor, orderId: number): Promise<OrderStatus | null> {
  const [row] = await db()
    .select({ status: orders.status })
    .from(orders)
    .where(and(eq(orders.id, orderId), inArray(orders.farmId, db().select({ farmId: consents.farmId }).from(consents).where(helperConsent(actor.userId, "orders")))));
  return row?.status ?? null;
}

export type HouseholdCard = {
  farm: { name: string; slug: string; communeName: string; provinceName: string };
  helper: { displayName: string; phone: string | null; email: string | null };
};

/**
 * A household's card to print: the farm, and the helper who prints it as
 * the contact. Only for a member of a team the household's consent (in
 * force, any scope) names; null for anyone else.
 */
export async function householdCard(actor: Actor, farmId: number): Promise<HouseholdCard | null> {
  const [row] = await db()
    .select({
      name: farms.name,
      slug: farms.slug,
      communeName: communes.name,
      provinceName: provinces.name,
      helperName: users.displayName,
      phone: users.phone,
      email: users.email,
    })
    .from(farms)
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .innerJoin(provinces, eq(provinces.code, farms.provinceCode))
    .innerJoin(users, eq(users.id, actor.userId))
    .where(
      and(
        eq(farms.id, farmId),
        sql`exists (select 1 from ${consents} c join ${teamMembers} tm on tm.team_id = c.team_id and tm.user_id = ${actor.userId} and tm.removed_at is null
          where c.farm_id = ${farms}.${sql.identifier("id")} and c.granted_at is not null and c.withdrawn_at is null and c.expires_at > now())`,
      ),
    );
  if (!row) return null;
  return {
    farm: { name: row.name, slug: row.slug, communeName: row.communeName, provinceName: row.provinceName },
    helper: { displayName: row.helperName, phone: row.phone, email: row.email },
  };
}

/** One line of the figures: a team's (helper null) or one of its helpers'. */
export type FiguresRow = {
  teamId: number;
  teamName: string;
  helperId: number | null;
  helperName: string | null;
  /** Households whose consent was recorded (and granted) by the team / the helper. */
  onboarded: number;
  /** Of those, with a listing on sale now. */
  withActiveListing: number;
  /** Of those, with an order this month (Vietnam time). */
  withOrderThisMonth: number;
  /** Listings made this week for the team's households (audit 'listing.create'). */
  listingsThisWeek: number;
  /** Orders placed this week with those households. */
  ordersThisWeek: number;
};

/**
 * The figures of the teams the actor may see: their own teams, or every
 * team for an operator. Two aggregate queries (teams, then helpers); weeks
 * start on Monday and months on the 1st, in Vietnam time.
 */
export async function teamFigures(actor: Actor, now = new Date()): Promise<FiguresRow[]> {
  const operator = can(actor, "ops.teams", { kind: "platform" });
  const visible = operator
    ? sql`true`
    : sql`exists (select 1 from ${teamMembers} me where me.team_id = t.id and me.user_id = ${actor.userId} and me.removed_at is null)`;
  const at = sql`(${now.toISOString()}::timestamptz at time zone 'Asia/Ho_Chi_Minh')`;
  const week = sql`(date_trunc('week', ${at}) at time zone 'Asia/Ho_Chi_Minh')`;
  const month = sql`(date_trunc('month', ${at}) at time zone 'Asia/Ho_Chi_Minh')`;
  // The households of each (team, helper) — helper null for the whole team — and what they did.
  const query = sql`
    with onboarded as (
      select distinct c.team_id, c.recorded_by as helper_id, c.farm_id
      from ${consents} c where c.granted_at is not null
    ),
    per as (
      select team_id, helper_id, farm_id from onboarded
      union
      select team_id, null::int, farm_id from onboarded
    ),
    farm_facts as (
      select f.id as farm_id,
        exists (select 1 from listings l where l.farm_id = f.id and l.state = 'active' and l.deleted_at is null) as active_listing,
        exists (select 1 from orders o where o.farm_id = f.id and o.status not in ('awaiting_payment', 'awaiting_approval') and o.created_at >= ${month}) as order_month,
        (select count(*) from orders o where o.farm_id = f.id and o.status not in ('awaiting_payment', 'awaiting_approval') and o.created_at >= ${week})::int as orders_week
      from ${farms} f where f.id in (select farm_id from onboarded)
    ),
    figures as (
      select p.team_id, p.helper_id,
        count(*)::int as onboarded,
        count(*) filter (where ff.active_listing)::int as with_active_listing,
        count(*) filter (where ff.order_month)::int as with_order_month,
        coalesce(sum(ff.orders_week), 0)::int as orders_week
      from per p join farm_facts ff on ff.farm_id = p.farm_id
      group by p.team_id, p.helper_id
    ),
    listings_week as (
      select tm.team_id, a.actor_id as helper_id, count(*)::int as n
      from audit_events a
      join ${teamMembers} tm on tm.user_id = a.actor_id
      join ${consents} c on c.team_id = tm.team_id and c.farm_id = a.farm_id and c.granted_at is not null
      where a.action = 'listing.create' and a.at >= ${week}
      group by tm.team_id, a.actor_id
    ),
    members as (
      select tm.team_id, tm.user_id as helper_id from ${teamMembers} tm where tm.removed_at is null
      union
      select team_id, helper_id from onboarded
      union
      select t.id, null::int from ${teams} t
    )
    select t.id as team_id, t.name as team_name, m.helper_id, u.display_name as helper_name,
      coalesce(f.onboarded, 0) as onboarded,
      coalesce(f.with_active_listing, 0) as with_active_listing,
      coalesce(f.with_order_month, 0) as with_order_month,
      coalesce(case when m.helper_id is null then (select sum(n) from listings_week lw where lw.team_id = t.id) else lw.n end, 0)::int as listings_week,
      coalesce(f.orders_week, 0) as orders_week
    from ${teams} t
    join members m on m.team_id = t.id
    left join ${users} u on u.id = m.helper_id
    left join figures f on f.team_id = t.id and f.helper_id is not distinct from m.helper_id
    left join listings_week lw on lw.team_id = t.id and lw.helper_id = m.helper_id
    where ${visible}
    order by t.name, t.id, m.helper_id is not null, u.display_name, m.helper_id`;
  const rows = (await db().execute(query)) as unknown as Record<string, unknown>[];
  return rows.map((r) => ({
    teamId: Number(r.team_id),
    teamName: String(r.team_name),
    helperId: r.helper_id === null ? null : Number(r.helper_id),
    helperName: r.helper_name === null ? null : String(r.helper_name),
    onboarded: Number(r.onboarded),
    withActiveListing: Number(r.with_active_listing),
    withOrderThisMonth: Number(r.with_order_month),
    listingsThisWeek: Number(r.listings_week),
    ordersThisWeek: Number(r.orders_week),
  }));
}

/**
 * The listing the compact form just saved for the household, with the key of
 * the form that made it (the browser drops that form's draft). The caller
 * checked the household is the helper's.
 */
export async function listingJustSaved(farmId: number, listingId: number): Promise<{ id: number; title: string; slug: string; createKey: string | null } | null> {
  const [row] = await db()
    .select({ id: listings.id, title: listings.title, slug: listings.slug, createKey: listings.createKey })
    .from(listings)
    .where(and(eq(listings.id, listingId), eq(listings.farmId, farmId), isNull(listings.deletedAt)));
  return row ?? null;
}
