/**
 * Checkout and orders. Invariants:
 * - one checkout makes one order per farm, all in one transaction: all or
 *   nothing; prices, minimums and stock are read from the database, under
 *   row locks taken in listing-id order (so concurrent checkouts never
 *   deadlock), and stock is taken in the same transaction; it can never go
 *   below zero (and a CHECK backs that up);
 * - the checkout id is the form's idempotency key: a double submit, a retry
 *   or a reload after submit finds the orders of the first;
 * - states move only along TRANSITIONS, each by its own kind of actor,
 *   checked on the server: the buyer of the order, or whoever the policy
 *   lets sell for its farm ("order.sell": its owner, a co-op member, a
 *   helper with the household's consent to handle orders); every move
 *   leaves an audit event; decline, cancel and expiry give the stock back exactly once
 *   (stock_returned_at);
 * - card orders wait in awaiting_payment, stock held, until Stripe's webhook
 *   says paid (payment.server.ts); the farm hears of them only then. A paid
 *   card order that is declined or cancelled is refunded, through Stripe;
 * - cash on delivery is recorded as paid, by the farmer, when the farmer
 *   marks the order delivered (same transaction, on the timeline);
 * - a completed order credits its farm's ledger once (ledger.server.ts);
 * - every move is written to the order's timeline and notifies the other side
 *   (in the app; by email after commit when SMTP is configured);
 * - stock changes note the listings for the search index.
 */
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import {
  cardPayments,
  cartItems,
  checkouts,
  deliveryAddresses,
  farms,
  listingPriceTiers,
  listings,
  notifications,
  orderEvents,
  orderItems,
  orders,
} from "../../db/schema";
import { recordSearchChange } from "~/search/outbox.server";
import { checkPurchase, PURCHASE_COLUMNS, tiersByListing } from "./cart.server";
import { creditOrder } from "./ledger.server";
import { audit } from "~/policy/audit.server";
import { can, type Actor } from "~/policy/policy";
import { farmRelation } from "~/policy/relations.server";
import { emailLater } from "./notification.server";
import { checkAddress } from "./place.server";
import { lineTotalVnd } from "./pricing";
import { requestRefund, sendRefundLater } from "./refund.server";
import { parseQuantity, quantityToSql } from "./units";

export type OrderStatus = (typeof orders.$inferSelect)["status"];
export type PaymentMethod = (typeof orders.$inferSelect)["paymentMethod"];
export type PaymentStatus = (typeof orders.$inferSelect)["paymentStatus"];
export type OrderAction = "pay" | "accept" | "decline" | "pack" | "ship" | "deliver" | "complete" | "cancel" | "expire";
type MoveActor = "farmer" | "buyer" | "system";

export const TRANSITIONS: Record<OrderAction, { from: OrderStatus[]; to: OrderStatus; actor: MoveActor }> = {
  // Stripe's webhook: the card payment went through.
  pay: { from: ["awaiting_payment"], to: "placed", actor: "system" },
  accept: { from: ["placed"], to: "accepted", actor: "farmer" },
  decline: { from: ["placed"], to: "declined", actor: "farmer" },
  pack: { from: ["accepted"], to: "packed", actor: "farmer" },
  ship: { from: ["packed"], to: "shipped", actor: "farmer" },
  deliver: { from: ["shipped"], to: "delivered", actor: "farmer" },
  complete: { from: ["delivered"], to: "completed", actor: "buyer" },
  cancel: { from: ["placed"], to: "cancelled", actor: "buyer" },
  expire: { from: ["placed", "awaiting_payment"], to: "expired", actor: "system" },
};
const RETURNS_STOCK: OrderStatus[] = ["declined", "cancelled", "expired"];

type OrderState = { status: OrderStatus; paymentStatus: PaymentStatus; paymentMethod: PaymentMethod };

/**
 * Whether an order's state allows a move; who may make it is checked apart.
 * transitionOrder checks it under the order's lock, and the order page
 * offers the moves it allows.
 */
export function moveAllowed(order: OrderState, action: OrderAction): boolean {
  // Card payments are moved by Stripe's webhooks (payment.server.ts), not here.
  if (!TRANSITIONS[action].from.includes(order.status) || order.status === "awaiting_payment") return false;
  // A paid card order declined or cancelled is refunded through Stripe; money
  // paid by transfer or in cash cannot be sent back from here.
  return !((action === "decline" || action === "cancel") && order.paymentStatus === "paid" && order.paymentMethod !== "card");
}

/** Whether an operator may record the order's bank transfer as received (markOrderPaid). */
export function transferMayBeRecorded(order: OrderState): boolean {
  return order.paymentMethod === "bank_transfer" && order.paymentStatus === "unpaid" && order.status !== "awaiting_payment" && !RETURNS_STOCK.includes(order.status);
}

export type DeliveryAddressInput = { recipient: string; phone: string; provinceCode: string; communeCode: string; street: string };

export type CheckoutResult =
  | { ok: true; orderIds: number[]; repeated: boolean }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "address"; fieldErrors: Record<string, string[]> }
  | { ok: false; reason: "too_large"; totalVnd: number }
  | {
      ok: false;
      reason: "unavailable";
      problems: { listingId: number; title: string; available: number; minimum: number; priceChanged?: boolean }[];
    };

/** One order's total at most (a bigint holds more; JavaScript numbers stay exact to 2^53). */
const MAX_ORDER_VND = 1_000_000_000_000_000;

class CheckoutRefused extends Error {
  constructor(readonly result: Extract<CheckoutResult, { ok: false }>) {
    super("checkout refused");
  }
}

export function orderNumber(now = new Date()): string {
  const d = new Date(now.getTime() + 7 * 3600_000).toISOString();
  const day = `${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}`;
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const suffix = [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join("");
  return `NSS-${day}-${suffix}`;
}

/**
 * Places the buyer's cart as one order per farm. The cart stays as it was
 * when the checkout is refused, so the buyer can adjust and try again.
 */
export async function placeOrders(input: {
  buyerId: number;
  checkoutKey: string;
  address: DeliveryAddressInput;
  paymentMethod: PaymentMethod;
  deliveryOptions: Record<number, string>;
  /** How long an unpaid bank transfer or card payment holds the stock. */
  holdMinutes: number;
  /** The most one checkout may total (card payments have a limit). */
  maxTotalVnd?: number;
}): Promise<CheckoutResult> {
  // Orders keep the codes, not a reference: the commune must exist and lie in the province.
  const addressErrors = await checkAddress(input.address.provinceCode, input.address.communeCode);
  if (Object.keys(addressErrors).length) return { ok: false, reason: "address", fieldErrors: addressErrors };
  let notified: number[] = [];
  try {
    const result = await db().transaction(async (tx) => {
      const [fresh] = await tx
        .insert(checkouts)
        .values({ id: input.checkoutKey, buyerId: input.buyerId })
        .onConflictDoNothing()
        .returning({ id: checkouts.id });
      if (!fresh) {
        // The same form again: answer with what the first submit made (for this buyer only).
        const existing = await tx
          .select({ id: orders.id })
          .from(orders)
          .where(and(eq(orders.checkoutId, input.checkoutKey), eq(orders.buyerId, input.buyerId)))
          .orderBy(asc(orders.id));
        return { ok: true as const, orderIds: existing.map((o) => o.id), repeated: true };
      }

      // Locked: a second checkout of the same cart (another tab) waits here, then finds it empty.
      const items = await tx.select().from(cartItems).where(eq(cartItems.userId, input.buyerId)).for("update");
      if (items.length === 0) throw new CheckoutRefused({ ok: false, reason: "empty" });
      const ids = items.map((i) => i.listingId).sort((a, b) => a - b);
      // Row locks in a fixed order: concurrent checkouts queue, never deadlock.
      // The tiers are read right after, on the same connection (postgres.js
      // pipelines both), so they are read under the listing locks.
      const [locked, tierRows] = await Promise.all([
        tx
          .select({ ...PURCHASE_COLUMNS, farmId: listings.farmId, farmOwnerId: farms.ownerId })
          .from(listings)
          .innerJoin(farms, eq(farms.id, listings.farmId))
          .where(inArray(listings.id, ids))
          .orderBy(asc(listings.id))
          .for("update", { of: listings }),
        tx.select().from(listingPriceTiers).where(inArray(listingPriceTiers.listingId, ids)),
      ]);
      const tiers = tiersByListing(tierRows);

      const byId = new Map(locked.map((l) => [l.id, l]));
      const problems: Extract<CheckoutResult, { reason: "unavailable" }>["problems"] = [];
      const lines = items.map((item) => {
        const listing = byId.get(item.listingId)!;
        const quantity = parseQuantity(item.quantity);
        const { stock, minimum, buyable, belowMinimum, aboveStock, unitPriceVnd } = checkPurchase(listing, tiers, quantity);
        const lineTotal = lineTotalVnd(unitPriceVnd, quantity);
        if (!buyable || aboveStock || belowMinimum || lineTotal < 1 || lineTotal > MAX_ORDER_VND) {
          problems.push({ listingId: listing.id, title: listing.title, available: buyable ? stock : 0, minimum });
        } else if (unitPriceVnd !== item.seenPriceVnd) {
          // The buyer pays what the cart showed, or is asked to accept the new price first.
          problems.push({ listingId: listing.id, title: listing.title, available: stock, minimum, priceChanged: true });
        }
        return { listing, quantity, unitPriceVnd, lineTotal };
      });
      if (problems.length) throw new CheckoutRefused({ ok: false, reason: "unavailable", problems });
      const totalVnd = lines.reduce((n, l) => n + l.lineTotal, 0);
      if (input.maxTotalVnd !== undefined && totalVnd > input.maxTotalVnd) throw new CheckoutRefused({ ok: false, reason: "too_large", totalVnd });

      const byFarm = new Map<number, typeof lines>();
      for (const line of lines) byFarm.set(line.listing.farmId, [...(byFarm.get(line.listing.farmId) ?? []), line]);
      const farmGroups = [...byFarm.entries()].sort((a, b) => a[0] - b[0]);
      const card = input.paymentMethod === "card";
      const expiresAt = input.paymentMethod === "cod" ? null : new Date(Date.now() + input.holdMinutes * 60_000);
      const created = await tx
        .insert(orders)
        .values(
          farmGroups.map(([farmId, farmLines]) => ({
            number: orderNumber(),
            checkoutId: input.checkoutKey,
            status: card ? ("awaiting_payment" as const) : ("placed" as const),
            buyerId: input.buyerId,
            farmId,
            paymentMethod: input.paymentMethod,
            deliveryOption: offeredDelivery(input.deliveryOptions[farmId], farmLines.map((l) => l.listing.deliveryOptions)),
            ...input.address,
            totalVnd: farmLines.reduce((n, l) => n + l.lineTotal, 0),
            expiresAt,
          })),
        )
        .returning({ id: orders.id, farmId: orders.farmId });
      const orderOf = new Map(created.map((o) => [o.farmId, o.id]));
      const orderIds = farmGroups.map(([farmId]) => orderOf.get(farmId)!);

      // Independent writes, sent together on the transaction's connection (pipelined).
      await Promise.all([
        tx.insert(orderItems).values(
          lines.map((l) => ({
            orderId: orderOf.get(l.listing.farmId)!,
            listingId: l.listing.id,
            title: l.listing.title,
            unit: l.listing.unit,
            quantity: quantityToSql(l.quantity),
            unitPriceVnd: l.unitPriceVnd,
            lineTotalVnd: l.lineTotal,
          })),
        ),
        tx
          .insert(orderEvents)
          .values(orderIds.map((orderId) => ({ orderId, actorId: input.buyerId, kind: "status", toStatus: card ? ("awaiting_payment" as const) : ("placed" as const) }))),
        // A card order reaches the farm when it is paid; the session is made after this commits.
        card
          ? tx.insert(cardPayments).values({
              checkoutId: input.checkoutKey,
              buyerId: input.buyerId,
              amountVnd: totalVnd,
              expiresAt: expiresAt!,
            })
          : tx
              .insert(notifications)
              .values(farmGroups.map(([farmId, farmLines]) => ({ userId: farmLines[0].listing.farmOwnerId, kind: "order_placed", orderId: orderOf.get(farmId)! })))
              .returning({ id: notifications.id })
              .then((rows) => {
                notified = rows.map((r) => r.id);
              }),
        ...lines.map((line) => takeStock(tx, line.listing.id, line.quantity)),
        recordSearchChange(tx, ids),
        tx.delete(cartItems).where(eq(cartItems.userId, input.buyerId)),
        rememberAddress(tx, input.buyerId, input.address),
        // The buyer's own act: on the audit trail, on no farm's activity page.
        audit(tx, { userId: input.buyerId, roles: [], actingForFarmId: null }, {
          action: "checkout.place",
          subject: { type: "checkout", id: input.checkoutKey },
          after: { orderIds, totalVnd, paymentMethod: input.paymentMethod },
        }),
      ]);
      return { ok: true as const, orderIds, repeated: false };
    });
    emailLater(notified);
    return result;
  } catch (error) {
    if (error instanceof CheckoutRefused) return error.result;
    throw error;
  }
}

/** The option the buyer chose if the farm's listings offer it; else the first they offer. */
function offeredDelivery(chosen: string | undefined, offered: string[][]): string {
  const common = offered.reduce((a, b) => a.filter((o) => b.includes(o)));
  if (chosen && offered.some((o) => o.includes(chosen))) return chosen;
  return common[0] ?? offered[0]?.[0] ?? "giao-tan-noi";
}

async function rememberAddress(tx: Executor, userId: number, address: DeliveryAddressInput): Promise<void> {
  const [same] = await tx
    .select({ id: deliveryAddresses.id })
    .from(deliveryAddresses)
    .where(
      and(
        eq(deliveryAddresses.userId, userId),
        eq(deliveryAddresses.recipient, address.recipient),
        eq(deliveryAddresses.phone, address.phone),
        eq(deliveryAddresses.communeCode, address.communeCode),
        eq(deliveryAddresses.street, address.street),
      ),
    );
  if (same) await tx.update(deliveryAddresses).set({ lastUsedAt: new Date() }).where(eq(deliveryAddresses.id, same.id));
  else await tx.insert(deliveryAddresses).values({ userId, ...address });
}

export async function lastAddress(userId: number): Promise<DeliveryAddressInput | null> {
  const [row] = await db()
    .select()
    .from(deliveryAddresses)
    .where(eq(deliveryAddresses.userId, userId))
    .orderBy(desc(deliveryAddresses.lastUsedAt))
    .limit(1);
  return row ? { recipient: row.recipient, phone: row.phone, provinceCode: row.provinceCode, communeCode: row.communeCode, street: row.street } : null;
}

/** Takes a line's quantity from its listing (locked by the caller); the listing is sold out at zero. */
function takeStock(tx: Executor, listingId: number, quantity: number) {
  return tx
    .update(listings)
    .set({
      stock: sql`${listings.stock} - ${quantityToSql(quantity)}`,
      state: sql`case when ${listings.stock} - ${quantityToSql(quantity)} = 0 then 'sold_out' else ${listings.state} end`,
      updatedAt: new Date(),
    })
    .where(eq(listings.id, listingId));
}

/** Gives an order's stock back, once: a second call finds stock_returned_at set and does nothing. */
export async function returnStock(tx: Executor, orderId: number): Promise<void> {
  const [claimed] = await tx
    .update(orders)
    .set({ stockReturnedAt: new Date() })
    .where(and(eq(orders.id, orderId), isNull(orders.stockReturnedAt)))
    .returning({ id: orders.id });
  if (!claimed) return;
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.listingId));
  for (const item of items) {
    await tx
      .update(listings)
      .set({
        stock: sql`${listings.stock} + ${item.quantity}`,
        state: sql`case when ${listings.state} = 'sold_out' then 'active' else ${listings.state} end`,
        updatedAt: new Date(),
      })
      .where(eq(listings.id, item.listingId));
  }
  await recordSearchChange(tx, items.map((i) => i.listingId));
}

export type TransitionResult = { ok: true; status: OrderStatus } | { ok: false; reason: "not_found" | "not_allowed" };

export type LockedOrder = Awaited<ReturnType<typeof lockOrders>>[number];

/** Orders locked for update (in id order), with what a move needs to know. */
export function lockOrders(tx: Executor, where: ReturnType<typeof eq>) {
  return tx
    .select({
      id: orders.id,
      status: orders.status,
      buyerId: orders.buyerId,
      farmId: orders.farmId,
      farmOwner: farms.ownerId,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
      totalVnd: orders.totalVnd,
      expiresAt: orders.expiresAt,
    })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(where)
    .orderBy(asc(orders.id))
    .for("update", { of: orders });
}

/**
 * Moves a locked order (the caller checked who may): its status, its stock,
 * its timeline, a refund when paid money must go back, the ledger when it
 * completes, and notifications for the other side. Returns what to do after
 * commit: notifications to email, a refund to send to Stripe.
 */
export async function applyMove(
  tx: Executor,
  order: LockedOrder,
  action: OrderAction,
  actorId: number | null,
): Promise<{ notified: number[]; refundId: number | null }> {
  const rule = TRANSITIONS[action];
  const paidNow = action === "pay";
  // Cash on delivery is paid when the farm delivers: the farmer took the cash (the ledger leaves the farm the fee to owe).
  const cashCollected = action === "deliver" && order.paymentMethod === "cod" && order.paymentStatus === "unpaid";
  await tx
    .update(orders)
    .set({ status: rule.to, ...(paidNow || cashCollected ? { paymentStatus: "paid" as const, expiresAt: null } : {}), updatedAt: new Date() })
    .where(eq(orders.id, order.id));
  if (RETURNS_STOCK.includes(rule.to)) await returnStock(tx, order.id);
  await tx.insert(orderEvents).values({ orderId: order.id, actorId, kind: "status", fromStatus: order.status, toStatus: rule.to });
  if (paidNow) await tx.insert(orderEvents).values({ orderId: order.id, actorId: null, kind: "paid" });
  if (cashCollected) await tx.insert(orderEvents).values({ orderId: order.id, actorId, kind: "cash_collected" });
  if (rule.to === "completed") await creditOrder(tx, order);
  const refund = RETURNS_STOCK.includes(rule.to) && order.paymentStatus === "paid" ? await requestRefund(tx, order, actorId) : { sendToStripe: null, notified: [] };

  // A paid card order is news for the farm (and a receipt for the buyer); other moves tell the other side.
  const notify = paidNow ? [order.farmOwner, order.buyerId] : rule.actor === "buyer" ? [order.farmOwner] : [order.buyerId];
  // Expiry tells the farm too, unless the order never reached it (an unpaid card order).
  if (rule.actor === "system" && !paidNow && order.status !== "awaiting_payment") notify.push(order.farmOwner);
  const kinds = paidNow ? ["order_placed", "order_paid"] : notify.map(() => `order_${rule.to}`);
  const rows = await tx
    .insert(notifications)
    .values(notify.map((userId, i) => ({ userId, kind: kinds[i], orderId: order.id })))
    .returning({ id: notifications.id });
  return { notified: [...rows.map((r) => r.id), ...refund.notified], refundId: refund.sendToStripe };
}

/**
 * Moves an order along one transition. The actor must be the order's buyer
 * (buyer actions) or someone the policy lets sell for its farm (farmer
 * actions); null is the system (expiry). Anyone else gets not_found, as if
 * the order did not exist.
 */
export async function transitionOrder(
  orderId: number,
  action: OrderAction,
  actor: Actor | null,
  now = new Date(),
): Promise<TransitionResult> {
  const actorId = actor?.userId ?? null;
  const rule = TRANSITIONS[action];
  let after: { notified: number[]; refundId: number | null } = { notified: [], refundId: null };
  const result = await db().transaction(async (tx) => {
    const [order] = await lockOrders(tx, eq(orders.id, orderId));
    if (!order) return { ok: false as const, reason: "not_found" as const };
    const relation = actor ? await farmRelation(actor.userId, order.farmId, tx) : null;
    const mayAct =
      rule.actor === "system"
        ? actor === null
        : rule.actor === "buyer"
          ? can(actor, "order.buy", { kind: "order", isBuyer: order.buyerId === actorId, farm: relation })
          : can(actor, "order.sell", { kind: "farm", relation });
    if (!mayAct) {
      // Someone with a part in the order who may not make this move is told so; strangers see nothing.
      const involved = actor !== null && (order.buyerId === actorId || relation !== null);
      return { ok: false as const, reason: involved ? ("not_allowed" as const) : ("not_found" as const) };
    }
    if (!moveAllowed(order, action)) return { ok: false as const, reason: "not_allowed" as const };
    // Checked under the lock: a transfer recorded a moment ago stops the expiry.
    if (action === "expire" && (order.paymentStatus !== "unpaid" || !order.expiresAt || order.expiresAt > now)) {
      return { ok: false as const, reason: "not_allowed" as const };
    }
    after = await applyMove(tx, order, action, actorId);
    await audit(tx, actor, {
      action: `order.${action}`,
      subject: { type: "order", id: order.id },
      farmId: order.farmId,
      relation: rule.actor === "farmer" ? relation : null,
      before: { status: order.status },
      after: { status: rule.to },
    });
    return { ok: true as const, status: rule.to };
  });
  emailLater(after.notified);
  if (after.refundId !== null) sendRefundLater(after.refundId);
  return result;
}

/**
 * An operator records a bank transfer as received. The money arrives in the
 * platform's account, and the farm's ledger will be credited with it, so
 * only an operator (who sees that account) may say so (policy "ops.payments";
 * the actor's roles are read from the database with the session).
 */
export async function markOrderPaid(orderId: number, actor: Actor): Promise<TransitionResult> {
  if (!can(actor, "ops.payments", { kind: "platform" })) return { ok: false, reason: "not_found" };
  const operatorId = actor.userId;
  let notified: number[] = [];
  const result = await db().transaction(async (tx) => {
    const [order] = await lockOrders(tx, eq(orders.id, orderId));
    if (!order) return { ok: false as const, reason: "not_found" as const };
    if (!transferMayBeRecorded(order)) return { ok: false as const, reason: "not_allowed" as const };
    await tx.update(orders).set({ paymentStatus: "paid", expiresAt: null, updatedAt: new Date() }).where(eq(orders.id, orderId));
    await tx.insert(orderEvents).values({ orderId, actorId: operatorId, kind: "paid" });
    await audit(tx, actor, { action: "order.transferRecorded", subject: { type: "order", id: orderId }, farmId: order.farmId, before: { paymentStatus: order.paymentStatus }, after: { paymentStatus: "paid" } });
    const rows = await tx
      .insert(notifications)
      .values([order.buyerId, order.farmOwner].map((userId) => ({ userId, kind: "order_paid", orderId })))
      .returning({ id: notifications.id });
    notified = rows.map((r) => r.id);
    return { ok: true as const, status: order.status };
  });
  emailLater(notified);
  return result;
}

/** Unpaid bank transfers past their time: expired, stock back. Returns how many expired. */
export async function expireUnpaidOrders(now = new Date()): Promise<number> {
  const due = await db()
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, "placed"), eq(orders.paymentStatus, "unpaid"), lt(orders.expiresAt, now)));
  let expired = 0;
  for (const { id } of due) if ((await transitionOrder(id, "expire", null, now)).ok) expired++;
  return expired;
}

export type OrderSummary = {
  id: number;
  number: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  paymentStatus: "unpaid" | "paid" | "refunded";
  totalVnd: number;
  createdAt: Date;
  farm: { name: string; slug: string };
  itemCount: number;
};

function summaries(where: ReturnType<typeof and>, limit = 100) {
  return db()
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
      totalVnd: orders.totalVnd,
      createdAt: orders.createdAt,
      farm: { name: farms.name, slug: farms.slug },
      itemCount: sql<number>`(select count(*)::int from ${orderItems} i where i.order_id = ${orders.id})`,
    })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(where)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
}

export function listBuyerOrders(buyerId: number): Promise<OrderSummary[]> {
  return summaries(and(eq(orders.buyerId, buyerId)));
}

/** The farm's inbox: its orders, newest first, optionally of one status. The caller checked the policy. */
export function listFarmOrders(farmId: number, status?: OrderStatus): Promise<OrderSummary[]> {
  // A card order reaches its farm when paid.
  return summaries(and(eq(orders.farmId, farmId), status ? eq(orders.status, status) : ne(orders.status, "awaiting_payment")));
}

async function loadOrder(orderId: number) {
  const [order] = await db()
    .select({ order: orders, farm: { id: farms.id, name: farms.name, slug: farms.slug } })
    .from(orders)
    .innerJoin(farms, eq(farms.id, orders.farmId))
    .where(eq(orders.id, orderId));
  if (!order) return null;
  const [items, events] = await Promise.all([
    db().select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.title)),
    db().select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id)),
  ]);
  return {
    ...order.order,
    farm: order.farm,
    items: items.map((i) => ({ ...i, quantity: parseQuantity(i.quantity) })),
    events,
  };
}

/**
 * An order for its buyer, those who sell for its farm (policy "order.sell")
 * or an operator; null for anyone else. `viewer` says in which part.
 */
export async function getOrderFor(actor: Actor, orderId: number) {
  const order = await loadOrder(orderId);
  if (!order) return null;
  const relation = await farmRelation(actor.userId, order.farmId);
  const isBuyer = order.buyerId === actor.userId;
  if (!can(actor, "order.view", { kind: "order", isBuyer, farm: relation })) return null;
  const farmer = can(actor, "order.sell", { kind: "farm", relation }) && order.status !== "awaiting_payment";
  const viewer = isBuyer ? ("buyer" as const) : farmer ? ("farmer" as const) : can(actor, "ops.payments", { kind: "platform" }) ? ("operator" as const) : null;
  return viewer ? { ...order, viewer } : null;
}

/**
 * Card orders paid after they expired (payment.server.ts): their stock is
 * taken again, under the listing locks a checkout takes (in listing-id
 * order), if every line can still be had at the price paid: buyable, within
 * stock and minimum, its price now no higher. All or nothing: false, and
 * nothing changed, when a line cannot. The caller holds the orders' locks
 * and moves them.
 */
export async function retakeStockOfExpired(tx: Executor, orderIds: number[]): Promise<boolean> {
  if (!orderIds.length) return false;
  const items = await tx.select().from(orderItems).where(inArray(orderItems.orderId, orderIds));
  const ids = [...new Set(items.map((i) => i.listingId))].sort((a, b) => a - b);
  const [locked, tierRows] = await Promise.all([
    tx.select(PURCHASE_COLUMNS).from(listings).where(inArray(listings.id, ids)).orderBy(asc(listings.id)).for("update"),
    tx.select().from(listingPriceTiers).where(inArray(listingPriceTiers.listingId, ids)),
  ]);
  const tiers = tiersByListing(tierRows);
  const byId = new Map(locked.map((l) => [l.id, l]));
  for (const item of items) {
    const listing = byId.get(item.listingId);
    if (!listing) return false;
    const check = checkPurchase(listing, tiers, parseQuantity(item.quantity));
    if (!check.buyable || check.belowMinimum || check.aboveStock || check.unitPriceVnd > item.unitPriceVnd) return false;
  }
  // One order per farm and one line per listing: no listing is counted twice.
  await Promise.all(items.map((item) => takeStock(tx, item.listingId, parseQuantity(item.quantity))));
  await tx.update(orders).set({ stockReturnedAt: null }).where(inArray(orders.id, orderIds));
  await recordSearchChange(tx, ids);
  return true;
}
