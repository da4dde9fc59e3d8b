import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, farmCertifications, notifications, orderItems, orders, quoteRequests, quotes } from "../../db/schema";
import { activeListing, addMember, createCompany, postRequest, quoteInput, requestInput } from "../../tests/company-factories";
import { as, createAccount, createFarmer, LAM_DONG_COMMUNE } from "../../tests/factories";
import { addHelper, createTeam, onboardHousehold } from "../../tests/helpers-factories";
import { seedDemoRequests } from "../../db/seed-rfq";
import { hideListing } from "./moderation.server";
import { suspendAccount } from "./suspension.server";
import { acceptQuotes, cancelRequest, createRequest, matchingFarms, postQuoteMessage, quoteThread, reviseQuote, submitQuote, withdrawQuote } from "./rfq.server";

/** A farm in Lâm Đồng with an active listing of fruiting vegetables: an open request there reaches it. */
async function quotingFarm() {
  const farmer = await createFarmer();
  const listing = await activeListing(farmer, farmer.farm.id);
  return { ...farmer, listingId: listing.id, actor: as(farmer, ["farmer"]) };
}

async function quoteOf(id: number) {
  const [row] = await db().select().from(quotes).where(eq(quotes.id, id));
  return row;
}

async function requestOf(id: number) {
  const [row] = await db().select().from(quoteRequests).where(eq(quoteRequests.id, id));
  return row;
}

async function companyOrders(companyId: number) {
  return db().select().from(orders).where(eq(orders.companyId, companyId)).orderBy(orders.farmId);
}

/** A company, its buyer, an open request for 100 kg, and farms that quote on it. */
async function requestWithQuotes(quantities: string[]) {
  const company = await createCompany();
  const buyer = await addMember(company.id, "buyer");
  const request = await postRequest(buyer, company.id);
  const farms = [];
  for (const [i, quantity] of quantities.entries()) {
    const farm = await quotingFarm();
    const quote = await submitQuote(farm.actor, request.id, farm.farm.id, quoteInput(farm.listingId, { quantity, pricePerUnitVnd: String(30000 + i * 1000) }));
    farms.push({ ...farm, quoteId: quote.id });
  }
  return { company, buyer, request, farms };
}

describe("requests for quotation", () => {
  it("reaches the farms of the category and province, with the certifications asked, and tells them", async () => {
    const company = await createCompany();
    const near = await quotingFarm();
    const noListing = await createFarmer();
    const certified = await quotingFarm();
    await db().insert(farmCertifications).values({ farmId: certified.farm.id, type: "vietgap", expiresOn: "2999-01-01" });
    const expired = await quotingFarm();
    await db().insert(farmCertifications).values({ farmId: expired.farm.id, type: "vietgap", expiresOn: "2020-01-01" });

    const any = await postRequest(company.owner, company.id);
    const reached = (await matchingFarms(any.id)).map((f) => f.id);
    expect(reached).toEqual(expect.arrayContaining([near.farm.id, certified.farm.id, expired.farm.id]));
    expect(reached).not.toContain(noListing.farm.id);
    // The group ("rau") reaches the farms of its categories too; another province does not.
    expect((await matchingFarms((await postRequest(company.owner, company.id, { categorySlug: "rau" })).id)).map((f) => f.id)).toContain(near.farm.id);
    const hanoi = await postRequest(company.owner, company.id, { provinceCode: "01", communeCode: "00004" });
    expect((await matchingFarms(hanoi.id)).map((f) => f.id)).not.toContain(near.farm.id);

    const vietgap = await postRequest(company.owner, company.id, { certifications: "vietgap" });
    const withCert = (await matchingFarms(vietgap.id)).map((f) => f.id);
    expect(withCert).toContain(certified.farm.id);
    expect(withCert).not.toContain(near.farm.id);
    expect(withCert).not.toContain(expired.farm.id);

    const told = await db().select().from(notifications).where(and(eq(notifications.userId, certified.id), eq(notifications.kind, "rfq_matched")));
    expect(told.map((n) => n.params.requestId)).toContain(String(vietgap.id));

    // Invited: the invited farms only, whatever they list.
    const invited = await postRequest(company.owner, company.id, { audience: "invited", invitedFarmIds: String(noListing.farm.id) });
    expect((await matchingFarms(invited.id)).map((f) => f.id)).toEqual([noListing.farm.id]);
  });

  it("refuses a past deadline, a window ending before it starts, a commune outside the province, and a stranger", async () => {
    const company = await createCompany();
    await expect(createRequest(as(company.owner), company.id, requestInput(), new Date(Date.now() + 3 * 86_400_000))).rejects.toMatchObject({ field: "deadline" });
    expect(() => requestInput({ deliverFrom: "2030-02-10", deliverTo: "2030-02-01" })).toThrow(/errors.deliverTo.beforeFrom/);
    await expect(postRequest(company.owner, company.id, { provinceCode: "01" })).rejects.toMatchObject({ field: "communeCode" });
    const stranger = await createAccount(["business"]);
    await expect(postRequest(stranger, company.id)).rejects.toMatchObject({ kind: "not_found" });
    const approver = await addMember(company.id, "approver");
    await expect(postRequest(approver, company.id)).rejects.toMatchObject({ kind: "forbidden" });
    expect(await db().select().from(quoteRequests).where(eq(quoteRequests.companyId, company.id))).toEqual([]);
  });
});

describe("quotes", () => {
  it("go submitted → revised (version raised) → withdrawn → submitted again; a stale revision is refused with the version now", async () => {
    const { request, farms } = await requestWithQuotes(["60"]);
    const [farm] = farms;
    let quote = await quoteOf(farm.quoteId);
    expect(quote).toMatchObject({ state: "submitted", version: 1, pricePerUnitVnd: 30000 });
    await expect(submitQuote(farm.actor, request.id, farm.farm.id, quoteInput(farm.listingId))).rejects.toMatchObject({ code: "errors.rfq.alreadyQuoted" });

    await reviseQuote(farm.actor, farm.quoteId, quoteInput(farm.listingId, { pricePerUnitVnd: "28000" }), 1);
    quote = await quoteOf(farm.quoteId);
    expect(quote).toMatchObject({ version: 2, pricePerUnitVnd: 28000 });
    await expect(reviseQuote(farm.actor, farm.quoteId, quoteInput(farm.listingId, { pricePerUnitVnd: "1000" }), 1)).rejects.toMatchObject({
      kind: "conflict",
      code: "errors.rfq.quoteStale",
      options: { params: { version: 2 } },
    });
    expect((await quoteOf(farm.quoteId)).pricePerUnitVnd).toBe(28000);

    // More than the request asks for is refused.
    await expect(reviseQuote(farm.actor, farm.quoteId, quoteInput(farm.listingId, { quantity: "101" }), 2)).rejects.toMatchObject({ field: "quantity" });

    await withdrawQuote(farm.actor, farm.quoteId);
    expect((await quoteOf(farm.quoteId)).state).toBe("withdrawn");
    await expect(reviseQuote(farm.actor, farm.quoteId, quoteInput(farm.listingId), 3)).rejects.toMatchObject({ code: "errors.rfq.quoteNotSubmitted" });
    await submitQuote(farm.actor, request.id, farm.farm.id, quoteInput(farm.listingId, { pricePerUnitVnd: "29000" }));
    expect(await quoteOf(farm.quoteId)).toMatchObject({ state: "submitted", pricePerUnitVnd: 29000 });
  });

  it("are taken only before the deadline", async () => {
    const { request, farms } = await requestWithQuotes(["60"]);
    const late = await quotingFarm();
    const afterDeadline = new Date(Date.now() + 49 * 3600_000);
    await expect(submitQuote(late.actor, request.id, late.farm.id, quoteInput(late.listingId), afterDeadline)).rejects.toMatchObject({ code: "errors.rfq.pastDeadline" });
    await expect(reviseQuote(farms[0].actor, farms[0].quoteId, quoteInput(farms[0].listingId, { pricePerUnitVnd: "1" }), 1, afterDeadline)).rejects.toMatchObject({
      code: "errors.rfq.pastDeadline",
    });
    expect((await quoteOf(farms[0].quoteId)).version).toBe(1);
  });

  it("come only from farms the request reaches, from those who may answer for them", async () => {
    const company = await createCompany();
    const request = await postRequest(company.owner, company.id);
    const farAway = await createFarmer();
    const listing = await activeListing(farAway, farAway.farm.id);
    await db().update(quoteRequests).set({ provinceCode: "01", communeCode: "00004" }).where(eq(quoteRequests.id, request.id));
    await expect(submitQuote(as(farAway, ["farmer"]), request.id, farAway.farm.id, quoteInput(listing.id))).rejects.toMatchObject({ kind: "not_found" });

    const near = await postRequest(company.owner, company.id);
    const farm = await quotingFarm();
    const other = await quotingFarm();
    // Someone else's farm, or another farm's listing.
    await expect(submitQuote(other.actor, near.id, farm.farm.id, quoteInput(farm.listingId))).rejects.toMatchObject({ kind: "not_found" });
    await expect(submitQuote(farm.actor, near.id, farm.farm.id, quoteInput(other.listingId))).rejects.toMatchObject({ field: "listingId" });

    // A helper answers for a household with the 'orders' scope; not with 'listings' only.
    const team = await createTeam();
    const helper = await addHelper(team.id);
    const household = await onboardHousehold(team.id, helper.id, { scopes: ["orders"] });
    const householdListing = await activeListing(household, household.farm.id);
    const byHelper = await submitQuote(as(helper), near.id, household.farm.id, quoteInput(householdListing.id));
    expect(await quoteOf(byHelper.id)).toMatchObject({ farmId: household.farm.id, createdBy: helper.id });
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "quote.submit"), eq(auditEvents.subjectId, String(byHelper.id))));
    expect(event).toMatchObject({ actorId: helper.id, onBehalfOfFarmId: household.farm.id });
    const listingsOnly = await onboardHousehold(team.id, helper.id, { scopes: ["listings"] });
    const l2 = await activeListing(listingsOnly, listingsOnly.farm.id);
    await expect(submitQuote(as(helper), near.id, listingsOnly.farm.id, quoteInput(l2.id))).rejects.toMatchObject({ kind: "forbidden" });
    expect(await db().select().from(quotes).where(eq(quotes.requestId, request.id))).toEqual([]);
  });

  it("have a thread for the company's members and the farm's people, and no one else", async () => {
    const { company, request, farms } = await requestWithQuotes(["60"]);
    const approver = await addMember(company.id, "approver");
    await postQuoteMessage(as(approver), farms[0].quoteId, "Giao trước 7 giờ sáng được không?");
    await postQuoteMessage(farms[0].actor, farms[0].quoteId, "Được ạ.");
    const stranger = await createAccount(["business"]);
    await expect(postQuoteMessage(as(stranger), farms[0].quoteId, "spam")).rejects.toMatchObject({ kind: "not_found" });
    await expect(quoteThread(as(stranger), farms[0].quoteId)).rejects.toMatchObject({ kind: "not_found" });
    const other = await quotingFarm();
    await expect(postQuoteMessage(other.actor, farms[0].quoteId, "spam")).rejects.toMatchObject({ kind: "not_found" });
    expect((await quoteThread(farms[0].actor, farms[0].quoteId)).map((m) => m.body)).toEqual(["Giao trước 7 giờ sáng được không?", "Được ạ."]);
    expect((await quoteOf(farms[0].quoteId)).requestId).toBe(request.id);
  });
});

describe("accepting quotes", () => {
  it("splits the quantity between quotes: one order per farm at its quoted price, the rest declined", async () => {
    const { company, buyer, request, farms } = await requestWithQuotes(["60", "70", "80"]);
    const [a, b, c] = farms;
    // Beyond a quote's quantity, or the request's together: refused, nothing made.
    await expect(acceptQuotes(as(buyer), request.id, [{ quoteId: a.quoteId, quantity: 61, seenVersion: 1 }], { paymentMethod: "cod" })).rejects.toMatchObject({
      field: `quantity.${a.quoteId}`,
    });
    await expect(
      acceptQuotes(as(buyer), request.id, [{ quoteId: a.quoteId, quantity: 60, seenVersion: 1 }, { quoteId: b.quoteId, quantity: 40.5, seenVersion: 1 }], { paymentMethod: "cod" }),
    ).rejects.toMatchObject({ code: "errors.rfq.quantityAboveRequest" });
    expect(await companyOrders(company.id)).toEqual([]);

    const { orderIds } = await acceptQuotes(
      as(buyer),
      request.id,
      [{ quoteId: b.quoteId, quantity: 40, seenVersion: 1 }, { quoteId: a.quoteId, quantity: 60, seenVersion: 1 }],
      { paymentMethod: "bank_transfer" },
    );
    expect(orderIds).toHaveLength(2);
    const made = await companyOrders(company.id);
    expect(made.map((o) => [o.farmId, o.totalVnd, o.paymentMethod, o.buyerId, o.communeCode, o.street])).toEqual([
      [a.farm.id, 60 * 30000, "bank_transfer", buyer.id, LAM_DONG_COMMUNE, "12 Trần Phú"],
      [b.farm.id, 40 * 31000, "bank_transfer", buyer.id, LAM_DONG_COMMUNE, "12 Trần Phú"],
    ]);
    const items = await db().select().from(orderItems).where(inArray(orderItems.orderId, orderIds));
    expect(items.map((i) => [i.title, i.unit, Number(i.quantity)]).sort()).toEqual([
      ["Cà chua bi loại 1", "kg", 40],
      ["Cà chua bi loại 1", "kg", 60],
    ]);
    expect((await quoteOf(a.quoteId)).state).toBe("accepted");
    expect(await quoteOf(b.quoteId)).toMatchObject({ state: "accepted", acceptedQuantity: "40.000" });
    expect((await quoteOf(c.quoteId)).state).toBe("declined");
    expect((await requestOf(request.id)).state).toBe("awarded");
    // The farms hear of their orders.
    const told = await db().select().from(notifications).where(and(inArray(notifications.orderId, orderIds), eq(notifications.kind, "order_placed")));
    expect(told.map((n) => n.userId).sort()).toEqual([a.id, b.id].sort());
  });

  it("refuses a quote revised after the buyer loaded it, naming it, and accepts nothing", async () => {
    const { company, buyer, request, farms } = await requestWithQuotes(["60", "70"]);
    const [a, b] = farms;
    const seen = await db().select({ id: quotes.id, version: quotes.version }).from(quotes).where(eq(quotes.requestId, request.id));
    const versionOf = (id: number) => seen.find((q) => q.id === id)!.version;
    // The farm raises its price while the buyer looks.
    await reviseQuote(b.actor, b.quoteId, quoteInput(b.listingId, { quantity: "70", pricePerUnitVnd: "45000" }), versionOf(b.quoteId));
    await expect(
      acceptQuotes(
        as(buyer),
        request.id,
        [{ quoteId: a.quoteId, quantity: 50, seenVersion: versionOf(a.quoteId) }, { quoteId: b.quoteId, quantity: 50, seenVersion: versionOf(b.quoteId) }],
        { paymentMethod: "cod" },
      ),
    ).rejects.toMatchObject({ kind: "conflict", code: "errors.rfq.quoteRevised", field: `quantity.${b.quoteId}`, options: { params: { farm: b.farm.name } } });
    expect(await companyOrders(company.id)).toEqual([]);
    expect((await quoteOf(a.quoteId)).state).toBe("submitted");
    expect((await requestOf(request.id)).state).toBe("open");
  });

  it("two members accepting at once make one set of orders", async () => {
    // Several requests, each accepted by two members at the same moment: the pairs interleave.
    const rounds = await Promise.all([1, 2, 3, 4].map(() => requestWithQuotes(["60", "70"])));
    const results = await Promise.all(
      rounds.map(({ company, buyer, request, farms }) => {
        const lines = farms.map((f) => ({ quoteId: f.quoteId, quantity: 50, seenVersion: 1 }));
        return Promise.allSettled([
          acceptQuotes(as(buyer), request.id, lines, { paymentMethod: "cod" }),
          acceptQuotes(as(company.owner), request.id, lines, { paymentMethod: "cod" }),
        ]);
      }),
    );
    for (const [i, pair] of results.entries()) {
      expect(pair.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = pair.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ kind: "conflict" });
      expect(await companyOrders(rounds[i].company.id)).toHaveLength(2);
    }
  });

  it("is for the company's buyers only: a stranger or another company learns nothing and changes nothing", async () => {
    const { company, request, farms } = await requestWithQuotes(["60"]);
    const other = await createCompany();
    const stranger = await createAccount(["business"]);
    const approver = await addMember(company.id, "approver");
    const lines = [{ quoteId: farms[0].quoteId, quantity: 10, seenVersion: 1 }];
    for (const actor of [as(stranger), as(other.owner)]) {
      await expect(acceptQuotes(actor, request.id, lines, { paymentMethod: "cod" })).rejects.toMatchObject({ kind: "not_found", status: 404 });
      await expect(cancelRequest(actor, request.id)).rejects.toMatchObject({ kind: "not_found" });
    }
    await expect(acceptQuotes(as(approver), request.id, lines, { paymentMethod: "cod" })).rejects.toMatchObject({ kind: "forbidden" });
    // A quote of another request cannot be slipped in.
    const elsewhere = await requestWithQuotes(["60"]);
    await expect(
      acceptQuotes(as(company.owner), request.id, [{ quoteId: elsewhere.farms[0].quoteId, quantity: 10, seenVersion: 1 }], { paymentMethod: "cod" }),
    ).rejects.toMatchObject({ kind: "not_found" });
    expect(await companyOrders(company.id)).toEqual([]);
    expect(await requestOf(request.id)).toMatchObject({ state: "open", version: 1 });

    await cancelRequest(as(company.owner), request.id);
    expect((await requestOf(request.id)).state).toBe("cancelled");
    expect((await quoteOf(farms[0].quoteId)).state).toBe("declined");
    await expect(acceptQuotes(as(company.owner), request.id, lines, { paymentMethod: "cod" })).rejects.toMatchObject({ code: "errors.rfq.notOpen" });
  });
});

describe("the demo seed's requests", () => {
  it("makes an open request with three quotes, one by a helper, and an awarded one with two orders", async () => {
    const company = await createCompany();
    const buyer = await addMember(company.id, "buyer");
    const [a, b] = [await quotingFarm(), await quotingFarm()];
    const team = await createTeam();
    const helper = await addHelper(team.id);
    const household = await onboardHousehold(team.id, helper.id, { scopes: ["orders"] });
    await activeListing(household, household.farm.id);
    const quoter = (farmId: number, userId: number, pricePerUnitVnd: number) => ({ farmId, userId, pricePerUnitVnd, quantity: 300 });
    const seeded = await seedDemoRequests({
      companyId: company.id,
      buyerUserId: buyer.id,
      open: { categorySlug: "rau-qua", name: "Cà chua bi", quantity: 500, quoters: [quoter(a.farm.id, a.id, 30000), quoter(b.farm.id, b.id, 31000), quoter(household.farm.id, helper.id, 29000)] },
      awarded: { categorySlug: "rau-qua", name: "Dưa leo", quantity: 400, quoters: [quoter(a.farm.id, a.id, 15000), quoter(household.farm.id, helper.id, 14000)] },
    });
    const open = await db().select().from(quotes).where(eq(quotes.requestId, seeded.openRequestId));
    expect(open.map((q) => q.createdBy).sort()).toEqual([a.id, b.id, helper.id].sort());
    expect((await requestOf(seeded.awardedRequestId)).state).toBe("awarded");
    expect((await companyOrders(company.id)).map((o) => o.totalVnd).sort()).toEqual([100 * 14000, 300 * 15000].sort());
  });
});

describe("requests for quotation: suspended farms and hidden listings (review item 4)", () => {
  it("are not reached, not quoted from, and no order is placed with them", async () => {
    const { buyer, request, farms } = await requestWithQuotes(["40", "40"]);
    const [hiddenFarm, suspendedFarm] = farms;
    const moderator = as(await createAccount(["moderator"]));
    await hideListing(moderator, hiddenFarm.listingId, "Ảnh không đúng sản phẩm");
    await suspendAccount(as(await createAccount(["operator"])), suspendedFarm.id, "Gian lận");

    // Accepting either quote is refused, and nothing is placed.
    await expect(acceptQuotes(as(buyer), request.id, [{ quoteId: hiddenFarm.quoteId, quantity: 40, seenVersion: 1 }], { paymentMethod: "cod" })).rejects.toMatchObject({
      code: "errors.blocked.listingHidden",
    });
    await expect(acceptQuotes(as(buyer), request.id, [{ quoteId: suspendedFarm.quoteId, quantity: 40, seenVersion: 1 }], { paymentMethod: "cod" })).rejects.toMatchObject({
      code: "errors.blocked.farmSuspended",
    });
    expect(await db().select().from(orders).where(inArray(orders.farmId, farms.map((f) => f.farm.id)))).toEqual([]);
    expect((await requestOf(request.id)).state).toBe("open");

    // A new request reaches neither (the hidden listing was the farm's only one), and the hidden listing cannot be quoted.
    const companyId = (await requestOf(request.id)).companyId;
    const again = await postRequest(buyer, companyId);
    const reached = (await matchingFarms(again.id)).map((f) => f.id);
    expect(reached).not.toContain(hiddenFarm.farm.id);
    expect(reached).not.toContain(suspendedFarm.farm.id);
    const invited = await postRequest(buyer, companyId, { audience: "invited", invitedFarmIds: [String(hiddenFarm.farm.id), String(suspendedFarm.farm.id)] });
    expect((await matchingFarms(invited.id)).map((f) => f.id)).toEqual([hiddenFarm.farm.id]);
    await expect(submitQuote(hiddenFarm.actor, invited.id, hiddenFarm.farm.id, quoteInput(hiddenFarm.listingId))).rejects.toMatchObject({ code: "errors.rfq.listing" });
  });
});
