/**
 * The reviewer's findings on teams and consent, through the pages' loaders
 * and actions as the server calls them, on real PostgreSQL.
 */
import { eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { consents } from "../../db/schema";
import { as, createAccount } from "../factories";
import { confirmConsentByPaper, onboardHousehold, withdrawConsent } from "~/models/consent.server";
import { storeUploadedPhoto } from "~/models/photo.server";
import { createTeam, inviteHelper, joinTeam } from "~/models/team.server";
import { startSession } from "~/utils/session.server";
import * as householdPage from "~/routes/help.households.$id";
import * as opsTeams from "~/routes/ops.teams";
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
    const shown = page.data?.consents as { state: string; grantedAt: unknown; paperPhotoUrl: unknown }[];
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ state: "withdrawn", grantedAt: null, paperPhotoUrl: null });
    expect((await call(consentForm, `/help/households/${farmId}/consent-form`, cookie, params)).status).toBe(404);
    expect((await call(consentForm, `/help/households/${farmId}/consent-form?consent=${consentId}`, cookie, params)).status).toBe(404);
  });
});

describe("consent on paper through the household page", () => {
  const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: "#ffffff" } }).png().toBuffer();

  it("takes the photo only from the request's own upload: an id typed into the form is not a paper", async () => {
    const { team, helper } = await teamWithHelper();
    const { farmId, consentId } = await onboard(helper, team.id);
    const earlier = await storeUploadedPhoto(helper.userId, await png());
    if (!earlier.ok) throw new Error("photo not stored");
    const cookie = await cookieOf(helper.userId);
    const params = { id: String(farmId) };
    const typed = await call(householdPage, `/help/households/${farmId}`, cookie, params, { intent: "paper", consentId: String(consentId), photoIds: earlier.photo.id });
    expect(typed.status).toBe(200);
    expect(typed.data).toMatchObject({ refused: { field: "photos", message: "errors.consent.paperPhoto" } });
    // A typed id before a real upload: the upload is the paper.
    const form = new FormData();
    form.append("intent", "paper");
    form.append("consentId", String(consentId));
    form.append("photoIds", earlier.photo.id);
    form.append("photos", new File([new Uint8Array(await png())], "giay.png", { type: "image/png" }));
    const uploaded = await call(householdPage, `/help/households/${farmId}`, cookie, params, form);
    expect(uploaded.status).toBe(302);
    const [row] = await db().select({ paper: consents.paperPhotoId, granted: consents.grantedAt }).from(consents).where(eq(consents.id, consentId));
    expect(row.granted).not.toBeNull();
    expect(row.paper).not.toBeNull();
    expect(row.paper).not.toBe(earlier.photo.id);
  });

  it("the page sends the paper's link, not its id", async () => {
    const { team, helper } = await teamWithHelper();
    const { farmId, consentId } = await onboard(helper, team.id);
    const photo = await storeUploadedPhoto(helper.userId, await png());
    if (!photo.ok) throw new Error("photo not stored");
    await confirmConsentByPaper(helper, consentId, photo.photo.id);
    const page = await call(householdPage, `/help/households/${farmId}`, await cookieOf(helper.userId), { id: String(farmId) });
    const shown = (page.data?.consents as { paperPhotoUrl?: string }[])[0];
    expect(shown.paperPhotoUrl).toBe(photo.photo.lg);
    expect(JSON.stringify(page.data).replaceAll(photo.photo.lg, "")).not.toContain(photo.photo.id);
  });
});

describe("operators withdraw a consent on /ops/teams", () => {
  it("lists the team's households; the first post asks, the second withdraws; a non-operator gets 404 and nothing changes", async () => {
    const { team, helper, operatorAccount } = await teamWithHelper();
    const { consentId } = await onboard(helper, team.id);
    const operator = await cookieOf(operatorAccount.id);
    const page = await call(opsTeams, "/ops/teams", operator, {});
    const listed = (page.data?.teams as { id: number; consents: { consentId: number; displayName: string; state: string }[] }[]).find((t) => t.id === team.id);
    expect(listed?.consents).toEqual([expect.objectContaining({ consentId, displayName: "Trần Thị Hoa", state: "pending" })]);

    const unchanged = async () => (await db().select().from(consents).where(eq(consents.id, consentId)))[0];
    const before = await unchanged();
    const farmer = await createAccount(["farmer"]);
    for (const cookie of [await cookieOf(helper.userId), await cookieOf(farmer.id)]) {
      const refused = await call(opsTeams, "/ops/teams", cookie, {}, { intent: "withdraw", consentId: String(consentId), confirm: "1" });
      expect(refused.status).toBe(404);
    }
    expect(await unchanged()).toEqual(before);

    const asked = await call(opsTeams, "/ops/teams", operator, {}, { intent: "withdraw", consentId: String(consentId) });
    expect(asked.data).toMatchObject({ intent: "withdraw", teamId: team.id, confirm: { consentId, name: "Trần Thị Hoa" } });
    expect(await unchanged()).toEqual(before);
    const done = await call(opsTeams, "/ops/teams", operator, {}, { intent: "withdraw", consentId: String(consentId), confirm: "1" });
    expect(done).toMatchObject({ status: 302, location: "/ops/teams?withdrawn=1" });
    const after = await unchanged();
    expect(after.withdrawnAt).not.toBeNull();
    expect(after.withdrawnBy).toBe(operatorAccount.id);
  });
});
