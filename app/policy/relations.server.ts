/**
 * Loads how a person stands to a farm or a team, from the database, for the
 * policy (policy.ts). Read on every request and inside every command's
 * transaction: a consent withdrawn or expired a moment ago counts at once.
 */
import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { consents, farmMembers, farms, teamMembers, userRoles } from "../../db/schema";
import type { Actor, ConsentScope, FarmRelation } from "./policy";

/** The consents in force: granted, not withdrawn, not past their expiry. */
export function consentInForce(now = new Date()) {
  return and(isNotNull(consents.grantedAt), isNull(consents.withdrawnAt), gt(consents.expiresAt, now));
}

/** How `userId` stands to the farm: owner, co-op member, helper (with the consent's scopes), or not at all. */
export async function farmRelation(userId: number, farmId: number, executor: Executor = db()): Promise<FarmRelation> {
  // The subqueries name the farm by the parameter: Drizzle writes a column of a select's only table
  // as a bare name ("id"), which inside `from consents c` would be the consent's own id.
  const [row] = await executor
    .select({
      owner: sql<boolean>`${farms.ownerId} = ${userId}`,
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
