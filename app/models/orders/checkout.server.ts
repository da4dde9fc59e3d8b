/**
 * Checkout: a buyer's cart placed as orders. Invariants:
 * - one checkout makes one order per farm, all in one transaction: all or
 *   nothing; prices, minimums and stock are read from the database, under
 *   row locks taken in listing-id order (so concurrent checkouts never
 *   deadlock), and stock is taken in the same transaction; it can never go
 *   below zero (and a CHECK backs that up);
 * - the checkout id is the form's idempotency key: a double submit, a retry
 *   or a reload after submit finds the orders of the first;
 * - card orders wait in awaiting_payment, stock held, until Stripe's webhook
 *   says paid (payment.server.ts); the farm hears of them only then (moves);
 *   one paid after it expired takes its stock again only if every line can
 *   still be had at the price paid;
 * - the farm hears of an order placed (in the app; by email through a job
 *   queued in the checkout's transaction when SMTP is configured);
 * - stock changes note the listings for the search index.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "../../../db/client";
import { cardPayments, cartItems, checkouts, companyMembers, deliveryAddresses, farms, listingPriceTiers, listings, notifications, orderEvents, orderItems, orders } from "../../../db/schema";
import { enqueueEffects, type Transaction } from "~/effects.server";
import { DomainError } from "~/policy/errors";
import { audit } from "~/policy/audit.server";
import { can, type Actor } from "~/policy/policy";
import { recordSearchChange } from "~/search/outbox.server";
import { approvalDeadline, approvalNeeded, askApprovers, type ApprovalMode } from "../approval.server";
import { checkPurchase, PURCHASE_COLUMNS, suspendedFarmIds, tiersByListing } from "../cart.server";
import { checkAddress } from "../place.server";
import { chargeNetTerms } from "../terms.server";
import { lineTotalVnd } from "../pricing";
import { recordOrderEvents, recordStockLow } from "../webhook.server";
import { parseQuantity, quantityToSql, type Unit } from "../units";
import type { PaymentMethod } from "./moves.server";

export type DeliveryAddressInput = { recipient: string; phone: string; provinceCode: string; communeCode: string; street: string };

export type CheckoutResult =
  | { ok: true; orderIds: number[]; repeated: boolean; awaitingApproval?: boolean }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "address"; fieldErrors: Record<string, string[]> }
  | { ok: false; reason: "too_large"; totalVnd: number }
  /** Bought for a company the buyer may not buy for (not a member, not a buyer, or removed meanwhile). */
  | { ok: false; reason: "company" }
  /** A company purchase that must wait for approval cannot be paid by card (decision 033). */
  | { ok: false; reason: "approval_card" }
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
  /** Bought for a company (issue 12): the buyer must hold company.buy there; a purchase order number, if any. */
  company?: { id: number; poNumber: string | null } | null;
  /** Whether the company's approval threshold applies (the default) or the caller approved already (decision 033). */
  approval?: ApprovalMode;
  /**
   * Lines to buy instead of the buyer's cart (the JSON API, decision 044):
   * the cart is neither read nor emptied. Without `seenPriceVnd` the price
   * of the moment is taken; with it, a changed price refuses the line.
   */
  lines?: { listingId: number; quantity: number; seenPriceVnd?: number }[];
}): Promise<CheckoutResult> {
  // Orders keep the codes, not a reference: the commune must exist and lie in the province.
  const addressErrors = await checkAddress(input.address.provinceCode, input.address.communeCode);
  if (Object.keys(addressErrors).length) return { ok: false, reason: "address", fieldErrors: addressErrors };
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

      // For a company: the buyer's part in it, held (FOR SHARE) so a removal waits for this checkout or wins before it.
      if (input.company) {
        const [member] = await tx
          .select({ role: companyMembers.role })
          .from(companyMembers)
          .where(and(eq(companyMembers.companyId, input.company.id), eq(companyMembers.userId, input.buyerId)))
          .for("share");
        const buyer: Actor = { userId: input.buyerId, roles: [], actingForFarmId: null };
        if (!can(buyer, "company.buy", { kind: "company", role: member?.role ?? null })) throw new CheckoutRefused({ ok: false, reason: "company" });
      }

      // Locked: a second checkout of the same cart (another tab) waits here, then finds it empty.
      const items = input.lines
        ? input.lines.map((l) => ({ listingId: l.listingId, quantity: String(l.quantity), seenPriceVnd: l.seenPriceVnd ?? null }))
        : await tx.select().from(cartItems).where(eq(cartItems.userId, input.buyerId)).for("update");
      if (items.length === 0) throw new CheckoutRefused({ ok: false, reason: "empty" });
      const ids = items.map((i) => i.listingId).sort((a, b) => a - b);
      // Row locks in a fixed order: concurrent checkouts queue, never deadlock.
      // The tiers are read right after, on the same connection (postgres.js
      // pipelines both), so they are read under the listing locks.
      const [locked, tierRows] = await Promise.all([
        tx
          .select({ ...PURCHASE_COLUMNS, farmId: listings.farmId, farmOwnerId: farms.ownerId, lotId: listings.lotId })
          .from(listings)
          .innerJoin(farms, eq(farms.id, listings.farmId))
          .where(inArray(listings.id, ids))
          .orderBy(asc(listings.id))
          .for("update", { of: listings }),
        tx.select().from(listingPriceTiers).where(inArray(listingPriceTiers.listingId, ids)),
      ]);
      const tiers = tiersByListing(tierRows);
      // Read after the locks: a suspension (which locks the farm's listings) committed before is seen (decision 037).
      const suspended = await suspendedFarmIds(tx, [...new Set(locked.map((l) => l.farmId))]);

      const byId = new Map(locked.map((l) => [l.id, { ...l, sellerSuspended: suspended.has(l.farmId) }]));
      const problems: Extract<CheckoutResult, { reason: "unavailable" }>["problems"] = [];
      const lines = items.map((item) => {
        const listing = byId.get(item.listingId);
        // Only API lines can name a listing that does not exist (a cart's rows reference listings).
        if (!listing) throw new CheckoutRefused({ ok: false, reason: "unavailable", problems: [{ listingId: item.listingId, title: "", available: 0, minimum: 0 }] });
        const quantity = parseQuantity(item.quantity);
        const { stock, minimum, buyable, belowMinimum, aboveStock, unitPriceVnd } = checkPurchase(listing, tiers, quantity);
        const lineTotal = lineTotalVnd(unitPriceVnd, quantity);
        if (!buyable || aboveStock || belowMinimum || lineTotal < 1 || lineTotal > MAX_ORDER_VND) {
          problems.push({ listingId: listing.id, title: listing.title, available: buyable ? stock : 0, minimum });
        } else if (item.seenPriceVnd !== null && unitPriceVnd !== item.seenPriceVnd) {
          // The buyer pays what the cart showed, or is asked to accept the new price first.
          problems.push({ listingId: listing.id, title: listing.title, available: stock, minimum, priceChanged: true });
        }
        return { listing, quantity, unitPriceVnd, lineTotal };
      });
      if (problems.length) throw new CheckoutRefused({ ok: false, reason: "unavailable", problems });
      const totalVnd = lines.reduce((n, l) => n + l.lineTotal, 0);
      if (input.maxTotalVnd !== undefined && totalVnd > input.maxTotalVnd) throw new CheckoutRefused({ ok: false, reason: "too_large", totalVnd });
      // Net terms: the company's credit, under its terms row's lock (the last lock taken; decision 031).
      const terms = await chargeNetTerms(tx, { companyId: input.company?.id ?? null, paymentMethod: input.paymentMethod, totalVnd });

      const byFarm = new Map<number, typeof lines>();
      for (const line of lines) byFarm.set(line.listing.farmId, [...(byFarm.get(line.listing.farmId) ?? []), line]);
      const farmGroups = [...byFarm.entries()].sort((a, b) => a[0] - b[0]);
      const card = input.paymentMethod === "card";
      // Above the company's threshold the whole checkout waits for an approver (approval.server.ts).
      const waits = input.company ? await approvalNeeded(tx, { companyId: input.company.id, buyerId: input.buyerId, totalVnd, approval: input.approval }) : false;
      if (waits && card) throw new CheckoutRefused({ ok: false, reason: "approval_card" });
      const status = waits ? ("awaiting_approval" as const) : card ? ("awaiting_payment" as const) : ("placed" as const);
      const expiresAt = waits ? approvalDeadline() : input.paymentMethod === "cod" || terms ? null : new Date(Date.now() + input.holdMinutes * 60_000);
      const created = await tx
        .insert(orders)
        .values(
          farmGroups.map(([farmId, farmLines]) => ({
            number: orderNumber(),
            checkoutId: input.checkoutKey,
            status,
            buyerId: input.buyerId,
            farmId,
            paymentMethod: input.paymentMethod,
            deliveryOption: offeredDelivery(input.deliveryOptions[farmId], farmLines.map((l) => l.listing.deliveryOptions)),
            ...input.address,
            totalVnd: farmLines.reduce((n, l) => n + l.lineTotal, 0),
            expiresAt,
            companyId: input.company?.id ?? null,
            poNumber: input.company?.poNumber ?? null,
            termDays: terms?.days ?? null,
          })),
        )
        .returning({ id: orders.id, farmId: orders.farmId });
      const orderOf = new Map(created.map((o) => [o.farmId, o.id]));
      const orderIds = farmGroups.map(([farmId]) => orderOf.get(farmId)!);

      // Independent writes, sent together on the transaction's connection (pipelined).
      let notified: number[] = [];
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
            // The lot on sale when the order was placed: the lot's journey counts it.
            lotId: l.listing.lotId,
          })),
        ),
        tx
          .insert(orderEvents)
          .values(orderIds.map((orderId) => ({ orderId, actorId: input.buyerId, kind: "status", toStatus: status }))),
        // A card order reaches the farm when it is paid; the session is made after this commits.
        card
          ? tx.insert(cardPayments).values({
              checkoutId: input.checkoutKey,
              buyerId: input.buyerId,
              amountVnd: totalVnd,
              expiresAt: expiresAt!,
            })
          : waits
            ? askApprovers(tx, { companyId: input.company!.id, buyerId: input.buyerId, orderIds, totalVnd }).then((ids) => {
                notified = ids;
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
        ...(input.lines ? [] : [tx.delete(cartItems).where(eq(cartItems.userId, input.buyerId))]),
        rememberAddress(tx, input.buyerId, input.address),
        // The buyer's own act: on the audit trail, on no farm's activity page.
        audit(tx, { userId: input.buyerId, roles: [], actingForFarmId: null }, {
          action: "checkout.place",
          subject: { type: "checkout", id: input.checkoutKey },
          after: { orderIds, totalVnd, paymentMethod: input.paymentMethod, ...(input.company ? { companyId: input.company.id, poNumber: input.company.poNumber } : {}) },
        }),
      ]);
      // Webhooks out (decision 045): orders that reached their farms, and listings running low.
      await recordOrderEvents(tx, orderIds, status);
      await recordStockLow(tx, lines.map((l) => ({ listingId: l.listing.id, farmId: l.listing.farmId, title: l.listing.title, unit: l.listing.unit, stockBefore: parseQuantity(l.listing.stock), quantity: l.quantity, minimum: parseQuantity(l.listing.minOrderQty) })));
      await enqueueEffects(tx, { notified });
      return { ok: true as const, orderIds, repeated: false, awaitingApproval: waits };
    });
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

export type QuotedLine = { farmId: number; farmOwnerId: number; listingId: number; title: string; unit: Unit; quantity: number; unitPriceVnd: number };

/**
 * Orders made by accepting quotes (rfq.server.ts acceptQuotes): one order per
 * farm, at the quoted price, for the company, to the request's delivery
 * address, in the caller's transaction (which holds the request's and the
 * quotes' locks). Quoted goods are not taken from a listing's stock (the farm
 * promised them apart from what it lists; decision 030): the orders are made
 * with their stock already "returned", so a decline or a cancellation gives
 * nothing back. The farms hear of them as of any order placed.
 */
export async function placeQuotedOrders(
  tx: Transaction,
  input: {
    buyerId: number;
    /** Null for a person's own standing order (standing.server.ts). */
    companyId: number | null;
    poNumber?: string | null;
    address: DeliveryAddressInput;
    paymentMethod: Exclude<PaymentMethod, "card">;
    holdMinutes: number;
    lines: QuotedLine[];
    /** Standing orders at listing prices (decision 032): the stock is taken (the caller holds the listings' locks) and goes back on a decline. */
    takeStock?: boolean;
    /** Whether the company's approval threshold applies (the default) or the caller approved already (decision 033). */
    approval?: ApprovalMode;
  },
): Promise<{ orderId: number; farmId: number }[]> {
  const checkoutKey = randomUUID();
  await tx.insert(checkouts).values({ id: checkoutKey, buyerId: input.buyerId });
  const lines = [...input.lines].sort((a, b) => a.farmId - b.farmId || a.listingId - b.listingId);
  // Nothing from a suspended farm nor for a listing a moderator hid (decision 037). The listings are held (in id order, as a
  // checkout and a suspension take them) before the owners are read: a suspension committed before is seen, one after finds these orders.
  const listingIds = [...new Set(lines.map((l) => l.listingId))].sort((a, b) => a - b);
  const held = await tx.select({ id: listings.id, hiddenAt: listings.hiddenAt, lotId: listings.lotId, stock: listings.stock, minOrderQty: listings.minOrderQty }).from(listings).where(inArray(listings.id, listingIds)).orderBy(asc(listings.id)).for("share");
  if ((await suspendedFarmIds(tx, [...new Set(lines.map((l) => l.farmId))])).size) throw new DomainError("conflict", "errors.blocked.farmSuspended");
  if (held.some((l) => l.hiddenAt !== null)) throw new DomainError("conflict", "errors.blocked.listingHidden");
  const totals = lines.map((l) => lineTotalVnd(l.unitPriceVnd, l.quantity));
  if (totals.some((t) => t < 1 || t > MAX_ORDER_VND)) throw new DomainError("invalid", "errors.rfq.tooLarge");
  // One order per farm, with its lines.
  const farmIds = [...new Set(lines.map((l) => l.farmId))];
  const farmTotal = (farmId: number) => lines.reduce((n, l, i) => (l.farmId === farmId ? n + totals[i] : n), 0);
  const terms = await chargeNetTerms(tx, { companyId: input.companyId, paymentMethod: input.paymentMethod, totalVnd: totals.reduce((n, t) => n + t, 0) });
  const now = new Date();
  const totalVnd = totals.reduce((n, t) => n + t, 0);
  const waits = input.companyId !== null && (await approvalNeeded(tx, { companyId: input.companyId, buyerId: input.buyerId, totalVnd, approval: input.approval }));
  const status = waits ? ("awaiting_approval" as const) : ("placed" as const);
  const created = await tx
    .insert(orders)
    .values(
      farmIds.map((farmId) => ({
        number: orderNumber(),
        checkoutId: checkoutKey,
        status,
        buyerId: input.buyerId,
        companyId: input.companyId,
        poNumber: input.poNumber ?? null,
        farmId,
        paymentMethod: input.paymentMethod,
        deliveryOption: "giao-tan-noi",
        ...input.address,
        totalVnd: farmTotal(farmId),
        expiresAt: waits ? approvalDeadline(now) : input.paymentMethod === "cod" || terms ? null : new Date(now.getTime() + input.holdMinutes * 60_000),
        termDays: terms?.days ?? null,
        stockReturnedAt: input.takeStock ? null : now,
      })),
    )
    .returning({ id: orders.id, farmId: orders.farmId });
  const orderOf = new Map(created.map((o) => [o.farmId, o.id]));
  const [, , notified] = await Promise.all([
    tx.insert(orderItems).values(
      lines.map((line, i) => ({
        orderId: orderOf.get(line.farmId)!,
        listingId: line.listingId,
        title: line.title,
        unit: line.unit,
        quantity: quantityToSql(line.quantity),
        unitPriceVnd: line.unitPriceVnd,
        lineTotalVnd: totals[i],
        lotId: held.find((h) => h.id === line.listingId)?.lotId ?? null,
      })),
    ),
    tx.insert(orderEvents).values(created.map((o) => ({ orderId: o.id, actorId: input.buyerId, kind: "status", toStatus: status }))),
    waits && input.companyId !== null
      ? askApprovers(tx, { companyId: input.companyId, buyerId: input.buyerId, orderIds: created.map((o) => o.id), totalVnd })
      : tx
          .insert(notifications)
          .values(farmIds.map((farmId) => ({ userId: lines.find((l) => l.farmId === farmId)!.farmOwnerId, kind: "order_placed", orderId: orderOf.get(farmId)! })))
          .returning({ id: notifications.id })
          .then((rows) => rows.map((r) => r.id)),
    ...(input.takeStock ? [...lines.map((line) => takeStock(tx, line.listingId, line.quantity)), recordSearchChange(tx, lines.map((l) => l.listingId))] : []),
  ]);
  await recordOrderEvents(tx, created.map((o) => o.id), status);
  // A standing week at listing prices takes stock like a checkout: the farm hears when it runs low (decision 045).
  if (input.takeStock) {
    await recordStockLow(
      tx,
      lines.map((l) => {
        const listing = held.find((h) => h.id === l.listingId)!;
        return { listingId: l.listingId, farmId: l.farmId, title: l.title, unit: l.unit, stockBefore: parseQuantity(listing.stock), quantity: l.quantity, minimum: parseQuantity(listing.minOrderQty) };
      }),
    );
  }
  await enqueueEffects(tx, { notified: notified as number[] });
  return farmIds.map((farmId) => ({ orderId: orderOf.get(farmId)!, farmId }));
}
