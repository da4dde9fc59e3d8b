/**
 * Who may do what: one table, decided here and nowhere else (decision 024).
 * Pure and browser-safe: the relation of the actor to the subject is loaded
 * by relations.server.ts, and every command and page asks `can`.
 *
 * A person relates to a farm in one of three ways:
 * - owner: the household (or business) whose farm it is (farms.owner_id);
 * - co-op member: someone of a co-operative selling for a member household
 *   (farm_members);
 * - helper: someone of a community team the household consented to, only
 *   within the consent's scope and only while it runs (consents).
 * Money (payouts), the farm's people and consent, and the login (password,
 * phone) stay the owner's: no scope reaches them.
 */
import type { Role } from "~/validation/auth";

export type FarmRole = "owner" | "coop_member" | "helper";
export type ConsentScope = "listings" | "orders";
export const CONSENT_SCOPES = ["listings", "orders"] as const satisfies readonly ConsentScope[];

/** How the actor stands to a farm; null when not at all. */
export type FarmRelation = { role: FarmRole; scopes: readonly ConsentScope[] } | null;

/**
 * Who acts: the person signed in, their roles (read from the database on
 * each request), and the farm they act for when they act for a household
 * ("Đang thao tác cho: Hộ …"). The system (jobs, webhooks) is not an Actor:
 * its commands take `null`.
 */
export type Actor = { userId: number; roles: readonly Role[]; actingForFarmId: number | null };

/** Actions on a farm and what belongs to it (its listings, its side of orders). */
export const FARM_ACTIONS = [
  "farm.workspace", // the seller pages: dashboard, the farm's activity
  "farm.edit", // the farm's profile
  "farm.payouts", // the ledger and payouts (money)
  "farm.consent", // see and withdraw consents, the farm's people
  "farm.actFor", // switch to acting for this household
  "listing.manage", // create, edit, pause, resume, delete listings
  "order.sell", // the farm's orders: see them, accept, decline, pack, ship, deliver
  "quote.answer", // answer companies' requests for quotation: quote, revise, withdraw, the thread (decision 030)
  "farm.verify", // submit the farm's papers for verification, see their review (decision 036)
  "review.reply", // answer a buyer's review of the farm, once (issue 14)
  "farm.messages", // the farm's conversations with buyers: read, answer (issue 14)
  "lot.manage", // record lots, their inputs and harvest; print their labels (issue 14)
  "invoice.correct", // issue a credit note against an issued invoice (issue 15): money, so no helper
  "farm.integrations", // the farm's API tokens and webhook endpoints (issue 15): credentials, so no helper
] as const;
export type FarmAction = (typeof FARM_ACTIONS)[number];

/** Actions of the platform's people, on no farm in particular. */
export const PLATFORM_ACTIONS = [
  "ops.workspace", // the /ops workspace and its counts of what waits
  "ops.payments", // record bank transfers, refunds, payment issues
  "ops.payouts", // record payouts to farms
  "ops.teams", // create teams, invite helpers
  "ops.consent", // withdraw any household's consent
  "ops.companies", // verify companies, grant, change and revoke net terms (decision 031)
  "ops.verify", // work the farm verification queue: approve, reject with a reason
  "ops.moderate", // work reports; hide a listing with a reason, show it again
  "ops.accounts", // suspend an account and restore it
  "ops.insights", // the adoption figures of every province (an analyst sees their own: "insights.view")
] as const;
export type PlatformAction = (typeof PLATFORM_ACTIONS)[number];

/** The platform's people (issue 13): the administrator ("operator"), moderators, province analysts. */
export type PlatformRole = Extract<Role, "operator" | "moderator" | "analyst">;

/** Which of the platform's roles may take each platform action. Every cell is a row of policy.test.ts. */
const PLATFORM_RULES: Record<PlatformAction, readonly PlatformRole[]> = {
  "ops.workspace": ["operator", "moderator"],
  "ops.payments": ["operator"],
  "ops.payouts": ["operator"],
  "ops.teams": ["operator"],
  "ops.consent": ["operator"],
  "ops.companies": ["operator"],
  "ops.verify": ["operator", "moderator"],
  "ops.moderate": ["operator", "moderator"],
  "ops.accounts": ["operator", "moderator"],
  "ops.insights": ["operator"],
};

/** Actions on one province's figures: the administrator sees every province, an analyst their own. */
export const PROVINCE_ACTIONS = [
  "insights.view", // the province's adoption dashboard, its communes, its CSV
] as const;
export type ProvinceAction = (typeof PROVINCE_ACTIONS)[number];

export const TEAM_ACTIONS = [
  "team.work", // see the team's households and requests, onboard a household
] as const;
export type TeamAction = (typeof TEAM_ACTIONS)[number];

/** A person's part in a company (issue 12): company_members.role. */
export type CompanyRole = "owner" | "buyer" | "approver";

export const COMPANY_ACTIONS = [
  "company.view", // the company's page, its orders and requests
  "company.manage", // its details, members, invitations, approval threshold
  "company.buy", // order and request quotations for the company, accept quotes
  "company.approve", // approve an order above the threshold
  "company.integrations", // the company's API tokens and webhook endpoints (issue 15)
] as const;
export type CompanyAction = (typeof COMPANY_ACTIONS)[number];

const COMPANY_RULES: Record<CompanyAction, (role: CompanyRole) => boolean> = {
  "company.view": () => true,
  "company.manage": (r) => r === "owner",
  "company.buy": (r) => r === "owner" || r === "buyer",
  "company.approve": (r) => r === "owner" || r === "approver",
  "company.integrations": (r) => r === "owner",
};

export const ORDER_ACTIONS = [
  "order.view", // the order page
  "order.buy", // the buyer's moves: cancel, confirm received, pay
  "order.review", // review the farm and listings of a completed order: the person who bought, no one else (issue 14)
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** A conversation between a buyer and a farm (issue 14): the buyer's side, or the farm's people with farm.messages. */
export const CONVERSATION_ACTIONS = [
  "conversation.take_part", // read the conversation and write in it
] as const;
export type ConversationAction = (typeof CONVERSATION_ACTIONS)[number];

export type Action = FarmAction | PlatformAction | TeamAction | OrderAction | CompanyAction | ProvinceAction | ConversationAction;

export type Subject =
  | { kind: "farm"; relation: FarmRelation }
  | { kind: "platform" }
  | { kind: "team"; member: boolean }
  /** `company`: the person's part in the company the order was placed for (issue 12), if any. */
  | { kind: "order"; isBuyer: boolean; farm: FarmRelation; company?: CompanyRole | null }
  | { kind: "company"; role: CompanyRole | null }
  /** `isBuyer`: the actor is the conversation's buyer; `farm`: how the actor stands to its farm. */
  | { kind: "conversation"; isBuyer: boolean; farm: FarmRelation }
  /** `analyst`: the province is one of the actor's (analyst_provinces), loaded by relations.server.ts. */
  | { kind: "province"; analyst: boolean };

const isOperator = (actor: Actor) => actor.roles.includes("operator");

/** The farm rules: per action, which relations may. Every cell is a row of app/policy/policy.test.ts. */
const FARM_RULES: Record<FarmAction, (relation: NonNullable<FarmRelation>) => boolean> = {
  "farm.workspace": () => true,
  "farm.edit": (r) => r.role !== "helper",
  "farm.payouts": (r) => r.role === "owner",
  "farm.consent": (r) => r.role === "owner",
  "farm.actFor": (r) => r.role !== "owner",
  "listing.manage": (r) => r.role !== "helper" || r.scopes.includes("listings"),
  "order.sell": (r) => r.role !== "helper" || r.scopes.includes("orders"),
  "quote.answer": (r) => r.role !== "helper" || r.scopes.includes("orders"),
  "farm.verify": (r) => r.role !== "helper" || r.scopes.includes("listings"),
  "review.reply": (r) => r.role !== "helper" || r.scopes.includes("orders"),
  "farm.messages": (r) => r.role !== "helper" || r.scopes.includes("orders"),
  "lot.manage": (r) => r.role !== "helper" || r.scopes.includes("listings"),
  "invoice.correct": (r) => r.role !== "helper",
  "farm.integrations": (r) => r.role !== "helper",
};

function isFarmAction(action: Action): action is FarmAction {
  return (FARM_ACTIONS as readonly string[]).includes(action);
}

/** Whether the actor may take the action on the subject. Everything not allowed here is refused. */
export function can(actor: Actor | null, action: Action, subject: Subject): boolean {
  if (!actor) return false;
  switch (subject.kind) {
    case "farm":
      return isFarmAction(action) && subject.relation !== null && FARM_RULES[action](subject.relation);
    case "platform":
      return (PLATFORM_ACTIONS as readonly string[]).includes(action) && PLATFORM_RULES[action as PlatformAction].some((role) => actor.roles.includes(role));
    case "province":
      return action === "insights.view" && (isOperator(actor) || (actor.roles.includes("analyst") && subject.analyst));
    case "team":
      return action === "team.work" && subject.member;
    case "company":
      return (COMPANY_ACTIONS as readonly string[]).includes(action) && subject.role !== null && COMPANY_RULES[action as CompanyAction](subject.role);
    case "order":
      // A company's order: its buyers may make the buyer's moves, all its members may see it.
      if (action === "order.buy") return subject.isBuyer || (subject.company != null && COMPANY_RULES["company.buy"](subject.company));
      if (action === "order.review") return subject.isBuyer;
      if (action === "order.view") {
        return subject.isBuyer || subject.company != null || (subject.farm !== null && FARM_RULES["order.sell"](subject.farm)) || isOperator(actor);
      }
      return false;
    case "conversation":
      return action === "conversation.take_part" && (subject.isBuyer || (subject.farm !== null && FARM_RULES["farm.messages"](subject.farm)));
  }
}

/**
 * Whether the header links the person to /ops: those who may open the workspace or every
 * province's figures, and a province's analyst (insights.view of their own provinces, which
 * needs no data here: /ops sends them on to /ops/insights, and that to their province).
 */
export function opensOps(actor: Actor | null): boolean {
  if (!actor) return false;
  return (["ops.workspace", "ops.insights"] as const).some((action) => can(actor, action, { kind: "platform" })) || actor.roles.includes("analyst");
}
