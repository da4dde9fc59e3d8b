/**
 * Net terms' pages (decision 031): checkout offers "net_terms" only to a
 * buyer of a company with terms in force and refuses a forged one on the
 * payment field, the cart kept; the operators' companies page is "not found"
 * to anyone else, and its refusals name their fields.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCompany } from "../company-factories";
import { as, createAccount, createFarmer, HANOI_ADDRESS, listingInput } from "../factories";
import { addToCart, cartItemsOf } from "~/models/cart.server";
import { createListing } from "~/models/listing.server";
import { grantTerms, verifyCompany } from "~/models/terms.server";
import { startSession } from "~/utils/session.server";
import { action as checkoutAction, loader as checkoutLoader } from "~/routes/checkout";
import { action as opsAction, loader as opsLoader } from "~/routes/ops.companies";

async function cookieOf(userId: number) {
  return (await startSession(userId)).split(";")[0];
}

async function withCart(buyerId: number) {
  const farmer = await createFarmer();
  const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "30000", stock: "50", minOrderQty: "1" }));
  await addToCart(buyerId, id, 2);
}

const args = (request: Request) => ({ request, params: {}, context: {} });

describe("checkout and net terms", () => {
  it("offers net terms to a buyer of a company with terms only; a forged one is refused on the payment field, the cart kept", async () => {
    const company = await createCompany();
    await withCart(company.owner.id);
    const cookie = await cookieOf(company.owner.id);
    const methods = async () => ((await checkoutLoader(args(new Request("http://x/checkout", { headers: { cookie } })))) as { methods: string[] }).methods;
    expect(await methods()).not.toContain("net_terms");

    const body = new URLSearchParams({ checkoutKey: randomUUID(), ...HANOI_ADDRESS, phone: "0912345678", paymentMethod: "net_terms", companyId: String(company.id) });
    const reply = await checkoutAction(args(new Request("http://x/checkout", { method: "POST", body, headers: { cookie } })));
    expect(reply).not.toBeInstanceOf(Response);
    expect((reply as { result: { error: Record<string, string[]> } }).result.error).toEqual({ paymentMethod: ["errors.terms.notGranted"] });
    expect(await cartItemsOf(company.owner.id)).toHaveLength(1);

    const ops = as(await createAccount(["operator"]), ["operator"]);
    await verifyCompany(ops, company.id);
    await grantTerms(ops, { companyId: company.id, days: 15, limitVnd: 10_000_000, version: 0 });
    expect(await methods()).toContain("net_terms");
  });
});

describe("/ops/companies", () => {
  it("is not found to anyone but an operator", async () => {
    const company = await createCompany();
    const cookie = await cookieOf(company.owner.id);
    const loaded = await opsLoader(args(new Request("http://x/ops/companies", { headers: { cookie } }))).catch((e: unknown) => e);
    expect((loaded as Response).status).toBe(404);
    const posted = await opsAction(args(new Request("http://x/ops/companies", { method: "POST", body: new URLSearchParams({ intent: "verify", companyId: String(company.id), confirm: "1" }), headers: { cookie } }))).catch((e: unknown) => e);
    expect((posted as Response).status).toBe(404);
  });

  it("names the field of each refusal: the confirmation, the limit, a grant before verification, a stale version", async () => {
    const company = await createCompany();
    const cookie = await cookieOf((await createAccount(["operator"])).id);
    const post = async (fields: Record<string, string>) => {
      const reply = await opsAction(args(new Request("http://x/ops/companies", { method: "POST", body: new URLSearchParams({ companyId: String(company.id), ...fields }), headers: { cookie } })));
      if (reply instanceof Response) return reply.status;
      const { errors, confirm } = reply as { errors: Record<string, string[]>; confirm?: { name: string } };
      return confirm ? { confirm: confirm.name } : errors;
    };
    expect(await post({ intent: "verify" })).toEqual({ confirm: ["errors.terms.verifyConfirm"] });
    expect(await post({ intent: "grant", days: "30", limitVnd: "50.000.000", version: "0" })).toEqual({ days: ["errors.terms.notVerified"] });
    expect(await post({ intent: "verify", confirm: "1" })).toBe(302);
    expect(await post({ intent: "grant", days: "45", limitVnd: "-1", version: "0" })).toEqual({ days: ["errors.terms.days"], limitVnd: ["errors.terms.limit"] });
    expect(await post({ intent: "grant", days: "30", limitVnd: "50tr", version: "0" })).toBe(302);
    expect(await post({ intent: "grant", days: "7", limitVnd: "1.000.000", version: "0" })).toEqual({ days: ["errors.terms.stale"] });
    // Revoking asks first (decision 020), naming the company.
    expect(await post({ intent: "revoke", version: "1" })).toEqual({ confirm: company.name });
    expect(await post({ intent: "revoke", version: "1", confirm: "1" })).toBe(302);
  });
});
