/**
 * Every helper and team URL and action (the pages' loaders and actions,
 * called as the server calls them) × the other team's helper, a farmer, a
 * buyer and anonymous: 404 or 403 (anonymous: sent to log in), and nothing
 * in the database changed. The team's own helper and an operator are let
 * through, so that the refusals are not an accident of the requests.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { as, createAccount, createFarmer } from "../factories";
import { onboardHousehold } from "~/models/consent.server";
import { createTeam, inviteHelper, joinTeam } from "~/models/team.server";
import { startSession } from "~/utils/session.server";
import * as opsTeams from "~/routes/ops.teams";
import * as help from "~/routes/help._index";
import * as newHousehold from "~/routes/help.households.new";
import * as householdPage from "~/routes/help.households.$id";
import * as consentForm from "~/routes/help.households.$id_.consent-form";
import * as quickList from "~/routes/help_.list";
import * as inbox from "~/routes/help_.inbox";
import * as card from "~/routes/help_.households.$id.card";
import * as figures from "~/routes/help_.figures";
import { addToCart } from "~/models/cart.server";
import { createListing } from "~/models/listing.server";
import { checkoutCart, listingInput } from "../factories";

type Route = { loader?: (args: never) => unknown; action?: (args: never) => unknown };
type Call = { name: string; route: Route; path: string; params?: Record<string, string>; form?: Record<string, string> };

let farmId = 0;
/** A second household of the team, its consent in force: the helper's workspace acts for it. */
let servedFarmId = 0;
let orderId = 0;
let consentId = 0;
let teamId = 0;
let helperId = 0;
let COMMUNE = "";
const cookies: Record<string, string> = {};

async function cookieOf(userId: number) {
  return (await startSession(userId)).split(";")[0];
}

async function newHelperOf(team: number, operatorId: number) {
  const account = await createAccount(["consumer"]);
  const { token } = await inviteHelper(as({ id: operatorId }, ["operator"]), team);
  await joinTeam(as(account), token);
  return account;
}

beforeAll(async () => {
  const [row] = await db().execute<{ code: string }>(sql`select code from communes where province_code = '33' order by code limit 1`);
  COMMUNE = row.code;
  const operator = await createAccount(["operator"]);
  const op = as(operator, ["operator"]);
  teamId = (await createTeam(op, { name: "Tổ thôn Đông", communeCode: COMMUNE })).id;
  const otherTeam = (await createTeam(op, { name: "Tổ thôn Tây", communeCode: COMMUNE })).id;
  const helper = await newHelperOf(teamId, operator.id);
  helperId = helper.id;
  const otherHelper = await newHelperOf(otherTeam, operator.id);
  const onboarded = await onboardHousehold(as(helper, ["helper"]), teamId, {
    displayName: "Trần Thị Hoa",
    phone: "84981234567",
    communeCode: "",
    village: "Thôn Đông",
    farmName: "Vườn nhà bà Hoa",
    grows: "Rau",
    scopes: ["listings", "orders"],
    method: "code",
  });
  farmId = onboarded.farmId;
  consentId = onboarded.consentId;
  const served = await onboardHousehold(as(helper, ["helper"]), teamId, {
    displayName: "Phạm Văn Lộc",
    phone: "84981234568",
    communeCode: "",
    village: "Thôn Đông",
    farmName: "Vườn nhà ông Lộc",
    grows: "Bí đỏ",
    scopes: ["listings", "orders"],
    method: "code",
  });
  servedFarmId = served.farmId;
  await db().execute(sql`update consents set granted_at = now(), expires_at = now() + interval '365 days' where id = ${served.consentId}`);
  const listing = await createListing(as(helper, ["helper"]), servedFarmId, listingInput({ title: "Bí đỏ hồ lô", stock: "100", minOrderQty: "1" }));
  const farmer = await createFarmer();
  const buyer = await createAccount(["consumer"]);
  await addToCart(buyer.id, listing.id, 2);
  const placed = await checkoutCart(buyer.id);
  if (!placed.ok) throw new Error("the sweep's order was refused");
  orderId = placed.orderIds[0];
  cookies.otherHelper = await cookieOf(otherHelper.id);
  cookies.farmer = await cookieOf(farmer.id);
  cookies.buyer = await cookieOf(buyer.id);
  cookies.household = await cookieOf(onboarded.userId);
  cookies.helper = await cookieOf(helper.id);
  cookies.operator = await cookieOf(operator.id);
});

function calls(): Call[] {
  const id = String(farmId);
  const household = { id };
  const validHousehold = {
    teamId: String(teamId),
    displayName: "Lê Văn Nam",
    phone: "0981234999",
    farmName: "Vườn ông Nam",
    scopes: "listings",
    method: "code",
  };
  return [
    { name: "GET /ops/teams", route: opsTeams, path: "/ops/teams" },
    { name: "POST /ops/teams create", route: opsTeams, path: "/ops/teams", form: { intent: "create", name: "Tổ mới", provinceCode: "33", communeCode: COMMUNE } },
    { name: "POST /ops/teams invite", route: opsTeams, path: "/ops/teams", form: { intent: "invite", teamId: String(teamId) } },
    { name: "POST /ops/teams withdraw", route: opsTeams, path: "/ops/teams", form: { intent: "withdraw", consentId: String(consentId), confirm: "1" } },
    { name: "POST /ops/teams remove", route: opsTeams, path: "/ops/teams", form: { intent: "remove", teamId: String(teamId), userId: String(helperId) } },
    { name: "GET /help", route: help, path: "/help" },
    { name: "POST /help act", route: help, path: "/help", form: { intent: "act", farmId: id } },
    { name: "GET /help/households/new", route: newHousehold, path: "/help/households/new" },
    { name: "POST /help/households/new", route: newHousehold, path: "/help/households/new", form: validHousehold },
    { name: "GET /help/households/:id", route: householdPage, path: `/help/households/${id}`, params: household },
    { name: "POST send-code", route: householdPage, path: `/help/households/${id}`, params: household, form: { intent: "send-code", consentId: String(consentId) } },
    { name: "POST confirm-code", route: householdPage, path: `/help/households/${id}`, params: household, form: { intent: "confirm-code", consentId: String(consentId), code: "123456" } },
    { name: "POST paper", route: householdPage, path: `/help/households/${id}`, params: household, form: { intent: "paper", consentId: String(consentId) } },
    { name: "GET consent form", route: consentForm, path: `/help/households/${id}/consent-form`, params: household },
    // The helper's workspace (decision 028), for the household whose consent is in force.
    { name: "GET /help/list", route: quickList, path: "/help/list" },
    {
      name: "POST /help/list",
      route: quickList,
      path: "/help/list",
      form: { farmId: String(servedFarmId), categorySlug: "rau-qua", title: "", stock: "10", unit: "kg", priceVnd: "25000", availableFrom: "2026-01-01", createKey: "8d1c7c2e-4b7a-4f3e-9c55-2f1d0b6a9e11", intent: "publish" },
    },
    { name: "GET /help/inbox", route: inbox, path: "/help/inbox" },
    { name: "POST /help/inbox accept", route: inbox, path: "/help/inbox", form: { orderId: String(orderId), action: "accept" } },
    { name: "POST /help/inbox decline", route: inbox, path: "/help/inbox", form: { orderId: String(orderId), action: "decline", confirm: "1" } },
    { name: "GET household card", route: card, path: `/help/households/${servedFarmId}/card`, params: { id: String(servedFarmId) } },
    { name: "GET /help/figures", route: figures, path: "/help/figures" },
  ];
}

/** The status the server answers with: a thrown or returned Response's, else 200 (data for the page). */
async function statusOf(call: Call, cookie: string | null): Promise<{ status: number; location: string | null }> {
  const headers = new Headers(cookie ? { cookie } : {});
  let request: Request;
  if (call.form) {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    request = new Request(`http://x${call.path}`, { method: "POST", headers, body: new URLSearchParams(call.form) });
  } else {
    request = new Request(`http://x${call.path}`, { headers });
  }
  const fn = (call.form ? call.route.action : call.route.loader) as (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
  try {
    const result = await fn({ request, params: call.params ?? {}, context: {} });
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    return { status: 200, location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

/** What the commands could change: compared before and after the sweep. */
async function snapshot() {
  const [row] = await db().execute(sql`
    select
      (select count(*) from teams)::int teams,
      (select count(*) from team_members where removed_at is null)::int members,
      (select count(*) from team_invites)::int invites,
      (select count(*) from consents where granted_at is not null or withdrawn_at is not null)::int decided,
      (select count(*) from users)::int users,
      (select count(*) from farms)::int farms,
      (select count(*) from photos)::int photos,
      (select count(*) from one_time_codes)::int codes,
      (select count(*) from audit_events)::int events,
      (select count(*) from listings)::int listings,
      (select array_agg(status::text order by id) from orders) orders,
      (select count(*) from sessions where acting_farm_id is not null)::int acting`);
  return row;
}

describe("helper and team pages refuse everyone else", () => {
  it.each(["otherHelper", "farmer", "buyer", "household", "anonymous"])("%s: 404/403 (anonymous: log in) on every URL and action, nothing changed", async (who) => {
    const before = await snapshot();
    const cookie = who === "anonymous" ? null : cookies[who];
    for (const call of calls()) {
      // The other team's helper has a /help, a quick form, an inbox and figures of their own (their team's
      // households), and may onboard into their own team.
      const theirOwn = ["GET /help", "GET /help/households/new", "GET /help/list", "GET /help/inbox", "GET /help/figures"];
      if (who === "otherHelper" && theirOwn.includes(call.name)) continue;
      const { status, location } = await statusOf(call, cookie);
      // Posting the quick form for a household not theirs: refused beside the household field (the form
      // keeps what was typed); nothing is written (the snapshot below).
      if (who === "otherHelper" && call.name === "POST /help/list" && status === 200) continue;
      if (who === "anonymous") {
        expect(status, call.name).toBe(302);
        expect(location, call.name).toMatch(/^\/login\?redirectTo=/);
      } else {
        expect([403, 404], `${who}: ${call.name} answered ${status}`).toContain(status);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("the team's own helper and an operator are let through", async () => {
    expect((await statusOf({ name: "", route: help, path: "/help" }, cookies.helper)).status).toBe(200);
    expect((await statusOf({ name: "", route: householdPage, path: `/help/households/${farmId}`, params: { id: String(farmId) } }, cookies.helper)).status).toBe(200);
    expect((await statusOf({ name: "", route: consentForm, path: `/help/households/${farmId}/consent-form`, params: { id: String(farmId) } }, cookies.helper)).status).toBe(200);
    expect((await statusOf({ name: "", route: opsTeams, path: "/ops/teams" }, cookies.operator)).status).toBe(200);
    for (const route of [quickList, inbox, figures]) expect((await statusOf({ name: "", route, path: "/help/x" }, cookies.helper)).status).toBe(200);
    expect((await statusOf({ name: "", route: card, path: `/help/households/${servedFarmId}/card`, params: { id: String(servedFarmId) } }, cookies.helper)).status).toBe(200);
    expect((await statusOf({ name: "", route: figures, path: "/help/figures" }, cookies.operator)).status).toBe(200);
    // Pending consent: the helper is told why, beside the household, and does not act.
    const act = await statusOf({ name: "", route: help, path: "/help", form: { intent: "act", farmId: String(farmId) } }, cookies.helper);
    expect(act.status).toBe(200);
    const [acting] = await db().execute<{ n: number }>(sql`select count(*)::int n from sessions where acting_farm_id is not null`);
    expect(acting.n).toBe(0);
  });
});
