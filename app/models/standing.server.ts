/**
 * Standing orders (issue 12, decision 032): "every Monday". Invariants:
 * - a standing order repeats one farm's lines weekly, on one ISO weekday, to
 *   one address, paid by cash on delivery or bank transfer (never card:
 *   nobody is there to pay); it is a person's own (its buyer manages it) or a
 *   company's (its members see it, those with company.buy manage it); the
 *   farm sees it (order.sell) and confirms each week by accepting its order;
 * - each week is at most one occurrence row (unique standing order + date):
 *   the daily job (runStandingOrders, clock passed in) makes the order of a
 *   week LEAD_DAYS ahead under the standing order's row lock, so a second
 *   run, or a skip racing it, finds the first's row and does nothing;
 * - "listing" prices: the order is made from the listings' stock and price
 *   now, under the listing locks a checkout takes (listing-id order); a price
 *   other than last week's is told to both sides, and the order is made at
 *   the new price (the buyer may cancel it before the farm accepts); a line
 *   unavailable or short fails the whole week (reason "stock"), told to both
 *   sides — a part delivery is not what was agreed. "agreed" prices (from a
 *   weekly request for quotation): the quoted price, from no listing's stock
 *   (as quotes, decision 030);
 * - the buyer skips a coming week before its order is made, and pauses,
 *   resumes or ends it; every edit carries the version the form showed (a
 *   stale form is refused, nothing changed) and leaves an audit event;
 * - a company's standing order whose weekly total is above the company's
 *   approval threshold is started only by someone who may approve
 *   (company.approve); its weeks then need no approval of their own.
 */
import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import {
  companies,
  companyMembers,
  farms,
  listingPriceTiers,
  listings,
  notifications,
  orderItems,
  orders,
  quoteRequests,
  quotes,
  standingOrderLines,
  standingOrderOccurrences,
  standingOrders,
  users,
  type OccurrenceChanges,
} from "../../db/schema";
import { enqueueEffects, type Transaction } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizeCompany } from "~/policy/authorize.server";
import { DomainError, forbidden, notFound } from "~/policy/errors";
import { can, type Actor } from "~/policy/policy";
import { companyRole, farmRelation } from "~/policy/relations.server";
import { mayDecideOwn } from "./approval.server";
import { checkPurchase, PURCHASE_COLUMNS, tiersByListing } from "./cart.server";
import { placeQuotedOrders } from "./orders/checkout.server";
import { lineTotalVnd } from "./pricing";
import { parseQuantity, quantityToSql, type Unit } from "./units";

const invalid = (field: string, code: string) => new DomainError("invalid", code, { field });
const conflict = (code: string) => new DomainError("conflict", code);

/** The job makes a week's order this many days before its delivery date. */
export const LEAD_DAYS = 3;
/** How many coming weeks the page shows (to skip). */
export const COMING_WEEKS = 4;
/** An unpaid bank transfer of a week holds its stock this long (as an accepted quote's). */
const HOLD_MINUTES = 3 * 24 * 60;

// Net terms only from an accepted weekly request paid on terms (the company's limit is checked each week).
export type StandingPayment = "cod" | "bank_transfer" | "net_terms";
export type StandingMove = "pause" | "resume" | "end";

/* ------------------------------------------------------------------ dates */

/** The date in Vietnam (UTC+7) at the instant. */
export function vietnamDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 1 Monday … 7 Sunday. */
export function isoWeekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay() || 7;
}

/** The next `count` dates on the weekday strictly after `after`. */
export function nextDates(weekday: number, after: string, count: number): string[] {
  const first = addDays(after, ((weekday - isoWeekday(after) + 6) % 7) + 1);
  return Array.from({ length: count }, (_, i) => addDays(first, 7 * i));
}

/* ------------------------------------------------------------------ who may */

type StandingRow = typeof standingOrders.$inferSelect;
export type StandingViewer = "buyer" | "member" | "farm";

/** How the actor stands to the standing order; not found to anyone without a part in it. */
async function accessTo(actor: Actor, so: StandingRow, executor: Executor = db()): Promise<{ viewer: StandingViewer; mayManage: boolean }> {
  if (so.companyId === null) {
    if (so.buyerId === actor.userId) return { viewer: "buyer", mayManage: true };
  } else {
    const role = await companyRole(actor.userId, so.companyId, executor);
    if (role) return { viewer: "member", mayManage: can(actor, "company.buy", { kind: "company", role }) };
  }
  const relation = await farmRelation(actor.userId, so.farmId, executor);
  if (can(actor, "order.sell", { kind: "farm", relation })) return { viewer: "farm", mayManage: false };
  throw notFound();
}

/** The standing order locked for an edit by its buyer side, at the version the form showed. */
async function lockForEdit(tx: Transaction, actor: Actor, id: number, version: number): Promise<StandingRow> {
  const [so] = await tx.select().from(standingOrders).where(eq(standingOrders.id, id)).for("update");
  if (!so) throw notFound();
  const { viewer, mayManage } = await accessTo(actor, so, tx);
  // A company's member without company.buy is told why; the farm (which only sees it) learns nothing more.
  if (!mayManage) throw viewer === "member" ? forbidden("errors.policy.companyRole") : notFound();
  if (so.version !== version) throw conflict("errors.standing.stale");
  if (so.state === "ended") throw conflict("errors.standing.ended");
  return so;
}

/* ------------------------------------------------------------------ commands */

type OrderStatus = (typeof orders.$inferSelect)["status"];
/** The statuses of an order that may be repeated every week (decision 032). */
export const REPEATABLE: OrderStatus[] = ["placed", "accepted", "packed", "shipped", "delivered", "completed"];

/**
 * Makes the buyer's order a weekly standing order (the order's buyer for a
 * person's order; company.buy for a company's). The same order's form sent
 * twice finds the first standing order.
 */
export async function createFromOrder(
  actor: Actor,
  orderId: number,
  input: { weekday: number; paymentMethod: StandingPayment },
  now = new Date(),
): Promise<{ id: number; repeated: boolean }> {
  if (!Number.isInteger(input.weekday) || input.weekday < 1 || input.weekday > 7) throw invalid("weekday", "errors.standing.weekday");
  return db().transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
    if (!order) throw notFound();
    const role = order.companyId === null ? null : await authorizeCompany(actor, "company.buy", order.companyId, tx);
    if (order.companyId === null && order.buyerId !== actor.userId) throw notFound();
    // Only an order that went ahead: not one waiting for payment or approval, nor one cancelled, declined or expired.
    if (!REPEATABLE.includes(order.status)) throw conflict("errors.blocked.notRepeatable");
    if (order.companyId !== null) {
      const [company] = await tx.select({ threshold: companies.approvalThresholdVnd }).from(companies).where(eq(companies.id, order.companyId));
      // Above the threshold, starting it approves every week: someone who may approve, not for their own purchase unless the only approver (as approvals).
      if (
        company.threshold !== null &&
        order.totalVnd > company.threshold &&
        (!can(actor, "company.approve", { kind: "company", role }) || !(await mayDecideOwn(tx, actor, order.companyId, order.buyerId)))
      ) {
        throw forbidden("errors.standing.needsApprover");
      }
    }
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId));
    const [made] = await tx
      .insert(standingOrders)
      .values({
        buyerId: order.buyerId,
        companyId: order.companyId,
        farmId: order.farmId,
        weekday: input.weekday,
        startsOn: addDays(vietnamDate(now), 1),
        recipient: order.recipient,
        phone: order.phone,
        provinceCode: order.provinceCode,
        communeCode: order.communeCode,
        street: order.street,
        paymentMethod: input.paymentMethod,
        poNumber: order.poNumber,
        priceSource: "listing",
        sourceOrderId: order.id,
      })
      .onConflictDoNothing()
      .returning({ id: standingOrders.id });
    if (!made) {
      const [existing] = await tx
        .select({ id: standingOrders.id })
        .from(standingOrders)
        .where(and(eq(standingOrders.sourceOrderId, orderId), sql`${standingOrders.state} <> 'ended'`));
      return { id: existing.id, repeated: true };
    }
    await tx.insert(standingOrderLines).values(
      items.map((i) => ({ standingOrderId: made.id, listingId: i.listingId, title: i.title, unit: i.unit, quantity: i.quantity, unitPriceVnd: i.unitPriceVnd })),
    );
    await audit(tx, actor, {
      action: "standing.create",
      subject: { type: "standing_order", id: made.id },
      after: { orderId, weekday: input.weekday, paymentMethod: input.paymentMethod, companyId: order.companyId },
    });
    return { id: made.id, repeated: false };
  });
}

/**
 * A weekly request's accepted quotes become standing orders, one per farm, at
 * the quoted price and quantity, on the weekday of the request's first
 * delivery date, from the week after it (the accepted order is the first
 * week). Called by acceptQuotes in its transaction (which checked company.buy).
 */
export async function createFromQuotes(
  tx: Transaction,
  actor: Actor,
  input: {
    /** The person who bought (the accepting member; the approver's actor is not the buyer). */
    buyerId: number;
    companyId: number;
    requestId: number;
    deliverFrom: string;
    address: { recipient: string; phone: string; provinceCode: string; communeCode: string; street: string };
    paymentMethod: StandingPayment;
    lines: { farmId: number; listingId: number; title: string; unit: Unit; quantity: number; unitPriceVnd: number }[];
  },
): Promise<number[]> {
  const ids: number[] = [];
  for (const line of input.lines) {
    const [made] = await tx
      .insert(standingOrders)
      .values({
        buyerId: input.buyerId,
        companyId: input.companyId,
        farmId: line.farmId,
        weekday: isoWeekday(input.deliverFrom),
        startsOn: addDays(input.deliverFrom, 1),
        ...input.address,
        paymentMethod: input.paymentMethod,
        priceSource: "agreed",
        quoteRequestId: input.requestId,
      })
      .returning({ id: standingOrders.id });
    await tx.insert(standingOrderLines).values({
      standingOrderId: made.id,
      listingId: line.listingId,
      title: line.title,
      unit: line.unit,
      quantity: quantityToSql(line.quantity),
      unitPriceVnd: line.unitPriceVnd,
    });
    ids.push(made.id);
  }
  await audit(tx, actor, { action: "standing.create", subject: { type: "quote_request", id: input.requestId }, after: { standingOrderIds: ids } });
  return ids;
}

/**
 * A weekly request's acceptance that waited for approval (decision 033):
 * once approved, its accepted farms' parts become standing orders
 * (createFromQuotes), in the approval's transaction. Rejected or expired,
 * none is ever made. Nothing for orders not made by accepting a weekly request.
 */
export async function startStandingOfApproved(tx: Transaction, actor: Actor, orderIds: number[]): Promise<number[]> {
  if (!orderIds.length) return [];
  const accepted = await tx
    .select({ quote: quotes, request: quoteRequests, order: { buyerId: orders.buyerId, paymentMethod: orders.paymentMethod } })
    .from(quotes)
    .innerJoin(quoteRequests, eq(quoteRequests.id, quotes.requestId))
    .innerJoin(orders, eq(orders.id, quotes.orderId))
    .where(and(inArray(quotes.orderId, orderIds), eq(quotes.state, "accepted"), eq(quoteRequests.recurrence, "weekly")))
    .orderBy(asc(quotes.id));
  if (!accepted.length) return [];
  const { request, order } = accepted[0];
  const [already] = await tx.select({ id: standingOrders.id }).from(standingOrders).where(eq(standingOrders.quoteRequestId, request.id));
  if (already) return [];
  return createFromQuotes(tx, actor, {
    buyerId: order.buyerId,
    companyId: request.companyId,
    requestId: request.id,
    deliverFrom: request.deliverFrom,
    address: { recipient: request.recipient, phone: request.phone, provinceCode: request.provinceCode, communeCode: request.communeCode, street: request.street },
    paymentMethod: order.paymentMethod === "card" ? "cod" : order.paymentMethod,
    lines: accepted.map(({ quote }) => ({
      farmId: quote.farmId,
      listingId: quote.listingId,
      title: request.product,
      unit: request.unit as Unit,
      quantity: parseQuantity(quote.acceptedQuantity ?? quote.quantity),
      unitPriceVnd: quote.pricePerUnitVnd,
    })),
  });
}

/** Skips a coming week, before its order is made. Skipping a week already skipped changes nothing. */
export async function skipWeek(actor: Actor, id: number, date: string, version: number, now = new Date()): Promise<void> {
  await db().transaction(async (tx) => {
    const so = await lockForEdit(tx, actor, id, version);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)) || isoWeekday(date) !== so.weekday || date <= vietnamDate(now) || date < so.startsOn) {
      throw invalid("date", "errors.standing.notAWeek");
    }
    const [week] = await tx
      .select()
      .from(standingOrderOccurrences)
      .where(and(eq(standingOrderOccurrences.standingOrderId, id), eq(standingOrderOccurrences.deliveryDate, date)))
      .for("update");
    if (week?.state === "skipped") return;
    if (week && week.state !== "scheduled") throw conflict("errors.standing.alreadyMade");
    if (week) await tx.update(standingOrderOccurrences).set({ state: "skipped", updatedAt: now }).where(eq(standingOrderOccurrences.id, week.id));
    else await tx.insert(standingOrderOccurrences).values({ standingOrderId: id, deliveryDate: date, state: "skipped" });
    await tx.update(standingOrders).set({ version: so.version + 1, updatedAt: now }).where(eq(standingOrders.id, id));
    await audit(tx, actor, { action: "standing.skip", subject: { type: "standing_order", id }, farmId: so.farmId, after: { date } });
  });
}

const MOVES: Record<StandingMove, { from: StandingRow["state"][]; to: StandingRow["state"] }> = {
  pause: { from: ["active"], to: "paused" },
  resume: { from: ["paused"], to: "active" },
  end: { from: ["active", "paused"], to: "ended" },
};

/** Pause, resume or end (for good). */
export async function moveStandingOrder(actor: Actor, id: number, move: StandingMove, version: number, now = new Date()): Promise<void> {
  await db().transaction(async (tx) => {
    const so = await lockForEdit(tx, actor, id, version);
    if (!MOVES[move].from.includes(so.state)) throw conflict("errors.standing.notNow");
    await tx.update(standingOrders).set({ state: MOVES[move].to, version: so.version + 1, updatedAt: now }).where(eq(standingOrders.id, id));
    await audit(tx, actor, {
      action: move === "pause" ? "standing.pause" : move === "resume" ? "standing.resume" : "standing.end",
      subject: { type: "standing_order", id },
      farmId: so.farmId,
      before: { state: so.state },
      after: { state: MOVES[move].to },
    });
  });
}

/* ------------------------------------------------------------------ the job */

/**
 * The daily job: makes the order of every active standing order's week that
 * falls within LEAD_DAYS after today (Vietnam). Safe to run twice: each week
 * is made once. Returns what it did.
 */
export async function runStandingOrders(now = new Date()): Promise<{ placed: number; failed: number }> {
  const today = vietnamDate(now);
  const window = Array.from({ length: LEAD_DAYS }, (_, i) => addDays(today, i + 1));
  const due = await db()
    .select({ id: standingOrders.id, weekday: standingOrders.weekday, startsOn: standingOrders.startsOn })
    .from(standingOrders)
    .where(and(eq(standingOrders.state, "active"), inArray(standingOrders.weekday, window.map(isoWeekday))))
    .orderBy(asc(standingOrders.id));
  const done = { placed: 0, failed: 0 };
  for (const so of due) {
    const date = window.find((d) => isoWeekday(d) === so.weekday)!;
    if (date < so.startsOn) continue;
    const state = await makeWeek(so.id, date, now);
    if (state) done[state] += 1;
  }
  return done;
}

/** The week is bought by a buyer in good standing who (for a company's) still holds company.buy there; else it fails, told to both. */
async function assertBuyerMayBuy(tx: Executor, so: StandingRow): Promise<void> {
  const [buyer] = await tx.select({ suspendedAt: users.suspendedAt }).from(users).where(eq(users.id, so.buyerId));
  if (!buyer || buyer.suspendedAt) throw conflict("errors.blocked.buyerSuspended");
  if (so.companyId === null) return;
  const role = await companyRole(so.buyerId, so.companyId, tx);
  if (!can({ userId: so.buyerId, roles: [], actingForFarmId: null }, "company.buy", { kind: "company", role })) throw conflict("errors.blocked.notBuyer");
}

/** One week's order, under the standing order's lock; null when there was nothing to do (made, skipped, not active). */
export async function makeWeek(id: number, date: string, now = new Date()): Promise<"placed" | "failed" | null> {
  return db().transaction(async (tx) => {
    const [so] = await tx.select().from(standingOrders).where(eq(standingOrders.id, id)).for("update");
    if (!so || so.state !== "active") return null;
    // A weekly request's standing order repeats until the request's repeat-until date: past it, it ends (decision 032).
    if (so.quoteRequestId !== null) {
      const [request] = await tx.select({ repeatUntil: quoteRequests.repeatUntil }).from(quoteRequests).where(eq(quoteRequests.id, so.quoteRequestId));
      if (request?.repeatUntil && date > request.repeatUntil) {
        await tx.update(standingOrders).set({ state: "ended", version: so.version + 1, updatedAt: now }).where(eq(standingOrders.id, id));
        await audit(tx, null, { action: "standing.end", subject: { type: "standing_order", id }, farmId: so.farmId, before: { state: so.state }, after: { state: "ended" } });
        return null;
      }
    }
    await tx.insert(standingOrderOccurrences).values({ standingOrderId: id, deliveryDate: date }).onConflictDoNothing();
    const [week] = await tx
      .select()
      .from(standingOrderOccurrences)
      .where(and(eq(standingOrderOccurrences.standingOrderId, id), eq(standingOrderOccurrences.deliveryDate, date)))
      .for("update");
    if (week.state !== "scheduled") return null;
    const [lines, [farm]] = await Promise.all([
      tx.select().from(standingOrderLines).where(eq(standingOrderLines.standingOrderId, id)).orderBy(asc(standingOrderLines.listingId)),
      tx.select({ ownerId: farms.ownerId }).from(farms).where(eq(farms.id, so.farmId)),
    ]);
    const changes: OccurrenceChanges = {};
    const priced = lines.map((l) => ({ ...l, quantity: parseQuantity(l.quantity) }));
    if (so.priceSource === "listing") {
      const ids = priced.map((l) => l.listingId);
      const [locked, tierRows] = await Promise.all([
        tx.select(PURCHASE_COLUMNS).from(listings).where(inArray(listings.id, ids)).orderBy(asc(listings.id)).for("update"),
        tx.select().from(listingPriceTiers).where(inArray(listingPriceTiers.listingId, ids)),
      ]);
      const tiers = tiersByListing(tierRows);
      for (const line of priced) {
        const listing = locked.find((l) => l.id === line.listingId)!;
        const check = checkPurchase(listing, tiers, line.quantity);
        if (!check.buyable || check.aboveStock || check.belowMinimum) {
          (changes.short ??= []).push({ listingId: line.listingId, title: line.title, wanted: line.quantity, available: check.buyable ? check.stock : 0 });
        } else if (check.unitPriceVnd !== line.unitPriceVnd) {
          (changes.prices ??= []).push({ listingId: line.listingId, title: line.title, fromVnd: line.unitPriceVnd, toVnd: check.unitPriceVnd });
          line.unitPriceVnd = check.unitPriceVnd;
        }
      }
    }
    const told = (kind: string, orderId: number | null, userIds = [so.buyerId, farm.ownerId]) =>
      tx
        .insert(notifications)
        .values(userIds.map((userId) => ({ userId, kind, orderId, params: { standingId: String(id), date } })))
        .returning({ id: notifications.id });
    if (changes.short) {
      await tx.update(standingOrderOccurrences).set({ state: "failed", reason: "stock", changes, updatedAt: now }).where(eq(standingOrderOccurrences.id, week.id));
      const notified = await told("standing_failed", null);
      await enqueueEffects(tx, { notified: notified.map((n) => n.id) });
      await audit(tx, null, { action: "standing.week", subject: { type: "standing_order", id }, farmId: so.farmId, after: { date, state: "failed", changes } });
      return "failed";
    }
    // The week's order in a savepoint: a refusal (a company's net terms revoked or over their limit) fails the week, told to both.
    const placed = await tx
      .transaction(async (sp) => {
      await assertBuyerMayBuy(sp, so);
      return placeQuotedOrders(sp, {
      buyerId: so.buyerId,
      companyId: so.companyId,
      poNumber: so.poNumber,
      address: { recipient: so.recipient, phone: so.phone, provinceCode: so.provinceCode, communeCode: so.communeCode, street: so.street },
      paymentMethod: so.paymentMethod === "card" ? "cod" : so.paymentMethod,
      holdMinutes: HOLD_MINUTES,
      takeStock: so.priceSource === "listing",
      // Approved when the standing order was started (decision 032): its weeks do not wait again.
      approval: "preapproved",
      lines: priced.map((l) => ({ farmId: so.farmId, farmOwnerId: farm.ownerId, listingId: l.listingId, title: l.title, unit: l.unit, quantity: l.quantity, unitPriceVnd: l.unitPriceVnd })),
      });
      })
      .catch((error: unknown) => {
        if (error instanceof DomainError) return error;
        throw error;
      });
    if (placed instanceof DomainError) {
      await tx.update(standingOrderOccurrences).set({ state: "failed", reason: placed.code, changes, updatedAt: now }).where(eq(standingOrderOccurrences.id, week.id));
      const notified = await told("standing_failed_refused", null);
      await enqueueEffects(tx, { notified: notified.map((n) => n.id) });
      await audit(tx, null, { action: "standing.week", subject: { type: "standing_order", id }, farmId: so.farmId, after: { date, state: "failed", reason: placed.code } });
      return "failed";
    }
    const [made] = placed;
    for (const change of changes.prices ?? []) {
      await tx
        .update(standingOrderLines)
        .set({ unitPriceVnd: change.toVnd })
        .where(and(eq(standingOrderLines.standingOrderId, id), eq(standingOrderLines.listingId, change.listingId)));
    }
    await tx.update(standingOrderOccurrences).set({ state: "placed", orderId: made.orderId, changes, updatedAt: now }).where(eq(standingOrderOccurrences.id, week.id));
    // The buyer hears the week's order is made; both sides hear of a new price (the farm hears of the order as of any).
    const notified = changes.prices ? await told("standing_price_changed", made.orderId) : await told("standing_placed", made.orderId, [so.buyerId]);
    await enqueueEffects(tx, { notified: notified.map((n) => n.id) });
    await audit(tx, null, {
      action: "standing.week",
      subject: { type: "standing_order", id },
      farmId: so.farmId,
      after: { date, state: "placed", orderId: made.orderId, changes },
    });
    return "placed";
  });
}

/* ------------------------------------------------------------------ pages */

function weekTotal(lines: { quantity: string; unitPriceVnd: number }[]): number {
  return lines.reduce((n, l) => n + lineTotalVnd(l.unitPriceVnd, parseQuantity(l.quantity)), 0);
}

async function summaries(where: ReturnType<typeof and>) {
  const rows = await db()
    .select({
      id: standingOrders.id,
      weekday: standingOrders.weekday,
      state: standingOrders.state,
      priceSource: standingOrders.priceSource,
      farmName: farms.name,
      companyId: standingOrders.companyId,
      companyName: companies.name,
    })
    .from(standingOrders)
    .innerJoin(farms, eq(farms.id, standingOrders.farmId))
    .leftJoin(companies, eq(companies.id, standingOrders.companyId))
    .where(where)
    .orderBy(asc(sql`${standingOrders.state} = 'ended'`), desc(standingOrders.id))
    .limit(200);
  const lines = rows.length ? await db().select().from(standingOrderLines).where(inArray(standingOrderLines.standingOrderId, rows.map((r) => r.id))) : [];
  return rows.map((r) => {
    const own = lines.filter((l) => l.standingOrderId === r.id);
    return { ...r, items: own.map((l) => l.title).join(", "), weekTotalVnd: weekTotal(own) };
  });
}

/** The standing orders of the person and of the companies they are a member of. */
export async function standingOrdersOf(actor: Actor) {
  const memberOf = db().select({ id: companyMembers.companyId }).from(companyMembers).where(eq(companyMembers.userId, actor.userId));
  return summaries(or(and(isNull(standingOrders.companyId), eq(standingOrders.buyerId, actor.userId)), inArray(standingOrders.companyId, memberOf)));
}

/** A farm's standing orders (its seller pages check order.sell). */
export async function standingOrdersOfFarm(farmId: number) {
  return summaries(and(eq(standingOrders.farmId, farmId)));
}

/** The page of one standing order: its lines, its past weeks and the coming ones, for whoever has a part in it. */
export async function standingOrderFor(actor: Actor, id: number, now = new Date()) {
  const [so] = await db().select().from(standingOrders).where(eq(standingOrders.id, id));
  if (!so) throw notFound();
  const access = await accessTo(actor, so);
  const today = vietnamDate(now);
  const [[names], lines, weeks] = await Promise.all([
    db()
      .select({ farmName: farms.name, farmSlug: farms.slug, companyName: companies.name })
      .from(farms)
      .leftJoin(companies, so.companyId === null ? sql`false` : eq(companies.id, so.companyId))
      .where(eq(farms.id, so.farmId)),
    db().select().from(standingOrderLines).where(eq(standingOrderLines.standingOrderId, id)).orderBy(asc(standingOrderLines.listingId)),
    db()
      .select({ week: standingOrderOccurrences, orderNumber: orders.number, orderStatus: orders.status })
      .from(standingOrderOccurrences)
      .leftJoin(orders, eq(orders.id, standingOrderOccurrences.orderId))
      .where(and(eq(standingOrderOccurrences.standingOrderId, id), gte(standingOrderOccurrences.deliveryDate, addDays(today, -56))))
      .orderBy(asc(standingOrderOccurrences.deliveryDate)),
  ]);
  const after = so.startsOn > today ? addDays(so.startsOn, -1) : today;
  const coming = so.state === "ended" ? [] : nextDates(so.weekday, after, COMING_WEEKS);
  const byDate = new Map(weeks.map((w) => [w.week.deliveryDate, w]));
  const view = (date: string) => {
    const w = byDate.get(date);
    return {
      date,
      state: w?.week.state ?? ("scheduled" as const),
      reason: w?.week.reason ?? null,
      changes: w?.week.changes ?? {},
      orderId: w?.week.orderId ?? null,
      orderNumber: w?.orderNumber ?? null,
      orderStatus: w?.orderStatus ?? null,
    };
  };
  const dates = [...new Set([...weeks.map((w) => w.week.deliveryDate), ...coming])].sort();
  return {
    ...access,
    standing: {
      id: so.id,
      weekday: so.weekday,
      state: so.state,
      priceSource: so.priceSource,
      paymentMethod: so.paymentMethod,
      poNumber: so.poNumber,
      version: so.version,
      companyId: so.companyId,
      sourceOrderId: so.sourceOrderId,
      quoteRequestId: so.quoteRequestId,
      recipient: so.recipient,
      phone: so.phone,
      street: so.street,
      ...names,
      weekTotalVnd: weekTotal(lines),
    },
    lines: lines.map((l) => ({ listingId: l.listingId, title: l.title, unit: l.unit, quantity: parseQuantity(l.quantity), unitPriceVnd: l.unitPriceVnd })),
    weeks: dates.map((d) => ({ ...view(d), skippable: access.mayManage && so.state !== "ended" && d > today && coming.includes(d) && (byDate.get(d)?.week.state ?? "scheduled") === "scheduled" })),
  };
}

export type StandingOrderPage = Awaited<ReturnType<typeof standingOrderFor>>;

export { DomainError };

/** The running standing order repeating the order, if any (the order page links to it instead of offering one). */
export async function standingOfOrder(orderId: number): Promise<number | null> {
  const [row] = await db()
    .select({ id: standingOrders.id })
    .from(standingOrders)
    .where(and(eq(standingOrders.sourceOrderId, orderId), sql`${standingOrders.state} <> 'ended'`));
  return row?.id ?? null;
}
