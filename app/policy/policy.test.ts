/**
 * The policy as a table: every action × relationship is a row, written out
 * here by hand (not derived from the rules), so that a change to who may do
 * what fails a row and has to be made on purpose.
 */
import { describe, expect, it } from "vitest";
import type { Role } from "~/validation/auth";
import { can, COMPANY_ACTIONS, opensOps, FARM_ACTIONS, PLATFORM_ACTIONS, type Actor, type CompanyAction, type CompanyRole, type FarmAction, type FarmRelation, type PlatformAction } from "./policy";

const person = (roles: Role[] = []): Actor => ({ userId: 1, roles, actingForFarmId: null });

const RELATIONS: Record<string, FarmRelation> = {
  owner: { role: "owner", scopes: ["listings", "orders"] },
  coop: { role: "coop_member", scopes: ["listings", "orders"] },
  "helper(listings)": { role: "helper", scopes: ["listings"] },
  "helper(orders)": { role: "helper", scopes: ["orders"] },
  "helper(both)": { role: "helper", scopes: ["listings", "orders"] },
  none: null,
};

// ✓ may, · may not. Columns in the order of RELATIONS.
const FARM_TABLE: Record<FarmAction, string> = {
  //                 owner coop h(l) h(o) h(b) none
  "farm.workspace": "✓     ✓    ✓    ✓    ✓    ·",
  "farm.edit":      "✓     ✓    ·    ·    ·    ·",
  "farm.payouts":   "✓     ·    ·    ·    ·    ·",
  "farm.consent":   "✓     ·    ·    ·    ·    ·",
  "farm.actFor":    "·     ✓    ✓    ✓    ✓    ·",
  "listing.manage": "✓     ✓    ✓    ·    ✓    ·",
  "order.sell":     "✓     ✓    ·    ✓    ✓    ·",
  "quote.answer":   "✓     ✓    ·    ✓    ✓    ·",
  "farm.verify":    "✓     ✓    ✓    ·    ✓    ·",
  "review.reply":   "✓     ✓    ·    ✓    ✓    ·",
  "farm.messages":  "✓     ✓    ·    ✓    ✓    ·",
  "lot.manage":     "✓     ✓    ✓    ·    ✓    ·",
  "invoice.correct":"✓     ✓    ·    ·    ·    ·",
  "farm.integrations":"✓   ✓    ·    ·    ·    ·",
};

describe("the policy table", () => {
  it("names every farm action", () => {
    expect(Object.keys(FARM_TABLE).sort()).toEqual([...FARM_ACTIONS].sort());
  });

  const relationNames = Object.keys(RELATIONS);
  for (const action of FARM_ACTIONS) {
    const cells = FARM_TABLE[action].split(/\s+/);
    relationNames.forEach((name, i) => {
      const expected = cells[i] === "✓";
      it(`${action} × ${name} → ${expected ? "allowed" : "refused"}`, () => {
        // The same for every account role: a farm's rights come from the relation, never from a role.
        for (const roles of [[], ["farmer"], ["helper"], ["operator"], ["business", "consumer"]] as Role[][]) {
          expect(can(person(roles), action, { kind: "farm", relation: RELATIONS[name] })).toBe(expected);
        }
      });
    });
  }

  // Platform actions × the platform's roles (issue 13). Columns: operator (the administrator),
  // moderator, analyst, and any other account (farmer, helper, business, consumer, none).
  const PLATFORM_TABLE: Record<PlatformAction, string> = {
    //                 oper  mod  anal other
    "ops.workspace":  "✓    ✓    ·    ·",
    "ops.payments":   "✓    ·    ·    ·",
    "ops.payouts":    "✓    ·    ·    ·",
    "ops.teams":      "✓    ·    ·    ·",
    "ops.consent":    "✓    ·    ·    ·",
    "ops.companies":  "✓    ·    ·    ·",
    "ops.verify":     "✓    ✓    ·    ·",
    "ops.moderate":   "✓    ✓    ·    ·",
    "ops.accounts":   "✓    ✓    ·    ·",
    "ops.insights":   "✓    ·    ·    ·",
  };
  it("names every platform action", () => {
    expect(Object.keys(PLATFORM_TABLE).sort()).toEqual([...PLATFORM_ACTIONS].sort());
  });
  const platformColumns: Role[][][] = [[["operator"]], [["moderator"]], [["analyst"]], [[], ["farmer"], ["helper"], ["business"], ["consumer", "farmer"]]];
  for (const action of PLATFORM_ACTIONS) {
    const cells = PLATFORM_TABLE[action].split(/\s+/);
    platformColumns.forEach((column, i) => {
      for (const roles of column) {
        it(`${action} × roles [${roles.join(",")}] → ${cells[i] === "✓" ? "allowed" : "refused"}`, () => {
          expect(can(person(roles), action, { kind: "platform" })).toBe(cells[i] === "✓");
          // A farmer who is also a moderator has the moderator's rights, no more.
          expect(can(person([...roles, "farmer"]), action, { kind: "platform" })).toBe(cells[i] === "✓");
        });
      }
    });
  }

  // A province's figures × (the administrator, an analyst of it, an analyst of another, a moderator, anyone).
  const PROVINCE_TABLE: [string, Role[], boolean, boolean][] = [
    // name                          roles          analyst of it   insights.view
    ["operator", ["operator"], false, true],
    ["analyst of the province", ["analyst"], true, true],
    ["analyst of another province", ["analyst"], false, false],
    ["moderator", ["moderator"], false, false],
    ["a province row without the analyst role", ["farmer"], true, false],
    ["anyone", ["consumer"], false, false],
  ];
  for (const [name, roles, analyst, expected] of PROVINCE_TABLE) {
    it(`insights.view × ${name} → ${expected ? "allowed" : "refused"}`, () => {
      expect(can(person(roles), "insights.view", { kind: "province", analyst })).toBe(expected);
      expect(can(person(roles), "ops.insights", { kind: "province", analyst })).toBe(false);
    });
  }

  it("ops.companies: operators only, and no company role reaches it", () => {
    expect(can(person(["operator"]), "ops.companies", { kind: "platform" })).toBe(true);
    expect(can(person(["business"]), "ops.companies", { kind: "platform" })).toBe(false);
    expect(can(person([]), "ops.companies", { kind: "platform" })).toBe(false);
    expect(can(person(["business"]), "ops.companies", { kind: "company", role: "owner" })).toBe(false);
    expect(can(person(["operator"]), "ops.companies", { kind: "company", role: null })).toBe(false);
  });

  it("team.work: members only, whatever their roles", () => {
    expect(can(person(["helper"]), "team.work", { kind: "team", member: true })).toBe(true);
    expect(can(person([]), "team.work", { kind: "team", member: true })).toBe(true);
    expect(can(person(["helper"]), "team.work", { kind: "team", member: false })).toBe(false);
    expect(can(person(["operator"]), "team.work", { kind: "team", member: false })).toBe(false);
  });

  // order.view and order.buy × (buyer, each farm relation, operator, stranger).
  const ORDER_TABLE: [string, { isBuyer: boolean; farm: FarmRelation; roles: Role[]; company?: CompanyRole | null }, string, string, string][] = [
    //                                                                      view buy  review
    ["buyer", { isBuyer: true, farm: null, roles: ["consumer"] }, "✓", "✓", "✓"],
    ["owner", { isBuyer: false, farm: RELATIONS.owner, roles: ["farmer"] }, "✓", "·", "·"],
    ["coop member", { isBuyer: false, farm: RELATIONS.coop, roles: [] }, "✓", "·", "·"],
    ["helper(orders)", { isBuyer: false, farm: RELATIONS["helper(orders)"], roles: ["helper"] }, "✓", "·", "·"],
    ["helper(listings)", { isBuyer: false, farm: RELATIONS["helper(listings)"], roles: ["helper"] }, "·", "·", "·"],
    ["operator", { isBuyer: false, farm: null, roles: ["operator"] }, "✓", "·", "·"],
    ["stranger", { isBuyer: false, farm: null, roles: ["farmer", "business"] }, "·", "·", "·"],
    // An order placed for a company (issue 12), seen by another of its members.
    ["company owner", { isBuyer: false, farm: null, roles: ["business"], company: "owner" }, "✓", "✓", "·"],
    ["company buyer", { isBuyer: false, farm: null, roles: ["business"], company: "buyer" }, "✓", "✓", "·"],
    ["company approver", { isBuyer: false, farm: null, roles: ["business"], company: "approver" }, "✓", "·", "·"],
    ["not of the company", { isBuyer: false, farm: null, roles: ["business"], company: null }, "·", "·", "·"],
  ];
  for (const [name, s, view, buy, review] of ORDER_TABLE) {
    it(`order.view × ${name} → ${view}; order.buy → ${buy}; order.review → ${review}`, () => {
      const subject = { kind: "order" as const, isBuyer: s.isBuyer, farm: s.farm, company: s.company };
      expect(can(person(s.roles), "order.view", subject)).toBe(view === "✓");
      expect(can(person(s.roles), "order.buy", subject)).toBe(buy === "✓");
      // Only the person who bought reviews: not the company's other members, not the farm, not an operator.
      expect(can(person(s.roles), "order.review", subject)).toBe(review === "✓");
    });
  }

  // A buyer–farm conversation (issue 14): its buyer, or the farm's people who may answer buyers.
  const CONVERSATION_TABLE: [string, { isBuyer: boolean; farm: FarmRelation; roles: Role[] }, string][] = [
    ["its buyer", { isBuyer: true, farm: null, roles: ["consumer"] }, "✓"],
    ["owner", { isBuyer: false, farm: RELATIONS.owner, roles: ["farmer"] }, "✓"],
    ["coop member", { isBuyer: false, farm: RELATIONS.coop, roles: [] }, "✓"],
    ["helper(orders)", { isBuyer: false, farm: RELATIONS["helper(orders)"], roles: ["helper"] }, "✓"],
    ["helper(listings)", { isBuyer: false, farm: RELATIONS["helper(listings)"], roles: ["helper"] }, "·"],
    ["operator", { isBuyer: false, farm: null, roles: ["operator"] }, "·"],
    ["moderator", { isBuyer: false, farm: null, roles: ["moderator"] }, "·"],
    ["stranger", { isBuyer: false, farm: null, roles: ["consumer", "farmer"] }, "·"],
  ];
  for (const [name, s, allowed] of CONVERSATION_TABLE) {
    it(`conversation.take_part × ${name} → ${allowed}`, () => {
      expect(can(person(s.roles), "conversation.take_part", { kind: "conversation", isBuyer: s.isBuyer, farm: s.farm })).toBe(allowed === "✓");
      expect(can(person(s.roles), "order.view", { kind: "conversation", isBuyer: s.isBuyer, farm: s.farm })).toBe(false);
    });
  }

  // Company actions × the person's part in the company. Columns: owner, buyer, approver, none.
  const COMPANY_TABLE: Record<CompanyAction, string> = {
    //                  own  buy  appr none
    "company.view":    "✓    ✓    ✓    ·",
    "company.manage":  "✓    ·    ·    ·",
    "company.buy":     "✓    ✓    ·    ·",
    "company.approve": "✓    ·    ✓    ·",
    "company.integrations": "✓ · · ·",
  };
  it("names every company action", () => {
    expect(Object.keys(COMPANY_TABLE).sort()).toEqual([...COMPANY_ACTIONS].sort());
  });
  const companyRoles: (CompanyRole | null)[] = ["owner", "buyer", "approver", null];
  for (const action of COMPANY_ACTIONS) {
    const cells = COMPANY_TABLE[action].split(/\s+/);
    companyRoles.forEach((role, i) => {
      it(`${action} × ${role ?? "none"} → ${cells[i] === "✓" ? "allowed" : "refused"}`, () => {
        // An operator is no member: the company's rights come from membership alone.
        for (const roles of [[], ["business"], ["operator"]] as Role[][]) {
          expect(can(person(roles), action, { kind: "company", role })).toBe(cells[i] === "✓");
        }
      });
    });
  }

  it("refuses everything to no one, and actions asked of the wrong kind of subject", () => {
    expect(can(null, "farm.workspace", { kind: "farm", relation: RELATIONS.owner })).toBe(false);
    expect(can(null, "ops.payments", { kind: "platform" })).toBe(false);
    expect(can(person(["operator"]), "listing.manage", { kind: "platform" })).toBe(false);
    expect(can(person(["operator"]), "ops.payments", { kind: "farm", relation: RELATIONS.owner })).toBe(false);
    expect(can(person(), "order.sell", { kind: "order", isBuyer: true, farm: RELATIONS.owner })).toBe(false);
    expect(can(person(), "company.buy", { kind: "farm", relation: RELATIONS.owner })).toBe(false);
    expect(can(person(["operator"]), "ops.payments", { kind: "company", role: "owner" })).toBe(false);
  });

  it("links the platform's people to /ops: administrators, moderators and province analysts; no one else", () => {
    const roles: Role[][] = [["operator"], ["moderator"], ["analyst"], ["consumer"], ["farmer"], ["business"], ["helper"], []];
    expect(roles.map((r) => [r.join(), opensOps(person(r))])).toEqual([
      ["operator", true],
      ["moderator", true],
      ["analyst", true],
      ["consumer", false],
      ["farmer", false],
      ["business", false],
      ["helper", false],
      ["", false],
    ]);
    expect(opensOps(null)).toBe(false);
  });
});
