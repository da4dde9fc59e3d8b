/**
 * Webhooks out (issue 15, decision 045) on real PostgreSQL, delivered by
 * the real pg-boss workers to a real HTTP server this test starts, with a
 * short retry schedule (1 s between tries, three tries). Signatures are
 * checked with the Standard Webhooks reference library (npm standardwebhooks).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../db/client";
import { notifications, webhookDeliveries, webhookEndpoints, webhookEvents } from "../../db/schema";
import { addMember, createCompany, postRequest, quoteInput } from "../../tests/company-factories";
import { as, checkoutCart, createFarmer, listingInput } from "../../tests/factories";
import { sideEffectWorkers } from "../../tests/jobs";
import { addToCart } from "./cart.server";
import { createListing } from "./listing.server";
import { transitionOrder } from "./orders/moves.server";
import { submitQuote } from "./rfq.server";
import {
  createEndpoint,
  endpointUrlProblem,
  endpointWithLog,
  isPrivateAddress,
  privateRefusingLookup,
  listEndpoints,
  replayDelivery,
  rotateSecret,
  setEndpointEnabled,
  updateEndpoint,
  type WebhookOwner,
} from "./webhook.server";

vi.hoisted(() => {
  process.env.WEBHOOK_RETRY_SCHEDULE = "1,1";
  process.env.WEBHOOK_TIMEOUT_MS = "2000";
});

sideEffectWorkers({ refunds: false });

type Received = { path: string; headers: IncomingHttpHeaders; body: string; answered: number };

/** A receiver: answers each path by its script (status codes in turn, the last one repeated). */
const received: Received[] = [];
const scripts = new Map<string, number[] | ((type: string) => number)>();
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const path = request.url ?? "";
      const script = scripts.get(path) ?? [200];
      const seen = received.filter((r) => r.path === path).length;
      const status = typeof script === "function" ? script((JSON.parse(body) as { type: string }).type) : script[Math.min(seen, script.length - 1)];
      received.push({ path, headers: request.headers, body, answered: status });
      response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : `nope ${"x".repeat(2000)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function until<T>(what: () => Promise<T | undefined | false | null>, seconds = 20): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function verify(secret: string, r: Received) {
  return new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
}

let pathSeq = 0;
/** A company (its owner), a farm selling rice to it, and an endpoint of the company on a fresh path. */
async function companyWithEndpoint(script: number[] | ((type: string) => number), events = ["order.placed"]) {
  const company = await createCompany();
  const owner = as(company.owner, ["business"]);
  const farmer = await createFarmer();
  const listingId = (await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput({ title: "Gạo ST25", stock: "1000", minOrderQty: "1", priceVnd: "38000" }))).id;
  const path = `/hook-${++pathSeq}`;
  scripts.set(path, script);
  const ownerKey: WebhookOwner = { kind: "company", id: company.id };
  const endpoint = await createEndpoint(owner, ownerKey, { url: `${base}${path}`, description: "ERP", events });
  const [{ secret }] = await db().select({ secret: webhookEndpoints.secret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
  const buy = async (quantity = 10) => {
    await addToCart(company.owner.id, listingId, quantity);
    const result = await checkoutCart(company.owner.id, { company: { id: company.id, poNumber: "PO-1" } });
    if (!result.ok) throw new Error(`checkout refused: ${result.reason}`);
    return result.orderIds[0];
  };
  return { company, owner, ownerKey, farmer, listingId, path, endpoint, secret, buy };
}

const hits = (path: string) => received.filter((r) => r.path === path);

describe("delivering webhooks", () => {
  it("signs per Standard Webhooks and, after two failures, delivers on the third try, once", async () => {
    const k = await companyWithEndpoint([500, 503, 200]);
    expect(k.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const orderId = await k.buy();
    const delivered = await until(async () => {
      const [d] = await db().select().from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, k.endpoint.id), eq(webhookDeliveries.state, "delivered")));
      return d;
    });
    expect(delivered.attempts).toBe(3);
    // Nothing more comes once it is delivered (the schedule would have had a fourth try by now).
    await sleep(2500);
    const got = hits(k.path);
    expect(got.map((r) => r.answered)).toEqual([500, 503, 200]);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    for (const r of got) {
      const payload = verify(k.secret, r);
      expect(payload.type).toBe("order.placed");
      expect(payload.data).toMatchObject({ order: { id: orderId, companyId: k.company.id, poNumber: "PO-1", status: "placed" } });
    }
    // A different secret does not verify: the signature is really the endpoint's.
    expect(() => verify(`whsec_${Buffer.alloc(24, 7).toString("base64")}`, got[0])).toThrow();

    const log = await endpointWithLog(k.owner, k.ownerKey, k.endpoint.id);
    expect(log.deliveries).toHaveLength(1);
    const tries = log.deliveries[0].tries;
    expect(tries.map((t) => t.status)).toEqual([500, 503, 200]);
    expect(tries[0].responseSnippet.length).toBe(500);
    expect(tries[0].responseSnippet.startsWith("nope x")).toBe(true);
    expect(tries[2].responseSnippet).toBe("ok");
    expect(tries.every((t) => t.durationMs >= 0 && t.durationMs < 2000)).toBe(true);
  });

  it("replays a delivery: a new delivery with the same webhook-id", async () => {
    const k = await companyWithEndpoint([200]);
    await k.buy();
    const first = await until(async () => hits(k.path)[0]);
    const [delivery] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, k.endpoint.id));
    await until(async () => (await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id)))[0]?.state === "delivered");
    const replay = await replayDelivery(k.owner, k.ownerKey, delivery.id);
    expect(replay.id).not.toBe(delivery.id);
    const second = await until(async () => hits(k.path)[1]);
    expect(second.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(verify(k.secret, second).type).toBe("order.placed");
    const log = await endpointWithLog(k.owner, k.ownerKey, k.endpoint.id);
    expect(log.deliveries.map((d) => d.replay)).toEqual([true, false]);
  });

  it("switches an endpoint off after every try of a delivery failed, and tells its owners", async () => {
    const k = await companyWithEndpoint([500]);
    await k.buy();
    const disabled = await until(async () => {
      const [e] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, k.endpoint.id));
      return e.enabled ? null : e;
    });
    expect(disabled.disabledReason).toBe("failing");
    expect(hits(k.path)).toHaveLength(3);
    const [delivery] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, k.endpoint.id));
    expect(delivery).toMatchObject({ state: "failed", attempts: 3 });
    const told = await db().select().from(notifications).where(and(eq(notifications.userId, k.company.owner.id), eq(notifications.kind, "webhook_disabled")));
    expect(told).toHaveLength(1);
    expect(told[0].params).toMatchObject({ path: `/business/${k.company.id}/webhooks/${k.endpoint.id}` });
    // Switched off, it gets nothing more; switched on again by its owner, it does.
    await k.buy(5);
    await sleep(1500);
    expect(hits(k.path)).toHaveLength(3);
    scripts.set(k.path, [200]);
    await setEndpointEnabled(k.owner, k.ownerKey, k.endpoint.id, true);
    await k.buy(5);
    await until(async () => hits(k.path).length === 4);
  });

  it("keeps an endpoint that answered in between", async () => {
    // Two events: order.placed is refused throughout while order.accepted is answered.
    const k = await companyWithEndpoint((type) => (type === "order.accepted" ? 200 : 500), ["order.placed", "order.accepted"]);
    const orderId = await k.buy();
    await transitionOrder(orderId, "accept", as(k.farmer, ["farmer"]));
    await until(async () => (await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, k.endpoint.id))).every((d) => d.state !== "pending"));
    const deliveries = await db().select({ state: webhookDeliveries.state, attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, k.endpoint.id)).orderBy(webhookDeliveries.id);
    expect(deliveries).toEqual([{ state: "failed", attempts: 3 }, { state: "delivered", attempts: 1 }]);
    const [endpoint] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, k.endpoint.id));
    expect(endpoint.enabled).toBe(true);
  });
});

describe("which events reach whom", () => {
  it("tells the farm and the company of an order's moves, in the move's transaction", async () => {
    const k = await companyWithEndpoint([200], ["order.accepted", "order.shipped", "order.delivered", "order.cancelled"]);
    const farmPath = `/farm-${++pathSeq}`;
    const farmKey: WebhookOwner = { kind: "farm", id: k.farmer.farm.id };
    const farmEndpoint = await createEndpoint(as(k.farmer, ["farmer"]), farmKey, { url: `${base}${farmPath}`, description: "", events: ["order.placed", "order.accepted", "order.shipped", "stock.low"] });
    const orderId = await k.buy(10);
    const seller = as(k.farmer, ["farmer"]);
    // A move refused records nothing.
    expect(await transitionOrder(orderId, "ship", seller)).toMatchObject({ ok: false });
    for (const move of ["accept", "pack", "ship", "deliver"] as const) expect(await transitionOrder(orderId, move, seller)).toMatchObject({ ok: true });
    const events = async (owner: { companyId?: number; farmId?: number }) =>
      (await db().select({ type: webhookEvents.type }).from(webhookEvents).where(owner.companyId ? eq(webhookEvents.companyId, owner.companyId) : eq(webhookEvents.farmId, owner.farmId!)).orderBy(webhookEvents.createdAt)).map((e) => e.type);
    expect(await events({ companyId: k.company.id })).toEqual(["order.accepted", "order.shipped", "order.delivered"]);
    expect(await events({ farmId: k.farmer.farm.id })).toEqual(["order.placed", "order.accepted", "order.shipped"]);
    await until(async () => hits(farmPath).length === 3 && hits(k.path).length === 3);
    const [{ secret: farmSecret }] = await db().select({ secret: webhookEndpoints.secret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, farmEndpoint.id));
    // Side by side, so in any order.
    expect(hits(farmPath).map((r) => verify(farmSecret, r).type).sort()).toEqual(["order.accepted", "order.placed", "order.shipped"]);
  });

  it("invoice.issued: the invoice of a completed order, to the company and the farm, signed", async () => {
    const k = await companyWithEndpoint([200], ["invoice.issued"]);
    const farmPath = `/farm-${++pathSeq}`;
    await createEndpoint(as(k.farmer, ["farmer"]), { kind: "farm", id: k.farmer.farm.id }, { url: `${base}${farmPath}`, description: "", events: ["invoice.issued"] });
    const orderId = await k.buy(5);
    const seller = as(k.farmer, ["farmer"]);
    for (const move of ["accept", "pack", "ship", "deliver"] as const) expect(await transitionOrder(orderId, move, seller)).toMatchObject({ ok: true });
    // Nothing before the invoice exists.
    expect(await db().select().from(webhookEvents).where(eq(webhookEvents.companyId, k.company.id))).toEqual([]);
    expect(await transitionOrder(orderId, "complete", k.owner)).toMatchObject({ ok: true });
    await until(async () => hits(k.path).length === 1 && hits(farmPath).length === 1);
    const sent = verify(k.secret, hits(k.path)[0]);
    expect(sent.type).toBe("invoice.issued");
    expect(sent.data).toMatchObject({ invoice: { orderId, totalVnd: 5 * 38000, number: expect.stringMatching(/^NSS-/) } });
  });

  it("stock.low: once, when a sale takes a listing below two minimum orders", async () => {
    const farmer = await createFarmer();
    const listingId = (await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput({ title: "Cà chua", stock: "100", minOrderQty: "10", priceVnd: "20000" }))).id;
    const key: WebhookOwner = { kind: "farm", id: farmer.farm.id };
    await createEndpoint(as(farmer, ["farmer"]), key, { url: `${base}/stock-${++pathSeq}`, description: "", events: ["stock.low"] });
    const company = await createCompany();
    const buy = async (quantity: number) => {
      await addToCart(company.owner.id, listingId, quantity);
      expect((await checkoutCart(company.owner.id)).ok).toBe(true);
    };
    const lows = async () => db().select({ data: webhookEvents.data }).from(webhookEvents).where(and(eq(webhookEvents.farmId, farmer.farm.id), eq(webhookEvents.type, "stock.low")));
    await buy(70); // 30 left: above 20
    expect(await lows()).toHaveLength(0);
    await buy(15); // 15 left: below 20
    expect((await lows()).map((e) => e.data)).toEqual([{ listing: { id: listingId, title: "Cà chua", unit: "kg", stock: 15, threshold: 20 } }]);
    await buy(10); // 5 left: still below, not said again
    expect(await lows()).toHaveLength(1);
  });

  it("quote.received: a farm's quote on the company's request", async () => {
    const company = await createCompany();
    const key: WebhookOwner = { kind: "company", id: company.id };
    await createEndpoint(as(company.owner, ["business"]), key, { url: `${base}/quote-${++pathSeq}`, description: "", events: ["quote.received"] });
    const request = await postRequest(company.owner, company.id);
    const farmer = await createFarmer();
    const listing = await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput());
    const quote = await submitQuote(as(farmer, ["farmer"]), request.id, farmer.farm.id, quoteInput(listing.id));
    const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.companyId, company.id));
    expect(event).toMatchObject({ type: "quote.received", data: { quote: { requestId: request.id, quoteId: quote.id, farmId: farmer.farm.id, pricePerUnitVnd: 30000 } } });
  });
});

describe("who may see and change endpoints", () => {
  it("answers another owner, a company buyer and another farm 'not found' or 'forbidden'", async () => {
    const k = await companyWithEndpoint([200]);
    await k.buy();
    const [delivery] = await until(async () => {
      const rows = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, k.endpoint.id));
      return rows.length ? rows : null;
    });
    const other = await createCompany();
    const otherOwner = as(other.owner, ["business"]);
    const otherKey: WebhookOwner = { kind: "company", id: other.id };
    // Another company's owner, asking about this company: not found.
    await expect(listEndpoints(otherOwner, k.ownerKey)).rejects.toMatchObject({ kind: "not_found" });
    await expect(endpointWithLog(otherOwner, k.ownerKey, k.endpoint.id)).rejects.toMatchObject({ kind: "not_found" });
    // …or naming this company's endpoint and delivery under its own company: not found either.
    await expect(endpointWithLog(otherOwner, otherKey, k.endpoint.id)).rejects.toMatchObject({ kind: "not_found" });
    await expect(replayDelivery(otherOwner, otherKey, delivery.id)).rejects.toMatchObject({ kind: "not_found" });
    await expect(rotateSecret(otherOwner, otherKey, k.endpoint.id)).rejects.toMatchObject({ kind: "not_found" });
    await expect(setEndpointEnabled(otherOwner, otherKey, k.endpoint.id, false)).rejects.toMatchObject({ kind: "not_found" });
    await expect(updateEndpoint(otherOwner, otherKey, k.endpoint.id, { url: `${base}/x`, description: "", events: ["order.placed"], version: 1 })).rejects.toMatchObject({ kind: "not_found" });
    // A buyer of the company: a part in it, not this right.
    const buyer = as(await addMember(k.company.id, "buyer"), ["business"]);
    await expect(listEndpoints(buyer, k.ownerKey)).rejects.toMatchObject({ kind: "forbidden" });
    // Another farm's owner, asking about this farm: not found.
    const stranger = await createFarmer();
    await expect(listEndpoints(as(stranger, ["farmer"]), { kind: "farm", id: k.farmer.farm.id })).rejects.toMatchObject({ kind: "not_found" });
    // Nothing changed.
    const [endpoint] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, k.endpoint.id));
    expect(endpoint).toMatchObject({ enabled: true, secret: k.secret, version: 1 });
  });

  it("rotates the secret and refuses a stale edit", async () => {
    const k = await companyWithEndpoint([200]);
    await rotateSecret(k.owner, k.ownerKey, k.endpoint.id);
    const [after] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, k.endpoint.id));
    expect(after.secret).not.toBe(k.secret);
    expect(after.secret).toMatch(/^whsec_/);
    await expect(updateEndpoint(k.owner, k.ownerKey, k.endpoint.id, { url: `${base}/y`, description: "", events: ["order.placed"], version: 1 })).rejects.toMatchObject({ code: "errors.webhook.stale" });
    await updateEndpoint(k.owner, k.ownerKey, k.endpoint.id, { url: `${base}/y`, description: "new", events: ["order.shipped"], version: after.version });
  });
});

describe("where a webhook may go", () => {
  it("knows private addresses", () => {
    for (const a of ["10.1.2.3", "192.168.1.1", "172.16.0.5", "127.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"]) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ["8.8.8.8", "1.1.1.1", "203.162.4.191", "2001:4860:4860::8888", "::ffff:8.8.8.8"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("takes https anywhere public, and http only to this machine outside production", () => {
    expect(endpointUrlProblem("https://erp.example.vn/hooks")).toBeNull();
    expect(endpointUrlProblem("http://127.0.0.1:9999/x")).toBeNull();
    expect(endpointUrlProblem("http://localhost:9999/x")).toBeNull();
    expect(endpointUrlProblem("http://erp.example.vn/hooks")).toBe("errors.webhook.urlHttps");
    expect(endpointUrlProblem("https://user:pw@erp.example.vn/")).toBe("errors.webhook.urlCredentials");
    expect(endpointUrlProblem("ftp://erp.example.vn/")).toBe("errors.webhook.urlHttps");
    // Production: nothing on this machine or a private network, even by https.
    for (const url of ["http://127.0.0.1:9999/x", "https://127.0.0.1/x", "https://10.0.0.8/x", "https://[::1]/x", "https://localhost/x", "https://db.internal/x", "https://router/x", "https://[::ffff:192.168.0.1]/x"]) {
      expect(endpointUrlProblem(url, false), url).not.toBeNull();
    }
    expect(endpointUrlProblem("https://erp.example.vn/hooks", false)).toBeNull();
  });

  it("never connects to a private address, whatever the name resolves to (production)", async () => {
    const resolve = (allowLocal: boolean, host: string) =>
      new Promise<{ error: string | null; address: string | null }>((done) =>
        privateRefusingLookup(allowLocal)(host, {}, (error, address) => done({ error: (error as NodeJS.ErrnoException | null)?.code ?? null, address: error ? null : String(address) })),
      );
    expect(await resolve(false, "localhost")).toEqual({ error: "EPRIVATE", address: null });
    expect(await resolve(true, "localhost")).toMatchObject({ error: null });
    // An address literal goes through the same lookup (node calls it for names only, so the save check covers literals).
    expect(await resolve(false, "127.0.0.1")).toEqual({ error: "EPRIVATE", address: null });
  });

  it("refuses a private address when an endpoint is saved", async () => {
    const company = await createCompany();
    await expect(createEndpoint(as(company.owner, ["business"]), { kind: "company", id: company.id }, { url: "http://erp.example.vn/", description: "", events: ["order.placed"] })).rejects.toMatchObject({
      kind: "invalid",
      field: "url",
      code: "errors.webhook.urlHttps",
    });
  });
});
