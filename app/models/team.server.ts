/**
 * Community digital-technology teams (tổ công nghệ số cộng đồng) and their
 * helpers (issue 11, decision 027). Invariants:
 * - only operators create teams and invite or remove helpers (policy
 *   "ops.teams"); a team belongs to one commune of the 2025 list, its
 *   province is the commune's;
 * - an invitation is a link with a random token of which only the SHA-256 is
 *   stored; it lasts 7 days and is used once (the row is locked while used);
 * - joining makes the person a helper (role 'helper') and an active member;
 *   a removed helper keeps the row (the audit trail names them) and loses
 *   access at once: the policy reads removed_at, and their sessions acting
 *   for the team's households are ended;
 * - every command writes its audit event in its own transaction.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { communes, consents, farms, provinces, teamInvites, teamMembers, teams, userRoles, users } from "../../db/schema";
import { audit } from "~/policy/audit.server";
import { authorizePlatform } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import type { TeamInput } from "~/validation/helpers";
import { FieldErrors } from "./errors";

export const INVITE_DAYS = 7;

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a team for a commune of the 2025 list (operators). */
export async function createTeam(actor: Actor, input: TeamInput): Promise<{ id: number }> {
  authorizePlatform(actor, "ops.teams");
  const [commune] = await db().select({ provinceCode: communes.provinceCode }).from(communes).where(eq(communes.code, input.communeCode));
  if (!commune) throw new FieldErrors({ communeCode: ["errors.commune.unknown"] });
  return db().transaction(async (tx) => {
    const [team] = await tx
      .insert(teams)
      .values({ name: input.name, communeCode: input.communeCode, provinceCode: commune.provinceCode, createdBy: actor.userId })
      .returning({ id: teams.id });
    await audit(tx, actor, { action: "team.create", subject: { type: "team", id: team.id }, after: { name: input.name, communeCode: input.communeCode } });
    return team;
  });
}

/**
 * An invitation link's token for the team (operators): shown once, stored
 * only as its hash; valid 7 days, once.
 */
export async function inviteHelper(actor: Actor, teamId: number): Promise<{ token: string; expiresAt: Date }> {
  authorizePlatform(actor, "ops.teams");
  const token = randomBytes(32).toString("base64url");
  return db().transaction(async (tx) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    if (!team) throw notFound();
    const [invite] = await tx
      .insert(teamInvites)
      .values({ teamId, tokenHash: hashInviteToken(token), createdBy: actor.userId, expiresAt: sql`now() + make_interval(days => ${INVITE_DAYS})` })
      .returning({ id: teamInvites.id, expiresAt: teamInvites.expiresAt });
    await audit(tx, actor, { action: "team.invite", subject: { type: "team", id: teamId }, after: { inviteId: invite.id, expiresAt: invite.expiresAt } });
    return { token, expiresAt: invite.expiresAt };
  });
}

export type InviteView = { teamId: number; teamName: string; communeName: string; state: "open" | "used" | "expired" };

/** What an invitation link leads to (the join page), or null for a token that is no invitation. */
export async function inviteByToken(token: string): Promise<InviteView | null> {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const [row] = await db()
    .select({
      teamId: teams.id,
      teamName: teams.name,
      communeName: communes.name,
      used: sql<boolean>`${teamInvites.usedAt} is not null`,
      expired: sql<boolean>`${teamInvites.expiresAt} <= now()`,
    })
    .from(teamInvites)
    .innerJoin(teams, eq(teams.id, teamInvites.teamId))
    .innerJoin(communes, eq(communes.code, teams.communeCode))
    .where(eq(teamInvites.tokenHash, hashInviteToken(token)));
  if (!row) return null;
  return { teamId: row.teamId, teamName: row.teamName, communeName: row.communeName, state: row.used ? "used" : row.expired ? "expired" : "open" };
}

/**
 * The signed-in person joins the invitation's team and becomes a helper.
 * An unknown, used or expired link is refused with why (the link is locked
 * while used: two people with one link, one joins).
 */
export async function joinTeam(actor: Actor, token: string): Promise<{ teamId: number }> {
  if (!/^[\w-]{20,100}$/.test(token)) throw new DomainError("not_found", "errors.team.inviteUnknown");
  return db().transaction(async (tx) => {
    const [invite] = await tx
      .select({ id: teamInvites.id, teamId: teamInvites.teamId, usedAt: teamInvites.usedAt, usedBy: teamInvites.usedBy, expired: sql<boolean>`${teamInvites.expiresAt} <= now()` })
      .from(teamInvites)
      .where(eq(teamInvites.tokenHash, hashInviteToken(token)))
      .for("update");
    if (!invite) throw new DomainError("not_found", "errors.team.inviteUnknown");
    // The same person posting twice (a double tap without JavaScript): they joined; say so.
    if (invite.usedAt && invite.usedBy === actor.userId) return { teamId: invite.teamId };
    if (invite.usedAt) throw new DomainError("conflict", "errors.team.inviteUsed");
    if (invite.expired) throw new DomainError("conflict", "errors.team.inviteExpired");
    await tx.update(teamInvites).set({ usedBy: actor.userId, usedAt: sql`now()` }).where(eq(teamInvites.id, invite.id));
    // A helper removed once and invited again is a member again.
    await tx
      .insert(teamMembers)
      .values({ teamId: invite.teamId, userId: actor.userId })
      .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { removedAt: null, joinedAt: sql`now()` } });
    await tx.insert(userRoles).values({ userId: actor.userId, role: "helper" }).onConflictDoNothing();
    await audit(tx, actor, { action: "team.join", subject: { type: "team", id: invite.teamId }, after: { userId: actor.userId, inviteId: invite.id } });
    return { teamId: invite.teamId };
  });
}

/**
 * Removes a helper from a team (operators): their access to the team's
 * households ends now, including sessions acting for one of them.
 */
export async function removeHelper(actor: Actor, teamId: number, userId: number): Promise<void> {
  authorizePlatform(actor, "ops.teams");
  await db().transaction(async (tx) => {
    const [removed] = await tx
      .update(teamMembers)
      .set({ removedAt: sql`now()` })
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId), isNull(teamMembers.removedAt)))
      .returning({ userId: teamMembers.userId });
    if (!removed) throw notFound();
    await audit(tx, actor, { action: "team.removeHelper", subject: { type: "team", id: teamId }, before: { userId }, after: { userId, removed: true } });
  });
  // Their acting session is left marked on purpose: the policy refuses it on the next request
  // (requireSeller), which says why and ends it; the banner says so meanwhile.
}

export type TeamSummary = {
  id: number;
  name: string;
  communeName: string;
  provinceName: string;
  helpers: { userId: number; displayName: string; joinedAt: Date }[];
  households: number;
  /** The households with a consent to this team pending or in force (an operator may withdraw it). */
  consents: TeamConsent[];
};

export type TeamConsent = {
  consentId: number;
  displayName: string;
  farmName: string;
  communeName: string;
  village: string;
  state: "pending" | "in_force";
  expiresAt: Date | null;
};

/** Every team with its active helpers, number of households and consents pending or in force (the operators' page). */
export async function listTeams(): Promise<TeamSummary[]> {
  const rows = await db()
    .select({
      id: teams.id,
      name: teams.name,
      communeName: communes.name,
      provinceName: provinces.name,
      households: sql<number>`(select count(distinct c.farm_id)::int from ${consents} c where c.team_id = ${teams.id})`,
    })
    .from(teams)
    .innerJoin(communes, eq(communes.code, teams.communeCode))
    .innerJoin(provinces, eq(provinces.code, teams.provinceCode))
    .orderBy(asc(teams.name), asc(teams.id));
  const members = await db()
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId, displayName: users.displayName, joinedAt: teamMembers.joinedAt })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(isNull(teamMembers.removedAt))
    .orderBy(asc(teamMembers.joinedAt));
  const open = await db()
    .select({
      teamId: consents.teamId,
      consentId: consents.id,
      displayName: users.displayName,
      farmName: farms.name,
      communeName: communes.name,
      village: farms.addressLine,
      granted: sql<boolean>`${consents.grantedAt} is not null`,
      expiresAt: consents.expiresAt,
    })
    .from(consents)
    .innerJoin(farms, eq(farms.id, consents.farmId))
    .innerJoin(users, eq(users.id, farms.ownerId))
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .where(and(isNull(consents.withdrawnAt), sql`(${consents.grantedAt} is null or ${consents.expiresAt} > now())`))
    .orderBy(asc(communes.name), asc(farms.addressLine), asc(users.displayName), asc(consents.id));
  return rows.map((t) => ({
    ...t,
    helpers: members.filter((m) => m.teamId === t.id).map(({ teamId: _team, ...m }) => m),
    consents: open
      .filter((c) => c.teamId === t.id)
      .map(({ teamId: _team, granted, ...c }) => ({ ...c, state: granted ? ("in_force" as const) : ("pending" as const) })),
  }));
}

export type HelperTeam = { id: number; name: string; provinceCode: string; communeCode: string; communeName: string };

/** The teams the person is an active member of. */
export async function teamsOfHelper(userId: number): Promise<HelperTeam[]> {
  return db()
    .select({ id: teams.id, name: teams.name, provinceCode: teams.provinceCode, communeCode: teams.communeCode, communeName: communes.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(communes, eq(communes.code, teams.communeCode))
    .where(and(eq(teamMembers.userId, userId), isNull(teamMembers.removedAt)))
    .orderBy(asc(teams.name));
}
