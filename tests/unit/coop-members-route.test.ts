/**
 * The co-op member pages (issue 11 §1) as the server calls them: only the
 * farm's owner manages its co-op members; only a member acts for the farm;
 * a member acting for the household sells (its listings page) but is
 * refused its money and its people; nothing changes for anyone else.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { as, createAccount, createFarmer } from "../factories";
import { addCoopMember } from "~/models/farm-members.server";
import { setActingFarm, startSession } from "~/utils/session.server";
import * as members from "~/routes/sell.members";
import * as sellFor from "~/routes/sell.for";
import * as listings from "~/routes/sell.listings._index";
import * as payouts from "~/routes/sell.payouts";

type Route = { loader?: unknown; action?: unknown };
let farmId = 0;
let coopId = 0;
const cookies: Record<string, string> = {};

async function cookieOf(userId: number) {
  return (await startSession(userId)).split(";")[0];
}

async function statusOf(route: Route, path: string, cookie: string | null, form?: Record<string, string>): Promise<number> {
  const headers = new Headers(cookie ? { cookie } : {});
  if (form) headers.set("Content-Type", "application/x-www-form-urlencoded");
  const request = new Request(`http://x${path}`, form ? { method: "POST", headers, body: new URLSearchParams(form) } : { headers });
  const fn = (form ? route.action : route.loader) as (args: { request: Request; params: object; context: object }) => Promise<unknown>;
  try {
    const result = await fn({ request, params: {}, context: {} });
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

async function snapshot() {
  const [row] = await db().execute(sql`select (select count(*) from farm_members)::int members, (select count(*) from sessions where acting_farm_id is not null)::int acting, (select count(*) from audit_events)::int events`);
  return row;
}

beforeAll(async () => {
  const household = await createFarmer();
  farmId = household.farm.id;
  const coop = await createAccount(["consumer"]);
  coopId = coop.id;
  await addCoopMember(as(household), farmId, coop.phone);
  cookies.household = await cookieOf(household.id);
  cookies.coop = await cookieOf(coop.id);
  cookies.farmer = await cookieOf((await createFarmer()).id);
  cookies.buyer = await cookieOf((await createAccount(["consumer"])).id);
});

describe("co-op member pages", () => {
  it.each(["coop", "buyer"])("%s cannot see or change the household's co-op members; nothing changed", async (who) => {
    const before = await snapshot();
    expect([403, 404]).toContain(await statusOf(members, "/sell/members", cookies[who]));
    expect([403, 404]).toContain(await statusOf(members, "/sell/members", cookies[who], { intent: "remove", userId: String(coopId), confirm: "1" }));
    expect(await snapshot()).toEqual(before);
  });

  it("another farmer's page is about their own farm: the household's member is not theirs to remove; nothing changed", async () => {
    const before = await snapshot();
    expect(await statusOf(members, "/sell/members", cookies.farmer)).toBe(200);
    // Answered on the form (tampered), not a redirect: no member of theirs has that id.
    expect(await statusOf(members, "/sell/members", cookies.farmer, { intent: "remove", userId: String(coopId), confirm: "1" })).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it.each(["farmer", "buyer", "household"])("%s cannot act for the farm through /sell/for; nothing changed", async (who) => {
    const before = await snapshot();
    expect(await statusOf(sellFor, "/sell/for", cookies[who], { intent: "act", farmId: String(farmId) })).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("the owner manages them; the member acts for the household, sells, and is refused its money", async () => {
    expect(await statusOf(members, "/sell/members", cookies.household)).toBe(200);
    expect(await statusOf(sellFor, "/sell/for", cookies.coop, { intent: "act", farmId: String(farmId) })).toBe(302);
    const [acting] = await db().execute<{ farm: number }>(sql`select acting_farm_id as farm from sessions where user_id = ${coopId}`);
    expect(acting.farm).toBe(farmId);
    expect(await statusOf(listings, "/sell/listings", cookies.coop)).toBe(200);
    expect(await statusOf(payouts, "/sell/payouts", cookies.coop)).toBe(403);
    expect(await statusOf(members, "/sell/members", cookies.coop)).toBe(403);
    await setActingFarm(new Request("http://x/", { headers: { cookie: cookies.coop } }), null);
  });
});
