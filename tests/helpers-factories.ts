/**
 * Teams, helpers and households with consent, for the helper workspace's
 * tests: rows written straight into the issue-11 tables (db/schema/helpers.ts)
 * while the team and onboarding commands are built elsewhere. Accounts and
 * farms are made through the real models (tests/factories.ts).
 */
import { and, eq } from "drizzle-orm";
import { db } from "../db/client";
import { consents, teamMembers, teams, userRoles, users } from "../db/schema";
import type { ConsentScope } from "~/policy/policy";
import { createAccount, createFarmer, LAM_DONG_COMMUNE } from "./factories";

const DAY = 24 * 3600_000;

export async function createTeam(name = "Tổ công nghệ số Lâm Viên") {
  const [team] = await db().insert(teams).values({ name, provinceCode: "68", communeCode: LAM_DONG_COMMUNE }).returning({ id: teams.id, name: teams.name });
  return team;
}

/** A person with the role 'helper', an active member of the team. */
export async function addHelper(teamId: number) {
  const account = await createAccount(["helper"]);
  await db().insert(teamMembers).values({ teamId, userId: account.id });
  const [{ displayName }] = await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, account.id));
  return { ...account, displayName, roles: ["helper" as const] };
}

/** The helper leaves the team: the row stays (the audit trail names them), access ends. */
export async function removeHelper(teamId: number, userId: number) {
  await db().update(teamMembers).set({ removedAt: new Date() }).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
}

export type ConsentState = "granted" | "pending" | "withdrawn" | "expired";

/**
 * A household (a farmer with a farm) whose consent to the team was recorded
 * by the helper: in force by default, or pending, withdrawn, expired.
 */
export async function onboardHousehold(
  teamId: number,
  recordedBy: number,
  options: { scopes?: ConsentScope[]; state?: ConsentState; name?: string } = {},
) {
  const household = await createFarmer(options.name);
  const consent = await grantConsent(household.farm.id, teamId, recordedBy, options);
  return { ...household, consentId: consent.id };
}

export async function grantConsent(
  farmId: number,
  teamId: number,
  recordedBy: number,
  { scopes = ["listings", "orders"], state = "granted" }: { scopes?: ConsentScope[]; state?: ConsentState } = {},
) {
  const now = Date.now();
  const granted = state === "pending" ? null : new Date(now - (state === "expired" ? 400 : 10) * DAY);
  const [row] = await db()
    .insert(consents)
    .values({
      farmId,
      teamId,
      scopes,
      method: "code",
      recordedBy,
      grantedAt: granted,
      expiresAt: granted === null ? null : new Date(state === "expired" ? now - DAY : now + 355 * DAY),
      withdrawnAt: state === "withdrawn" ? new Date(now - DAY) : null,
    })
    .returning({ id: consents.id });
  return row;
}

/** Gives an existing account a role (an operator, for the figures). */
export async function giveRole(userId: number, role: "operator" | "helper") {
  await db().insert(userRoles).values({ userId, role }).onConflictDoNothing();
}
