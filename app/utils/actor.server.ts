/**
 * Pages' side of the policy: who acts (the session's person, their roles
 * and the household they act for) and, for the seller pages, which farm
 * the page is about. The commands check the policy again; a page checks it
 * to show only what may be done.
 */
import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { farms } from "../../db/schema";
import { DomainError } from "~/policy/errors";
import { can, type Actor, type FarmAction, type FarmRelation, type PlatformAction } from "~/policy/policy";
import { farmRelation, ownedFarmId } from "~/policy/relations.server";
import { requireUser, setActingFarm, type SessionUser } from "./session.server";
import { parseId } from "~/validation/ids";

export function actorOf(user: SessionUser, actingForFarmId: number | null = null): Actor {
  return { userId: user.id, roles: user.roles, actingForFarmId };
}

/** A refusal page: the status and the message the error page shows. */
export function refusal(error: DomainError): Response {
  return Response.json({ message: error.code }, { status: error.status });
}

export type SellerFarm = { id: number; name: string; slug: string; verification: string };

export type Seller = {
  user: SessionUser;
  actor: Actor;
  /** The farm the seller pages are about: the household acted for, or the person's own. */
  farm: SellerFarm | null;
  relation: NonNullable<FarmRelation> | null;
  /** Set when acting for a household: the banner "Đang thao tác cho: …" names it. */
  actingFor: SellerFarm | null;
};

async function farmById(id: number): Promise<SellerFarm | null> {
  const [row] = await db()
    .select({ id: farms.id, name: farms.name, slug: farms.slug, verification: farms.verification })
    .from(farms)
    .where(eq(farms.id, id));
  return row ?? null;
}

/**
 * The seller pages' person and farm, when `action` is theirs to take on it.
 * Acting for a household whose consent ended (withdrawn, expired, the
 * helper left the team) ends the acting at once and refuses with why.
 * Someone who is neither acting nor a farmer is refused (403); a farmer
 * without a farm yet gets `farm: null` (the page offers to make one).
 */
export async function requireSeller(request: Request, action: FarmAction = "farm.workspace"): Promise<Seller> {
  const user = await requireUser(request);
  if (user.actingFarmId !== null) {
    const relation = await farmRelation(user.id, user.actingFarmId);
    if (!relation || relation.role === "owner") {
      await setActingFarm(request, null);
      throw refusal(new DomainError("forbidden", "errors.policy.actingEnded"));
    }
    const farm = await farmById(user.actingFarmId);
    const actor = actorOf(user, user.actingFarmId);
    if (!farm || !can(actor, action, { kind: "farm", relation })) throw refusal(new DomainError("forbidden", "errors.policy.scope"));
    return { user, actor, farm, relation, actingFor: farm };
  }
  const actor = actorOf(user);
  const farmId = await ownedFarmId(user.id);
  if (farmId === null) {
    if (!user.roles.includes("farmer")) throw refusal(new DomainError("forbidden", "errors.page.forbidden"));
    return { user, actor, farm: null, relation: null, actingFor: null };
  }
  const relation = { role: "owner" as const, scopes: ["listings", "orders"] as const };
  if (!can(actor, action, { kind: "farm", relation })) throw refusal(new DomainError("forbidden", "errors.policy.scope"));
  return { user, actor, farm: await farmById(farmId), relation, actingFor: null };
}

/** The signed-in person as an actor (acting for a household is the seller pages' matter: requireSeller). */
export async function requireActor(request: Request): Promise<{ user: SessionUser; actor: Actor }> {
  const user = await requireUser(request);
  return { user, actor: actorOf(user) };
}

/** requireSeller for pages that need the farm: a farmer without one is sent to make it. */
export async function requireSellerFarm(
  request: Request,
  action: FarmAction = "farm.workspace",
): Promise<Seller & { farm: SellerFarm; relation: NonNullable<FarmRelation> }> {
  const seller = await requireSeller(request, action);
  if (!seller.farm || !seller.relation) throw redirect("/sell/farm");
  return { ...seller, farm: seller.farm, relation: seller.relation };
}

/** An operator page: the person, when the platform action is theirs (policy); others are "not found". */
export async function requireOperator(request: Request, action: PlatformAction): Promise<{ user: SessionUser; actor: Actor }> {
  const user = await requireUser(request);
  const actor = actorOf(user);
  if (!can(actor, action, { kind: "platform" })) throw new Response("Not found", { status: 404 });
  return { user, actor };
}

/**
 * A command's refusal a form can show (invalid input, a conflict): its
 * form and field errors. Any other DomainError becomes the 404/403 page;
 * anything else is thrown on. For an action's `catch`.
 */
export function formRefusal(error: unknown): { formErrors: string[]; fieldErrors: Record<string, string[]> } {
  if (error instanceof DomainError && (error.kind === "invalid" || error.kind === "conflict")) return error.toFormErrors();
  if (error instanceof DomainError) throw refusal(error);
  throw error;
}

/**
 * A command's refusal as the page's answer: a DomainError thrown by a
 * command (the policy said no, the subject is gone) becomes the 404/403
 * page with its message — never a 500. Routes wrap the commands they call.
 */
export async function refusing<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error);
    throw error;
  }
}

/** A route's id parameter (decimal digits only, app/validation/ids.ts), or the 404 page: a malformed id is an id that does not exist. */
export function idParam(value: string | undefined): number {
  const id = parseId(value ?? null);
  if (id === null) throw new Response("Not found", { status: 404 });
  return id;
}

