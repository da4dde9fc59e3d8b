/**
 * Webhooks out (issue 15, decision 045). Invariants:
 * - an endpoint belongs to one company or one farm; only who the policy lets
 *   (company.integrations: its owners; farm.integrations: its owner and co-op
 *   members) sees, changes or replays it — anyone else is told "not found";
 * - an event is recorded in the transaction of the change that causes it
 *   (recordWebhookEvent), with one delivery per enabled endpoint of its owner
 *   that wants its type and a job for each: a rolled-back change sends
 *   nothing, a committed one loses nothing;
 * - every try is signed per Standard Webhooks (webhook-id = the event's id,
 *   the same on every try and replay), bounded in time, and logged with its
 *   status, a bounded snippet of the answer and its duration; a 2xx ends the
 *   delivery, anything else waits for the next step of the schedule
 *   (WEBHOOK_RETRY_SCHEDULE, ~3 days); a try is made once per job whatever
 *   runs the job twice (the delivery's row, locked, counts the tries);
 * - a delivery whose every try failed switches its endpoint off if nothing
 *   reached that endpoint since the delivery began, and the owners are told
 *   (a notification, emailed when mail is configured);
 * - an endpoint's address is https (http only to this machine in development
 *   and tests), and in production never a private, loopback or link-local
 *   address: checked when saved, and again at every connection on the
 *   address actually dialled (DNS answers can change).
 */
import { createHmac, randomBytes } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { companyMembers, farms, notifications, orders, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "../../db/schema";
import { enqueue, enqueueEffects, type Transaction } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizeCompany, authorizeFarm } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { env } from "~/utils/env.server";
import type { WebhookEventType } from "~/validation/webhooks";

const conflict = (code: string) => new DomainError("conflict", code);

export type WebhookOwner = { kind: "company"; id: number } | { kind: "farm"; id: number };

/** How much of an answer's body is kept in the log. */
export const RESPONSE_SNIPPET_CHARS = 500;
/** The most of an answer's body read at all. */
const RESPONSE_READ_BYTES = 4096;
const LOG_ROWS = 50;

function ownerColumns(owner: WebhookOwner) {
  return owner.kind === "company" ? { companyId: owner.id, farmId: null } : { companyId: null, farmId: owner.id };
}

function ownedBy(owner: WebhookOwner) {
  return owner.kind === "company" ? eq(webhookEndpoints.companyId, owner.id) : eq(webhookEndpoints.farmId, owner.id);
}

async function authorizeOwner(actor: Actor, owner: WebhookOwner, executor: Executor) {
  if (owner.kind === "company") {
    await authorizeCompany(actor, "company.integrations", owner.id, executor);
    return null;
  }
  return authorizeFarm(actor, "farm.integrations", owner.id, executor);
}

/** A signing secret in the Standard Webhooks form: "whsec_" + base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** The Standard Webhooks signature header's value for one message. */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

// ---------------------------------------------------------------------------
// Where a webhook may go

/** Addresses never dialled in production: this machine, private networks, link-local, multicast, reserved. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) PRIVATE.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["64:ff9b::", 96], ["2001:db8::", 32]] as const) PRIVATE.addSubnet(net, prefix, "ipv6");

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, "ipv4");
  if (family !== 6) return true;
  // IPv4 written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? PRIVATE.check(mapped[1], "ipv4") : PRIVATE.check(address, "ipv6");
}

/** Whether endpoints on this machine are allowed: outside production, or in tests that say so. */
function localAllowed(): boolean {
  const e = env();
  return e.NODE_ENV !== "production" || e.WEBHOOK_ALLOW_LOCAL === true;
}

function isLocalHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

/** Why an address may not be an endpoint (an i18n key), or null when it may. */
export function endpointUrlProblem(raw: string, allowLocal = localAllowed()): string | null {
  if (!URL.canParse(raw)) return "errors.webhook.url";
  const url = new URL(raw);
  if (url.username || url.password) return "errors.webhook.urlCredentials";
  const local = allowLocal && isLocalHost(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return "errors.webhook.urlHttps";
  if (local) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) ? isPrivateAddress(host) : host === "localhost" || /\.(localhost|local|internal|lan|home\.arpa)$/i.test(host) || !host.includes(".")) {
    return "errors.webhook.urlPrivate";
  }
  return null;
}

/** A DNS lookup that drops private answers (production): the address checked is the one connected to. */
export function privateRefusingLookup(allowLocal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = addresses as unknown as LookupAddress[];
      const allowed = allowLocal && isLocalHost(hostname) ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (allowed.length === 0) return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: "EPRIVATE" }), "", 4);
      // Node asks for one or all, depending on its happy-eyeballs setting.
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

// ---------------------------------------------------------------------------
// Endpoints: the owner's commands

export type EndpointInput = { url: string; description: string; events: string[] };

function checkUrl(url: string): void {
  const problem = endpointUrlProblem(url);
  if (problem) throw new DomainError("invalid", problem, { field: "url" });
}

export async function createEndpoint(actor: Actor, owner: WebhookOwner, input: EndpointInput): Promise<{ id: number }> {
  checkUrl(input.url);
  return db().transaction(async (tx) => {
    const relation = await authorizeOwner(actor, owner, tx);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ ...ownerColumns(owner), url: input.url, description: input.description, events: input.events, secret: newWebhookSecret(), createdBy: actor.userId })
      .returning({ id: webhookEndpoints.id });
    await audit(tx, actor, { action: "webhook.create", subject: { type: "webhook_endpoint", id: row.id }, farmId: owner.kind === "farm" ? owner.id : null, relation, after: { url: input.url, events: input.events } });
    return row;
  });
}

/** Locks one of the owner's endpoints; another owner's is "not found". */
async function lockEndpoint(tx: Executor, owner: WebhookOwner, endpointId: number) {
  const [row] = await tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, endpointId), ownedBy(owner))).for("update");
  if (!row) throw notFound();
  return row;
}

/** Changes an endpoint's address, note and events, against the version the form showed. */
export async function updateEndpoint(actor: Actor, owner: WebhookOwner, endpointId: number, input: EndpointInput & { version: number }): Promise<void> {
  await db().transaction(async (tx) => {
    const relation = await authorizeOwner(actor, owner, tx);
    const endpoint = await lockEndpoint(tx, owner, endpointId);
    if (endpoint.version !== input.version) throw conflict("errors.webhook.stale");
    if (input.url !== endpoint.url) checkUrl(input.url);
    await tx
      .update(webhookEndpoints)
      .set({ url: input.url, description: input.description, events: input.events, version: endpoint.version + 1, updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, endpointId));
    await audit(tx, actor, {
      action: "webhook.update",
      subject: { type: "webhook_endpoint", id: endpointId },
      farmId: owner.kind === "farm" ? owner.id : null,
      relation,
      before: { url: endpoint.url, events: endpoint.events },
      after: { url: input.url, events: input.events },
    });
  });
}

/** A new signing secret; the old one stops signing at once (the receiver must be given the new one). */
export async function rotateSecret(actor: Actor, owner: WebhookOwner, endpointId: number): Promise<void> {
  await db().transaction(async (tx) => {
    const relation = await authorizeOwner(actor, owner, tx);
    const endpoint = await lockEndpoint(tx, owner, endpointId);
    await tx.update(webhookEndpoints).set({ secret: newWebhookSecret(), version: endpoint.version + 1, updatedAt: new Date() }).where(eq(webhookEndpoints.id, endpointId));
    // The secret itself stays out of the audit trail.
    await audit(tx, actor, { action: "webhook.rotate", subject: { type: "webhook_endpoint", id: endpointId }, farmId: owner.kind === "farm" ? owner.id : null, relation });
  });
}

/** Switches an endpoint off or on; off, its pending deliveries end at their next try. */
export async function setEndpointEnabled(actor: Actor, owner: WebhookOwner, endpointId: number, enabled: boolean): Promise<void> {
  await db().transaction(async (tx) => {
    const relation = await authorizeOwner(actor, owner, tx);
    const endpoint = await lockEndpoint(tx, owner, endpointId);
    if (endpoint.enabled === enabled) return;
    await tx
      .update(webhookEndpoints)
      .set({ enabled, disabledReason: enabled ? null : "owner", disabledAt: enabled ? null : new Date(), version: endpoint.version + 1, updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, endpointId));
    await audit(tx, actor, {
      action: enabled ? "webhook.enable" : "webhook.disable",
      subject: { type: "webhook_endpoint", id: endpointId },
      farmId: owner.kind === "farm" ? owner.id : null,
      relation,
      before: { enabled: endpoint.enabled },
      after: { enabled },
    });
  });
}

/** A new delivery of a delivery's event to its endpoint: same webhook-id, tried from the start of the schedule. */
export async function replayDelivery(actor: Actor, owner: WebhookOwner, deliveryId: number): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    const relation = await authorizeOwner(actor, owner, tx);
    const [found] = await tx
      .select({ eventId: webhookDeliveries.eventId, endpointId: webhookDeliveries.endpointId })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.id, deliveryId), ownedBy(owner)));
    if (!found) throw notFound();
    const endpoint = await lockEndpoint(tx, owner, found.endpointId);
    if (!endpoint.enabled) throw conflict("errors.webhook.disabled");
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({ eventId: found.eventId, endpointId: found.endpointId, replayedBy: actor.userId, nextAttemptAt: new Date() })
      .returning({ id: webhookDeliveries.id });
    await enqueue(tx, "deliver-webhook", { deliveryId: delivery.id, attempt: 1 });
    await audit(tx, actor, { action: "webhook.replay", subject: { type: "webhook_delivery", id: delivery.id }, farmId: owner.kind === "farm" ? owner.id : null, relation, after: { eventId: found.eventId } });
    return delivery;
  });
}

// ---------------------------------------------------------------------------
// Endpoints: what the owner's pages show

export async function listEndpoints(actor: Actor, owner: WebhookOwner) {
  await authorizeOwner(actor, owner, db());
  return db()
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      events: webhookEndpoints.events,
      enabled: webhookEndpoints.enabled,
      disabledReason: webhookEndpoints.disabledReason,
      createdAt: webhookEndpoints.createdAt,
    })
    .from(webhookEndpoints)
    .where(ownedBy(owner))
    .orderBy(desc(webhookEndpoints.id));
}

/** One endpoint with its secret and its latest deliveries, each with its tries. */
export async function endpointWithLog(actor: Actor, owner: WebhookOwner, endpointId: number) {
  await authorizeOwner(actor, owner, db());
  const [endpoint] = await db().select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, endpointId), ownedBy(owner)));
  if (!endpoint) throw notFound();
  const deliveries = await db()
    .select({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      type: webhookEvents.type,
      state: webhookDeliveries.state,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      replay: sql<boolean>`${webhookDeliveries.replayedBy} is not null`,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(LOG_ROWS);
  const tries = deliveries.length
    ? await db()
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, deliveries.map((d) => d.id)))
        .orderBy(webhookAttempts.deliveryId, webhookAttempts.number)
    : [];
  return {
    endpoint,
    deliveries: deliveries.map((d) => ({ ...d, tries: tries.filter((t) => t.deliveryId === d.id) })),
  };
}

// ---------------------------------------------------------------------------
// Events: recorded in the transaction of the change

/** A Standard Webhooks message id: "msg_" and 24 random characters. */
function eventId(): string {
  return `msg_${randomBytes(18).toString("base64url")}`;
}

/**
 * Records an event for its owner and queues a delivery to each of the
 * owner's enabled endpoints that wants its type, in the caller's
 * transaction. The seam for other changes (invoice.issued is wired here by
 * the invoices work). Returns the event's id (its webhook-id).
 */
export async function recordWebhookEvent(tx: Transaction, event: { owner: WebhookOwner; type: WebhookEventType; data: Record<string, unknown> }): Promise<string | null> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(ownedBy(event.owner), eq(webhookEndpoints.enabled, true), sql`${event.type} = any(${webhookEndpoints.events})`));
  // Nobody listens: nothing to keep.
  if (endpoints.length === 0) return null;
  const id = eventId();
  await tx.insert(webhookEvents).values({ id, ...ownerColumns(event.owner), type: event.type, data: event.data });
  const deliveries = await tx
    .insert(webhookDeliveries)
    .values(endpoints.map((e) => ({ eventId: id, endpointId: e.id, nextAttemptAt: new Date() })))
    .returning({ id: webhookDeliveries.id });
  for (const d of deliveries) await enqueue(tx, "deliver-webhook", { deliveryId: d.id, attempt: 1 });
  return id;
}

const ORDER_EVENTS: Partial<Record<string, WebhookEventType>> = {
  placed: "order.placed",
  accepted: "order.accepted",
  declined: "order.declined",
  shipped: "order.shipped",
  delivered: "order.delivered",
  cancelled: "order.cancelled",
  expired: "order.expired",
};

/**
 * The event of orders that reached a status (if that status has one), to
 * their farm and, for a company's purchase, to the company. An order the
 * farm never saw (an unpaid card order, one never approved) that expires or
 * is cancelled is news to the company only.
 */
export async function recordOrderEvents(tx: Executor, orderIds: number[], status: string, options: { farmSaw?: boolean } = {}): Promise<void> {
  const type = ORDER_EVENTS[status];
  if (!type || orderIds.length === 0) return;
  const rows = await tx
    .select({ id: orders.id, number: orders.number, status: orders.status, farmId: orders.farmId, companyId: orders.companyId, poNumber: orders.poNumber, totalVnd: orders.totalVnd, paymentMethod: orders.paymentMethod, createdAt: orders.createdAt })
    .from(orders)
    .where(inArray(orders.id, orderIds));
  for (const order of rows) {
    const data = {
      order: { id: order.id, number: order.number, status: order.status, farmId: order.farmId, companyId: order.companyId, poNumber: order.poNumber, totalVnd: order.totalVnd, paymentMethod: order.paymentMethod, createdAt: order.createdAt.toISOString() },
    };
    // Callers pass their transaction (the Executor type of the order moves).
    const inTx = tx as Transaction;
    if (options.farmSaw !== false) await recordWebhookEvent(inTx, { owner: { kind: "farm", id: order.farmId }, type, data });
    if (order.companyId !== null) await recordWebhookEvent(inTx, { owner: { kind: "company", id: order.companyId }, type, data });
  }
}

/**
 * invoice.issued (decision 043): the invoice of a completed order, to its farm and, for a
 * company's order, to the company — in the transaction that issued it.
 */
export async function recordInvoiceIssued(
  tx: Executor,
  invoice: { id: number; number: string; orderId: number; farmId: number; totalVnd: number; issuedAt: Date },
  companyId: number | null,
): Promise<void> {
  const data = { invoice: { id: invoice.id, number: invoice.number, orderId: invoice.orderId, totalVnd: invoice.totalVnd, issuedAt: invoice.issuedAt.toISOString() } };
  const inTx = tx as Transaction;
  await recordWebhookEvent(inTx, { owner: { kind: "farm", id: invoice.farmId }, type: "invoice.issued", data });
  if (companyId !== null) await recordWebhookEvent(inTx, { owner: { kind: "company", id: companyId }, type: "invoice.issued", data });
}

/** quote.received: a farm's quote on a company's request, to the company. */
export async function recordQuoteReceived(tx: Transaction, quote: { companyId: number; requestId: number; quoteId: number; farmId: number; product: string; pricePerUnitVnd: number; quantity: string; validUntil: string | null }): Promise<void> {
  const { companyId, ...data } = quote;
  await recordWebhookEvent(tx, { owner: { kind: "company", id: companyId }, type: "quote.received", data: { quote: data } });
}

/**
 * stock.low: a sale took a listing below the line of two minimum orders
 * (fewer than two more buyers at the least quantity can be served). Said
 * once per crossing: only when the stock before the sale was at or above
 * the line.
 */
export async function recordStockLow(
  tx: Transaction,
  sales: { listingId: number; farmId: number; title: string; unit: string; stockBefore: number; quantity: number; minimum: number }[],
): Promise<void> {
  for (const sale of sales) {
    const threshold = sale.minimum * 2;
    const after = Math.round((sale.stockBefore - sale.quantity) * 1000) / 1000;
    if (!(sale.stockBefore >= threshold && after < threshold)) continue;
    await recordWebhookEvent(tx, {
      owner: { kind: "farm", id: sale.farmId },
      type: "stock.low",
      data: { listing: { id: sale.listingId, title: sale.title, unit: sale.unit, stock: after, threshold } },
    });
  }
}

// ---------------------------------------------------------------------------
// Delivery: the job's work

/** Seconds to wait after each failed try (the last entry's failure ends the delivery). */
export function retrySchedule(): number[] {
  return env().WEBHOOK_RETRY_SCHEDULE.split(",").map(Number);
}

type TryResult = { status: number | null; error: string | null; snippet: string; durationMs: number };

/** One signed POST, never longer than the timeout; the answer's first bytes kept. */
function postSigned(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<TryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<TryResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(
      target,
      { method: "POST", headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "NongSanSo-Webhooks/1" }, lookup: privateRefusingLookup(localAllowed()) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < RESPONSE_READ_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_READ_BYTES) response.destroy();
        });
        const finish = () => {
          const text = Buffer.concat(chunks).subarray(0, RESPONSE_READ_BYTES).toString("utf8");
          done({ status: response.statusCode ?? null, error: null, snippet: text.slice(0, RESPONSE_SNIPPET_CHARS) });
        };
        response.on("end", finish);
        response.on("close", finish);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      done({ status: null, error: "timeout", snippet: "" });
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => done({ status: null, error: (error.code ?? error.message).slice(0, 100), snippet: "" }));
    request.end(body);
  });
}

/**
 * Tries a delivery once (the job's `attempt`): signs and posts the event,
 * logs the try, and either ends the delivery or queues the next try along
 * the schedule. A job for a try already made, a delivery already ended or an
 * endpoint switched off does nothing more.
 */
export async function deliverWebhook(job: { deliveryId: number; attempt: number }): Promise<void> {
  const [row] = await db()
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: webhookEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, job.deliveryId));
  if (!row || row.delivery.state !== "pending" || row.delivery.attempts >= job.attempt) return;
  if (!row.endpoint.enabled) {
    await db().update(webhookDeliveries).set({ state: "failed", nextAttemptAt: null, finishedAt: new Date() }).where(and(eq(webhookDeliveries.id, job.deliveryId), eq(webhookDeliveries.state, "pending")));
    return;
  }
  const body = JSON.stringify({ type: row.event.type, timestamp: row.event.createdAt.toISOString(), data: row.event.data });
  const timestamp = Math.floor(Date.now() / 1000);
  const result = await postSigned(
    row.endpoint.url,
    { "webhook-id": row.event.id, "webhook-timestamp": String(timestamp), "webhook-signature": webhookSignature(row.endpoint.secret, row.event.id, timestamp, body) },
    body,
    env().WEBHOOK_TIMEOUT_MS,
  );
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  const schedule = retrySchedule();
  await db().transaction(async (tx) => {
    const [delivery] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, job.deliveryId)).for("update");
    // Another run of this job got here first.
    if (!delivery || delivery.state !== "pending" || delivery.attempts >= job.attempt) return;
    await tx.insert(webhookAttempts).values({ deliveryId: delivery.id, number: job.attempt, status: result.status, error: result.error, responseSnippet: result.snippet, durationMs: result.durationMs });
    if (ok) {
      await tx.update(webhookDeliveries).set({ state: "delivered", attempts: job.attempt, nextAttemptAt: null, finishedAt: new Date() }).where(eq(webhookDeliveries.id, delivery.id));
      return;
    }
    const wait = schedule[job.attempt - 1];
    if (wait !== undefined) {
      await tx.update(webhookDeliveries).set({ attempts: job.attempt, nextAttemptAt: new Date(Date.now() + wait * 1000) }).where(eq(webhookDeliveries.id, delivery.id));
      await enqueue(tx, "deliver-webhook", { deliveryId: delivery.id, attempt: job.attempt + 1 }, { startAfterSeconds: wait });
      return;
    }
    await tx.update(webhookDeliveries).set({ state: "failed", attempts: job.attempt, nextAttemptAt: null, finishedAt: new Date() }).where(eq(webhookDeliveries.id, delivery.id));
    await disableIfPersistentlyFailing(tx, delivery.endpointId, delivery.createdAt);
  });
}

/**
 * A delivery ran out of tries: if nothing reached its endpoint since the
 * delivery began (the schedule's ~3 days), the endpoint is switched off and
 * its owners are told.
 */
async function disableIfPersistentlyFailing(tx: Transaction, endpointId: number, since: Date): Promise<void> {
  const [endpoint] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).for("update");
  if (!endpoint?.enabled) return;
  const [reached] = await tx
    .select({ id: webhookAttempts.id })
    .from(webhookAttempts)
    .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
    .where(and(eq(webhookDeliveries.endpointId, endpointId), gte(webhookAttempts.createdAt, since), sql`${webhookAttempts.status} between 200 and 299`))
    .limit(1);
  if (reached) return;
  await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: "failing", disabledAt: new Date(), version: endpoint.version + 1, updatedAt: new Date() })
    .where(eq(webhookEndpoints.id, endpointId));
  const owners =
    endpoint.companyId !== null
      ? await tx.select({ userId: companyMembers.userId }).from(companyMembers).where(and(eq(companyMembers.companyId, endpoint.companyId), eq(companyMembers.role, "owner")))
      : await tx.select({ userId: farms.ownerId }).from(farms).where(eq(farms.id, endpoint.farmId!));
  const path = endpoint.companyId !== null ? `/business/${endpoint.companyId}/webhooks/${endpointId}` : `/sell/webhooks/${endpointId}`;
  const told = owners.length
    ? await tx.insert(notifications).values(owners.map((o) => ({ userId: o.userId, kind: "webhook_disabled", params: { path, url: endpoint.url } }))).returning({ id: notifications.id })
    : [];
  await audit(tx, null, { action: "webhook.disable", subject: { type: "webhook_endpoint", id: endpointId }, farmId: endpoint.farmId, before: { enabled: true }, after: { enabled: false } });
  await enqueueEffects(tx, { notified: told.map((n) => n.id) });
}
