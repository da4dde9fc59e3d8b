import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { ledgerEntries, orderEvents, orders, refunds } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { deliverWebhook, refundsSent, stripeAtTheEdge } from "../../tests/payments";
import { addToCart } from "./cart.server";
import { farmBalance, feeFor, ledgerOf, recordPayout } from "./ledger.server";
import { createListing } from "./listing.server";
import { markOrderPaid, transitionOrder, type PaymentMethod } from "./orders/moves.server";
import { startCardPayment } from "./payment.server";
import { refundPaidOrder } from "./refund.server";


const fake = stripeAtTheEdge();

async function deliver(event: Parameters<typeof fake.sign>[0]) {
  expect((await deliverWebhook(fake, event)).status).toBe(200);
}

/** An order of `quantity` kg at 40.000 ₫, paid as given, taken through to completed. */
async function completedOrder(farmer: Awaited<ReturnType<typeof createFarmer>>, listingId: number, method: PaymentMethod, quantity: number, transferSeen = true) {
  const buyer = await createAccount(["consumer"]);
  await addToCart(buyer.id, listingId, quantity);
  const result = await checkoutCart(buyer.id, { paymentMethod: method, holdMinutes: 30 });
  if (!result.ok) throw new Error("refused");
  const [orderId] = result.orderIds;
  if (method === "card") {
    const [{ checkoutId }] = await db().select({ checkoutId: orders.checkoutId }).from(orders).where(eq(orders.id, orderId));
    const started = await startCardPayment(checkoutId, buyer.id, "http://x");
    if (!started.ok) throw new Error("no session");
    await deliver(fake.complete(started.url.split("/").at(-1)!));
  }
  if (method === "bank_transfer" && transferSeen) expect((await markOrderPaid(orderId, as(await createAccount(["operator"])))).ok).toBe(true);
  for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(orderId, step, as(farmer))).ok).toBe(true);
  expect(await transitionOrder(orderId, "complete", as(buyer))).toEqual({ ok: true, status: "completed" });
  return { orderId, buyer };
}

describe("fees", () => {
  it("are whole đồng, rounded half up", () => {
    expect(feeFor(1_000_000, 500)).toBe(50_000);
    expect(feeFor(10_010, 500)).toBe(501); // 500.5 → 501
    expect(feeFor(10_009, 500)).toBe(500); // 500.45 → 500
    expect(feeFor(99_999_999, 250)).toBe(2_500_000);
    expect(feeFor(123_456, 0)).toBe(0);
  });
});

describe("the payouts ledger", () => {
  it("credits each completed order once, whatever the payment method, and the balance is the sum of entries", async () => {
    const farmer = await createFarmer();
    const { id: listingId } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "40000", stock: "1000", minOrderQty: "1" }));
    const card = await completedOrder(farmer, listingId, "card", 10); // 400.000
    await completedOrder(farmer, listingId, "bank_transfer", 5); // 200.000
    await completedOrder(farmer, listingId, "cod", 25); // 1.000.000, cash kept by the farm

    const entries = await ledgerOf(farmer.farm.id);
    expect(entries.map((e) => [e.kind, e.grossVnd, e.feeVnd, e.netVnd, e.amountVnd]).reverse()).toEqual([
      ["order", 400_000, 20_000, 380_000, 380_000],
      ["order", 200_000, 10_000, 190_000, 190_000],
      ["order", 1_000_000, 50_000, 950_000, -50_000],
    ]);
    // 380.000 + 190.000 - 50.000, from the orders above.
    expect(await farmBalance(farmer.farm.id)).toBe(520_000);
    expect(entries.reduce((n, e) => n + e.amountVnd, 0)).toBe(520_000);

    // A transfer no operator saw arrive was taken by the farm some other way: like cash, only the fee is owed.
    await completedOrder(farmer, listingId, "bank_transfer", 5, false);
    expect((await ledgerOf(farmer.farm.id))[0]).toMatchObject({ grossVnd: 200_000, feeVnd: 10_000, amountVnd: -10_000 });
    expect(await farmBalance(farmer.farm.id)).toBe(510_000);

    // Completing again is refused, and writes nothing.
    expect((await transitionOrder(card.orderId, "complete", as(card.buyer))).ok).toBe(false);
    expect(await ledgerOf(farmer.farm.id)).toHaveLength(4);
  });

  it("reverses a refunded order exactly once, however often Stripe says so", async () => {
    const farmer = await createFarmer();
    const operator = await createAccount(["operator"]);
    const { id: listingId } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "40000", stock: "1000", minOrderQty: "1" }));
    const card = await completedOrder(farmer, listingId, "card", 10);
    const transfer = await completedOrder(farmer, listingId, "bank_transfer", 5);
    expect(await farmBalance(farmer.farm.id)).toBe(570_000);

    // Stripe takes the refund as pending; the farm keeps its credit until it has gone through.
    fake.refundStatus = "pending";
    try {
      expect(await refundPaidOrder(card.orderId, operator.id)).toEqual({ ok: true });
      // Twice from the page (a double click) is refused the second time.
      expect(await refundPaidOrder(card.orderId, operator.id)).toEqual({ ok: false, reason: "not_allowed" });
      await refundsSent([card.orderId]);
    } finally {
      fake.refundStatus = "succeeded";
    }
    expect(await farmBalance(farmer.farm.id)).toBe(570_000);
    const [refund] = await db().select().from(refunds).where(eq(refunds.orderId, card.orderId));
    const refunded = fake.settleRefund(refund.stripeRefundId!, "succeeded");
    for (let i = 0; i < 3; i++) await deliver(refunded);
    expect(await farmBalance(farmer.farm.id)).toBe(190_000);

    // Money sent back by hand needs its bank reference.
    expect(await refundPaidOrder(transfer.orderId, operator.id)).toEqual({ ok: false, reason: "reference_required" });
    expect(await refundPaidOrder(transfer.orderId, operator.id, "FT26330123456")).toEqual({ ok: true });

    const reversals = await db().select().from(ledgerEntries).where(eq(ledgerEntries.kind, "refund"));
    const mine = reversals.filter((r) => r.farmId === farmer.farm.id);
    expect(mine.map((r) => [r.orderId, r.grossVnd, r.feeVnd, r.netVnd, r.amountVnd]).sort()).toEqual(
      [
        [card.orderId, -400_000, -20_000, -380_000, -380_000],
        [transfer.orderId, -200_000, -10_000, -190_000, -190_000],
      ].sort(),
    );
    expect(await farmBalance(farmer.farm.id)).toBe(0);
    const [order] = await db().select().from(orders).where(eq(orders.id, card.orderId));
    expect(order.paymentStatus).toBe("refunded");
  });

  it("records cash on delivery as collected when the farm delivers it, and the ledger leaves the farm the fee to owe", async () => {
    const farmer = await createFarmer();
    const operator = await createAccount(["operator"]);
    const { id: listingId } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "40000", stock: "1000", minOrderQty: "1" }));
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, listingId, 25);
    const placed = await checkoutCart(buyer.id, { paymentMethod: "cod", holdMinutes: 30 });
    if (!placed.ok) throw new Error("refused");
    const [orderId] = placed.orderIds;
    const paymentOf = async () => (await db().select({ paymentStatus: orders.paymentStatus }).from(orders).where(eq(orders.id, orderId)))[0].paymentStatus;
    for (const step of ["accept", "pack", "ship"] as const) await transitionOrder(orderId, step, as(farmer));
    expect(await paymentOf()).toBe("unpaid");
    expect(await transitionOrder(orderId, "deliver", as(farmer))).toEqual({ ok: true, status: "delivered" });
    expect(await paymentOf()).toBe("paid");
    // On the timeline, by the farmer, in the move's transaction.
    const events = await db().select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(orderEvents.id);
    expect(events.filter((e) => e.kind === "cash_collected").map((e) => e.actorId)).toEqual([farmer.id]);
    expect(await transitionOrder(orderId, "complete", as(buyer))).toEqual({ ok: true, status: "completed" });
    // The cash is with the farm: the farm owes the fee, and the platform has nothing to refund.
    expect((await ledgerOf(farmer.farm.id)).map((e) => [e.kind, e.grossVnd, e.feeVnd, e.amountVnd])).toEqual([["order", 1_000_000, 50_000, -50_000]]);
    expect(await farmBalance(farmer.farm.id)).toBe(-50_000);
    expect(await refundPaidOrder(orderId, operator.id, "FT26330999999")).toEqual({ ok: false, reason: "not_allowed" });
    expect(await paymentOf()).toBe("paid");
  });

  it("marks the cash orders delivered before collection was recorded as paid (migration 0009), once", async () => {
    const farmer = await createFarmer();
    const { id: listingId } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "40000", stock: "1000", minOrderQty: "1" }));
    const cash = await completedOrder(farmer, listingId, "cod", 5);
    const unseen = await completedOrder(farmer, listingId, "bank_transfer", 5, false);
    // As an older database has it: completed, unpaid, no collection on the timeline.
    await db().update(orders).set({ paymentStatus: "unpaid" }).where(eq(orders.id, cash.orderId));
    await db().delete(orderEvents).where(and(eq(orderEvents.orderId, cash.orderId), eq(orderEvents.kind, "cash_collected")));
    const migration = await readFile(path.resolve("db/migrations/0009_cod_cash_collected.sql"), "utf8");
    await db().execute(sql.raw(migration));
    await db().execute(sql.raw(migration));
    const rows = await db().select().from(orders).where(inArray(orders.id, [cash.orderId, unseen.orderId])).orderBy(orders.id);
    expect(rows.map((r) => r.paymentStatus)).toEqual(["paid", "unpaid"]);
    const events = await db().select().from(orderEvents).where(and(eq(orderEvents.orderId, cash.orderId), eq(orderEvents.kind, "cash_collected")));
    expect(events.map((e) => e.actorId)).toEqual([farmer.id]);
    expect(await farmBalance(farmer.farm.id)).toBe(-20_000);
  });

  it("refuses a payout above the balance, and two payouts at once cannot both spend it", async () => {
    const farmer = await createFarmer();
    const operator = await createAccount(["operator"]);
    const { id: listingId } = await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "40000", stock: "1000", minOrderQty: "1" }));
    await completedOrder(farmer, listingId, "card", 25); // net 950.000
    const farmId = farmer.farm.id;
    expect(await recordPayout({ farmId, amountVnd: 950_001, bankReference: "FT-TOO-MUCH", operatorId: operator.id })).toEqual({
      ok: false,
      reason: "over_balance",
      balanceVnd: 950_000,
    });
    expect(await recordPayout({ farmId: 2_000_000_000, amountVnd: 1, bankReference: "FT-NOBODY", operatorId: operator.id })).toEqual({ ok: false, reason: "not_found" });

    // Five operators at once, each paying 400.000 of the 950.000: exactly two get through.
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, i) => recordPayout({ farmId, amountVnd: 400_000, bankReference: `FT-${i}`, operatorId: operator.id })),
    );
    expect(attempts.filter((a) => a.ok)).toHaveLength(2);
    expect(await farmBalance(farmId)).toBe(150_000);
    expect(await recordPayout({ farmId, amountVnd: 150_000, bankReference: "FT-REST", operatorId: operator.id })).toMatchObject({ ok: true });
    expect(await farmBalance(farmId)).toBe(0);
    const payouts = (await ledgerOf(farmId)).filter((e) => e.kind === "payout");
    expect(payouts.map((p) => p.amountVnd).sort()).toEqual([-400_000, -400_000, -150_000].sort());
  });
});
