/**
 * The token pages (decision 044): an owner makes a token, whose secret is
 * in that one answer only and works at once; revoking asks first; other
 * members are refused (403), strangers do not find the page (404).
 */
import { describe, expect, it } from "vitest";
import { createFarmer } from "../factories";
import { addMember, createCompany } from "../company-factories";
import { apiClient } from "../api/client";
import { startSession } from "~/utils/session.server";
import { action, loader } from "~/routes/business.$id_.api";
import { action as sellAction } from "~/routes/sell.api";

async function cookieOf(userId: number) {
  return (await startSession(userId)).split(";")[0];
}

function post(path: string, cookie: string, fields: [string, string][]) {
  return new Request(`http://x${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie, "Content-Type": "application/x-www-form-urlencoded" } });
}

async function status(work: Promise<unknown>): Promise<number> {
  try {
    await work;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("a company's token page", () => {
  it("makes a token shown once, which the API accepts, and lists it by prefix only", async () => {
    const company = await createCompany();
    const cookie = await cookieOf(company.owner.id);
    const path = `/business/${company.id}/api`;
    const reply = (await action({ request: post(path, cookie, [["intent", "create"], ["name", "Phần mềm kho"], ["scopes", "orders:read"], ["expiresInDays", "30"]]), params: { id: String(company.id) }, context: {} })) as { created: { secret: string } };
    expect(reply.created.secret).toMatch(/^nss_[\w-]{43}$/);
    expect((await apiClient(reply.created.secret).GET("/orders")).response.status).toBe(200);
    const page = await loader({ request: new Request(`http://x${path}`, { headers: { cookie } }), params: { id: String(company.id) }, context: {} });
    expect(page.tokens).toMatchObject([{ name: "Phần mềm kho", scopes: ["orders:read"], prefix: reply.created.secret.slice(0, 10) }]);
    expect(JSON.stringify(page)).not.toContain(reply.created.secret);
  });

  it("names the fields of a bad form and keeps what was typed; refuses a farm's scope", async () => {
    const company = await createCompany();
    const cookie = await cookieOf(company.owner.id);
    const path = `/business/${company.id}/api`;
    const reply = await action({ request: post(path, cookie, [["intent", "create"], ["name", "x"], ["expiresInDays", "7"]]), params: { id: String(company.id) }, context: {} });
    expect(reply).toMatchObject({ values: { name: "x" }, errors: { name: ["errors.apiToken.nameRequired"], scopes: ["errors.apiToken.scopes"], expiresInDays: ["errors.form.tampered"] } });
    const farmScope = await action({ request: post(path, cookie, [["intent", "create"], ["name", "Kho"], ["scopes", "stock:write"], ["expiresInDays", "30"]]), params: { id: String(company.id) }, context: {} });
    expect(farmScope).toMatchObject({ errors: { scopes: ["errors.apiToken.scopes"] } });
  });

  it("asks before revoking, then the token is refused", async () => {
    const company = await createCompany();
    const cookie = await cookieOf(company.owner.id);
    const path = `/business/${company.id}/api`;
    const params = { id: String(company.id) };
    const made = (await action({ request: post(path, cookie, [["intent", "create"], ["name", "ERP"], ["scopes", "orders:read"], ["expiresInDays", "90"]]), params, context: {} })) as { created: { secret: string } };
    const page = await loader({ request: new Request(`http://x${path}`, { headers: { cookie } }), params, context: {} });
    const tokenId = String(page.tokens[0].id);
    expect(await action({ request: post(path, cookie, [["intent", "revoke"], ["tokenId", tokenId]]), params, context: {} })).toMatchObject({ confirm: { name: "ERP" } });
    expect((await apiClient(made.created.secret).GET("/orders")).response.status).toBe(200);
    const done = await action({ request: post(path, cookie, [["intent", "revoke"], ["tokenId", tokenId], ["confirm", "1"]]), params, context: {} });
    expect((done as Response).status).toBe(302);
    expect((await apiClient(made.created.secret).GET("/orders")).response.status).toBe(401);
  });

  it("is the owner's: a buyer of the company gets 403, a stranger 404", async () => {
    const company = await createCompany();
    const buyer = await addMember(company.id, "buyer");
    const stranger = await createCompany();
    const params = { id: String(company.id) };
    const page = (cookie: string) => loader({ request: new Request(`http://x/business/${company.id}/api`, { headers: { cookie } }), params, context: {} });
    expect(await status(page(await cookieOf(buyer.id)))).toBe(403);
    expect(await status(page(await cookieOf(stranger.owner.id)))).toBe(404);
    const made = action({ request: post(`/business/${company.id}/api`, await cookieOf(buyer.id), [["intent", "create"], ["name", "ERP"], ["scopes", "orders:read"], ["expiresInDays", "30"]]), params, context: {} });
    expect(await status(made)).toBe(403);
  });
});

describe("a farm's token page", () => {
  it("makes a farm token with the farm's scopes", async () => {
    const farmer = await createFarmer();
    const reply = (await sellAction({ request: post("/sell/api", await cookieOf(farmer.id), [["intent", "create"], ["name", "Kho HTX"], ["scopes", "stock:write"], ["scopes", "listings:read"], ["expiresInDays", "365"]]), params: {}, context: {} })) as { created: { secret: string } };
    const listed = await apiClient(reply.created.secret).GET("/farm/listings");
    expect(listed.response.status).toBe(200);
  });
});
