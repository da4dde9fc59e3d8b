/**
 * Co-op members of a farm (issue 11 §1): a person of a co-operative (HTX)
 * who sells for a member household — its listings and orders, never its
 * money or its consents (policy: coop_member). Invariants: only the farm's
 * owner adds or removes them ("farm.consent"), inside the transaction that
 * writes the row and its audit event; a member is an existing account,
 * named by phone or email (they sign up first); the owner is never their
 * own member. A removed member's acting session is refused on its next
 * request (the policy reads farm_members every time).
 */
import { and, asc, eq } from "drizzle-orm";
import { db } from "../../db/client";
import { communes, farmMembers, farms, users } from "../../db/schema";
import { audit } from "~/policy/audit.server";
import { authorizeFarm } from "~/policy/authorize.server";
import { notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { parseIdentifier } from "~/validation/auth";
import { FieldErrors } from "./errors";

export type CoopMember = { userId: number; displayName: string; phone: string | null; email: string | null; since: Date };

/** The farm's co-op members, oldest first. The caller checked the policy. */
export function listCoopMembers(farmId: number): Promise<CoopMember[]> {
  return db()
    .select({ userId: users.id, displayName: users.displayName, phone: users.phone, email: users.email, since: farmMembers.createdAt })
    .from(farmMembers)
    .innerJoin(users, eq(users.id, farmMembers.userId))
    .where(and(eq(farmMembers.farmId, farmId), eq(farmMembers.role, "coop_member")))
    .orderBy(asc(farmMembers.createdAt), asc(users.id));
}

/** The owner adds a co-op member by the phone or email of their account. */
export async function addCoopMember(actor: Actor, farmId: number, identifierInput: string): Promise<{ userId: number }> {
  const identifier = parseIdentifier(identifierInput);
  if (!identifier) throw new FieldErrors({ identifier: ["errors.identifier.invalid"] });
  return db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "farm.consent", farmId, tx);
    const [person] = await tx
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(identifier.kind === "phone" ? eq(users.phone, identifier.value) : eq(users.email, identifier.value));
    if (!person) throw new FieldErrors({ identifier: ["errors.members.noAccount"] });
    if (person.id === actor.userId) throw new FieldErrors({ identifier: ["errors.members.self"] });
    const [added] = await tx
      .insert(farmMembers)
      .values({ farmId, userId: person.id, role: "coop_member", addedBy: actor.userId })
      .onConflictDoNothing()
      .returning({ userId: farmMembers.userId });
    // Added already (a double tap): nothing new, nothing recorded twice.
    if (added) await audit(tx, actor, { action: "member.add", subject: { type: "farm", id: farmId }, farmId, relation, after: { displayName: person.displayName } });
    return { userId: person.id };
  });
}

/** The owner removes a co-op member; their access ends with the row. */
export async function removeCoopMember(actor: Actor, farmId: number, userId: number): Promise<void> {
  await db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "farm.consent", farmId, tx);
    const [removed] = await tx
      .delete(farmMembers)
      .where(and(eq(farmMembers.farmId, farmId), eq(farmMembers.userId, userId)))
      .returning({ userId: farmMembers.userId });
    if (!removed) throw notFound();
    const [person] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId));
    await audit(tx, actor, { action: "member.remove", subject: { type: "farm", id: farmId }, farmId, relation, before: { displayName: person?.displayName ?? "" } });
  });
}

export type FarmSoldFor = { farmId: number; farmName: string; ownerName: string; communeName: string };

/** The farms a person sells for as a co-op member. */
export function farmsSoldFor(userId: number): Promise<FarmSoldFor[]> {
  return db()
    .select({ farmId: farms.id, farmName: farms.name, ownerName: users.displayName, communeName: communes.name })
    .from(farmMembers)
    .innerJoin(farms, eq(farms.id, farmMembers.farmId))
    .innerJoin(users, eq(users.id, farms.ownerId))
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .where(and(eq(farmMembers.userId, userId), eq(farmMembers.role, "coop_member")))
    .orderBy(asc(farms.name), asc(farms.id));
}
