/**
 * Requests for quotation and quotes (issue 12, decision 030). Invariants:
 * - a request belongs to a company; its buyers (policy company.buy) post,
 *   cancel and accept; its members see it and talk in the quotes' threads;
 * - a farm quotes once per request (it revises its quote), only while the
 *   request is open and before its deadline, and only if the request reaches
 *   it (matchingFarms) — its owner, a co-op member or a helper with the
 *   'orders' scope (policy quote.answer);
 * - every write to a quote raises its version (a trigger); the buyer accepts
 *   the versions they saw, or nothing: a quote revised in between is refused
 *   by name, never accepted at a price the buyer did not see;
 * - every write locks the request first, then quotes in id order: two
 *   members accepting at once queue, and the second finds it awarded.
 */
import { and, asc, eq, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import {
  communes,
  companies,
  companyMembers,
  farmCertifications,
  farms,
  listingCertifications,
  listings,
  notifications,
  orders,
  provinces,
  quoteMessages,
  quoteRequestInvites,
  quoteRequests,
  quotes,
  users,
} from "../../db/schema";
import { enqueueEffects, type Transaction } from "~/effects.server";
import { authorizeCompany, authorizeFarm } from "~/policy/authorize.server";
import { audit } from "~/policy/audit.server";
import { DomainError, notFound } from "~/policy/errors";
import { can, type Actor } from "~/policy/policy";
import { companyRole, farmRelation } from "~/policy/relations.server";
import type { QuoteInput, QuoteRequestInput } from "~/validation/rfq";
import { createFromQuotes } from "./standing.server";
import { helperHouseholds } from "./helper-work.server";
import { placeQuotedOrders } from "./orders/checkout.server";
import { checkAddress } from "./place.server";
import type { TextNotice } from "./text-notice.server";
import { recordQuoteReceived } from "./webhook.server";
import { parseQuantity, quantityToSql, roundQuantity, type Unit } from "./units";

export type QuoteRequest = typeof quoteRequests.$inferSelect;
export type Quote = typeof quotes.$inferSelect;

const invalid = (field: string, code: string, params?: Record<string, string | number>) => new DomainError("invalid", code, { field, params });
const conflict = (code: string, params?: Record<string, string | number>) => new DomainError("conflict", code, { params });

/** Posts a request for the company; the farms it reaches hear of it. */
export async function createRequest(actor: Actor, companyId: number, input: QuoteRequestInput, now = new Date()): Promise<{ id: number }> {
  const addressErrors = await checkAddress(input.provinceCode, input.communeCode);
  const [field, [code] = []] = Object.entries(addressErrors)[0] ?? [];
  if (field) throw invalid(field, code);
  if (input.deadline.getTime() <= now.getTime()) throw invalid("deadline", "errors.deadline.past");
  return db().transaction(async (tx) => {
    await authorizeCompany(actor, "company.buy", companyId, tx);
    if (input.invitedFarmIds.length) {
      const found = await tx.select({ id: farms.id }).from(farms).where(inArray(farms.id, input.invitedFarmIds));
      if (found.length !== input.invitedFarmIds.length) throw invalid("invitedFarmIds", "errors.rfq.invitedFarm");
    }
    if (input.provinceCodes.length) {
      const found = await tx.select({ code: provinces.code }).from(provinces).where(inArray(provinces.code, input.provinceCodes));
      if (found.length !== input.provinceCodes.length) throw invalid("provinceCodes", "errors.rfq.province");
    }
    const [request] = await tx
      .insert(quoteRequests)
      .values({
        companyId,
        createdBy: actor.userId,
        categorySlug: input.categorySlug,
        product: input.product,
        quantity: quantityToSql(input.quantity),
        unit: input.unit,
        grade: input.grade,
        certifications: input.certifications,
        provinceCode: input.provinceCode,
        communeCode: input.communeCode,
        street: input.street,
        recipient: input.recipient,
        phone: input.phone,
        deliverFrom: input.deliverFrom,
        deliverTo: input.deliverTo,
        targetPriceVnd: input.targetPriceVnd ?? null,
        deadline: input.deadline,
        recurrence: input.recurrence,
        audience: input.audience,
        nationwide: input.nationwide,
        provinceCodes: input.provinceCodes.filter((code) => code !== input.provinceCode),
        repeatUntil: input.recurrence === "weekly" ? (input.repeatUntil ?? null) : null,
      })
      .returning({ id: quoteRequests.id });
    const invited = input.audience === "invited" ? input.invitedFarmIds : [];
    if (invited.length) await tx.insert(quoteRequestInvites).values(invited.map((farmId) => ({ requestId: request.id, farmId })));
    const reached = await matchingFarms(request.id, tx);
    const params = { requestId: String(request.id), product: input.product };
    // The household's owner in the app, by email and by text (one per farm per request); its helpers in the app and by email.
    const helpers = await householdHelpers(tx, reached.map((f) => f.id));
    const told = [
      ...reached.map((f) => ({ userId: f.ownerId, kind: "rfq_matched", params })),
      ...[...new Set(helpers.map((h) => h.userId))].filter((id) => !reached.some((f) => f.ownerId === id)).map((userId) => ({ userId, kind: "rfq_matched_helper", params })),
    ];
    const notified = told.length ? await tx.insert(notifications).values(told).returning({ id: notifications.id }) : [];
    const texts: TextNotice[] = reached.map((f) => ({ userId: f.ownerId, template: "rfqMatched", params: { product: input.product }, path: `/sell/requests/${request.id}`, key: `rfq-matched:${request.id}:farm:${f.id}` }));
    await audit(tx, actor, { action: "rfq.create", subject: { type: "quote_request", id: request.id }, after: { companyId, ...input, farms: reached.map((f) => f.id) } });
    await enqueueEffects(tx, { notified: notified.map((n) => n.id), texts });
    return request;
  });
}

/** Cancels an open or closed request (policy company.buy); its quotes are declined. */
export async function cancelRequest(actor: Actor, requestId: number): Promise<void> {
  await db().transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    await authorizeCompany(actor, "company.buy", request.companyId, tx);
    if (!awaitsAward(request)) throw conflict("errors.rfq.notOpen");
    await tx.update(quoteRequests).set({ state: "cancelled" }).where(eq(quoteRequests.id, requestId));
    await tx.update(quotes).set({ state: "declined", updatedAt: new Date() }).where(and(eq(quotes.requestId, requestId), eq(quotes.state, "submitted")));
    await audit(tx, actor, { action: "rfq.cancel", subject: { type: "quote_request", id: requestId }, before: { state: request.state }, after: { state: "cancelled" } });
  });
}

/**
 * The farms a request reaches: the invited ones; or, open to all, farms with
 * an active listing in its category (or a category under it), holding every
 * certification it requires (the farm's or that listing's, not expired), in
 * the delivery province or one of the provinces chosen, unless it is nationwide.
 */
export async function matchingFarms(requestId: number, executor: Executor = db()): Promise<{ id: number; ownerId: number }[]> {
  const rows = await executor.execute<{ id: number; owner_id: number }>(sql`
    select f.id, f.owner_id from farms f, quote_requests r
    where r.id = ${requestId} and ${REACHES}
    order by f.id`);
  return [...rows].map((r) => ({ id: Number(r.id), ownerId: Number(r.owner_id) }));
}

/** Whether request r reaches farm f (see matchingFarms). */
const REACHES = sql`(
  not exists (select 1 from users su where su.id = f.owner_id and su.suspended_at is not null) and (
  (r.audience = 'invited' and exists (select 1 from quote_request_invites i where i.request_id = r.id and i.farm_id = f.id))
  or (r.audience = 'open' and (r.nationwide or f.province_code = r.province_code or f.province_code = any(r.province_codes)) and exists (
    select 1 from listings l join categories c on c.slug = l.category_slug
    where l.farm_id = f.id and l.state = 'active' and l.deleted_at is null and l.hidden_at is null
      and (l.category_slug = r.category_slug or c.parent_slug = r.category_slug)
      and not exists (
        select 1 from unnest(r.certifications) as needed(type)
        where not exists (select 1 from farm_certifications fc where fc.farm_id = f.id and fc.type = needed.type and (fc.expires_on is null or fc.expires_on >= current_date))
          and not exists (select 1 from listing_certifications lc where lc.listing_id = l.id and lc.type = needed.type and (lc.expires_on is null or lc.expires_on >= current_date))
      )
  ))
))`;

/**
 * The helpers who may answer for these households: active members of a team
 * holding a consent in force with the 'orders' scope (as policy quote.answer).
 */
async function householdHelpers(executor: Executor, farmIds: number[]): Promise<{ userId: number; farmId: number }[]> {
  if (!farmIds.length) return [];
  const rows = await executor.execute<{ user_id: number; farm_id: number }>(sql`
    select distinct tm.user_id, c.farm_id from consents c join team_members tm on tm.team_id = c.team_id and tm.removed_at is null
    where c.farm_id in ${sql.raw(`(${farmIds.map(Number).join(",")})`)} and 'orders' = any(c.scopes)
      and c.granted_at is not null and c.withdrawn_at is null and c.expires_at > now()`);
  return [...rows].map((r) => ({ userId: Number(r.user_id), farmId: Number(r.farm_id) }));
}

/**
 * Whether the buyer may still accept or cancel: open, or closed by its
 * deadline (bidding is over, the award follows while quotes are valid).
 */
function awaitsAward(request: QuoteRequest): boolean {
  return request.state === "open" || request.state === "closed";
}

/**
 * Closes the open requests whose deadline has passed (the job every minute):
 * no more quotes; the buyer may still accept those valid. Each company's
 * members are told how many quotes came, and each quoting farm (its owner
 * and whoever made the quote) that bidding is over. Safe to run twice: a
 * closed request is not closed again; one awarded or cancelled meanwhile is
 * left alone (the update re-reads the state under its row lock).
 */
export async function closeRequestsPastDeadline(now = new Date()): Promise<number> {
  return db().transaction(async (tx) => {
    const closed = await tx
      .update(quoteRequests)
      .set({ state: "closed" })
      .where(and(eq(quoteRequests.state, "open"), lte(quoteRequests.deadline, now)))
      .returning({ id: quoteRequests.id, companyId: quoteRequests.companyId, product: quoteRequests.product });
    if (!closed.length) return 0;
    const ids = closed.map((r) => r.id);
    const [members, quoting] = await Promise.all([
      tx.select({ companyId: companyMembers.companyId, userId: companyMembers.userId }).from(companyMembers).where(inArray(companyMembers.companyId, closed.map((r) => r.companyId))),
      tx
        .select({ requestId: quotes.requestId, quoteId: quotes.id, ownerId: farms.ownerId, createdBy: quotes.createdBy })
        .from(quotes)
        .innerJoin(farms, eq(farms.id, quotes.farmId))
        .where(and(inArray(quotes.requestId, ids), eq(quotes.state, "submitted"))),
    ]);
    const told: { userId: number; kind: string; params: Record<string, string> }[] = [];
    const texts: TextNotice[] = [];
    for (const request of closed) {
      const count = quoting.filter((q) => q.requestId === request.id);
      const params = { requestId: String(request.id), product: request.product, count: String(count.length) };
      for (const m of members.filter((m) => m.companyId === request.companyId)) {
        told.push({ userId: m.userId, kind: "rfq_closed", params });
        texts.push({ userId: m.userId, template: "rfqClosed", params, path: `/business/requests/${request.id}`, key: `rfq-closed:${request.id}:user:${m.userId}`, onlyWithoutEmail: true });
      }
      for (const q of count) {
        for (const userId of new Set([q.ownerId, q.createdBy])) {
          told.push({ userId, kind: "rfq_closed_farm", params });
          texts.push({ userId, template: "rfqClosedFarm", params, path: `/sell/requests/${request.id}`, key: `rfq-closed:${request.id}:user:${userId}`, onlyWithoutEmail: true });
        }
      }
      await audit(tx, null, { action: "rfq.close", subject: { type: "quote_request", id: request.id }, before: { state: "open" }, after: { state: "closed", quotes: count.length } });
    }
    const notified = told.length ? await tx.insert(notifications).values(told).returning({ id: notifications.id }) : [];
    await enqueueEffects(tx, { notified: notified.map((n) => n.id), texts });
    return closed.length;
  });
}

async function lockRequest(tx: Executor, requestId: number): Promise<QuoteRequest> {
  const [request] = await tx.select().from(quoteRequests).where(eq(quoteRequests.id, requestId)).for("update");
  if (!request) throw notFound();
  return request;
}

function assertQuotable(request: QuoteRequest, now: Date): void {
  if (request.state !== "open") throw conflict("errors.rfq.notOpen");
  if (request.deadline.getTime() <= now.getTime()) throw conflict("errors.rfq.pastDeadline");
}

async function checkQuoteInput(tx: Executor, farmId: number, input: QuoteInput, request: QuoteRequest): Promise<void> {
  const [listing] = await tx
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.id, input.listingId), eq(listings.farmId, farmId), sql`${listings.deletedAt} is null`, isNull(listings.hiddenAt)));
  if (!listing) throw invalid("listingId", "errors.rfq.listing");
  if (input.quantity > parseQuantity(request.quantity)) throw invalid("quantity", "errors.rfq.quantityAboveRequest", { quantity: parseQuantity(request.quantity) });
}

/** A farm answers a request (or answers again after withdrawing). */
export async function submitQuote(actor: Actor, requestId: number, farmId: number, input: QuoteInput, now = new Date()): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "quote.answer", farmId, tx);
    const request = await lockRequest(tx, requestId);
    if (!(await matchingFarms(requestId, tx)).some((f) => f.id === farmId)) throw notFound();
    assertQuotable(request, now);
    await checkQuoteInput(tx, farmId, input, request);
    const values = {
      listingId: input.listingId,
      pricePerUnitVnd: input.pricePerUnitVnd,
      quantity: quantityToSql(input.quantity),
      earliestDelivery: input.earliestDelivery,
      validUntil: input.validUntil,
      note: input.note,
    };
    const [existing] = await tx.select().from(quotes).where(and(eq(quotes.requestId, requestId), eq(quotes.farmId, farmId))).for("update");
    if (existing && existing.state !== "withdrawn") throw conflict("errors.rfq.alreadyQuoted");
    const [quote] = existing
      ? await tx.update(quotes).set({ ...values, state: "submitted", updatedAt: now }).where(eq(quotes.id, existing.id)).returning({ id: quotes.id })
      : await tx.insert(quotes).values({ ...values, requestId, farmId, createdBy: actor.userId }).returning({ id: quotes.id });
    const buyers = await tx.select({ userId: companyMembers.userId }).from(companyMembers).where(eq(companyMembers.companyId, request.companyId));
    const notified = await tx
      .insert(notifications)
      .values(buyers.map((b) => ({ userId: b.userId, kind: "quote_received", params: { requestId: String(requestId), product: request.product } })))
      .returning({ id: notifications.id });
    const texts: TextNotice[] = buyers.map((b) => ({
      userId: b.userId,
      template: "quoteReceived",
      params: { product: request.product },
      path: `/business/requests/${requestId}`,
      key: `quote-received:${quote.id}:user:${b.userId}`,
      onlyWithoutEmail: true,
    }));
    await audit(tx, actor, { action: "quote.submit", subject: { type: "quote", id: quote.id }, farmId, relation, after: { requestId, ...values } });
    // Webhooks out (decision 045): the company's systems hear of it too.
    await recordQuoteReceived(tx, { companyId: request.companyId, requestId, quoteId: quote.id, farmId, product: request.product, pricePerUnitVnd: values.pricePerUnitVnd, quantity: values.quantity, validUntil: values.validUntil ?? null });
    await enqueueEffects(tx, { notified: notified.map((n) => n.id), texts });
    return quote;
  });
}

/** Locks a quote's request, then the quote, for a farm-side move; the actor must answer for its farm. */
async function lockQuoteForFarm(tx: Executor, actor: Actor, quoteId: number) {
  const [found] = await tx.select({ farmId: quotes.farmId, requestId: quotes.requestId }).from(quotes).where(eq(quotes.id, quoteId));
  if (!found) throw notFound();
  const relation = await authorizeFarm(actor, "quote.answer", found.farmId, tx);
  const request = await lockRequest(tx, found.requestId);
  const [quote] = await tx.select().from(quotes).where(eq(quotes.id, quoteId)).for("update");
  return { relation, request, quote };
}

/** Revises a submitted quote until the deadline, against the version the form showed. */
export async function reviseQuote(actor: Actor, quoteId: number, input: QuoteInput, seenVersion: number, now = new Date()): Promise<void> {
  await db().transaction(async (tx) => {
    const { relation, request, quote } = await lockQuoteForFarm(tx, actor, quoteId);
    assertQuotable(request, now);
    if (quote.state !== "submitted") throw conflict("errors.rfq.quoteNotSubmitted");
    if (quote.version !== seenVersion) throw conflict("errors.rfq.quoteStale", { version: quote.version });
    await checkQuoteInput(tx, quote.farmId, input, request);
    const values = {
      listingId: input.listingId,
      pricePerUnitVnd: input.pricePerUnitVnd,
      quantity: quantityToSql(input.quantity),
      earliestDelivery: input.earliestDelivery,
      validUntil: input.validUntil,
      note: input.note,
    };
    await tx.update(quotes).set({ ...values, updatedAt: now }).where(eq(quotes.id, quoteId));
    await audit(tx, actor, {
      action: "quote.revise",
      subject: { type: "quote", id: quoteId },
      farmId: quote.farmId,
      relation,
      before: { pricePerUnitVnd: quote.pricePerUnitVnd, quantity: quote.quantity, version: quote.version },
      after: values,
    });
  });
}

/** Withdraws a submitted quote while the request is open. */
export async function withdrawQuote(actor: Actor, quoteId: number): Promise<void> {
  await db().transaction(async (tx) => {
    const { relation, request, quote } = await lockQuoteForFarm(tx, actor, quoteId);
    if (request.state !== "open") throw conflict("errors.rfq.notOpen");
    if (quote.state !== "submitted") throw conflict("errors.rfq.quoteNotSubmitted");
    await tx.update(quotes).set({ state: "withdrawn", updatedAt: new Date() }).where(eq(quotes.id, quoteId));
    await audit(tx, actor, { action: "quote.withdraw", subject: { type: "quote", id: quoteId }, farmId: quote.farmId, relation, before: { state: "submitted" }, after: { state: "withdrawn" } });
  });
}

/** Who may read and write a quote's thread: the company's members, and those who may answer for the farm. */
async function mayTalk(actor: Actor, quote: { farmId: number; companyId: number }, executor: Executor): Promise<boolean> {
  if ((await companyRole(actor.userId, quote.companyId, executor)) !== null) return true;
  return can(actor, "quote.answer", { kind: "farm", relation: await farmRelation(actor.userId, quote.farmId, executor) });
}

async function quoteParties(quoteId: number, executor: Executor) {
  const [row] = await executor
    .select({ farmId: quotes.farmId, companyId: quoteRequests.companyId, requestId: quotes.requestId })
    .from(quotes)
    .innerJoin(quoteRequests, eq(quoteRequests.id, quotes.requestId))
    .where(eq(quotes.id, quoteId));
  return row ?? null;
}

export async function postQuoteMessage(actor: Actor, quoteId: number, body: string): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    const parties = await quoteParties(quoteId, tx);
    if (!parties || !(await mayTalk(actor, parties, tx))) throw notFound();
    const [message] = await tx.insert(quoteMessages).values({ quoteId, authorId: actor.userId, body }).returning({ id: quoteMessages.id });
    await audit(tx, actor, { action: "quote.message", subject: { type: "quote", id: quoteId }, after: { messageId: message.id } });
    await tellOtherSide(tx, actor, parties, quoteId);
    return message;
  });
}

/**
 * A new message in a quote's thread tells the other side: the company's
 * members when the farm wrote, the farm's owner and whoever made the quote
 * when the company did. In the app and by email; by text to those without
 * email, at most one per thread and person per hour.
 */
async function tellOtherSide(tx: Transaction, actor: Actor, parties: { farmId: number; companyId: number; requestId: number }, quoteId: number): Promise<void> {
  const fromCompany = (await companyRole(actor.userId, parties.companyId, tx)) !== null;
  const [about] = await tx
    .select({ product: quoteRequests.product, farmName: farms.name, ownerId: farms.ownerId, createdBy: quotes.createdBy })
    .from(quotes)
    .innerJoin(quoteRequests, eq(quoteRequests.id, quotes.requestId))
    .innerJoin(farms, eq(farms.id, quotes.farmId))
    .where(eq(quotes.id, quoteId));
  const people = fromCompany
    ? [about.ownerId, about.createdBy]
    : (await tx.select({ userId: companyMembers.userId }).from(companyMembers).where(eq(companyMembers.companyId, parties.companyId))).map((m) => m.userId);
  const recipients = [...new Set(people)].filter((id) => id !== actor.userId);
  if (!recipients.length) return;
  const kind = fromCompany ? "quote_message_farm" : "quote_message_buyer";
  const path = fromCompany ? `/sell/requests/${parties.requestId}` : `/business/requests/${parties.requestId}#quote-${quoteId}`;
  const params = { requestId: String(parties.requestId), product: about.product, farm: about.farmName };
  const notified = await tx
    .insert(notifications)
    .values(recipients.map((userId) => ({ userId, kind, params })))
    .returning({ id: notifications.id });
  const hour = Math.floor(Date.now() / 3600_000);
  const texts: TextNotice[] = recipients.map((userId) => ({
    userId,
    template: "quoteMessage",
    params: { product: about.product },
    path,
    key: `quote-message:${quoteId}:user:${userId}:hour:${hour}`,
    onlyWithoutEmail: true,
  }));
  await enqueueEffects(tx, { notified: notified.map((n) => n.id), texts });
}

export async function quoteThread(actor: Actor, quoteId: number) {
  const parties = await quoteParties(quoteId, db());
  if (!parties || !(await mayTalk(actor, parties, db()))) throw notFound();
  return db().select().from(quoteMessages).where(eq(quoteMessages.quoteId, quoteId)).orderBy(asc(quoteMessages.id));
}

export type AcceptanceLine = { quoteId: number; quantity: number; seenVersion: number };

/**
 * Accepts one or several quotes of an open request (or one closed by its
 * deadline: quotes within their validity may still be accepted), splitting its quantity:
 * each at most its quote's, together at most the request's. All or nothing.
 * Makes one order per farm at the quoted prices; the request is awarded and
 * its other quotes declined.
 */
export async function acceptQuotes(
  actor: Actor,
  requestId: number,
  lines: AcceptanceLine[],
  options: { paymentMethod: "cod" | "bank_transfer" | "net_terms"; holdMinutes?: number; now?: Date },
): Promise<{ orderIds: number[] }> {
  const now = options.now ?? new Date();
  if (!lines.length) throw invalid("quotes", "errors.rfq.noneChosen");
  return db().transaction(async (tx) => {
    const [found] = await tx.select({ companyId: quoteRequests.companyId }).from(quoteRequests).where(eq(quoteRequests.id, requestId));
    if (!found) throw notFound();
    await authorizeCompany(actor, "company.buy", found.companyId, tx);
    const request = await lockRequest(tx, requestId);
    if (request.state === "awarded") throw conflict("errors.rfq.alreadyAwarded");
    if (!awaitsAward(request)) throw conflict("errors.rfq.notOpen");
    const ids = [...new Set(lines.map((l) => l.quoteId))].sort((a, b) => a - b);
    if (ids.length !== lines.length) throw invalid("quotes", "errors.form.tampered");
    const locked = await tx
      .select({ quote: quotes, farmOwnerId: farms.ownerId, farmName: farms.name })
      .from(quotes)
      .innerJoin(farms, eq(farms.id, quotes.farmId))
      .where(and(inArray(quotes.id, ids), eq(quotes.requestId, requestId)))
      .orderBy(asc(quotes.id))
      .for("update", { of: quotes });
    if (locked.length !== ids.length) throw notFound();
    const byId = new Map(locked.map((r) => [r.quote.id, r]));
    const today = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    let total = 0;
    for (const line of lines) {
      const { quote, farmName } = byId.get(line.quoteId)!;
      const field = `quantity.${quote.id}`;
      if (quote.version !== line.seenVersion) throw new DomainError("conflict", "errors.rfq.quoteRevised", { field, params: { farm: farmName } });
      if (quote.state !== "submitted") throw new DomainError("conflict", "errors.rfq.quoteNotSubmitted", { field, params: { farm: farmName } });
      if (quote.validUntil < today) throw new DomainError("conflict", "errors.rfq.quoteExpired", { field, params: { farm: farmName } });
      if (!(line.quantity > 0) || line.quantity > parseQuantity(quote.quantity)) throw invalid(field, "errors.rfq.quantityAboveQuote", { quantity: parseQuantity(quote.quantity) });
      total = roundQuantity(total + line.quantity);
    }
    if (total > parseQuantity(request.quantity)) throw invalid("quotes", "errors.rfq.quantityAboveRequest", { quantity: parseQuantity(request.quantity) });

    const made = await placeQuotedOrders(tx, {
      buyerId: actor.userId,
      companyId: request.companyId,
      address: { recipient: request.recipient, phone: request.phone, provinceCode: request.provinceCode, communeCode: request.communeCode, street: request.street },
      paymentMethod: options.paymentMethod,
      holdMinutes: options.holdMinutes ?? 3 * 24 * 60,
      lines: lines.map((line) => {
        const { quote, farmOwnerId } = byId.get(line.quoteId)!;
        return {
          farmId: quote.farmId,
          farmOwnerId,
          listingId: quote.listingId,
          title: request.product,
          unit: request.unit as Unit,
          quantity: line.quantity,
          unitPriceVnd: quote.pricePerUnitVnd,
        };
      }),
    });
    const orderOf = new Map(made.map((m) => [m.farmId, m.orderId]));
    for (const line of lines) {
      const { quote } = byId.get(line.quoteId)!;
      await tx
        .update(quotes)
        .set({ state: "accepted", acceptedQuantity: quantityToSql(line.quantity), orderId: orderOf.get(quote.farmId)!, updatedAt: now })
        .where(eq(quotes.id, quote.id));
    }
    await tx
      .update(quotes)
      .set({ state: "declined", updatedAt: now })
      .where(and(eq(quotes.requestId, requestId), eq(quotes.state, "submitted")));
    await tx.update(quoteRequests).set({ state: "awarded" }).where(eq(quoteRequests.id, requestId));
    const orderIds = made.map((m) => m.orderId);
    // A weekly request: each accepted farm's part repeats every week (decision 032) — at once, or, when the
    // acceptance waits for approval, once it is approved (startStandingOfApproved): never before an approver said yes.
    const [first] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, orderIds[0]));
    if (request.recurrence === "weekly" && first.status !== "awaiting_approval") {
      await createFromQuotes(tx, actor, {
        buyerId: actor.userId,
        companyId: request.companyId,
        requestId,
        deliverFrom: request.deliverFrom,
        address: { recipient: request.recipient, phone: request.phone, provinceCode: request.provinceCode, communeCode: request.communeCode, street: request.street },
        paymentMethod: options.paymentMethod,
        lines: lines.map((line) => {
          const { quote } = byId.get(line.quoteId)!;
          return { farmId: quote.farmId, listingId: quote.listingId, title: request.product, unit: request.unit as Unit, quantity: line.quantity, unitPriceVnd: quote.pricePerUnitVnd };
        }),
      });
    }
    await audit(tx, actor, {
      action: "rfq.accept",
      subject: { type: "quote_request", id: requestId },
      before: { state: request.state },
      after: { state: "awarded", lines, orderIds, paymentMethod: options.paymentMethod },
    });
    return { orderIds };
  });
}

/* ------------------------------------------------------------------ pages */

const requestColumns = {
  request: quoteRequests,
  companyName: companies.name,
  provinceName: provinces.name,
  communeName: communes.name,
};

function requestView(row: { request: QuoteRequest; companyName: string; provinceName: string; communeName: string }, now = new Date()) {
  const { request } = row;
  // Past its deadline with nothing accepted, an open request is shown closed.
  const state = request.state === "open" && request.deadline.getTime() <= now.getTime() ? ("closed" as const) : request.state;
  return { ...request, state, quantity: parseQuantity(request.quantity), companyName: row.companyName, provinceName: row.provinceName, communeName: row.communeName };
}
export type RequestView = ReturnType<typeof requestView>;

async function loadRequest(requestId: number) {
  const [row] = await db()
    .select(requestColumns)
    .from(quoteRequests)
    .innerJoin(companies, eq(companies.id, quoteRequests.companyId))
    .innerJoin(provinces, eq(provinces.code, quoteRequests.provinceCode))
    .innerJoin(communes, eq(communes.code, quoteRequests.communeCode))
    .where(eq(quoteRequests.id, requestId));
  if (!row) return null;
  // The further provinces chosen, by name (decision 034).
  const chosen = row.request.provinceCodes.length
    ? await db().select({ name: provinces.name }).from(provinces).where(inArray(provinces.code, row.request.provinceCodes)).orderBy(asc(provinces.name))
    : [];
  return { ...requestView(row), provinceNames: chosen.map((p) => p.name) };
}

/** The buyer's page: the request and its quotes side by side (cheapest first); for the company's members only. */
export async function requestForBuyer(actor: Actor, requestId: number) {
  const request = await loadRequest(requestId);
  if (!request) throw notFound();
  const role = await authorizeCompany(actor, "company.view", request.companyId);
  const rows = await db()
    .select({
      quote: quotes,
      farmName: farms.name,
      farmSlug: farms.slug,
      verification: farms.verification,
      provinceCode: farms.provinceCode,
      communeCode: farms.communeCode,
      provinceName: provinces.name,
      communeName: communes.name,
    })
    .from(quotes)
    .innerJoin(farms, eq(farms.id, quotes.farmId))
    .innerJoin(provinces, eq(provinces.code, farms.provinceCode))
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .where(and(eq(quotes.requestId, requestId), ne(quotes.state, "withdrawn")))
    .orderBy(asc(quotes.pricePerUnitVnd), asc(quotes.id));
  const certs = await certificationsOf(rows.map((r) => ({ farmId: r.quote.farmId, listingId: r.quote.listingId })));
  return {
    request,
    mayBuy: can(actor, "company.buy", { kind: "company", role }),
    quotes: rows.map((r) => ({
      ...r.quote,
      quantity: parseQuantity(r.quote.quantity),
      acceptedQuantity: r.quote.acceptedQuantity === null ? null : parseQuantity(r.quote.acceptedQuantity),
      farmName: r.farmName,
      farmSlug: r.farmSlug,
      verification: r.verification,
      provinceName: r.provinceName,
      communeName: r.communeName,
      // No coordinates in our data: where the farm is against the delivery commune stands for distance (decision 034).
      distance:
        r.communeCode === request.communeCode ? ("sameCommune" as const) : r.provinceCode === request.provinceCode ? ("sameProvince" as const) : ("otherProvince" as const),
      certifications: certs.get(r.quote.farmId) ?? [],
    })),
  };
}

/** The certification types in force of each farm (its own, and those of the listing it quoted from). */
async function certificationsOf(pairs: { farmId: number; listingId: number }[]): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (!pairs.length) return result;
  const inForce = sql`(expires_on is null or expires_on >= current_date)`;
  const [farmRows, listingRows] = await Promise.all([
    db().select({ id: farmCertifications.farmId, type: farmCertifications.type }).from(farmCertifications).where(and(inArray(farmCertifications.farmId, pairs.map((p) => p.farmId)), inForce)),
    db()
      .select({ id: listingCertifications.listingId, type: listingCertifications.type })
      .from(listingCertifications)
      .where(and(inArray(listingCertifications.listingId, pairs.map((p) => p.listingId)), inForce)),
  ]);
  for (const { farmId, listingId } of pairs) {
    const types = [...farmRows.filter((r) => r.id === farmId), ...listingRows.filter((r) => r.id === listingId)].map((r) => r.type);
    result.set(farmId, [...new Set(types)].sort());
  }
  return result;
}

/** The requests a farm may answer now (open, before the deadline, reaching it), and those it has quoted on. */
export async function requestsForFarm(farmId: number, now = new Date()) {
  const rows = await db().execute<{ id: number }>(sql`
    select r.id from quote_requests r, farms f
    where f.id = ${farmId} and (
      (r.state = 'open' and r.deadline > ${now.toISOString()}::timestamptz and ${REACHES})
      or exists (select 1 from quotes q where q.request_id = r.id and q.farm_id = f.id)
    )
    order by r.deadline desc limit 100`);
  const ids = [...rows].map((r) => Number(r.id));
  if (!ids.length) return [];
  const [requestRows, quoteRows] = await Promise.all([
    db()
      .select(requestColumns)
      .from(quoteRequests)
      .innerJoin(companies, eq(companies.id, quoteRequests.companyId))
      .innerJoin(provinces, eq(provinces.code, quoteRequests.provinceCode))
      .innerJoin(communes, eq(communes.code, quoteRequests.communeCode))
      .where(inArray(quoteRequests.id, ids))
      .orderBy(asc(quoteRequests.deadline)),
    db().select({ requestId: quotes.requestId, state: quotes.state }).from(quotes).where(and(inArray(quotes.requestId, ids), eq(quotes.farmId, farmId))),
  ]);
  return requestRows.map((row) => ({ ...requestView(row, now), quoteState: quoteRows.find((q) => q.requestId === row.request.id)?.state ?? null }));
}

/**
 * "Helpers see requests that match their households" (decision 034): the
 * open requests reaching each household the helper may quote for (consent
 * with 'orders'), soonest deadline first, with the household named.
 */
export async function requestsForHelper(actor: Actor, now = new Date()) {
  const households = await helperHouseholds(actor, "orders");
  const lists = await Promise.all(
    households.map(async (h) => (await requestsForFarm(h.id, now)).filter((r) => r.state === "open").map((r) => ({ ...r, household: { id: h.id, name: h.name } }))),
  );
  return lists.flat().sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || a.id - b.id);
}

/** The seller's page of a request: the request (if it reaches the farm, or the farm quoted), the farm's quote and its thread. */
export async function requestForFarm(actor: Actor, farmId: number, requestId: number) {
  await authorizeFarm(actor, "quote.answer", farmId);
  const request = await loadRequest(requestId);
  if (!request) throw notFound();
  const [quote] = await db().select().from(quotes).where(and(eq(quotes.requestId, requestId), eq(quotes.farmId, farmId)));
  if (!quote && !(await matchingFarms(requestId)).some((f) => f.id === farmId)) throw notFound();
  const [thread, farmListings] = await Promise.all([
    quote ? db().select({ id: quoteMessages.id, body: quoteMessages.body, createdAt: quoteMessages.createdAt, authorName: users.displayName }).from(quoteMessages).innerJoin(users, eq(users.id, quoteMessages.authorId)).where(eq(quoteMessages.quoteId, quote.id)).orderBy(asc(quoteMessages.id)) : [],
    db()
      .select({ id: listings.id, title: listings.title, unit: listings.unit })
      .from(listings)
      .where(and(eq(listings.farmId, farmId), isNull(listings.deletedAt)))
      .orderBy(asc(listings.title)),
  ]);
  return { request, quote: quote ? { ...quote, quantity: parseQuantity(quote.quantity) } : null, thread, listings: farmListings };
}

/** A quote's thread for the buyer's page (the company's members). */
export async function threadsForBuyer(actor: Actor, requestId: number) {
  const request = await loadRequest(requestId);
  if (!request) throw notFound();
  await authorizeCompany(actor, "company.view", request.companyId);
  return db()
    .select({ id: quoteMessages.id, quoteId: quoteMessages.quoteId, body: quoteMessages.body, createdAt: quoteMessages.createdAt, authorName: users.displayName })
    .from(quoteMessages)
    .innerJoin(quotes, eq(quotes.id, quoteMessages.quoteId))
    .innerJoin(users, eq(users.id, quoteMessages.authorId))
    .where(eq(quotes.requestId, requestId))
    .orderBy(asc(quoteMessages.id));
}

/** The company a new request is for, when the actor may buy for it; throws not_found / forbidden otherwise. */
export async function companyForBuying(actor: Actor, companyId: number): Promise<{ id: number; name: string }> {
  await authorizeCompany(actor, "company.buy", companyId);
  const [company] = await db().select({ id: companies.id, name: companies.name }).from(companies).where(eq(companies.id, companyId));
  return company;
}
