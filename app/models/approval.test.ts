/**
 * Approval of company purchases above the threshold (issue 12, decision 033)
 * on real PostgreSQL: the threshold table (below, at, above, none), a
 * purchase split across farms counted whole, approve / reject / expiry with
 * the stock back exactly once, who may decide (not the buyer unless the only
 * approver; not a buyer-role member; not another company's approver), two
 * approvers at once making one outcome, card refused, pre-approved callers,
 * and quotes accepted above the threshold.
 */
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, cartItems, listings, notifications, orderEvents, orders, webhookEvents } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, HANOI_ADDRESS, listingInput } from "../../tests/factories";
import { DomainError } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { taxCodeCheckDigit } from "~/validation/company";
import { APPROVAL_WAIT_DAYS, approvePurchase, rejectPurchase, waitingCount, waitingPurchases } from "./approval.server";
import { createEndpoint } from "./webhook.server";
import { addToCart } from "./cart.server";
import { acceptInvite, createCompany, inviteMember, setApprovalThreshold } from "./company.server";
import { createListing } from "./listing.server";
import { placeQuotedOrders } from "./orders/checkout.server";
import { expireUnpaidOrders } from "./orders/moves.server";
import { listFarmOrders } from "./orders/queries.server";
import { hideListing } from "./moderation.server";
import { suspendAccount } from "./suspension.server";
import { notificationPath } from "./notification.server";

let sequence = 0;
function nextTaxCode(): string {
  for (;;) {
    sequence += 1;
    const nine = `47${String(process.pid % 100).padStart(2, "0")}${String(sequence).padStart(5, "0")}`;
    if (taxCodeCheckDigit(nine) < 10) return `${nine}${taxCodeCheckDigit(nine)}`;
  }
}
const e164 = (phone: string) => `84${phone.slice(1)}`;
const PRICE = 38_000;

/** A company (owner, buyer, approver; threshold as given) and two farms selling rice at 38.000 đ/kg. */
async function school(thresholdVnd: number | null, roles: ("buyer" | "approver")[] = ["buyer", "approver"]) {
  const ownerAccount = await createAccount(["consumer"]);
  const owner = as(ownerAccount);
  const company = await createCompany(owner, { name: "Trường Kim Liên", taxCode: nextTaxCode(), invoiceAddress: "Kim Liên, Hà Nội", invoiceEmail: "kt@kimlien.vn" });
  const members: Record<string, { id: number; phone: string }> = {};
  for (const role of roles) {
    const account = await createAccount(["consumer"]);
    const { token } = await inviteMember(owner, company.id, { identifier: { kind: "phone", value: e164(account.phone) }, role });
    await acceptInvite(as(account), token);
    members[role] = account;
  }
  await setApprovalThreshold(owner, company.id, thresholdVnd);
  const farms = [];
  for (const name of ["HTX Gạo Thái Bình", "Vườn Sóc Trăng"]) {
    const farmer = await createFarmer(name);
    const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Gạo ST25", stock: "1000", minOrderQty: "1", priceVnd: String(PRICE) }))).id;
    farms.push({ farmer, listingId });
  }
  return { company, owner, ownerAccount, buyer: members.buyer, approver: members.approver, farms };
}

type School = Awaited<ReturnType<typeof school>>;

async function buy(k: School, buyerId: number, kilos: number[], overrides: Parameters<typeof checkoutCart>[1] = {}) {
  for (const [i, kg] of kilos.entries()) await addToCart(buyerId, k.farms[i].listingId, kg);
  const result = await checkoutCart(buyerId, { company: { id: k.company.id, poNumber: "PO-9" }, ...overrides });
  if (!result.ok) throw new Error(`checkout refused: ${result.reason}`);
  return result;
}

const statuses = async (ids: number[]) =>
  (await db().select({ id: orders.id, status: orders.status }).from(orders).where(inArray(orders.id, ids)).orderBy(orders.id)).map((o) => o.status);
const stockOf = async (listingId: number) => String(Number((await db().select({ stock: listings.stock }).from(listings).where(eq(listings.id, listingId)))[0].stock));
const kindsFor = async (userId: number) => (await db().select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, userId))).map((n) => n.kind);

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind}:${error.code}`;
    throw error;
  }
  return "done";
}

describe("the approval threshold", () => {
  it.each([
    { case: "no threshold", threshold: null, kilos: 100, status: "placed" },
    { case: "below", threshold: 380_001, kilos: 10, status: "placed" },
    { case: "at", threshold: 380_000, kilos: 10, status: "placed" },
    { case: "above", threshold: 379_999, kilos: 10, status: "awaiting_approval" },
  ])("$case: a purchase of $kilos kg (38.000 đ/kg) is $status", async ({ threshold, kilos, status }) => {
    const k = await school(threshold);
    const result = await buy(k, k.buyer.id, [kilos]);
    expect(await statuses(result.orderIds)).toEqual([status]);
    expect(result.awaitingApproval).toBe(status === "awaiting_approval");
    // Stock is taken (held) either way.
    expect(await stockOf(k.farms[0].listingId)).toBe(String(1000 - kilos));
  });

  it("counts a purchase split across farms whole: two orders each below, together above, both wait; the farms see neither", async () => {
    const k = await school(500_000);
    // 8 kg + 8 kg = 304.000 đ each, 608.000 đ together.
    const result = await buy(k, k.buyer.id, [8, 8]);
    expect(result.orderIds).toHaveLength(2);
    expect(await statuses(result.orderIds)).toEqual(["awaiting_approval", "awaiting_approval"]);
    for (const f of k.farms) {
      expect(await listFarmOrders(f.farmer.farm.id)).toEqual([]);
      expect(await kindsFor(f.farmer.id)).toEqual([]);
    }
    // The approvers (owner, approver) are asked, the buyer is not.
    expect(await kindsFor(k.approver.id)).toEqual(["approval_requested"]);
    expect(await kindsFor(k.ownerAccount.id)).toEqual(["approval_requested"]);
    // The bell and the email lead the approver to the company's approvals page.
    const [asked] = await db().select().from(notifications).where(eq(notifications.userId, k.approver.id));
    expect(notificationPath(asked)).toBe(`/business/${k.company.id}/approvals`);
    expect(await kindsFor(k.buyer.id)).toEqual([]);
    const waiting = await waitingPurchases(as(k.approver), k.company.id);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ orderId: result.orderIds[0], totalVnd: 608_000, mayDecide: true, poNumber: "PO-9" });
    expect(waiting[0].numbers).toHaveLength(2);
    expect(await waitingCount(k.company.id)).toBe(1);
    const [order] = await db().select({ expiresAt: orders.expiresAt }).from(orders).where(eq(orders.id, result.orderIds[0]));
    const days = (order.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(APPROVAL_WAIT_DAYS - 0.01);
    expect(days).toBeLessThanOrEqual(APPROVAL_WAIT_DAYS);
  });

  it("lets a pre-approved caller (standing orders) through, and refuses a card purchase that would wait, keeping the cart", async () => {
    const k = await school(100_000);
    const pre = await buy(k, k.buyer.id, [10], { approval: "preapproved" });
    expect(await statuses(pre.orderIds)).toEqual(["placed"]);
    await addToCart(k.buyer.id, k.farms[0].listingId, 10);
    const card = await checkoutCart(k.buyer.id, { company: { id: k.company.id, poNumber: null }, paymentMethod: "card" });
    expect(card).toEqual({ ok: false, reason: "approval_card" });
    expect(await db().select().from(cartItems).where(eq(cartItems.userId, k.buyer.id))).toHaveLength(1);
    expect(await stockOf(k.farms[0].listingId)).toBe("990");
  });

  it("makes quotes accepted above the threshold wait too", async () => {
    const k = await school(1_000_000);
    const f = k.farms[0];
    const made = await db().transaction((tx) =>
      placeQuotedOrders(tx, {
        buyerId: k.buyer.id,
        companyId: k.company.id,
        address: HANOI_ADDRESS,
        paymentMethod: "bank_transfer",
        holdMinutes: 60,
        lines: [{ farmId: f.farmer.farm.id, farmOwnerId: f.farmer.id, listingId: f.listingId, title: "Gạo ST25", unit: "kg", quantity: 100, unitPriceVnd: 36_000 }],
      }),
    );
    expect(await statuses(made.map((m) => m.orderId))).toEqual(["awaiting_approval"]);
    expect(await kindsFor(f.farmer.id)).toEqual([]);
    await approvePurchase(as(k.approver), k.company.id, made[0].orderId, { holdMinutes: 60 });
    expect(await statuses(made.map((m) => m.orderId))).toEqual(["placed"]);
    expect(await kindsFor(f.farmer.id)).toEqual(["order_placed"]);
  });
});

describe("deciding a waiting purchase", () => {
  it("approves: the orders are placed, the farms and the buyer told, a transfer's hold starts; again is done; a rejection after is refused", async () => {
    const k = await school(100_000);
    const result = await buy(k, k.buyer.id, [5, 5], { paymentMethod: "bank_transfer" });
    const before = Date.now();
    const decision = await approvePurchase(as(k.approver), k.company.id, result.orderIds[1], { holdMinutes: 90 });
    expect(decision).toEqual({ ok: true, repeated: false, orderIds: result.orderIds });
    expect(await statuses(result.orderIds)).toEqual(["placed", "placed"]);
    for (const f of k.farms) {
      expect(await kindsFor(f.farmer.id)).toEqual(["order_placed"]);
      expect(await listFarmOrders(f.farmer.farm.id)).toHaveLength(1);
    }
    expect(await kindsFor(k.buyer.id)).toEqual(["order_approved", "order_approved"]);
    const held = await db().select({ expiresAt: orders.expiresAt }).from(orders).where(inArray(orders.id, result.orderIds));
    for (const o of held) expect(Math.abs(o.expiresAt!.getTime() - (before + 90 * 60_000))).toBeLessThan(60_000);
    const [checkout] = await db().select({ id: orders.checkoutId }).from(orders).where(eq(orders.id, result.orderIds[0]));
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "order.approve"), eq(auditEvents.subjectId, checkout.id)));
    expect(event).toMatchObject({ actorId: k.approver.id, subjectType: "checkout", after: { status: "placed", orderIds: result.orderIds } });

    expect(await approvePurchase(k.owner, k.company.id, result.orderIds[0], { holdMinutes: 90 })).toMatchObject({ repeated: true });
    expect(await refusal(rejectPurchase(k.owner, k.company.id, result.orderIds[0], "Quá đắt"))).toBe("conflict:errors.approval.decided");
    expect(await waitingCount(k.company.id)).toBe(0);
  });

  it("rejects with a reason: cancelled, stock back once, the buyer told why; approving after is refused", async () => {
    const k = await school(100_000);
    // The company's procurement system listens (decision 045): it hears the purchase was cancelled; the farms hear nothing.
    await createEndpoint(k.owner, { kind: "company", id: k.company.id }, { url: "http://127.0.0.1:9/erp", description: "", events: ["order.placed", "order.cancelled"] });
    const result = await buy(k, k.buyer.id, [5, 7]);
    expect(await stockOf(k.farms[1].listingId)).toBe("993");
    await rejectPurchase(k.owner, k.company.id, result.orderIds[0], "Tuần này bếp đã đủ gạo");
    const heard = await db().select({ type: webhookEvents.type, companyId: webhookEvents.companyId, farmId: webhookEvents.farmId }).from(webhookEvents).where(eq(webhookEvents.companyId, k.company.id));
    expect(heard).toEqual([
      { type: "order.cancelled", companyId: k.company.id, farmId: null },
      { type: "order.cancelled", companyId: k.company.id, farmId: null },
    ]);
    expect(await statuses(result.orderIds)).toEqual(["cancelled", "cancelled"]);
    expect(await stockOf(k.farms[0].listingId)).toBe("1000");
    expect(await stockOf(k.farms[1].listingId)).toBe("1000");
    const told = await db().select({ kind: notifications.kind, params: notifications.params }).from(notifications).where(eq(notifications.userId, k.buyer.id));
    expect(told).toEqual([
      { kind: "order_rejected", params: { reason: "Tuần này bếp đã đủ gạo" } },
      { kind: "order_rejected", params: { reason: "Tuần này bếp đã đủ gạo" } },
    ]);
    const [event] = await db().select({ note: orderEvents.note, toStatus: orderEvents.toStatus }).from(orderEvents).where(and(eq(orderEvents.orderId, result.orderIds[0]), eq(orderEvents.kind, "rejected")));
    expect(event).toEqual({ note: "Tuần này bếp đã đủ gạo", toStatus: "cancelled" });
    for (const f of k.farms) expect(await kindsFor(f.farmer.id)).toEqual([]);
    // Again: done, nothing given back twice.
    expect(await rejectPurchase(as(k.approver), k.company.id, result.orderIds[1], "lần nữa")).toMatchObject({ repeated: true });
    expect(await stockOf(k.farms[0].listingId)).toBe("1000");
    expect(await refusal(approvePurchase(as(k.approver), k.company.id, result.orderIds[0], { holdMinutes: 60 }))).toBe("conflict:errors.approval.decided");
  });

  it("expires a purchase left waiting past its days through the expiry job: stock back, the buyer told, the farm not", async () => {
    const k = await school(100_000);
    const result = await buy(k, k.buyer.id, [20]);
    await expireUnpaidOrders(new Date(Date.now() + (APPROVAL_WAIT_DAYS * 24 - 1) * 3600_000));
    expect(await statuses(result.orderIds)).toEqual(["awaiting_approval"]);
    expect(await expireUnpaidOrders(new Date(Date.now() + (APPROVAL_WAIT_DAYS * 24 + 1) * 3600_000))).toBeGreaterThanOrEqual(1);
    expect(await statuses(result.orderIds)).toEqual(["expired"]);
    expect(await stockOf(k.farms[0].listingId)).toBe("1000");
    expect(await kindsFor(k.buyer.id)).toEqual(["order_expired"]);
    expect(await kindsFor(k.farms[0].farmer.id)).toEqual([]);
    expect(await refusal(approvePurchase(as(k.approver), k.company.id, result.orderIds[0], { holdMinutes: 60 }))).toBe("conflict:errors.approval.decided");
  });

  it("two approvers at once make one outcome: one approval or one rejection, the stock given back at most once", async () => {
    for (let round = 0; round < 3; round++) {
      const k = await school(100_000);
      const result = await buy(k, k.buyer.id, [10, 10]);
      const [approved, rejected] = await Promise.allSettled([
        approvePurchase(as(k.approver), k.company.id, result.orderIds[0], { holdMinutes: 60 }),
        rejectPurchase(k.owner, k.company.id, result.orderIds[1], "Không cần"),
      ]);
      const outcomes = [approved.status, rejected.status].sort();
      expect(outcomes).toEqual(["fulfilled", "rejected"]);
      const lost = (approved.status === "rejected" ? approved.reason : (rejected as PromiseRejectedResult).reason) as DomainError;
      expect(lost.code).toBe("errors.approval.decided");
      const now = await statuses(result.orderIds);
      const won = approved.status === "fulfilled" ? "placed" : "cancelled";
      expect(now).toEqual([won, won]);
      expect(await stockOf(k.farms[0].listingId)).toBe(won === "placed" ? "990" : "1000");
      const decisions = await db().select().from(auditEvents).where(inArray(auditEvents.action, ["order.approve", "order.reject"]));
      expect(decisions.filter((d) => (d.after as { orderIds: number[] }).orderIds[0] === result.orderIds[0])).toHaveLength(1);
    }
  });

  it("two approvals at once: one decides, the other is answered as done", async () => {
    const k = await school(100_000);
    const result = await buy(k, k.buyer.id, [10]);
    const both = await Promise.all([
      approvePurchase(as(k.approver), k.company.id, result.orderIds[0], { holdMinutes: 60 }),
      approvePurchase(k.owner, k.company.id, result.orderIds[0], { holdMinutes: 60 }),
    ]);
    expect(both.map((d) => d.repeated).sort()).toEqual([false, true]);
    expect(await kindsFor(k.farms[0].farmer.id)).toEqual(["order_placed"]);
  });
});

describe("who decides", () => {
  it("refuses the buyer-role member (forbidden), a stranger and another company's approver (not found), changing nothing", async () => {
    const k = await school(100_000);
    const other = await school(100_000);
    const result = await buy(k, k.buyer.id, [10]);
    const stranger = as(await createAccount(["consumer"]));
    expect(await refusal(approvePurchase(as(k.buyer), k.company.id, result.orderIds[0], { holdMinutes: 60 }))).toBe("forbidden:errors.policy.companyRole");
    expect(await refusal(rejectPurchase(stranger, k.company.id, result.orderIds[0], "x"))).toBe("not_found:errors.page.notFound");
    // Another company's approver, on their own company's page or on ours.
    const outsider = as(other.approver);
    expect(await refusal(approvePurchase(outsider, other.company.id, result.orderIds[0], { holdMinutes: 60 }))).toBe("not_found:errors.page.notFound");
    expect(await refusal(rejectPurchase(outsider, k.company.id, result.orderIds[0], "x"))).toBe("not_found:errors.page.notFound");
    expect(await refusal(waitingPurchases(outsider, k.company.id))).toBe("not_found:errors.page.notFound");
    expect(await statuses(result.orderIds)).toEqual(["awaiting_approval"]);
    expect(await stockOf(k.farms[0].listingId)).toBe("990");
  });

  it("an approver's own purchase waits for another approver, who decides it; the buyer may not approve it", async () => {
    const k = await school(100_000);
    const result = await buy(k, k.ownerAccount.id, [10]);
    expect(await statuses(result.orderIds)).toEqual(["awaiting_approval"]);
    expect(await kindsFor(k.ownerAccount.id)).toEqual([]);
    expect(await kindsFor(k.approver.id)).toEqual(["approval_requested"]);
    expect((await waitingPurchases(k.owner, k.company.id))[0].mayDecide).toBe(false);
    expect(await refusal(approvePurchase(k.owner, k.company.id, result.orderIds[0], { holdMinutes: 60 }))).toBe("forbidden:errors.approval.ownPurchase");
    await approvePurchase(as(k.approver), k.company.id, result.orderIds[0], { holdMinutes: 60 });
    expect(await statuses(result.orderIds)).toEqual(["placed"]);
  });

  it("the company's only approver (an owner alone) is not kept waiting for themself", async () => {
    const k = await school(100_000, ["buyer"]);
    const own = await buy(k, k.ownerAccount.id, [10]);
    expect(await statuses(own.orderIds)).toEqual(["placed"]);
    // A buyer's purchase still waits for that owner.
    const theirs = await buy(k, k.buyer.id, [10]);
    expect(await statuses(theirs.orderIds)).toEqual(["awaiting_approval"]);
    const actor: Actor = k.owner;
    await approvePurchase(actor, k.company.id, theirs.orderIds[0], { holdMinutes: 60 });
    expect(await statuses(theirs.orderIds)).toEqual(["placed"]);
  });
});

describe("approval and moderation (review item 6)", () => {
  it("places nothing for a hidden listing; a suspension expires the purchases waiting, stock back once", async () => {
    const k = await school(100_000);
    const moderator = as(await createAccount(["moderator"]));
    const operator = as(await createAccount(["operator"]));

    // A listing hidden while its purchase waits: the approval is refused, nothing placed.
    const hidden = await buy(k, k.buyer.id, [10]);
    await hideListing(moderator, k.farms[0].listingId, "Ảnh không đúng sản phẩm");
    expect(await refusal(approvePurchase(k.owner, k.company.id, hidden.orderIds[0], { holdMinutes: 60 }))).toBe("conflict:errors.blocked.listingHidden");
    expect(await statuses(hidden.orderIds)).toEqual(["awaiting_approval"]);

    // The second farm's owner suspended: its waiting order expires (stock back once) and cannot be approved.
    await addToCart(k.buyer.id, k.farms[1].listingId, 10);
    const second = await checkoutCart(k.buyer.id, { company: { id: k.company.id, poNumber: "PO-9" } });
    if (!second.ok) throw new Error(second.reason);
    expect(await stockOf(k.farms[1].listingId)).toBe("990");
    await suspendAccount(operator, k.farms[1].farmer.id, "Gian lận");
    expect(await statuses(second.orderIds)).toEqual(["expired"]);
    expect(await stockOf(k.farms[1].listingId)).toBe("1000");
    expect(await refusal(approvePurchase(k.owner, k.company.id, second.orderIds[0], { holdMinutes: 60 }))).toBe("conflict:errors.approval.decided");
    expect(await stockOf(k.farms[1].listingId)).toBe("1000");

    // The buyer suspended: their purchase waiting (from the first farm) expires too.
    expect(await stockOf(k.farms[0].listingId)).toBe("990");
    await suspendAccount(operator, k.buyer.id, "Đặt đơn ảo");
    expect(await statuses(hidden.orderIds)).toEqual(["expired"]);
    expect(await stockOf(k.farms[0].listingId)).toBe("1000");
  });
});
