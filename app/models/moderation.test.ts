/**
 * Reports, hidden listings and suspended accounts on real PostgreSQL
 * (decision 037): a report made once; a listing hidden leaves both search
 * engines through the outbox, cannot be bought, and is shown to its farm
 * with the reason; another look asked for and answered; a non-moderator
 * changes nothing; a suspension ends sessions, refuses the login, takes the
 * farm's listings out of search and treats its orders; a checkout racing a
 * suspension either completes before or is refused after.
 */
import { setupServer } from "msw/node";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, listings, notifications, orders, reports, sessions, userRoles, users } from "../../db/schema";
import { fakeMeilisearch, MEILI_HOST } from "../../tests/handlers/meilisearch";
import { as, checkoutCart, createAccount, createFarmer, editListing, listingInput } from "../../tests/factories";
import { DomainError } from "~/policy/errors";
import { drainSearchOutbox } from "~/search/outbox.server";
import { MeilisearchEngine } from "~/search/meilisearch-engine.server";
import { PostgresSearchEngine } from "~/search/postgres-engine.server";
import { getSessionUser, startSession } from "~/utils/session.server";
import { addToCart, cartItemsOf, priceCart } from "./cart.server";
import { createListing, getFarmListing, getListingPage, listSellerListings } from "./listing.server";
import { dismissReports, fileReport, hideListing, moderationCounts, moderationQueue, requestAnotherLook, showListing } from "./moderation.server";
import { transitionOrder } from "./orders/moves.server";
import { findAccounts, isSuspended, restoreAccount, suspendAccount, suspendedAccountOrders } from "./suspension.server";
import { verifyLogin } from "./user.server";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const postgres = new PostgresSearchEngine(db);
const findPg = async (q: string) => (await postgres.search({ q, sort: "relevance", page: 1, perPage: 50 })).hits.map((h) => h.id);
/** Whether the PostgreSQL engine holds the listing's document (a search may fall back to partial matches). */
const indexedPg = async (id: number) => (await db().execute(sql`select 1 from search_documents where listing_id = ${id}`)).length > 0;

async function listingOf(title: string, stock = "50") {
  const farmer = await createFarmer();
  const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ title, stock, minOrderQty: "1" }));
  return { farmer, id };
}

const refused = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (e: unknown) => (e instanceof DomainError ? e.kind : e),
  );

async function cookieOf(userId: number): Promise<string> {
  return (await startSession(userId)).split(";")[0];
}

/** A page request with the cookie (a page's request keeps its session for its whole render: each check asks with a new one). */
const pageWith = (cookie: string) => new Request("http://localhost/", { headers: { Cookie: cookie } });

describe("reports", () => {
  it("are made once per person and subject while open; a second adds nothing", async () => {
    const { id } = await listingOf("Bưởi da xanh Bến Tre");
    const buyer = await createAccount(["consumer"]);
    expect(await fileReport(as(buyer), { subjectType: "listing", subjectId: id, reason: "wrong_information", note: "Giá ghi sai" })).toEqual({ created: true });
    expect(await fileReport(as(buyer), { subjectType: "listing", subjectId: id, reason: "scam", note: "" })).toEqual({ created: false });
    const rows = await db().select().from(reports).where(and(eq(reports.subjectType, "listing"), eq(reports.subjectId, id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: "wrong_information", note: "Giá ghi sai", state: "open" });
    // Another person's report of the same listing counts apart.
    const other = await createAccount(["consumer"]);
    expect(await fileReport(as(other), { subjectType: "listing", subjectId: id, reason: "scam", note: "" })).toEqual({ created: true });
    // A listing that does not exist, or a draft, cannot be reported.
    expect(await refused(fileReport(as(buyer), { subjectType: "listing", subjectId: 2_000_000_000, reason: "other", note: "" }))).toBe("not_found");
  });

  it("dismissed by a moderator leave the queue; a non-moderator is refused and nothing changes", async () => {
    const { farmer } = await listingOf("Xoài cát Hòa Lộc");
    const reporter = await createAccount(["consumer"]);
    await fileReport(as(reporter), { subjectType: "farm", subjectId: farmer.farm.id, reason: "offensive", note: "" });
    const moderator = await createAccount(["moderator"]);
    expect((await moderationQueue(as(moderator))).some((i) => i.subjectType === "farm" && i.subjectId === farmer.farm.id)).toBe(true);

    for (const stranger of [reporter, farmer, await createAccount(["analyst"])]) {
      expect(await refused(dismissReports(as(stranger), "farm", farmer.farm.id))).toBe("not_found");
      expect(await refused(moderationQueue(as(stranger)))).toBe("not_found");
    }
    const [open] = await db().select().from(reports).where(and(eq(reports.subjectType, "farm"), eq(reports.subjectId, farmer.farm.id)));
    expect(open.state).toBe("open");

    expect(await dismissReports(as(moderator), "farm", farmer.farm.id)).toEqual({ dismissed: 1 });
    expect((await moderationQueue(as(moderator))).some((i) => i.subjectType === "farm" && i.subjectId === farmer.farm.id)).toBe(false);
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "moderation.dismissReports"), eq(auditEvents.subjectId, String(farmer.farm.id))));
    expect(audit).toMatchObject({ actorId: moderator.id, before: { openReports: 1 }, after: { openReports: 0 } });
    // The person may report again once theirs was handled.
    expect(await fileReport(as(reporter), { subjectType: "farm", subjectId: farmer.farm.id, reason: "other", note: "" })).toEqual({ created: true });
  });
});

describe("a hidden listing", () => {
  it("leaves both search engines, cannot be bought, and its farm sees why; another look brings it back", async () => {
    const meili = fakeMeilisearch();
    server.use(...meili.handlers);
    const engineMeili = new MeilisearchEngine({ host: MEILI_HOST, index: "listings" });
    await engineMeili.prepare();
    const meiliHas = (id: number) => meili.indexes.get("listings")!.documents.has(id);

    const { farmer, id } = await listingOf("Sầu riêng Ri6 Cái Mơn");
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, id, 2);
    await fileReport(as(buyer), { subjectType: "listing", subjectId: id, reason: "wrong_information", note: "Không phải Ri6" });
    await drainSearchOutbox(db(), postgres);
    await drainSearchOutbox(db(), engineMeili);
    // Both drains share the outbox: a second engine is fed by its own reindex in production; here the row is recorded again.
    await db().execute(sql`insert into search_outbox (listing_id) values (${id})`);
    await drainSearchOutbox(db(), engineMeili);
    expect(await findPg("sau rieng ri6")).toEqual([id]);
    expect(meiliHas(id)).toBe(true);

    const moderator = await createAccount(["moderator"]);
    // The farm can neither hide nor show its own listing by moderation.
    expect(await refused(hideListing(as(farmer), id, "Tự ẩn thử"))).toBe("not_found");
    await hideListing(as(moderator), id, "Ảnh không đúng giống Ri6");

    // Out of search, in both engines, through the outbox.
    const [pending] = await db().execute<{ n: number }>(sql`select count(*)::int as n from search_outbox where listing_id = ${id}`);
    expect(pending.n).toBeGreaterThan(0);
    await db().execute(sql`insert into search_outbox (listing_id) values (${id})`);
    await drainSearchOutbox(db(), postgres);
    expect(await findPg("sau rieng ri6")).toEqual([]);
    expect(await indexedPg(id)).toBe(false);
    await db().execute(sql`insert into search_outbox (listing_id) values (${id})`);
    await drainSearchOutbox(db(), engineMeili);
    expect(meiliHas(id)).toBe(false);

    // Buyers: no page, no adding to the cart, no checkout; the cart says it is unavailable.
    expect(await getListingPage(id, as(buyer))).toBeNull();
    expect(await getListingPage(id, null)).toBeNull();
    await expect(addToCart(buyer.id, id, 1)).rejects.toThrow();
    expect((await priceCart(await cartItemsOf(buyer.id))).groups[0].lines[0].problems).toContain("unavailable");
    const checkout = await checkoutCart(buyer.id);
    expect(checkout).toMatchObject({ ok: false, reason: "unavailable" });

    // The farm sees it, and why, on its listings page and its edit page.
    const page = await getListingPage(id, as(farmer));
    expect(page?.listing.moderation).toEqual({ hidden: true, reason: "Ảnh không đúng giống Ri6", reviewRequested: false });
    expect((await listSellerListings(farmer.farm.id)).find((l) => l.id === id)?.moderation).toMatchObject({ hidden: true });
    const [told] = await db().select().from(notifications).where(and(eq(notifications.userId, farmer.id), eq(notifications.kind, "listing_hidden")));
    expect(told.params).toMatchObject({ listingId: String(id), reason: "Ảnh không đúng giống Ri6" });
    // The open report was acted on.
    const [report] = await db().select().from(reports).where(and(eq(reports.subjectType, "listing"), eq(reports.subjectId, id)));
    expect(report).toMatchObject({ state: "actioned", handledBy: moderator.id });

    // The farm edits it: still hidden (an edit never shows it), then asks for another look.
    await editListing(as(farmer), farmer.farm.id, id, listingInput({ title: "Sầu riêng Ri6 Cái Mơn (ảnh mới)", stock: "50", minOrderQty: "1" }));
    expect((await getFarmListing(farmer.farm.id, id))?.moderation.hidden).toBe(true);
    expect(await refused(showListing(as(farmer), id))).toBe("not_found");
    const stranger = await createFarmer();
    expect(await refused(requestAnotherLook(as(stranger), farmer.farm.id, id))).toBe("not_found");
    expect(await refused(requestAnotherLook(as(stranger), stranger.farm.id, id))).toBe("not_found");
    await requestAnotherLook(as(farmer), farmer.farm.id, id);
    const queued = (await moderationQueue(as(moderator))).find((i) => i.subjectType === "listing" && i.subjectId === id);
    expect(queued?.hidden).toMatchObject({ reason: "Ảnh không đúng giống Ri6" });
    expect(queued?.hidden?.reviewRequestedAt).toBeInstanceOf(Date);
    expect((await moderationCounts()).reviewRequests).toBeGreaterThanOrEqual(1);

    // Kept hidden: out of the queue, the farm told again.
    await hideListing(as(moderator), id, "Ảnh vẫn chưa đúng");
    expect((await moderationQueue(as(moderator))).some((i) => i.subjectId === id && i.subjectType === "listing")).toBe(false);
    expect((await getFarmListing(farmer.farm.id, id))?.moderation).toEqual({ hidden: true, reason: "Ảnh vẫn chưa đúng", reviewRequested: false });

    // Asked again, then shown: back in search, in the state the farm left it.
    await requestAnotherLook(as(farmer), farmer.farm.id, id);
    await showListing(as(moderator), id);
    await drainSearchOutbox(db(), postgres);
    expect(await findPg("sau rieng ri6")).toEqual([id]);
    expect(await getListingPage(id, as(buyer))).not.toBeNull();
    const kinds = (await db().select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, farmer.id))).map((n) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(["listing_hidden", "listing_kept_hidden", "listing_shown"]));
    const trail = await db().select().from(auditEvents).where(and(eq(auditEvents.subjectType, "listing"), eq(auditEvents.subjectId, String(id)))).orderBy(auditEvents.id);
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(["moderation.hideListing", "moderation.requestReview", "moderation.keepHidden", "moderation.showListing"]));
    expect(trail.find((e) => e.action === "moderation.hideListing")).toMatchObject({ before: { hidden: false }, after: { hidden: true, hiddenReason: "Ảnh không đúng giống Ri6" } });
  });

  it("a paused listing hidden and shown again stays paused", async () => {
    const { farmer, id } = await listingOf("Chôm chôm Java");
    const { changeListingState } = await import("./listing.server");
    await changeListingState(as(farmer), farmer.farm.id, id, "pause");
    const moderator = await createAccount(["operator"]);
    await hideListing(as(moderator), id, "Kiểm tra nguồn gốc");
    await showListing(as(moderator), id);
    const [row] = await db().select({ state: listings.state, hiddenAt: listings.hiddenAt }).from(listings).where(eq(listings.id, id));
    expect(row).toEqual({ state: "paused", hiddenAt: null });
  });
});

describe("suspending an account", () => {
  it("ends its sessions, refuses its login, hides its listings, declines its placed orders and keeps the accepted ones", async () => {
    const { farmer, id } = await listingOf("Vải thiều Lục Ngạn", "100");
    const hidden = await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Nhãn xuồng cơm vàng", stock: "10", minOrderQty: "1" }));
    const moderator = await createAccount(["moderator"]);
    await hideListing(as(moderator), hidden.id, "Sai ảnh");
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, id, 5);
    const placed = await checkoutCart(buyer.id);
    await addToCart(buyer.id, id, 7);
    const accepted = await checkoutCart(buyer.id);
    if (!placed.ok || !accepted.ok) throw new Error("checkout failed");
    await transitionOrder(accepted.orderIds[0], "accept", as(farmer));
    await drainSearchOutbox(db(), postgres);
    expect(await findPg("vai thieu luc ngan")).toEqual([id]);

    const cookie = await cookieOf(farmer.id);
    expect((await getSessionUser(pageWith(cookie)))?.id).toBe(farmer.id);

    const result = await suspendAccount(as(moderator), farmer.id, "Bán hàng giả nhiều lần");
    expect(result).toEqual({ declinedOrders: [placed.orderIds[0]], cancelledOrders: [] });
    expect(await getSessionUser(pageWith(cookie))).toBeNull();
    expect(await db().select().from(sessions).where(eq(sessions.userId, farmer.id))).toEqual([]);
    // The password is right; the login page then says the account is suspended.
    expect(await verifyLogin(farmer.phone, farmer.password)).toBe(farmer.id);
    expect(await isSuspended(farmer.id)).toBe(true);

    await drainSearchOutbox(db(), postgres);
    expect(await findPg("vai thieu luc ngan")).toEqual([]);
    expect(await indexedPg(id)).toBe(false);
    expect(await getListingPage(id, as(buyer))).toBeNull();
    await expect(addToCart(buyer.id, id, 1)).rejects.toThrow();

    const statuses = await db().select({ id: orders.id, status: orders.status }).from(orders).where(eq(orders.buyerId, buyer.id)).orderBy(orders.id);
    expect(statuses).toEqual([
      { id: placed.orderIds[0], status: "declined" },
      { id: accepted.orderIds[0], status: "accepted" },
    ]);
    // Stock of the declined order back: 100 - 5 - 7 + 5.
    const [row] = await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, id));
    expect(Number(row.stock)).toBe(93);
    const buyerTold = await db().select({ kind: notifications.kind }).from(notifications).where(and(eq(notifications.userId, buyer.id), eq(notifications.orderId, placed.orderIds[0])));
    expect(buyerTold.map((n) => n.kind)).toContain("order_declined");
    // The accepted one is for the operator to follow up.
    expect((await suspendedAccountOrders(as(moderator))).map((o) => o.id)).toContain(accepted.orderIds[0]);
    expect((await findAccounts(as(moderator), farmer.phone))[0]).toMatchObject({ id: farmer.id, suspended: { reason: "Bán hàng giả nhiều lần" } });

    // Restored: back in search, but not the listing a moderator hid.
    await restoreAccount(as(moderator), farmer.id);
    await drainSearchOutbox(db(), postgres);
    expect(await findPg("vai thieu luc ngan")).toEqual([id]);
    expect(await indexedPg(id)).toBe(true);
    expect(await indexedPg(hidden.id)).toBe(false);
    expect(await isSuspended(farmer.id)).toBe(false);
    const actions = (await db().select({ action: auditEvents.action, after: auditEvents.after }).from(auditEvents).where(eq(auditEvents.subjectId, String(farmer.id)))).filter((e) => e.action.startsWith("accounts."));
    expect(actions.map((a) => a.action)).toEqual(["accounts.suspend", "accounts.restore"]);
    expect(actions[0].after).toMatchObject({ suspended: true, suspendedReason: "Bán hàng giả nhiều lần", declinedOrders: [placed.orderIds[0]] });
  });

  it("cancels a suspended buyer's placed orders with stock back and empties the cart", async () => {
    const { id } = await listingOf("Cam sành Hàm Yên", "20");
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, id, 4);
    const placed = await checkoutCart(buyer.id);
    if (!placed.ok) throw new Error("checkout failed");
    await addToCart(buyer.id, id, 1);
    const admin = await createAccount(["operator"]);
    expect(await suspendAccount(as(admin), buyer.id, "Đặt đơn ảo liên tục")).toEqual({ declinedOrders: [], cancelledOrders: [placed.orderIds[0]] });
    const [row] = await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, id));
    expect(Number(row.stock)).toBe(20);
    expect(await cartItemsOf(buyer.id)).toEqual([]);
  });

  it("is refused to oneself, to a moderator for an administrator, for the last administrator, and to anyone without the right", async () => {
    const admin = await createAccount(["operator"]);
    const moderator = await createAccount(["moderator"]);
    const target = await createAccount(["consumer"]);
    expect(await refused(suspendAccount(as(admin), admin.id, "Tự khóa thử"))).toBe("conflict");
    expect(await refused(suspendAccount(as(moderator), admin.id, "Khóa quản trị"))).toBe("forbidden");
    for (const stranger of [target, await createAccount(["analyst"]), await createAccount(["farmer"])]) {
      expect(await refused(suspendAccount(as(stranger), moderator.id, "Không có quyền"))).toBe("not_found");
      expect(await refused(findAccounts(as(stranger), ""))).toBe("not_found");
    }
    expect(await isSuspended(moderator.id)).toBe(false);
    // The last administrator in good standing cannot be suspended (the others suspended here directly, as set-up).
    const second = await createAccount(["operator"]);
    await db().update(users).set({ suspendedAt: new Date() }).where(and(inArray(users.id, (await db().select({ id: userRoles.userId }).from(userRoles).where(eq(userRoles.role, "operator"))).map((r) => r.id)), ne(users.id, second.id)));
    expect(await refused(suspendAccount(as(admin), second.id, "Quản trị cuối cùng"))).toBe("conflict");
    expect(await isSuspended(second.id)).toBe(false);
  });
});

describe("a checkout racing a suspension of the farm", () => {
  it("completes before (its order then declined) or is refused after; never an order of a suspended farm left placed", async () => {
    for (let round = 0; round < 8; round++) {
      const { farmer, id } = await listingOf(`Thanh long ruột đỏ ${round}`, "30");
      const buyer = await createAccount(["consumer"]);
      await addToCart(buyer.id, id, 3);
      const moderator = await createAccount(["moderator"]);
      const [checkout] = await Promise.all([checkoutCart(buyer.id), suspendAccount(as(moderator), farmer.id, "Kiểm tra đồng thời")]);
      const farmOrders = await db().select({ status: orders.status }).from(orders).where(eq(orders.farmId, farmer.farm.id));
      if (checkout.ok) expect(farmOrders).toEqual([{ status: "declined" }]);
      else {
        expect(checkout).toMatchObject({ reason: "unavailable" });
        expect(farmOrders).toEqual([]);
      }
      const [row] = await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, id));
      expect(Number(row.stock)).toBe(30);
    }
  });
});
