/**
 * The JSON API v1 (decision 044), driven through openapi-fetch typed by the
 * types generated from the served OpenAPI document, against the real route
 * modules and a real PostgreSQL.
 */
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { apiTokens, companyMembers, listings, orders } from "../../db/schema";
import { as, createFarmer, HANOI_ADDRESS, listingInput } from "../factories";
import { createCompany, postRequest, quoteInput } from "../company-factories";
import { API_TYPES_FILE, apiTypesFrom } from "../api/generate-types";
import { apiClient, rawRequest } from "../api/client";
import { pdfText } from "../support/pdf-text";
import { createApiToken, revokeApiToken, type TokenOwner } from "~/models/api-token.server";
import { createListing } from "~/models/listing.server";
import { submitQuote } from "~/models/rfq.server";
import { drainSearchOutbox } from "~/search/outbox.server";
import { searchEngine } from "~/search/engine.server";
import { limits } from "~/utils/rate-limit.server";
import { COMPANY_SCOPES, ENDPOINTS, FARM_SCOPES, type ApiScope } from "~/validation/api";
import { loader as openApiLoader } from "~/routes/api.v1.openapi[.]json";

type Person = { id: number; roles?: string[] };

async function token(person: Person, owner: TokenOwner, scopes?: readonly ApiScope[], expiresInDays = 30, now?: Date) {
  const all = owner.kind === "company" ? COMPANY_SCOPES : FARM_SCOPES;
  const { secret, id } = await createApiToken(as(person as never), owner, { name: "ERP", scopes: [...(scopes ?? all)], expiresInDays }, now);
  return { secret, id };
}

const ORDER_BODY = (listingId: number, quantity = 3) => ({
  lines: [{ listingId, quantity }],
  poNumber: "PO-2026-001",
  paymentMethod: "cod" as const,
  address: HANOI_ADDRESS,
});

let farmer: Awaited<ReturnType<typeof createFarmer>>;
let listingId: number;
let company: Awaited<ReturnType<typeof createCompany>>;
let companyToken: string;
let farmToken: string;

beforeAll(async () => {
  farmer = await createFarmer();
  listingId = (await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput({ priceVnd: "30000", stock: "500", minOrderQty: "1" }))).id;
  company = await createCompany();
  companyToken = (await token(company.owner, { kind: "company", id: company.id })).secret;
  farmToken = (await token(farmer, { kind: "farm", id: farmer.farm.id })).secret;
});

describe("the OpenAPI document", () => {
  it("is served, and the committed client types are generated from it as it is now", async () => {
    const document = await (await openApiLoader()).json();
    expect(document.openapi).toBe("3.1.0");
    for (const e of Object.values(ENDPOINTS)) expect(document.paths[e.path][e.method]["x-scope"]).toBe(e.scope);
    // Fails when a schema changed without `npm run api:types`: the tests below would be typed by a stale document.
    expect(readFileSync(API_TYPES_FILE, "utf8")).toBe(await apiTypesFrom(document));
  });
});

describe("tokens", () => {
  it("refuses no token, an unknown one, an expired one and a revoked one with 401 problems", async () => {
    const expired = await token(company.owner, { kind: "company", id: company.id }, undefined, 30, new Date(Date.now() - 31 * 86_400_000));
    const revoked = await token(company.owner, { kind: "company", id: company.id });
    await revokeApiToken(as(company.owner), { kind: "company", id: company.id }, revoked.id);
    for (const secret of [undefined, "nss_nothing", expired.secret, revoked.secret]) {
      const { response, error } = await apiClient(secret).GET("/orders");
      expect(response.status).toBe(401);
      expect(response.headers.get("Content-Type")).toBe("application/problem+json");
      expect(error).toMatchObject({ status: 401, type: "/api/v1/docs#problem-unauthorized" });
    }
  });

  it("stops working when its maker is no longer the company's owner", async () => {
    const other = await createCompany();
    const { secret } = await token(other.owner, { kind: "company", id: other.id });
    expect((await apiClient(secret).GET("/orders")).response.status).toBe(200);
    await db().update(companyMembers).set({ role: "buyer" }).where(eq(companyMembers.userId, other.owner.id));
    expect((await apiClient(secret).GET("/orders")).response.status).toBe(401);
  });

  it("stores only a hash, and notes when it was last used", async () => {
    const { secret, id } = await token(company.owner, { kind: "company", id: company.id });
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row.tokenHash).not.toContain(secret.slice(4));
    expect(row.lastUsedAt).toBeNull();
    await apiClient(secret).GET("/orders");
    const [after] = await db().select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(after.lastUsedAt).not.toBeNull();
  });

  it("refuses every endpoint to a token without its scope (403), and to the other kind of token", async () => {
    for (const [name, e] of Object.entries(ENDPOINTS)) {
      for (const kind of e.owners) {
        const owner: TokenOwner = kind === "company" ? { kind, id: company.id } : { kind, id: farmer.farm.id };
        const all = kind === "company" ? COMPANY_SCOPES : FARM_SCOPES;
        const { secret } = await token(kind === "company" ? company.owner : farmer, owner, all.filter((s) => s !== e.scope));
        const response = await rawRequest(e.path.replace("{id}", "1"), {
          method: e.method.toUpperCase(),
          token: secret,
          headers: e.method === "post" ? { "Content-Type": "application/json", "Idempotency-Key": randomUUID() } : {},
          body: e.method === "post" ? "{}" : undefined,
        });
        expect([name, kind, response.status]).toEqual([name, kind, 403]);
        expect(await response.json()).toMatchObject({ type: "/api/v1/docs#problem-insufficient-scope" });
      }
      const wrongKind = e.owners.length === 1 ? (e.owners[0] === "company" ? farmToken : companyToken) : null;
      if (wrongKind) {
        const response = await rawRequest(e.path.replace("{id}", "1"), { method: e.method.toUpperCase(), token: wrongKind, headers: e.method === "post" ? { "Content-Type": "application/json", "Idempotency-Key": randomUUID() } : {}, body: e.method === "post" ? "{}" : undefined });
        expect([name, response.status]).toEqual([name, 403]);
      }
    }
  });

  it("limits requests per token, with the headers, and 429 with Retry-After", async () => {
    const { secret, id } = await token(company.owner, { kind: "company", id: company.id });
    const first = await apiClient(secret).GET("/orders");
    expect(first.response.headers.get("RateLimit-Limit")).toBe("120");
    expect(first.response.headers.get("RateLimit-Remaining")).toBe("119");
    for (let i = 0; i < 119; i++) await limits().takeApiRequest(id);
    const refused = await apiClient(secret).GET("/orders");
    expect(refused.response.status).toBe(429);
    expect(Number(refused.response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.error).toMatchObject({ type: "/api/v1/docs#problem-rate-limited" });
  });
});

describe("listings", () => {
  it("searches through the search port and reads one listing; a bad or unknown id is 404", async () => {
    await drainSearchOutbox(db(), searchEngine());
    const client = apiClient(companyToken);
    const found = await client.GET("/listings", { params: { query: { q: "cà chua" } } });
    expect(found.response.status).toBe(200);
    expect(found.data!.data.map((h) => h.id)).toContain(listingId);
    const one = await client.GET("/listings/{id}", { params: { path: { id: String(listingId) } } });
    expect(one.data).toMatchObject({ id: listingId, priceVnd: 30000, unit: "kg", farm: { id: farmer.farm.id } });
    for (const bad of ["0x10", "abc", "99999999999", "2147483647"]) {
      expect((await client.GET("/listings/{id}", { params: { path: { id: bad } } })).response.status).toBe(404);
    }
  });
});

describe("orders", () => {
  it("places orders from lines with the PO number, once per Idempotency-Key; a replay answers the first answer", async () => {
    const client = apiClient(companyToken);
    const key = randomUUID();
    const first = await client.POST("/orders", { params: { header: { "Idempotency-Key": key } }, body: ORDER_BODY(listingId) });
    expect(first.response.status).toBe(201);
    const [order] = first.data!.data;
    expect(order).toMatchObject({ status: "placed", poNumber: "PO-2026-001", companyId: company.id, totalVnd: 90000, lines: [{ listingId, quantity: 3 }] });
    const again = await client.POST("/orders", { params: { header: { "Idempotency-Key": key } }, body: ORDER_BODY(listingId) });
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.data).toEqual(first.data);
    const count = await db().select({ n: sql<number>`count(*)::int` }).from(orders).where(eq(orders.companyId, company.id));
    expect(count[0].n).toBe(1);
    const changed = await client.POST("/orders", { params: { header: { "Idempotency-Key": key } }, body: ORDER_BODY(listingId, 4) });
    expect(changed.response.status).toBe(422);
    expect(changed.error).toMatchObject({ type: "/api/v1/docs#problem-idempotency-key-reused", errors: [{ field: "Idempotency-Key" }] });
  });

  it("makes one order of concurrent requests with the same key", async () => {
    const other = await createCompany();
    const { secret } = await token(other.owner, { kind: "company", id: other.id });
    const client = apiClient(secret);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.POST("/orders", { params: { header: { "Idempotency-Key": key } }, body: ORDER_BODY(listingId, 1) })));
    const statuses = answers.map((a) => a.response.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
    const made = await db().select({ id: orders.id }).from(orders).where(eq(orders.companyId, other.id));
    expect(made).toHaveLength(1);
    for (const a of answers.filter((a) => a.response.status === 201)) expect(a.data!.data[0].id).toBe(made[0].id);
  });

  it("reads, lists with a cursor and moves the token's own orders; another company's are not found", async () => {
    const mine = await createCompany();
    const { secret } = await token(mine.owner, { kind: "company", id: mine.id });
    const client = apiClient(secret);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const placed = await client.POST("/orders", { params: { header: { "Idempotency-Key": randomUUID() } }, body: ORDER_BODY(listingId, 1) });
      ids.push(placed.data!.data[0].id);
    }
    const page1 = await client.GET("/orders", { params: { query: { limit: "2" } } });
    expect(page1.data!.data.map((o) => o.id)).toEqual([ids[2], ids[1]]);
    const page2 = await client.GET("/orders", { params: { query: { limit: "2", cursor: page1.data!.nextCursor! } } });
    expect(page2.data).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });
    expect((await client.GET("/orders", { params: { query: { cursor: "bm9wZQ" } } })).response.status).toBe(422);

    // Another company's token, and the farm token of another farm, see nothing of it.
    expect((await apiClient(companyToken).GET("/orders/{id}", { params: { path: { id: String(ids[0]) } } })).response.status).toBe(404);
    const stranger = await createFarmer();
    const strangerToken = (await token(stranger, { kind: "farm", id: stranger.farm.id })).secret;
    expect((await apiClient(strangerToken).GET("/orders/{id}", { params: { path: { id: String(ids[0]) } } })).response.status).toBe(404);
    expect((await apiClient(strangerToken).POST("/orders/{id}/moves", { params: { path: { id: String(ids[0]) }, header: { "Idempotency-Key": randomUUID() } }, body: { action: "accept" } })).response.status).toBe(404);

    // The buyer's moves for a company token, the farm's for a farm token.
    const accept = await client.POST("/orders/{id}/moves", { params: { path: { id: String(ids[0]) }, header: { "Idempotency-Key": randomUUID() } }, body: { action: "accept" } });
    expect(accept.response.status).toBe(403);
    const byFarm = await apiClient(farmToken).POST("/orders/{id}/moves", { params: { path: { id: String(ids[0]) }, header: { "Idempotency-Key": randomUUID() } }, body: { action: "accept" } });
    expect(byFarm.data).toMatchObject({ id: ids[0], status: "accepted" });
    const cancel = await client.POST("/orders/{id}/moves", { params: { path: { id: String(ids[1]) }, header: { "Idempotency-Key": randomUUID() } }, body: { action: "cancel" } });
    expect(cancel.data).toMatchObject({ status: "cancelled" });
    const late = await client.POST("/orders/{id}/moves", { params: { path: { id: String(ids[0]) }, header: { "Idempotency-Key": randomUUID() } }, body: { action: "cancel" } });
    expect(late.response.status).toBe(409);
  });

  it("serves the invoice of a completed order as PDF to the company and the farm; none before, and not to others", async () => {
    const mine = await createCompany();
    const { secret } = await token(mine.owner, { kind: "company", id: mine.id });
    const client = apiClient(secret);
    const placed = await client.POST("/orders", { params: { header: { "Idempotency-Key": randomUUID() } }, body: ORDER_BODY(listingId, 2) });
    const id = String(placed.data!.data[0].id);
    // No invoice until the order completes.
    expect((await client.GET("/orders/{id}/invoice", { params: { path: { id } } })).response.status).toBe(404);
    for (const action of ["accept", "pack", "ship", "deliver"] as const) {
      const moved = await apiClient(farmToken).POST("/orders/{id}/moves", { params: { path: { id }, header: { "Idempotency-Key": randomUUID() } }, body: { action } });
      expect([action, moved.response.status, moved.error]).toEqual([action, 200, undefined]);
    }
    expect((await client.POST("/orders/{id}/moves", { params: { path: { id }, header: { "Idempotency-Key": randomUUID() } }, body: { action: "complete" } })).data).toMatchObject({ status: "completed" });
    for (const bearer of [secret, farmToken]) {
      const response = await rawRequest(`/orders/${id}/invoice`, { token: bearer });
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/pdf");
      expect(response.headers.get("RateLimit-Limit")).toBe("120");
      const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
      expect(text).toContain("HÓA ĐƠN BÁN HÀNG");
      expect(text).toContain(mine.name);
    }
    // Another company's token: not found.
    expect((await rawRequest(`/orders/${id}/invoice`, { token: companyToken })).status).toBe(404);
  });

  it("names the fields of invalid orders, and refuses what is not available", async () => {
    const client = apiClient(companyToken);
    const bad = await client.POST("/orders", {
      params: { header: { "Idempotency-Key": randomUUID() } },
      body: { ...ORDER_BODY(listingId), lines: [{ listingId, quantity: -1 }], address: { ...HANOI_ADDRESS, phone: "12" } },
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error!.errors!.map((e) => e.field)).toContain("lines.0.quantity");
    const phone = await client.POST("/orders", { params: { header: { "Idempotency-Key": randomUUID() } }, body: { ...ORDER_BODY(listingId), address: { ...HANOI_ADDRESS, phone: "12" } } });
    expect(phone.error).toMatchObject({ status: 422, errors: [{ field: "address.phone", code: "errors.phone.invalid" }] });
    const tooMany = await client.POST("/orders", { params: { header: { "Idempotency-Key": randomUUID() } }, body: ORDER_BODY(listingId, 100000) });
    expect(tooMany.error).toMatchObject({ status: 409, errors: [{ field: "lines.0.quantity" }] });
    const unknown = await client.POST("/orders", { params: { header: { "Idempotency-Key": randomUUID() } }, body: ORDER_BODY(2_000_000_000) });
    expect(unknown.response.status).toBe(409);
  });
});

describe("hostile input", () => {
  it("answers bad JSON, another content type, a huge body and no key with problems, never a 500", async () => {
    const post = (body: BodyInit, headers: Record<string, string>) => rawRequest("/orders", { method: "POST", token: companyToken, body, headers });
    const key = () => ({ "Idempotency-Key": randomUUID() });
    expect((await post("{", { "Content-Type": "application/json", ...key() })).status).toBe(400);
    expect((await post("lines=1", { "Content-Type": "application/x-www-form-urlencoded", ...key() })).status).toBe(415);
    expect((await post("x".repeat(300 * 1024), { "Content-Type": "application/json", ...key() })).status).toBe(413);
    expect((await post(JSON.stringify(ORDER_BODY(listingId)), { "Content-Type": "application/json" })).status).toBe(400);
    expect((await post("[]", { "Content-Type": "application/json", ...key() })).status).toBe(422);
    expect((await post(JSON.stringify({ ...ORDER_BODY(listingId), lines: [{ listingId: "1 or 1=1", quantity: 1 }] }), { "Content-Type": "application/json", ...key() })).status).toBe(422);
    expect((await rawRequest("/orders?limit=99999999", { token: companyToken })).status).toBe(422);
    expect((await rawRequest("/orders", { headers: { Authorization: "Bearer \u00e9" } })).status).toBe(401);
  });
});

describe("a farm's listings in bulk", () => {
  it("updates stock and prices of many listings in one go; a refused line changes nothing and is named", async () => {
    const owner = await createFarmer();
    const a = (await createListing(as(owner, ["farmer"]), owner.farm.id, listingInput({ stock: "10" }))).id;
    const b = (await createListing(as(owner, ["farmer"]), owner.farm.id, listingInput({ stock: "5", "tiers[0].minQty": "50", "tiers[0].priceVnd": "30000" }))).id;
    const client = apiClient((await token(owner, { kind: "farm", id: owner.farm.id })).secret);
    const listed = await client.GET("/farm/listings");
    const versionOf = (id: number) => listed.data!.data.find((l) => l.id === id)!.version;

    const refused = await client.POST("/farm/listings/stock", {
      params: { header: { "Idempotency-Key": randomUUID() } },
      body: { lines: [{ listingId: a, stock: 0 }, { listingId: listingId, stock: 1 }, { listingId: b, priceVnd: 30000 }] },
    });
    expect(refused.response.status).toBe(422);
    expect(refused.error!.errors).toEqual([
      { field: "lines.1.listingId", code: "errors.api.listingNotFound" },
      { field: "lines.2.priceVnd", code: "errors.tier.priceNotFalling" },
    ]);
    const [untouched] = await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, a));
    expect(Number(untouched.stock)).toBe(10);

    const stale = await client.POST("/farm/listings/stock", { params: { header: { "Idempotency-Key": randomUUID() } }, body: { lines: [{ listingId: a, stock: 3, version: versionOf(a) + 1 }] } });
    expect(stale.error).toMatchObject({ status: 409, errors: [{ field: "lines.0.version" }] });

    const done = await client.POST("/farm/listings/stock", {
      params: { header: { "Idempotency-Key": randomUUID() } },
      body: { lines: [{ listingId: a, stock: 0, version: versionOf(a) }, { listingId: b, stock: 80.5, priceVnd: 36000 }] },
    });
    expect(done.response.status).toBe(200);
    expect(done.data!.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: a, stock: 0, state: "sold_out", version: versionOf(a) + 1 }),
        expect.objectContaining({ id: b, stock: 80.5, priceVnd: 36000, state: "active" }),
      ]),
    );
  });
});

describe("requests for quotation", () => {
  it("makes a request, reads its quotes and accepts one into an order; another company's request is not found", async () => {
    const client = apiClient(companyToken);
    const made = await client.POST("/quote-requests", {
      params: { header: { "Idempotency-Key": randomUUID() } },
      body: {
        categorySlug: "rau-qua",
        product: "Cà chua bi",
        quantity: 100,
        unit: "kg",
        address: { recipient: "Bếp ăn", phone: "0912345678", provinceCode: "68", communeCode: "24778", street: "12 Trần Phú" },
        deliverFrom: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
        deliverTo: new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10),
        deadline: new Date(Date.now() + 7 * 3600_000 + 48 * 3600_000).toISOString().slice(0, 16),
      },
    });
    expect(made.response.status).toBe(201);
    const requestId = made.data!.id;
    const quote = await submitQuote(as(farmer, ["farmer"]), requestId, farmer.farm.id, quoteInput(listingId));
    const quotes = await client.GET("/quote-requests/{id}/quotes", { params: { path: { id: String(requestId) } } });
    expect(quotes.data!.data).toMatchObject([{ id: quote.id, farm: { id: farmer.farm.id }, pricePerUnitVnd: 30000, quantity: 60, version: 1 }]);
    const one = await client.GET("/quote-requests/{id}", { params: { path: { id: String(requestId) } } });
    expect(one.data).toMatchObject({ id: requestId, product: "Cà chua bi", state: "open" });

    const other = await createCompany();
    const otherRequest = await postRequest(other.owner, other.id);
    expect((await client.GET("/quote-requests/{id}", { params: { path: { id: String(otherRequest.id) } } })).response.status).toBe(404);

    const accepted = await client.POST("/quote-requests/{id}/accept", {
      params: { path: { id: String(requestId) }, header: { "Idempotency-Key": randomUUID() } },
      body: { lines: [{ quoteId: quote.id, quantity: 60, version: 1 }], paymentMethod: "cod" },
    });
    expect(accepted.response.status).toBe(201);
    expect(accepted.data!.orderIds).toHaveLength(1);
    const invalid = await client.POST("/quote-requests", { params: { header: { "Idempotency-Key": randomUUID() } }, body: { ...{} } as never });
    expect(invalid.response.status).toBe(422);
  });
});
