/**
 * The moderation pages as their routes answer (decision 037): a person
 * without ops.moderate / ops.accounts / ops.workspace gets 404 and nothing
 * changes; a suspended person's login is refused with the clear message
 * (after a right password only); the workspace shows each count only to a
 * role that may act on it.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { listings, users } from "../../db/schema";
import { as, createAccount, createFarmer, listingInput } from "../factories";
import { createListing } from "~/models/listing.server";
import { suspendAccount } from "~/models/suspension.server";
import { startSession } from "~/utils/session.server";
import { action as reportsAction } from "~/routes/ops.reports";
import { action as accountsAction } from "~/routes/ops.accounts";
import { loader as opsLoader } from "~/routes/ops._index";
import { action as loginAction } from "~/routes/login";

async function cookieOf(userId: number) {
  return (await startSession(userId)).split(";")[0];
}

function post(path: string, cookie: string | null, fields: Record<string, string>) {
  return new Request(`http://x${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { ...(cookie ? { cookie } : {}), "x-nss-client-ip": "203.0.113.9" } });
}

async function status(work: Promise<unknown>): Promise<number> {
  try {
    const reply = await work;
    return reply instanceof Response ? reply.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("the moderation routes", () => {
  it("answer 404 to a farmer, a buyer and an analyst, and change nothing", async () => {
    const farmer = await createFarmer();
    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput());
    const victim = await createAccount(["consumer"]);
    for (const person of [farmer, await createAccount(["consumer"]), await createAccount(["analyst"])]) {
      const cookie = await cookieOf(person.id);
      expect(await status(reportsAction({ request: post("/ops/reports", cookie, { intent: "hide", listingId: String(id), reason: "Ẩn thử không có quyền" }), params: {}, context: {} }))).toBe(404);
      expect(await status(accountsAction({ request: post("/ops/accounts", cookie, { intent: "suspend", userId: String(victim.id), reason: "Khóa thử không có quyền", confirm: "1" }), params: {}, context: {} }))).toBe(404);
      expect(await status(opsLoader({ request: new Request("http://x/ops", { headers: { cookie } }), params: {}, context: {} }))).toBe(person.roles.includes("analyst") ? 302 : 404);
    }
    const [listing] = await db().select({ hiddenAt: listings.hiddenAt }).from(listings).where(eq(listings.id, id));
    expect(listing.hiddenAt).toBeNull();
    const [account] = await db().select({ suspendedAt: users.suspendedAt }).from(users).where(eq(users.id, victim.id));
    expect(account.suspendedAt).toBeNull();
  });

  it("the workspace shows a moderator no money counts, and an administrator all of them", async () => {
    const moderator = await createAccount(["moderator"]);
    const admin = await createAccount(["operator"]);
    const countsOf = async (userId: number) => {
      const data = (await opsLoader({ request: new Request("http://x/ops", { headers: { cookie: await cookieOf(userId) } }), params: {}, context: {} })) as { counts: Record<string, unknown> };
      return Object.keys(data.counts).filter((k) => data.counts[k] !== undefined);
    };
    expect((await countsOf(moderator.id)).sort()).toEqual(["flaggedMessages", "links", "reports", "reviews", "suspended", "verification"]);
    expect((await countsOf(admin.id)).sort()).toEqual(["flaggedMessages", "links", "paymentIssues", "payouts", "refunds", "reports", "reviews", "suspended", "transfers", "verification"]);
  });

  it("a suspended person's login: the clear message after the right password, the usual one after a wrong one", async () => {
    const person = await createAccount(["consumer"]);
    const admin = await createAccount(["operator"]);
    await suspendAccount(as(admin), person.id, "Tài khoản bị lạm dụng");
    const login = async (password: string) => {
      const reply = (await loginAction({ request: post("/login", null, { identifier: person.phone, password }), params: {}, context: {} })) as { error?: Record<string, string[] | null> };
      return JSON.stringify(reply);
    };
    expect(await login(person.password)).toContain("accounts.errors.suspendedLogin");
    const wrong = await login("sai-mat-khau-roi");
    expect(wrong).not.toContain("suspendedLogin");
    expect(wrong).toContain("errors.login.failed");
  });
});
