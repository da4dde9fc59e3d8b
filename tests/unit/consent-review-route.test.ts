/**
 * The reviewer's findings on teams and consent, through the pages' loaders
 * and actions as the server calls them, on real PostgreSQL.
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { consents } from "../../db/schema";
import { as, createAccount } from "../factories";
import { onboardHousehold, withdrawConsent } from "~/models/consent.server";
import { createTeam, inviteHelper, joinTeam } from "~/models/team.server";
import { startSession } from "~/utils/session.server";
import * as householdPage from "~/routes/help.households.$id";
import * as consentForm from "~/routes/help.households.$id_.consent-form";

type Route = { loader?: (args: never) => unknown; action?: (args: never) => unknown };

let COMMUNE = "";
let counter = 0;
const phone = () => `8498${String(process.pid % 1000).padStart(3, "0")}${String(++counter).padStart(4, "0")}`;

beforeAll(async () => {
  const [row] = await db().execute<{ code: string }>(sql`select code from communes where province_code = '33' order by code limit 1`);
  COMMUNE = row.code;
});

async function cookieOf(userId: number) {
  return (await startSession(userId)).split(";")[0];
}

async function teamWithHelper() {
  const operatorAccount = await createAccount(["operator"]);
  const operator = as(operatorAccount, ["operator"]);
  const team = await createTeam(operator, { name: `Tổ ${++counter}`, communeCode: COMMUNE });
  const helperAccount = await createAccount(["consumer"]);
  const { token } = await inviteHelper(operator, team.id);
  await joinTeam(as(helperAccount), token);
  return { operator, operatorAccount, team, helper: as(helperAccount, ["consumer", "helper"]) };
}

async function onboard(helper: ReturnType<typeof as>, teamId: number, farmName = "Vườn nhà bà Hoa") {
  return onboardHousehold(helper, teamId, {
    displayName: "Trần Thị Hoa",
    phone: phone(),
    communeCode: "",
    village: "Thôn Đông",
    farmName,
    grows: "Rau",
    scopes: ["listings", "orders"],
    method: "code",
  });
}

/** The loader's or action's answer: a Response's status (and JSON when it is data), else 200 and the data. */
async function call(route: Route, path: string, cookie: string | null, params: Record<string, string>, form?: Record<string, string> | FormData) {
  const headers = new Headers(cookie ? { cookie } : {});
  let request: Request;
  if (form instanceof FormData) request = new Request(`http://x${path}`, { method: "POST", headers, body: form });
  else if (form) {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    request = new Request(`http://x${path}`, { method: "POST", headers, body: new URLSearchParams(form) });
  } else request = new Request(`http://x${path}`, { headers });
  const fn = (form ? route.action : route.loader) as (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
  try {
    const result = await fn({ request, params, context: {} });
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), data: null };
    return { status: 200, location: null, data: result as Record<string, unknown> };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location"), data: null };
    throw thrown;
  }
}

describe("a withdrawn consent", () => {
  it("shows the team only the household's name and that it was withdrawn: no phone, no history, no printable form", async () => {
    const { team, helper, operator } = await teamWithHelper();
    const { farmId, consentId } = await onboard(helper, team.id);
    const cookie = await cookieOf(helper.userId);
    const params = { id: String(farmId) };
    expect((await call(consentForm, `/help/households/${farmId}/consent-form`, cookie, params)).status).toBe(200);
    await withdrawConsent(operator, consentId);
    const page = await call(householdPage, `/help/households/${farmId}`, cookie, params);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ displayName: "Trần Thị Hoa", phone: null, village: "", story: "", withdrawn: true });
    const shown = page.data?.consents as { state: string; grantedAt: unknown; paperPhoto: unknown }[];
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ state: "withdrawn", grantedAt: null, paperPhoto: null });
    expect((await call(consentForm, `/help/households/${farmId}/consent-form`, cookie, params)).status).toBe(404);
    expect((await call(consentForm, `/help/households/${farmId}/consent-form?consent=${consentId}`, cookie, params)).status).toBe(404);
  });
});
