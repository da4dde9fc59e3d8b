import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, companies, companyMembers, listings, notifications, orderItems, orders, standingOrderLines, standingOrderOccurrences, standingOrders } from "../../db/schema";
import { addMember, createCompany, postRequest, quoteInput } from "../../tests/company-factories";
import { as, checkoutCart, createAccount, createFarmer, editListing, listingInput } from "../../tests/factories";
import { addToCart } from "./cart.server";
import { createListing } from "./listing.server";
import { suspendAccount } from "./suspension.server";
import { approvePurchase, rejectPurchase } from "./approval.server";
import { acceptQuotes, submitQuote } from "./rfq.server";
import { addDays, createFromOrder, isoWeekday, makeWeek, moveStandingOrder, nextDates, runStandingOrders, skipWeek, standingOrderFor, vietnamDate } from "./standing.server";

const DAY = 86_400_000;
/** The clock of the first run: now; the weeks after are this plus 7, 14 … days. */
const NOW = new Date();
const inWeeks = (weeks: number) => new Date(NOW.getTime() + weeks * 7 * DAY);
/** Two days from now: within the job's lead time at NOW. */
const FIRST = addDays(vietnamDate(NOW), 2);

/** A farm with a listing (35 000 đ/kg, 120 kg, at least 2) and a buyer who ordered 10 kg of it. */
async function orderedOnce(options: { company?: { id: number; buyer: { id: number } } } = {}) {
  const farmer = await createFarmer();
  const listing = await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput());
  const buyer = options.company?.buyer ?? (await createAccount(["consumer"]));
  await addToCart(buyer.id, listing.id, 10);
  const placed = await checkoutCart(buyer.id, options.company ? { company: { id: options.company.id, poNumber: "PO-7" } } : {});
  if (!placed.ok) throw new Error(`checkout: ${placed.reason}`);
  return { farmer, listing, buyer, orderId: placed.orderIds[0] };
}

async function weekly(options: Parameters<typeof orderedOnce>[0] = {}) {
  const ordered = await orderedOnce(options);
  const made = await createFromOrder(as(ordered.buyer), ordered.orderId, { weekday: isoWeekday(FIRST), paymentMethod: "cod" }, NOW);
  return { ...ordered, standingId: made.id };
}

async function weeksOf(standingId: number) {
  return db().select().from(standingOrderOccurrences).where(eq(standingOrderOccurrences.standingOrderId, standingId)).orderBy(standingOrderOccurrences.deliveryDate);
}

async function stockOf(listingId: number) {
  const [row] = await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, listingId));
  return Number(row.stock);
}

async function versionOf(standingId: number) {
  const [row] = await db().select({ version: standingOrders.version, state: standingOrders.state }).from(standingOrders).where(eq(standingOrders.id, standingId));
  return row;
}

async function toldOf(userId: number, kind: string) {
  return db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
}

describe("standing orders: the weekly job", () => {
  it("makes each week's order ahead, across a price change and a stock-out, telling both sides", async () => {
    const { farmer, listing, buyer, standingId } = await weekly();
    expect(await stockOf(listing.id)).toBe(110);

    // Week 1: at last order's price, stock taken, the farm hears of a placed order, the buyer that it is made.
    expect(await runStandingOrders(NOW)).toMatchObject({ placed: 1 });
    let weeks = await weeksOf(standingId);
    expect(weeks).toMatchObject([{ deliveryDate: FIRST, state: "placed", changes: {} }]);
    const [first] = await db().select().from(orders).where(eq(orders.id, weeks[0].orderId!));
    expect(first).toMatchObject({ status: "placed", buyerId: buyer.id, farmId: farmer.farm.id, totalVnd: 350_000, paymentMethod: "cod", stockReturnedAt: null });
    expect(await stockOf(listing.id)).toBe(100);
    expect((await toldOf(farmer.id, "order_placed")).map((n) => n.orderId)).toContain(first.id);
    expect(await toldOf(buyer.id, "standing_placed")).toHaveLength(1);

    // The farm raises its price: week 2 is made at the new price and both sides are told.
    await editListing(as(farmer, ["farmer"]), farmer.farm.id, listing.id, listingInput({ priceVnd: "40000", stock: "100" }));
    await runStandingOrders(inWeeks(1));
    weeks = await weeksOf(standingId);
    expect(weeks[1]).toMatchObject({ deliveryDate: addDays(FIRST, 7), state: "placed", changes: { prices: [{ listingId: listing.id, fromVnd: 35_000, toVnd: 40_000 }] } });
    const [second] = await db().select().from(orderItems).where(eq(orderItems.orderId, weeks[1].orderId!));
    expect(second).toMatchObject({ unitPriceVnd: 40_000, lineTotalVnd: 400_000 });
    expect(await toldOf(buyer.id, "standing_price_changed")).toHaveLength(1);
    expect(await toldOf(farmer.id, "standing_price_changed")).toHaveLength(1);
    expect(await stockOf(listing.id)).toBe(90);

    // The same price the next week is no change; then only 5 kg left: the week fails, nothing taken, both told.
    await editListing(as(farmer, ["farmer"]), farmer.farm.id, listing.id, listingInput({ priceVnd: "40000", stock: "5" }));
    expect(await runStandingOrders(inWeeks(2))).toMatchObject({ placed: 0, failed: 1 });
    weeks = await weeksOf(standingId);
    expect(weeks[2]).toMatchObject({ state: "failed", reason: "stock", orderId: null, changes: { short: [{ listingId: listing.id, wanted: 10, available: 5 }] } });
    expect(await stockOf(listing.id)).toBe(5);
    expect(await toldOf(buyer.id, "standing_failed")).toHaveLength(1);
    expect(await toldOf(farmer.id, "standing_failed")).toHaveLength(1);
    // Stock back: the week after is made at the price of the last order (no change told).
    await editListing(as(farmer, ["farmer"]), farmer.farm.id, listing.id, listingInput({ priceVnd: "40000", stock: "50" }));
    await runStandingOrders(inWeeks(3));
    expect((await weeksOf(standingId))[3]).toMatchObject({ state: "placed", changes: {} });
    expect(await toldOf(buyer.id, "standing_price_changed")).toHaveLength(1);

    // The farm confirms a week by accepting its order (the normal move); the page shows it.
    const page = await standingOrderFor(as(farmer, ["farmer"]), standingId, inWeeks(3));
    expect(page.viewer).toBe("farm");
    expect(page.mayManage).toBe(false);
    expect(page.weeks.filter((w) => w.state === "placed").map((w) => w.orderStatus)).toEqual(["placed", "placed", "placed"]);
    const events = await db().select().from(auditEvents).where(and(eq(auditEvents.subjectType, "standing_order"), eq(auditEvents.subjectId, String(standingId))));
    expect(events.map((e) => e.action).filter((a) => a === "standing.week")).toHaveLength(4);
  });

  it("makes one order per week however often it runs, at once or again", async () => {
    const { standingId, buyer } = await weekly();
    const runs = await Promise.all([runStandingOrders(NOW), runStandingOrders(NOW), makeWeek(standingId, FIRST, NOW)]);
    expect(runs.filter((r) => r === "placed" || (typeof r === "object" && r?.placed === 1))).toHaveLength(1);
    await runStandingOrders(new Date(NOW.getTime() + DAY));
    const weeks = await weeksOf(standingId);
    expect(weeks).toHaveLength(1);
    const made = await db().select().from(orders).where(eq(orders.buyerId, buyer.id));
    // The first order and one week's.
    expect(made).toHaveLength(2);
  });

  it("repeats an order of several listings of one farm as one order a week, with all its lines", async () => {
    const farmer = await createFarmer();
    const tomatoes = await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput());
    const herbs = await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput({ title: "Húng quế", priceVnd: "20000" }));
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, tomatoes.id, 4);
    await addToCart(buyer.id, herbs.id, 2);
    const placed = await checkoutCart(buyer.id);
    if (!placed.ok) throw new Error(placed.reason);
    const made = await createFromOrder(as(buyer), placed.orderIds[0], { weekday: isoWeekday(FIRST), paymentMethod: "cod" }, NOW);
    await makeWeek(made.id, FIRST, NOW);
    const [week] = await weeksOf(made.id);
    const [order] = await db().select().from(orders).where(eq(orders.id, week.orderId!));
    expect(order).toMatchObject({ farmId: farmer.farm.id, totalVnd: 4 * 35_000 + 2 * 20_000 });
    expect((await db().select().from(orderItems).where(eq(orderItems.orderId, order.id))).map((i) => i.listingId).sort()).toEqual([tomatoes.id, herbs.id].sort());
    expect(await stockOf(herbs.id)).toBe(116);
  });

  it("skips a week the buyer skipped, makes none while paused, and resumes; stale forms change nothing", async () => {
    const { buyer, standingId } = await weekly();
    const me = as(buyer);
    await skipWeek(me, standingId, FIRST, 1, NOW);
    expect(await versionOf(standingId)).toMatchObject({ version: 2 });
    // The same skip again (a second tab) is no change; a stale form is refused.
    await skipWeek(me, standingId, FIRST, 2, NOW);
    await expect(moveStandingOrder(me, standingId, "pause", 1, NOW)).rejects.toMatchObject({ kind: "conflict", code: "errors.standing.stale" });
    // Not its weekday, or already past: refused with the field.
    await expect(skipWeek(me, standingId, addDays(FIRST, 1), 2, NOW)).rejects.toMatchObject({ field: "date" });
    await expect(skipWeek(me, standingId, addDays(FIRST, -7), 2, NOW)).rejects.toMatchObject({ field: "date" });
    await runStandingOrders(NOW);
    expect(await weeksOf(standingId)).toMatchObject([{ state: "skipped", orderId: null }]);

    await moveStandingOrder(me, standingId, "pause", 2, NOW);
    await runStandingOrders(inWeeks(1));
    expect(await weeksOf(standingId)).toHaveLength(1);
    await expect(moveStandingOrder(me, standingId, "pause", 3, NOW)).rejects.toMatchObject({ code: "errors.standing.notNow" });
    await moveStandingOrder(me, standingId, "resume", 3, NOW);
    await runStandingOrders(inWeeks(2));
    expect((await weeksOf(standingId)).map((w) => w.state)).toEqual(["skipped", "placed"]);
    // A week whose order is made cannot be skipped any more.
    await expect(skipWeek(me, standingId, addDays(FIRST, 14), 4, inWeeks(2))).rejects.toMatchObject({ code: "errors.standing.alreadyMade" });

    await moveStandingOrder(me, standingId, "end", 4, NOW);
    await expect(skipWeek(me, standingId, addDays(FIRST, 21), 5, NOW)).rejects.toMatchObject({ code: "errors.standing.ended" });
    await runStandingOrders(inWeeks(3));
    expect((await weeksOf(standingId)).map((w) => w.state)).toEqual(["skipped", "placed"]);
  });

  it("is nobody else's: another buyer learns nothing and changes nothing; a company's approver may see but not skip", async () => {
    const { farmer, standingId } = await weekly();
    const stranger = as(await createAccount(["consumer"]));
    await expect(standingOrderFor(stranger, standingId, NOW)).rejects.toMatchObject({ kind: "not_found" });
    await expect(skipWeek(stranger, standingId, FIRST, 1, NOW)).rejects.toMatchObject({ kind: "not_found" });
    await expect(moveStandingOrder(stranger, standingId, "end", 1, NOW)).rejects.toMatchObject({ kind: "not_found" });
    // The farm sees it, but the buyer's moves are not the farm's.
    await expect(moveStandingOrder(as(farmer, ["farmer"]), standingId, "pause", 1, NOW)).rejects.toMatchObject({ kind: "not_found" });
    expect(await versionOf(standingId)).toEqual({ version: 1, state: "active" });
    expect(await weeksOf(standingId)).toEqual([]);

    const company = await createCompany();
    const buyer = await addMember(company.id, "buyer");
    const ordered = await orderedOnce({ company: { id: company.id, buyer } });
    await expect(createFromOrder(stranger, ordered.orderId, { weekday: 1, paymentMethod: "cod" }, NOW)).rejects.toMatchObject({ kind: "not_found" });
    const made = await createFromOrder(as(buyer), ordered.orderId, { weekday: isoWeekday(FIRST), paymentMethod: "bank_transfer" }, NOW);
    // The same form twice finds the first.
    expect(await createFromOrder(as(buyer), ordered.orderId, { weekday: isoWeekday(FIRST), paymentMethod: "bank_transfer" }, NOW)).toEqual({ id: made.id, repeated: true });
    const approver = as(await addMember(company.id, "approver"));
    expect((await standingOrderFor(approver, made.id, NOW)).mayManage).toBe(false);
    await expect(skipWeek(approver, made.id, FIRST, 1, NOW)).rejects.toMatchObject({ kind: "forbidden" });
    await skipWeek(as(company.owner), made.id, FIRST, 1, NOW);
    // The farm of a company's standing order sees it, and learns nothing more when it tries the buyer's moves.
    expect((await standingOrderFor(as(ordered.farmer, ["farmer"]), made.id, NOW)).viewer).toBe("farm");
    await expect(moveStandingOrder(as(ordered.farmer, ["farmer"]), made.id, "pause", 2, NOW)).rejects.toMatchObject({ kind: "not_found" });
    const [row] = await db().select().from(standingOrders).where(eq(standingOrders.id, made.id));
    expect(row).toMatchObject({ companyId: company.id, poNumber: "PO-7", paymentMethod: "bank_transfer", version: 2 });
  });

  it("above the company's approval threshold, is started only by someone who may approve", async () => {
    const company = await createCompany();
    await db().update(companies).set({ approvalThresholdVnd: 300_000 }).where(eq(companies.id, company.id));
    const buyer = await addMember(company.id, "buyer");
    const ordered = await orderedOnce({ company: { id: company.id, buyer } });
    // Its week one waits for approval: approved first, then repeated.
    await approvePurchase(as(company.owner), company.id, ordered.orderId, { holdMinutes: 60 });
    await expect(createFromOrder(as(buyer), ordered.orderId, { weekday: 1, paymentMethod: "cod" }, NOW)).rejects.toMatchObject({
      kind: "forbidden",
      code: "errors.standing.needsApprover",
    });
    await expect(createFromOrder(as(buyer), ordered.orderId, { weekday: 8, paymentMethod: "cod" }, NOW)).rejects.toMatchObject({ field: "weekday" });
    const made = await createFromOrder(as(company.owner), ordered.orderId, { weekday: 1, paymentMethod: "cod" }, NOW);
    expect(made.repeated).toBe(false);
  });

  it("repeats a weekly request's accepted quotes at the quoted price, from no listing's stock", async () => {
    const company = await createCompany();
    const buyer = await addMember(company.id, "buyer");
    const request = await postRequest(buyer, company.id, { recurrence: "weekly", deliverFrom: FIRST, deliverTo: addDays(FIRST, 3) });
    const farmer = await createFarmer();
    const listing = await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput());
    const quote = await submitQuote(as(farmer, ["farmer"]), request.id, farmer.farm.id, quoteInput(listing.id, { pricePerUnitVnd: "31000", quantity: "60", earliestDelivery: FIRST }));
    await acceptQuotes(as(buyer), request.id, [{ quoteId: quote.id, quantity: 40, seenVersion: 1 }], { paymentMethod: "cod" });
    const [standing] = await db().select().from(standingOrders).where(eq(standingOrders.quoteRequestId, request.id));
    expect(standing).toMatchObject({ companyId: company.id, farmId: farmer.farm.id, weekday: isoWeekday(FIRST), priceSource: "agreed", startsOn: addDays(FIRST, 1) });
    expect(await db().select().from(standingOrderLines).where(eq(standingOrderLines.standingOrderId, standing.id))).toMatchObject([
      { listingId: listing.id, quantity: "40.000", unitPriceVnd: 31_000 },
    ]);
    // The accepted order is the first week: the job makes the next ones, at the agreed price even when the listing's changes.
    await runStandingOrders(NOW);
    expect(await weeksOf(standing.id)).toEqual([]);
    await editListing(as(farmer, ["farmer"]), farmer.farm.id, listing.id, listingInput({ priceVnd: "50000", stock: "3" }));
    await runStandingOrders(inWeeks(1));
    const weeks = await weeksOf(standing.id);
    expect(weeks).toMatchObject([{ deliveryDate: nextDates(standing.weekday, FIRST, 1)[0], state: "placed", changes: {} }]);
    const [order] = await db().select().from(orders).where(inArray(orders.id, [weeks[0].orderId!]));
    expect(order).toMatchObject({ companyId: company.id, totalVnd: 1_240_000 });
    expect(await stockOf(listing.id)).toBe(3);
  });
});

describe("standing orders: never past an approver (review items 1, 2)", () => {
  it("a weekly acceptance that waits for approval starts no standing order until approved; rejected, none ever", async () => {
    const company = await createCompany();
    await db().update(companies).set({ approvalThresholdVnd: 300_000 }).where(eq(companies.id, company.id));
    const buyer = await addMember(company.id, "buyer");
    const farmer = await createFarmer();
    const listing = await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput());
    const accept = async () => {
      const request = await postRequest(buyer, company.id, { recurrence: "weekly", deliverFrom: FIRST, deliverTo: addDays(FIRST, 3) });
      const quote = await submitQuote(as(farmer, ["farmer"]), request.id, farmer.farm.id, quoteInput(listing.id, { pricePerUnitVnd: "31000", quantity: "60", earliestDelivery: FIRST }));
      const { orderIds } = await acceptQuotes(as(buyer), request.id, [{ quoteId: quote.id, quantity: 40, seenVersion: 1 }], { paymentMethod: "cod" });
      return { requestId: request.id, orderId: orderIds[0] };
    };
    const standingOf = (requestId: number) => db().select().from(standingOrders).where(eq(standingOrders.quoteRequestId, requestId));

    // Rejected: week one cancelled, and no later week is ever made.
    const rejected = await accept();
    expect((await db().select({ status: orders.status }).from(orders).where(eq(orders.id, rejected.orderId)))[0].status).toBe("awaiting_approval");
    expect(await standingOf(rejected.requestId)).toEqual([]);
    await rejectPurchase(as(company.owner), company.id, rejected.orderId, "Quá đắt");
    await runStandingOrders(inWeeks(1));
    expect(await standingOf(rejected.requestId)).toEqual([]);

    // Approved: the standing order starts then, the buyer's, at the agreed price.
    const approved = await accept();
    expect(await standingOf(approved.requestId)).toEqual([]);
    await approvePurchase(as(company.owner), company.id, approved.orderId, { holdMinutes: 60 });
    expect(await standingOf(approved.requestId)).toMatchObject([{ buyerId: buyer.id, companyId: company.id, priceSource: "agreed", state: "active" }]);
    // Approving twice starts nothing more.
    await approvePurchase(as(company.owner), company.id, approved.orderId, { holdMinutes: 60 });
    expect(await standingOf(approved.requestId)).toHaveLength(1);
  });

  it("repeats only an order that went ahead, and an approver's own purchase only by another approver", async () => {
    const company = await createCompany();
    await db().update(companies).set({ approvalThresholdVnd: 300_000 }).where(eq(companies.id, company.id));
    // Two owners (each may buy and approve): 350 000 đ is above the threshold, and the other owner must approve.
    const second = await addMember(company.id, "owner");
    const ordered = await orderedOnce({ company: { id: company.id, buyer: company.owner } });
    const input = { weekday: isoWeekday(FIRST), paymentMethod: "cod" as const };
    await expect(createFromOrder(as(company.owner), ordered.orderId, input, NOW)).rejects.toMatchObject({ code: "errors.blocked.notRepeatable" });
    await expect(createFromOrder(as(second), ordered.orderId, input, NOW)).rejects.toMatchObject({ code: "errors.blocked.notRepeatable" });
    await approvePurchase(as(second), company.id, ordered.orderId, { holdMinutes: 60 });
    // Placed now, but its later weeks would need an approver other than its buyer.
    await expect(createFromOrder(as(company.owner), ordered.orderId, input, NOW)).rejects.toMatchObject({ code: "errors.standing.needsApprover" });
    expect((await createFromOrder(as(second), ordered.orderId, input, NOW)).repeated).toBe(false);

    // A rejected (cancelled) purchase is not repeated either.
    const again = await orderedOnce({ company: { id: company.id, buyer: company.owner } });
    await rejectPurchase(as(second), company.id, again.orderId, "Không cần");
    await expect(createFromOrder(as(second), again.orderId, input, NOW)).rejects.toMatchObject({ code: "errors.blocked.notRepeatable" });
    expect(await db().select().from(standingOrders).where(eq(standingOrders.sourceOrderId, again.orderId))).toEqual([]);
  });
});

describe("standing orders: who still buys, and until when (review items 5, 8)", () => {
  it("fails the week, told to both, when the buyer is suspended or no longer buys for the company", async () => {
    const own = await weekly();
    await suspendAccount(as(await createAccount(["operator"])), own.buyer.id, "Đặt đơn ảo");
    const company = await createCompany();
    const buyer = await addMember(company.id, "buyer");
    const theirs = await weekly({ company: { id: company.id, buyer } });
    await db().delete(companyMembers).where(and(eq(companyMembers.companyId, company.id), eq(companyMembers.userId, buyer.id)));

    await runStandingOrders(NOW);
    expect(await weeksOf(own.standingId)).toMatchObject([{ state: "failed", reason: "errors.blocked.buyerSuspended", orderId: null }]);
    expect(await weeksOf(theirs.standingId)).toMatchObject([{ state: "failed", reason: "errors.blocked.notBuyer", orderId: null }]);
    for (const userId of [buyer.id, theirs.farmer.id]) expect(await toldOf(userId, "standing_failed_refused")).toHaveLength(1);
    expect(await db().select().from(orders).where(inArray(orders.farmId, [own.farmer.farm.id, theirs.farmer.farm.id]))).toHaveLength(2);
  });

  it("ends a weekly request's standing order after the request's repeat-until date", async () => {
    const company = await createCompany();
    const buyer = await addMember(company.id, "buyer");
    const request = await postRequest(buyer, company.id, { recurrence: "weekly", deliverFrom: FIRST, deliverTo: addDays(FIRST, 3), repeatUntil: addDays(FIRST, 7) });
    const farmer = await createFarmer();
    const listing = await createListing(as(farmer, ["farmer"]), farmer.farm.id, listingInput());
    const quote = await submitQuote(as(farmer, ["farmer"]), request.id, farmer.farm.id, quoteInput(listing.id, { pricePerUnitVnd: "31000", quantity: "60", earliestDelivery: FIRST }));
    await acceptQuotes(as(buyer), request.id, [{ quoteId: quote.id, quantity: 5, seenVersion: 1 }], { paymentMethod: "cod" });
    const [standing] = await db().select().from(standingOrders).where(eq(standingOrders.quoteRequestId, request.id));
    await runStandingOrders(inWeeks(1));
    expect(await weeksOf(standing.id)).toMatchObject([{ deliveryDate: addDays(FIRST, 7), state: "placed" }]);
    await runStandingOrders(inWeeks(2));
    expect(await weeksOf(standing.id)).toHaveLength(1);
    expect((await versionOf(standing.id)).state).toBe("ended");
  });
});
