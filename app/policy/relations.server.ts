/**
 * Loads how a person stands to a farm or a team, from the database, for the
 * policy (policy.ts). Read on every request and inside every command's
 * transaction: a consent withdrawn or expired a moment ago counts at once.
 */
import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { analystProvinces, companyMembers, consents, conversations, farmMembers, farms, teamMembers, userRoles } from "../../db/schema";
import type { Actor, CompanyRole, ConsentScope, FarmRelation } from "./policy";

/** The consents in force: granted, not withdrawn, not past their expiry. */
export function consentInForce(now = new Date()) {
  return and(isNotNull(consents.grantedAt), isNull(consents.withdrawnAt), gt(consents.expiresAt, now));
}

/** How `userId` stands to the farm: owner, co-op member, helper (with the consent's scopes), or not at all. */
export async function farmRelation(userId: number, farmId: number, executor: Executor = db()): Promise<FarmRelation> {
  const [row] = await executor
    .select({
      owner: sql<boolean>`${farms.ownerId} = ${userId}`,
      // The farm's id is passed in, not correlated: Drizzle leaves a column of a one-table query
      // unqualified, and inside these subqueries "id" would name the consent's own id.
      coop: sql<boolean>`exists (select 1 from ${farmMembers} m where m.farm_id = ${farmId} and m.user_id = ${userId} and m.role = 'coop_member')`,
      scopes: sql<ConsentScope[] | null>`(
        select array_agg(distinct s)::text[] from ${consents} c
        join ${teamMembers} tm on tm.team_id = c.team_id and tm.user_id = ${userId} and tm.removed_at is null
        cross join unnest(c.scopes) s
        where c.farm_id = ${farmId} and c.granted_at is not null and c.withdrawn_at is null and c.expires_at > now())`,
    })
    .from(farms)
    .where(eq(farms.id, farmId));
  if (!row) return null;
  if (row.owner) return { role: "owner", scopes: ["listings", "orders"] };
  if (row.coop) return { role: "coop_member", scopes: ["listings", "orders"] };
  if (row.scopes && row.scopes.length > 0) return { role: "helper", scopes: row.scopes };
  return null;
}

/**
 * Inside a command's transaction, a helper's right is held until commit: the
 * consents and the team membership it rests on are locked FOR SHARE, so a
 * withdrawal or a removal (which lock them for update) waits for the
 * command, and a command that comes after sees it. Under READ COMMITTED the
 * locked rows are read again as they are now: a consent withdrawn between
 * the relation's read and this lock is not found. Returns whether any holds.
 */
export async function holdHelperRight(userId: number, farmId: number, executor: Executor): Promise<boolean> {
  const rows = await executor.execute<{ id: number }>(sql`
    select c.id from ${consents} c
    join ${teamMembers} tm on tm.team_id = c.team_id and tm.user_id = ${userId} and tm.removed_at is null
    where c.farm_id = ${farmId} and c.granted_at is not null and c.withdrawn_at is null and c.expires_at > now()
    for share of c, tm`);
  return rows.length > 0;
}

/**
 * How the person stands to a conversation (issue 14): its buyer or not, and
 * their relation to its farm; null when the conversation does not exist.
 */
export async function conversationRelation(
  userId: number,
  conversationId: number,
  executor: Executor = db(),
): Promise<{ farmId: number; isBuyer: boolean; farm: FarmRelation } | null> {
  const [row] = await executor.select({ buyerId: conversations.buyerId, farmId: conversations.farmId }).from(conversations).where(eq(conversations.id, conversationId));
  if (!row) return null;
  return { farmId: row.farmId, isBuyer: row.buyerId === userId, farm: row.buyerId === userId ? null : await farmRelation(userId, row.farmId, executor) };
}

/**
 * The farms whose conversations the person may answer (farm.messages: owner,
 * co-op member, helper whose consent in force has the "orders" scope), as a
 * subquery of farm ids — the inbox and the header's unread count use it.
 */
export function messageFarmIds(userId: number) {
  return sql`(
    select f.id from ${farms} f where f.owner_id = ${userId}
    union select m.farm_id from ${farmMembers} m where m.user_id = ${userId} and m.role = 'coop_member'
    union select c.farm_id from ${consents} c
      join ${teamMembers} tm on tm.team_id = c.team_id and tm.user_id = ${userId} and tm.removed_at is null
      where c.granted_at is not null and c.withdrawn_at is null and c.expires_at > now() and 'orders' = any(c.scopes))`;
}

/** Whether the person is a member of the team now. */
export async function isTeamMember(userId: number, teamId: number, executor: Executor = db()): Promise<boolean> {
  const [row] = await executor
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId), isNull(teamMembers.removedAt)));
  return row !== undefined;
}

/** The farm the person owns (one per account), if any. */
export async function ownedFarmId(userId: number, executor: Executor = db()): Promise<number | null> {
  const [row] = await executor.select({ id: farms.id }).from(farms).where(eq(farms.ownerId, userId));
  return row?.id ?? null;
}

/** The person as an actor, with their roles read now (for commands given a person's id). */
export async function actorById(userId: number, executor: Executor = db()): Promise<Actor> {
  const rows = await executor.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return { userId, roles: rows.map((r) => r.role), actingForFarmId: null };
}

/** The person's part in the company (owner, buyer, approver), or null. */
export async function companyRole(userId: number, companyId: number, executor: Executor = db()): Promise<CompanyRole | null> {
  const [row] = await executor
    .select({ role: companyMembers.role })
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)));
  return row?.role ?? null;
}

/** Whether the person is an analyst of the province (analyst_provinces; the role itself is checked by the policy). */
export async function isAnalystOf(userId: number, provinceCode: string, executor: Executor = db()): Promise<boolean> {
  const [row] = await executor
    .select({ userId: analystProvinces.userId })
    .from(analystProvinces)
    .where(and(eq(analystProvinces.userId, userId), eq(analystProvinces.provinceCode, provinceCode)));
  return row !== undefined;
}

/** The provinces an analyst may see (their codes, in order). */
export async function analystProvinceCodes(userId: number, executor: Executor = db()): Promise<string[]> {
  const rows = await executor
    .select({ code: analystProvinces.provinceCode })
    .from(analystProvinces)
    .where(eq(analystProvinces.userId, userId))
    .orderBy(analystProvinces.provinceCode);
  return rows.map((r) => r.code);
}
