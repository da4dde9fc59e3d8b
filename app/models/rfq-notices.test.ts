/**
 * Requests for quotation, decision 034: closing at the deadline (a job), the
 * notices through every channel (text messages answered at eSMS's HTTP edge),
 * matching by chosen provinces, the distance shown to the buyer, and the
 * weekly repeat's end.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, notifications, quoteRequests, quotes, textNotices, users } from "../../db/schema";
import { activeListing, addMember, createCompany, postRequest, quoteInput, requestInput } from "../../tests/company-factories";
import { as, createFarmer } from "../../tests/factories";
import { ESMS_TEST_ACCOUNT, serveFakeEsms } from "../../tests/handlers/esms";
import { addHelper, createTeam, onboardHousehold } from "../../tests/helpers-factories";
import { messagingFor } from "~/messaging/index.server";
import { parseEnv } from "~/utils/env.server";
import { acceptQuotes, cancelRequest, closeRequestsPastDeadline, matchingFarms, postQuoteMessage, requestForBuyer, requestsForHelper, submitQuote } from "./rfq.server";
import { sendTextNotice, textNoticeText, type TextNotice } from "./text-notice.server";

let edge: Awaited<ReturnType<typeof serveFakeEsms>>;
let esms: ReturnType<typeof messagingFor>;
beforeAll(async () => {
  edge = await serveFakeEsms();
  esms = messagingFor(
    parseEnv({ SMS_PROVIDER: "esms", ESMS_API_KEY: ESMS_TEST_ACCOUNT.apiKey, ESMS_SECRET_KEY: ESMS_TEST_ACCOUNT.secretKey, ESMS_BRANDNAME: ESMS_TEST_ACCOUNT.brandname, ESMS_BASE_URL: edge.baseUrl }),
  );
});
afterAll(() => edge.close());

async function quotingFarm() {
  const farmer = await createFarmer();
  const listing = await activeListing(farmer, farmer.farm.id);
  return { ...farmer, listingId: listing.id, actor: as(farmer, ["farmer"]) };
}

/** The text notices queued (pg-boss jobs, not yet worked) whose key starts so. */
async function queuedTexts(keyPrefix: string): Promise<TextNotice[]> {
  const rows = await db().execute<{ data: TextNotice }>(sql`select data from pgboss.job where name = 'send-text' and data->>'key' like ${`${keyPrefix}%`} order by created_on`);
  return [...rows].map((r) => r.data);
}

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000);

describe("closing at the deadline", () => {
  it("closes open requests past their deadline once, tells the buyers how many quotes came and the quoting farms; leaves the rest alone", async () => {
    const company = await createCompany();
    const buyer = await addMember(company.id, "buyer");
    const request = await postRequest(buyer, company.id); // deadline in 48 hours
    const awarded = await postRequest(buyer, company.id);
    const [a, b] = [await quotingFarm(), await quotingFarm()];
    await submitQuote(a.actor, request.id, a.farm.id, quoteInput(a.listingId));
    await submitQuote(b.actor, request.id, b.farm.id, quoteInput(b.listingId, { pricePerUnitVnd: "31000" }));
    const q = await submitQuote(a.actor, awarded.id, a.farm.id, quoteInput(a.listingId));
    await acceptQuotes(as(buyer), awarded.id, [{ quoteId: q.id, quantity: 10, seenVersion: 1 }], { paymentMethod: "cod" });

    expect(await closeRequestsPastDeadline(hoursFromNow(47))).toBe(0);
    const state = async (id: number) => (await db().select({ state: quoteRequests.state }).from(quoteRequests).where(eq(quoteRequests.id, id)))[0].state;
    expect(await state(request.id)).toBe("open");

    const after = hoursFromNow(49);
    expect(await closeRequestsPastDeadline(after)).toBeGreaterThanOrEqual(1);
    expect(await state(request.id)).toBe("closed");
    expect(await state(awarded.id)).toBe("awarded");
    const told = await db()
      .select({ userId: notifications.userId, kind: notifications.kind, params: notifications.params })
      .from(notifications)
      .where(and(inArray(notifications.kind, ["rfq_closed", "rfq_closed_farm"]), sql`${notifications.params}->>'requestId' = ${String(request.id)}`));
    expect(told.filter((n) => n.kind === "rfq_closed").map((n) => n.userId).sort()).toEqual([company.owner.id, buyer.id].sort());
    expect(told.find((n) => n.kind === "rfq_closed")!.params.count).toBe("2");
    expect(told.filter((n) => n.kind === "rfq_closed_farm").map((n) => n.userId).sort()).toEqual([a.id, b.id].sort());
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "rfq.close"), eq(auditEvents.subjectId, String(request.id))));
    expect(event).toMatchObject({ actorId: null });

    // Again: nothing more closes, nobody is told twice.
    expect(await closeRequestsPastDeadline(hoursFromNow(50))).toBe(0);
    const again = await db().select().from(notifications).where(and(eq(notifications.kind, "rfq_closed"), sql`${notifications.params}->>'requestId' = ${String(request.id)}`));
    expect(again).toHaveLength(2);
  });

  it("takes no quote after closing, but the buyer may still accept a valid one, or cancel", async () => {
    const company = await createCompany();
    const request = await postRequest(company.owner, company.id);
    const other = await postRequest(company.owner, company.id);
    const farm = await quotingFarm();
    const late = await quotingFarm();
    const quote = await submitQuote(farm.actor, request.id, farm.farm.id, quoteInput(farm.listingId));
    await closeRequestsPastDeadline(hoursFromNow(49));
    await expect(submitQuote(late.actor, request.id, late.farm.id, quoteInput(late.listingId))).rejects.toMatchObject({ code: "errors.rfq.notOpen" });
    const { orderIds } = await acceptQuotes(as(company.owner), request.id, [{ quoteId: quote.id, quantity: 60, seenVersion: 1 }], { paymentMethod: "bank_transfer" });
    expect(orderIds).toHaveLength(1);
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "rfq.accept"), eq(auditEvents.subjectId, String(request.id))));
    expect(event.before).toEqual({ state: "closed" });
    await cancelRequest(as(company.owner), other.id);
    expect((await db().select().from(quoteRequests).where(eq(quoteRequests.id, other.id)))[0].state).toBe("cancelled");
  });
});

describe("notices through every channel", () => {
  it("texts each reached farm once per request, at eSMS's edge; tells the helpers of a reached household in the app", async () => {
    const company = await createCompany();
    const farm = await quotingFarm();
    const team = await createTeam();
    const helper = await addHelper(team.id);
    const household = await onboardHousehold(team.id, helper.id, { scopes: ["orders"] });
    await activeListing(household, household.farm.id);
    const request = await postRequest(company.owner, company.id, { product: "Cà chua bi Đà Lạt" });

    const texts = await queuedTexts(`rfq-matched:${request.id}:`);
    expect(texts.map((t) => t.userId).sort()).toEqual(expect.arrayContaining([farm.id, household.id]));
    const mine = texts.find((t) => t.userId === farm.id)!;
    expect(await sendTextNotice(mine, esms)).toBe("sent");
    const sent = edge.fake.lastMessageTo(farm.phone)!;
    expect(sent.content).toMatch(/^Nông Sản Số: có doanh nghiệp cần mua Cà chua bi Đà Lạt phù hợp với nhà vườn\. Xem và báo giá: http\S+\/sell\/requests\/\d+$/);
    expect(sent.content).toContain(`/sell/requests/${request.id}`);
    // The job done twice (at least once delivery) sends nothing more.
    const count = edge.fake.messages.length;
    expect(await sendTextNotice(mine, esms)).toBe("skipped");
    expect(edge.fake.messages.length).toBe(count);
    expect(await db().select().from(textNotices).where(eq(textNotices.key, mine.key))).toHaveLength(1);
    // A name typed over lines, or long, becomes one short line (a registered template is one line).
    expect(textNoticeText({ template: "quoteReceived", params: { product: `Cà\n chua <b>${"x".repeat(80)}` }, path: "/p" }, "https://a.vn")).toBe(
      `Nông Sản Số: có báo giá mới cho Cà chua <b>${"x".repeat(49)}. Xem: https://a.vn/p`,
    );

    const helperTold = await db().select().from(notifications).where(and(eq(notifications.userId, helper.id), eq(notifications.kind, "rfq_matched_helper")));
    expect(helperTold.map((n) => n.params.requestId)).toContain(String(request.id));
    // And the helper's inbox lists it, for the household.
    const listed = await requestsForHelper(as(helper));
    expect(listed.filter((r) => r.id === request.id).map((r) => r.household.id)).toEqual([household.farm.id]);
    // Closed, it leaves the list.
    await closeRequestsPastDeadline(hoursFromNow(49));
    expect((await requestsForHelper(as(helper))).map((r) => r.id)).not.toContain(request.id);
  });

  it("texts only those without email when told of quotes and messages; an outage is retried, a refused phone given up", async () => {
    const company = await createCompany();
    const farm = await quotingFarm();
    const request = await postRequest(company.owner, company.id);
    // The owner has an email too: the email reaches them, no text.
    await db().update(users).set({ email: `chu.${company.id}@bep.vn` }).where(eq(users.id, company.owner.id));
    const buyer = await addMember(company.id, "buyer");
    const quote = await submitQuote(farm.actor, request.id, farm.farm.id, quoteInput(farm.listingId));
    const received = await queuedTexts(`quote-received:${quote.id}:`);
    expect(received.map((t) => t.userId).sort()).toEqual([company.owner.id, buyer.id].sort());
    expect(await sendTextNotice(received.find((t) => t.userId === company.owner.id)!, esms)).toBe("skipped");
    const forBuyer = received.find((t) => t.userId === buyer.id)!;

    edge.fake.overrides.push({ kind: "status", status: 503, body: "busy" });
    await expect(sendTextNotice(forBuyer, esms)).rejects.toMatchObject({ kind: "unavailable" });
    expect(await db().select().from(textNotices).where(eq(textNotices.key, forBuyer.key))).toEqual([]);
    expect(await sendTextNotice(forBuyer, esms)).toBe("sent");
    expect(edge.fake.lastMessageTo(buyer.phone)!.content).toMatch(/^Nông Sản Số: có báo giá mới cho Cà chua bi loại 1\. Xem: \S+\/business\/requests\/\d+$/);

    // The buyer writes: the farm is told in the app and by text; the farm answers: the company's members.
    await postQuoteMessage(as(buyer), quote.id, "Giao được sáng thứ Hai không?");
    const farmTold = await db().select().from(notifications).where(and(eq(notifications.userId, farm.id), eq(notifications.kind, "quote_message_farm")));
    expect(farmTold).toHaveLength(1);
    await postQuoteMessage(farm.actor, quote.id, "Được ạ.");
    const buyersTold = await db().select().from(notifications).where(eq(notifications.kind, "quote_message_buyer"));
    expect(buyersTold.filter((n) => n.params.requestId === String(request.id)).map((n) => n.userId).sort()).toEqual([company.owner.id, buyer.id].sort());
    const messageTexts = await queuedTexts(`quote-message:${quote.id}:`);
    expect(messageTexts.map((t) => t.userId).sort()).toEqual([farm.id, company.owner.id, buyer.id].sort());
    // A second message within the hour has the same key: one text per thread and person per hour.
    await postQuoteMessage(as(buyer), quote.id, "Cảm ơn.");
    const toFarm = (await queuedTexts(`quote-message:${quote.id}:user:${farm.id}:`)).map((t) => t.key);
    expect(new Set(toFarm).size).toBe(1);

    const forFarm = messageTexts.find((t) => t.userId === farm.id)!;
    edge.fake.overrides.push({ kind: "code", code: "108", message: "Phone number is not in correct format" });
    expect(await sendTextNotice(forFarm, esms)).toBe("skipped");
    expect(await db().select().from(textNotices).where(eq(textNotices.key, forFarm.key))).toHaveLength(1);
  });
});

describe("chosen provinces", () => {
  it("reach the farms of the provinces chosen besides the delivery's; an unknown province is refused by name", async () => {
    const company = await createCompany();
    const lamDong = await quotingFarm();
    // Delivered to Hà Nội: only with Lâm Đồng (68) chosen does it reach the farm there.
    const hanoi = { provinceCode: "01", communeCode: "00004" };
    const plain = await postRequest(company.owner, company.id, hanoi);
    expect((await matchingFarms(plain.id)).map((f) => f.id)).not.toContain(lamDong.farm.id);
    const chosen = await postRequest(company.owner, company.id, { ...hanoi, provinceCodes: ["68", "01"] });
    expect((await matchingFarms(chosen.id)).map((f) => f.id)).toContain(lamDong.farm.id);
    const [row] = await db().select().from(quoteRequests).where(eq(quoteRequests.id, chosen.id));
    expect(row.provinceCodes).toEqual(["68"]);
    await expect(postRequest(company.owner, company.id, { ...hanoi, provinceCodes: "99" })).rejects.toMatchObject({ field: "provinceCodes", code: "errors.rfq.province" });
    expect(() => requestInput({ provinceCodes: "<b>" })).toThrow(/errors.rfq.province/);

    // The buyer sees where each quoting farm is, against the delivery commune.
    const quote = await submitQuote(lamDong.actor, chosen.id, lamDong.farm.id, quoteInput(lamDong.listingId));
    const view = await requestForBuyer(as(company.owner), chosen.id);
    expect(view.quotes.find((q) => q.id === quote.id)).toMatchObject({ distance: "otherProvince" });
    expect(view.request.provinceNames).toEqual(["Tỉnh Lâm Đồng"]);
    const near = await postRequest(company.owner, company.id);
    await submitQuote(lamDong.actor, near.id, lamDong.farm.id, quoteInput(lamDong.listingId));
    expect((await requestForBuyer(as(company.owner), near.id)).quotes[0]).toMatchObject({ distance: "sameCommune" });
  });
});

describe("weekly requests", () => {
  it("repeat until a date on or after the first delivery day, and only weekly ones", async () => {
    const company = await createCompany();
    const base = requestInput();
    const weekly = await postRequest(company.owner, company.id, { recurrence: "weekly", repeatUntil: "2099-06-30" });
    expect((await db().select().from(quoteRequests).where(eq(quoteRequests.id, weekly.id)))[0]).toMatchObject({ recurrence: "weekly", repeatUntil: "2099-06-30" });
    expect(() => requestInput({ repeatUntil: "2099-06-30" })).toThrow(/errors.rfq.repeatUntilOnce/);
    expect(() => requestInput({ recurrence: "weekly", repeatUntil: "2020-01-01" })).toThrow(/errors.rfq.repeatUntilBefore/);
    expect(() => requestInput({ recurrence: "weekly", repeatUntil: "2099-02-30" })).toThrow(/errors.date.invalid/);
    expect(base.repeatUntil).toBeUndefined();
    expect((await db().select().from(quotes).where(eq(quotes.requestId, weekly.id))).length).toBe(0);
  });
});
