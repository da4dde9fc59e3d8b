/**
 * The company pages through their loaders and actions as the server calls
 * them, on real PostgreSQL: a member of another company, a buyer and the
 * owner; the create form's field errors; the join link.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { companies, companyInvites, companyMembers } from "../../db/schema";
import { as, createAccount } from "../factories";
import { acceptInvite, createCompany, inviteMember } from "~/models/company.server";
import { startSession } from "~/utils/session.server";
import { taxCodeCheckDigit } from "~/validation/company";
import * as businessIndex from "~/routes/business._index";
import * as businessPage from "~/routes/business.$id";
import * as businessJoin from "~/routes/business.join.$token";
import * as businessOrders from "~/routes/business.$id_.orders";
import * as businessOrdersCsv from "~/routes/business.$id_.orders_.csv";

type Route = { loader?: (args: never) => unknown; action?: (args: never) => unknown };

let sequence = 0;
function nextTaxCode(): string {
  for (;;) {
    sequence += 1;
    const nine = `79${String(process.pid % 100).padStart(2, "0")}${String(sequence).padStart(5, "0")}`;
    if (taxCodeCheckDigit(nine) < 10) return `${nine}${taxCodeCheckDigit(nine)}`;
  }
}
const e164 = (phone: string) => `84${phone.slice(1)}`;

async function cookieOf(userId: number) {
  return (await startSession(userId)).split(";")[0];
}

async function call(route: Route, path: string, cookie: string | null, params: Record<string, string>, form?: Record<string, string>) {
  const headers = new Headers(cookie ? { cookie } : {});
  let request: Request;
  if (form) {
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

async function companyWithBuyer() {
  const ownerAccount = await createAccount(["consumer"]);
  const company = await createCompany(as(ownerAccount), { name: "Bếp ăn Kim Liên", taxCode: nextTaxCode(), invoiceAddress: "Kim Liên, Hà Nội", invoiceEmail: "kt@kimlien.vn" });
  const buyerAccount = await createAccount(["consumer"]);
  const { token } = await inviteMember(as(ownerAccount), company.id, { identifier: { kind: "phone", value: e164(buyerAccount.phone) }, role: "buyer" });
  await acceptInvite(as(buyerAccount), token);
  return { company, ownerAccount, buyerAccount };
}

describe("a company's page", () => {
  it("is not found for a member of another company, and its forms change nothing for them", async () => {
    const { company } = await companyWithBuyer();
    const other = await companyWithBuyer();
    const params = { id: String(company.id) };
    const path = `/business/${company.id}`;
    for (const account of [other.ownerAccount, other.buyerAccount]) {
      const cookie = await cookieOf(account.id);
      expect((await call(businessPage, path, cookie, params)).status).toBe(404);
      expect((await call(businessPage, path, cookie, params, { intent: "invite", identifier: "0987654321", role: "owner" })).status).toBe(404);
      expect((await call(businessPage, path, cookie, params, { intent: "threshold", threshold: "1000" })).status).toBe(404);
      expect((await call(businessPage, path, cookie, params, { intent: "remove", userId: String(account.id), confirm: "1" })).status).toBe(404);
    }
    expect((await call(businessPage, "/business/abc", await cookieOf(other.ownerAccount.id), { id: "abc" })).status).toBe(404);
    expect(await db().select().from(companyInvites).where(eq(companyInvites.companyId, company.id))).toHaveLength(1);
    const [row] = await db().select({ t: companies.approvalThresholdVnd }).from(companies).where(eq(companies.id, company.id));
    expect(row.t).toBeNull();
  });

  it("does not show its orders or their CSV to a member of another company", async () => {
    const { company, buyerAccount } = await companyWithBuyer();
    const other = await companyWithBuyer();
    const params = { id: String(company.id) };
    for (const [route, path] of [
      [businessOrders, `/business/${company.id}/orders`],
      [businessOrdersCsv, `/business/${company.id}/orders/csv`],
    ] as const) {
      expect((await call(route, path, await cookieOf(other.ownerAccount.id), params)).status).toBe(404);
      expect((await call(route, path, null, params)).status).toBe(302);
    }
    // Its own member gets the file: UTF-8 with a byte-order mark, a header row in the visitor's language.
    const request = new Request(`http://x/business/${company.id}/orders/csv`, { headers: { cookie: await cookieOf(buyerAccount.id), "Accept-Language": "vi" } });
    const response = await businessOrdersCsv.loader({ request, params, context: {} });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe("Mã đơn,Số PO,Nhà vườn,Trạng thái,Tổng tiền (đồng),Người đặt,Ngày đặt\r\n");
  });

  it("shows a buyer the company without its invitations, and refuses the buyer's invitation (403)", async () => {
    const { company, buyerAccount } = await companyWithBuyer();
    const cookie = await cookieOf(buyerAccount.id);
    const params = { id: String(company.id) };
    const page = await call(businessPage, `/business/${company.id}`, cookie, params);
    expect(page.status).toBe(200);
    expect(page.data?.company).toMatchObject({ role: "buyer", invites: [] });
    expect((await call(businessPage, `/business/${company.id}`, cookie, params, { intent: "invite", identifier: "0987654321", role: "owner" })).status).toBe(403);
  });

  it("lets the owner invite (the link shown once) and asks before removing a member", async () => {
    const { company, ownerAccount, buyerAccount } = await companyWithBuyer();
    const cookie = await cookieOf(ownerAccount.id);
    const params = { id: String(company.id) };
    const path = `/business/${company.id}`;
    const invited = await call(businessPage, path, cookie, params, { intent: "invite", identifier: "duyet@kimlien.vn", role: "approver" });
    expect((invited.data?.invite as { url: string }).url).toMatch(/^http:\/\/x\/business\/join\/[\w-]{43}$/);
    const bad = await call(businessPage, path, cookie, params, { intent: "invite", identifier: "ai đó", role: "boss" });
    expect((bad.data?.result as { error: Record<string, string[]> }).error).toEqual({ identifier: ["errors.identifier.invalid"], role: ["errors.companyRole.required"] });
    const asked = await call(businessPage, path, cookie, params, { intent: "remove", userId: String(buyerAccount.id) });
    expect(asked.data?.confirm).toMatchObject({ userId: buyerAccount.id });
    expect(await db().select().from(companyMembers).where(eq(companyMembers.companyId, company.id))).toHaveLength(2);
    const last = await call(businessPage, path, cookie, params, { intent: "remove", userId: String(ownerAccount.id), confirm: "1" });
    expect(last.data?.errors).toEqual(["errors.company.lastOwner"]);
    const removed = await call(businessPage, path, cookie, params, { intent: "remove", userId: String(buyerAccount.id), confirm: "1" });
    expect(removed.status).toBe(302);
    expect(await db().select().from(companyMembers).where(eq(companyMembers.companyId, company.id))).toHaveLength(1);
  });
});

describe("creating a company and joining one", () => {
  it("names the tax code field when it is wrong or taken, keeping what was typed", async () => {
    const account = await createAccount(["consumer"]);
    const cookie = await cookieOf(account.id);
    const form = { name: "Nhà hàng Sen", taxCode: "0100109107", invoiceAddress: "Số 1 Tràng Tiền", invoiceEmail: "hd@sen.vn" };
    const wrong = await call(businessIndex, "/business", cookie, {}, form);
    expect((wrong.data?.result as { error: Record<string, string[]> }).error).toEqual({ taxCode: ["errors.taxCode.invalid"] });
    expect((wrong.data?.result as { initialValue: Record<string, string> }).initialValue).toMatchObject({ name: "Nhà hàng Sen" });
    const taxCode = nextTaxCode();
    expect((await call(businessIndex, "/business", cookie, {}, { ...form, taxCode })).status).toBe(302);
    const taken = await call(businessIndex, "/business", await cookieOf((await createAccount(["consumer"])).id), {}, { ...form, taxCode });
    expect((taken.data?.result as { error: Record<string, string[]> }).error).toEqual({ taxCode: ["errors.taxCode.taken"] });
  });

  it("tells someone else holding the link that it is not theirs, and lets the invited person join", async () => {
    const { company, ownerAccount } = await companyWithBuyer();
    const invitee = await createAccount(["consumer"]);
    const { token } = await inviteMember(as(ownerAccount), company.id, { identifier: { kind: "phone", value: e164(invitee.phone) }, role: "approver" });
    const params = { token };
    const path = `/business/join/${token}`;
    const stranger = await createAccount(["consumer"]);
    expect((await call(businessJoin, path, await cookieOf(stranger.id), params)).data).toMatchObject({ state: "open", role: "approver" });
    expect((await call(businessJoin, path, await cookieOf(stranger.id), params, {})).data).toEqual({ errors: ["errors.companyInvite.notYours"] });
    const joined = await call(businessJoin, path, await cookieOf(invitee.id), params, {});
    expect([joined.status, joined.location]).toEqual([302, `/business/${company.id}`]);
    expect((await call(businessJoin, "/business/join/nope", await cookieOf(invitee.id), { token: "nope" })).status).toBe(404);
  });
});
