/**
 * Net terms on real PostgreSQL (decision 031): operators verify a company and
 * grant, change or revoke its terms (audited, versioned); checkouts and RFQ
 * acceptances on terms within the credit limit, refused past it — also when
 * ten checkouts race for it; due dates set at delivery; the transfer recorded
 * after completion credits the farm then; reminders sent once each.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, companies, ledgerEntries, notifications, orders, termReminders } from "../../db/schema";
import { addMember, createCompany, postRequest, quoteInput, activeListing } from "../../tests/company-factories";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { sideEffectWorkers } from "../../tests/jobs";
import { lastMessageTo } from "~/messaging/index.server";
import { DomainError } from "~/policy/errors";
import { addToCart } from "./cart.server";
import { createListing } from "./listing.server";
import { markOrderPaid, transitionOrder } from "./orders/moves.server";
import { acceptQuotes, submitQuote } from "./rfq.server";
import { companiesForOps, companyCredit, grantTerms, reminderFor, revokeTerms, sendTermReminders, termsInForce, verifyCompany } from "./terms.server";

// The side-effect workers run as in the app: reminder texts reach the (console) messaging port.
sideEffectWorkers({ refunds: false });

async function operator() {
  return as(await createAccount(["operator"]), ["operator"]);
}

/** A verified company with terms (days, limit) granted by an operator. */
async function companyWithTerms(limitVnd: number, days: 7 | 15 | 30 = 30) {
  const company = await createCompany();
  const ops = await operator();
  await verifyCompany(ops, company.id);
  await grantTerms(ops, { companyId: company.id, days, limitVnd, version: 0 });
  return { ...company, ops };
}

/** A listing at 100.000 đ/kg, min 1 kg, plenty of stock. */
async function listing(farmer: Awaited<ReturnType<typeof createFarmer>>) {
  return createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "100000", stock: "1000", minOrderQty: "1" }));
}

async function buyOnTerms(buyerId: number, companyId: number, listingId: number, kg: number) {
  await addToCart(buyerId, listingId, kg);
  return checkoutCart(buyerId, { paymentMethod: "net_terms", company: { id: companyId, poNumber: null } });
}

async function refusalOf(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("granting net terms", () => {
  it("operators verify, grant, change and revoke; each audited before → after; stale versions and unverified companies refused", async () => {
    const company = await createCompany();
    const ops = await operator();
    expect((await refusalOf(grantTerms(ops, { companyId: company.id, days: 30, limitVnd: 5_000_000, version: 0 }))).code).toBe("errors.terms.notVerified");
    await verifyCompany(ops, company.id);
    await verifyCompany(ops, company.id); // twice: nothing more
    await grantTerms(ops, { companyId: company.id, days: 30, limitVnd: 5_000_000, version: 0 });
    expect(await termsInForce(company.id)).toEqual({ days: 30, limitVnd: 5_000_000 });
    expect((await refusalOf(grantTerms(ops, { companyId: company.id, days: 15, limitVnd: 1, version: 0 }))).code).toBe("errors.terms.stale");
    await grantTerms(ops, { companyId: company.id, days: 15, limitVnd: 2_000_000, version: 1 });
    await revokeTerms(ops, { companyId: company.id, version: 2 });
    expect(await termsInForce(company.id)).toBeNull();

    const events = await db()
      .select({ action: auditEvents.action, before: auditEvents.before, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, "company"), eq(auditEvents.subjectId, String(company.id))))
      .orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["company.verify", "terms.grant", "terms.change", "terms.revoke"]);
    expect(events[2].before).toEqual({ days: 30, limitVnd: 5_000_000, inForce: true });
    expect(events[2].after).toEqual({ days: 15, limitVnd: 2_000_000, inForce: true });
    expect(events[3].after).toEqual({ inForce: false });
  });

  it("is the operators' alone: a company owner, a buyer or anyone else is refused and nothing changes", async () => {
    const company = await createCompany();
    for (const actor of [as(company.owner, ["business"]), as(await createAccount(["farmer"]))]) {
      expect((await refusalOf(verifyCompany(actor, company.id))).kind).toBe("not_found");
      expect((await refusalOf(grantTerms(actor, { companyId: company.id, days: 7, limitVnd: 1000, version: 0 }))).kind).toBe("not_found");
      expect((await refusalOf(companiesForOps(actor))).kind).toBe("not_found");
    }
    const [row] = await db().select({ verifiedAt: companies.verifiedAt }).from(companies).where(eq(companies.id, company.id));
    expect(row.verifiedAt).toBeNull();
  });

  it("the operators' list finds a company by name or tax code, with its open amount", async () => {
    const company = await companyWithTerms(10_000_000);
    const farmer = await createFarmer();
    const { id: listingId } = await listing(farmer);
    expect((await buyOnTerms(company.owner.id, company.id, listingId, 12)).ok).toBe(true);
    const [{ taxCode }] = await db().select({ taxCode: companies.taxCode }).from(companies).where(eq(companies.id, company.id));
    for (const q of [company.name.slice(0, 8), taxCode.slice(0, 7)]) {
      const found = (await companiesForOps(company.ops, q)).find((c) => c.id === company.id);
      expect(found).toMatchObject({ openVnd: 1_200_000, overdueVnd: 0, terms: { days: 30, limitVnd: 10_000_000, inForce: true } });
    }
    expect(await companiesForOps(company.ops, "không-có-công-ty-nào")).toEqual([]);
  });
});

describe("ordering on net terms", () => {
  it("within the limit: placed, no expiry, the days kept; past it: refused naming the payment field; closed orders free the credit", async () => {
    const company = await companyWithTerms(1_000_000, 15);
    const buyer = await addMember(company.id, "buyer");
    const farmer = await createFarmer();
    const { id: listingId } = await listing(farmer);
    const first = await buyOnTerms(buyer.id, company.id, listingId, 6); // 600.000
    expect(first.ok).toBe(true);
    const [order] = await db().select().from(orders).where(eq(orders.id, first.ok ? first.orderIds[0] : 0));
    expect(order).toMatchObject({ paymentMethod: "net_terms", status: "placed", expiresAt: null, termDays: 15, dueAt: null });

    const over = await refusalOf(buyOnTerms(buyer.id, company.id, listingId, 5)); // 500.000 > 400.000 left
    expect(over).toMatchObject({ code: "errors.terms.overLimit", field: "paymentMethod" });
    expect(over.formMessage).toMatch(/400\.000/);
    // The cart stays for another payment method (prepayment).
    const cod = await checkoutCart(buyer.id, { paymentMethod: "cod", company: { id: company.id, poNumber: null } });
    expect(cod.ok).toBe(true);

    // The farm declines the first: its 600.000 no longer counts.
    expect((await transitionOrder(order.id, "decline", as(farmer))).ok).toBe(true);
    expect((await buyOnTerms(buyer.id, company.id, listingId, 10)).ok).toBe(true);
  });

  it("refused without a company, for a company without terms, and after revocation", async () => {
    const farmer = await createFarmer();
    const { id: listingId } = await listing(farmer);
    const company = await companyWithTerms(5_000_000);
    const person = await createAccount(["consumer"]);
    await addToCart(person.id, listingId, 1);
    expect((await refusalOf(checkoutCart(person.id, { paymentMethod: "net_terms" }))).code).toBe("errors.terms.companyOnly");
    const other = await createCompany();
    expect((await refusalOf(buyOnTerms(other.owner.id, other.id, listingId, 1))).code).toBe("errors.terms.notGranted");
    await revokeTerms(company.ops, { companyId: company.id, version: 1 });
    expect((await refusalOf(buyOnTerms(company.owner.id, company.id, listingId, 1))).code).toBe("errors.terms.notGranted");
  });

  it("ten concurrent checkouts, each within the limit alone, together over it: only as many as fit are placed", async () => {
    const company = await companyWithTerms(1_000_000);
    const farmer = await createFarmer();
    // A listing per buyer: the listing locks do not queue them, only the terms row does.
    const buyers = await Promise.all(Array.from({ length: 10 }, () => addMember(company.id, "buyer")));
    for (const buyer of buyers) {
      const { id } = await listing(farmer);
      await addToCart(buyer.id, id, 3); // 300.000 each: three fit
    }
    const results = await Promise.allSettled(buyers.map((b) => checkoutCart(b.id, { paymentMethod: "net_terms", company: { id: company.id, poNumber: null } })));
    const placed = results.filter((r) => r.status === "fulfilled" && r.value.ok);
    const refused = results.filter((r) => r.status === "rejected" && r.reason instanceof DomainError && r.reason.code === "errors.terms.overLimit");
    expect([placed.length, refused.length]).toEqual([3, 7]);
    expect((await companyCredit(as(company.owner), company.id)).openVnd).toBe(900_000);
  });

  it("on RFQ acceptance too: within the limit the orders are on terms, past it refused", async () => {
    const company = await companyWithTerms(4_000_000);
    const request = await postRequest(company.owner, company.id);
    const farmer = await createFarmer();
    const listed = await activeListing(farmer, farmer.farm.id);
    const quote = await submitQuote(as(farmer), request.id, farmer.farm.id, quoteInput(listed.id)); // 60 kg × 30.000 = 1.800.000
    const lines = [{ quoteId: quote.id, quantity: 60, seenVersion: 1 }];
    // Lower the limit below the quote: refused, nothing awarded.
    await grantTerms(company.ops, { companyId: company.id, days: 7, limitVnd: 1_000_000, version: 1 });
    expect(await refusalOf(acceptQuotes(as(company.owner), request.id, lines, { paymentMethod: "net_terms" }))).toMatchObject({ code: "errors.terms.overLimit", field: "paymentMethod" });
    await grantTerms(company.ops, { companyId: company.id, days: 7, limitVnd: 4_000_000, version: 2 });
    await acceptQuotes(as(company.owner), request.id, lines, { paymentMethod: "net_terms" });
    const made = await db().select().from(orders).where(eq(orders.companyId, company.id));
    expect(made.map((o) => [o.paymentMethod, o.termDays, o.expiresAt, o.totalVnd])).toEqual([["net_terms", 7, null, 1_800_000]]);
  });
});

describe("due dates, payment and the farm's ledger", () => {
  it("the due date is set at delivery; overdue shows on the company's credit; the farm is credited only once the transfer is recorded", async () => {
    const company = await companyWithTerms(10_000_000, 7);
    const farmer = await createFarmer();
    const { id: listingId } = await listing(farmer);
    const placed = await buyOnTerms(company.owner.id, company.id, listingId, 20);
    if (!placed.ok) throw new Error("refused");
    const [orderId] = placed.orderIds;
    for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(orderId, step, as(farmer))).ok).toBe(true);
    const [delivered] = await db().select({ dueAt: orders.dueAt, updatedAt: orders.updatedAt }).from(orders).where(eq(orders.id, orderId));
    expect(Math.abs(delivered.dueAt!.getTime() - delivered.updatedAt.getTime() - 7 * 86_400_000)).toBeLessThan(5_000);

    const inEightDays = new Date(Date.now() + 8 * 86_400_000);
    const credit = await companyCredit(as(company.owner), company.id, inEightDays);
    expect(credit).toMatchObject({ verified: true, openVnd: 2_000_000, overdueVnd: 2_000_000, terms: { days: 7, limitVnd: 10_000_000, inForce: true } });
    expect(credit.invoices).toMatchObject([{ orderId, totalVnd: 2_000_000, overdue: true }]);
    expect((await companyCredit(as(company.owner), company.id)).overdueVnd).toBe(0);
    expect((await refusalOf(companyCredit(as(farmer), company.id))).kind).toBe("not_found");

    expect(await transitionOrder(orderId, "complete", as(company.owner))).toEqual({ ok: true, status: "completed" });
    const credited = () => db().select().from(ledgerEntries).where(eq(ledgerEntries.orderId, orderId));
    expect(await credited()).toEqual([]);
    expect((await markOrderPaid(orderId, company.ops)).ok).toBe(true);
    const [entry] = await credited();
    expect(entry).toMatchObject({ kind: "order", grossVnd: 2_000_000, amountVnd: entry.netVnd });
    expect((await companyCredit(as(company.owner), company.id)).openVnd).toBe(0);
  });
});

describe("payment reminders", () => {
  it("which one a day calls for, in Vietnam's calendar", () => {
    const due = new Date("2026-03-10T03:00:00Z"); // 10 March, 10:00 in Hà Nội
    expect(reminderFor(due, new Date("2026-03-06T16:59:00Z"))).toBeNull(); // 6 March, 23:59
    expect(reminderFor(due, new Date("2026-03-06T17:00:00Z"))).toBe("before"); // 7 March, 00:00
    expect(reminderFor(due, new Date("2026-03-09T23:00:00Z"))).toBe("due"); // 10 March, 06:00
    expect(reminderFor(due, new Date("2026-03-16T12:00:00Z"))).toBe("due");
    expect(reminderFor(due, new Date("2026-03-17T01:00:00Z"))).toBe("overdue");
  });

  it("the job run twice sends each reminder once, to the buyer and the company's owners; a paid order gets none", async () => {
    const company = await companyWithTerms(50_000_000, 30);
    const buyer = await addMember(company.id, "buyer");
    await addMember(company.id, "approver");
    const farmer = await createFarmer();
    const { id: listingId } = await listing(farmer);
    const [a, b] = [await buyOnTerms(buyer.id, company.id, listingId, 10), await buyOnTerms(buyer.id, company.id, listingId, 10)];
    if (!a.ok || !b.ok) throw new Error("refused");
    const ids = [a.orderIds[0], b.orderIds[0]];
    for (const id of ids) for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(id, step, as(farmer))).ok).toBe(true);
    expect((await markOrderPaid(ids[1], company.ops)).ok).toBe(true);
    const [{ dueAt }] = await db().select({ dueAt: orders.dueAt }).from(orders).where(eq(orders.id, ids[0]));

    const at = (days: number) => new Date(dueAt!.getTime() + days * 86_400_000);
    const sent: number[] = [];
    for (const when of [at(-5), at(-3), at(-3), at(-1), at(0), at(0), at(3), at(7), at(7), at(9)]) sent.push(await sendTermReminders(when));
    expect(sent).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0, 0]);
    expect((await db().select().from(termReminders).where(inArray(termReminders.orderId, ids))).map((r) => [r.orderId, r.kind])).toEqual([
      [ids[0], "before"],
      [ids[0], "due"],
      [ids[0], "overdue"],
    ]);
    const told = await db()
      .select({ userId: notifications.userId, kind: notifications.kind })
      .from(notifications)
      .where(and(inArray(notifications.orderId, ids), sql`${notifications.kind} like 'terms_%'`))
      .orderBy(notifications.id);
    expect(told).toHaveLength(6);
    expect(new Set(told.map((n) => n.userId))).toEqual(new Set([buyer.id, company.owner.id]));
    // Each reminder also goes as a text to each phone (a job queued with it).
    const texts = await db().execute(sql`select data->>'key' as id from pgboss.job where name = 'send-text' and data->>'key' like ${`terms-${ids[0]}-%`}`);
    expect(texts.length).toBe(6);
    // And the worker sent them through the messaging port (the console adapter in tests).
    const completed = async () =>
      Number((await db().execute<{ n: string }>(sql`select count(*) as n from pgboss.job where name = 'send-text' and state = 'completed' and data->>'key' like ${`terms-${ids[0]}-%`}`))[0].n);
    await expect.poll(completed, { timeout: 15_000 }).toBe(6);
    expect(lastMessageTo(`84${buyer.phone.slice(1)}`)).toMatchObject({ purpose: "net-terms", text: expect.stringContaining(`đơn ${(await db().select({ n: orders.number }).from(orders).where(eq(orders.id, ids[0])))[0].n}`) });
  });
});
