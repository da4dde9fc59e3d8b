/**
 * The policy applied: load the actor's relation to the subject, ask `can`,
 * and refuse with a DomainError — not_found to a stranger (who learns
 * nothing), forbidden to someone with a part but not this right.
 */
import { db, type Executor } from "../../db/client";
import { DomainError, forbidden, notFound } from "./errors";
import { can, type Actor, type CompanyAction, type CompanyRole, type ConversationAction, type FarmAction, type FarmRelation, type PlatformAction, type ProvinceAction, type TeamAction } from "./policy";
import { companyRole, conversationRelation, farmRelation, holdHelperRight, isAnalystOf, isTeamMember } from "./relations.server";

/** The actor's relation to the farm, when the action is theirs to take; throws otherwise. */
export async function authorizeFarm(
  actor: Actor | null,
  action: FarmAction,
  farmId: number,
  executor: Executor = db(),
): Promise<NonNullable<FarmRelation>> {
  const relation = actor ? await farmRelation(actor.userId, farmId, executor) : null;
  if (!can(actor, action, { kind: "farm", relation })) throw relation ? forbidden("errors.policy.scope") : notFound();
  // A helper's consent held for the rest of the command's transaction (a withdrawal waits, or wins).
  if (relation!.role === "helper" && !(await holdHelperRight(actor!.userId, farmId, executor))) throw notFound();
  return relation!;
}

/** The actor's part in the company, when the action is theirs to take; not_found to a non-member, forbidden to a member without the right. */
export async function authorizeCompany(
  actor: Actor | null,
  action: CompanyAction,
  companyId: number,
  executor: Executor = db(),
): Promise<CompanyRole> {
  const role = actor ? await companyRole(actor.userId, companyId, executor) : null;
  if (!can(actor, action, { kind: "company", role })) throw role ? forbidden("errors.policy.companyRole") : notFound();
  return role!;
}

/**
 * A conversation's side for the actor ("buyer", or "farm" for its farm's people
 * with farm.messages); not_found to anyone else — strangers, other farms' people,
 * helpers without the orders scope, operators — who learn nothing.
 */
export async function authorizeConversation(
  actor: Actor | null,
  action: ConversationAction,
  conversationId: number,
  executor: Executor = db(),
): Promise<{ side: "buyer" | "farm"; farmId: number; relation: FarmRelation }> {
  const standing = actor ? await conversationRelation(actor.userId, conversationId, executor) : null;
  if (!standing || !can(actor, action, { kind: "conversation", isBuyer: standing.isBuyer, farm: standing.farm })) throw notFound();
  if (!standing.isBuyer && standing.farm?.role === "helper" && !(await holdHelperRight(actor!.userId, standing.farmId, executor))) throw notFound();
  return { side: standing.isBuyer ? "buyer" : "farm", farmId: standing.farmId, relation: standing.farm };
}

export function authorizePlatform(actor: Actor | null, action: PlatformAction): void {
  if (!can(actor, action, { kind: "platform" })) throw notFound();
}

export async function authorizeTeam(actor: Actor | null, action: TeamAction, teamId: number, executor: Executor = db()): Promise<void> {
  const member = actor ? await isTeamMember(actor.userId, teamId, executor) : false;
  if (!can(actor, action, { kind: "team", member })) throw notFound();
}

/** A province's figures: the administrator's, or an analyst's of that province; not_found to anyone else (another province's analyst learns nothing). */
export async function authorizeProvince(actor: Actor | null, action: ProvinceAction, provinceCode: string, executor: Executor = db()): Promise<void> {
  const analyst = actor && actor.roles.includes("analyst") ? await isAnalystOf(actor.userId, provinceCode, executor) : false;
  if (!can(actor, action, { kind: "province", analyst })) throw notFound();
}

export { DomainError };

/**
 * Whether the header shows the one "Vận hành" link (policy.ts). Re-exported from here for the
 * root's loader: the build's scan of each page's words follows a route's imports but not into
 * *.server modules, and policy.ts's action names ("insights.view", "farm.workspace") read as
 * words, which put three namespaces whole into every page (decision 048).
 */
export { opensOps } from "./policy";
