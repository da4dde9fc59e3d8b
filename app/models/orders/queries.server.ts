/**
 * Orders as their pages read them: the buyer's and the farm's lists, and one
 * order for those with a part in it (its buyer, its farmer, an operator).
 */
import { and, asc, desc, eq, notInArray, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { farms, orderEvents, orderItems, orders } from "../../../db/schema";
import { can, type Actor } from "~/policy/policy";
import { companyRole, farmRelation } from "~/policy/relations.server";
import { parseQuantity } from "../units";
import type { OrderStatus, PaymentMethod } from "./moves.server";

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
  /** Net terms (decision 031): when it must be paid (set at delivery), and whether that passed unpaid. */
  dueAt: Date | null;
  overdue: boolean;
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
      dueAt: orders.dueAt,
      overdue: sql<boolean>`coalesce(${orders.dueAt} < now() and ${orders.paymentStatus} = 'unpaid', false)`,
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

/** Orders the farm does not see yet: unpaid card orders, company purchases waiting for approval. */
export const UNSEEN_BY_FARM: OrderStatus[] = ["awaiting_payment", "awaiting_approval"];

/** The farm's inbox: its orders, newest first, optionally of one status. The caller checked the policy. */
export function listFarmOrders(farmId: number, status?: OrderStatus): Promise<OrderSummary[]> {
  // A card order reaches its farm when paid, a company's purchase above its threshold when approved.
  return summaries(and(eq(orders.farmId, farmId), status && !UNSEEN_BY_FARM.includes(status) ? eq(orders.status, status) : notInArray(orders.status, UNSEEN_BY_FARM)));
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
 * An order for its buyer, those who sell for its farm (policy "order.sell"),
 * an operator, or a member of the company it was placed for; null for
 * anyone else. `viewer` says in which part.
 */
export async function getOrderFor(actor: Actor, orderId: number) {
  const order = await loadOrder(orderId);
  if (!order) return null;
  const relation = await farmRelation(actor.userId, order.farmId);
  const isBuyer = order.buyerId === actor.userId;
  const company = order.companyId !== null ? await companyRole(actor.userId, order.companyId) : null;
  const subject = { kind: "order" as const, isBuyer, farm: relation, company };
  if (!can(actor, "order.view", subject)) return null;
  const farmer = can(actor, "order.sell", { kind: "farm", relation }) && !UNSEEN_BY_FARM.includes(order.status);
  // A company's order: its buyers act as its buyer; its other members (approvers) see it.
  const viewer = can(actor, "order.buy", subject)
    ? ("buyer" as const)
    : farmer
      ? ("farmer" as const)
      : can(actor, "ops.payments", { kind: "platform" })
        ? ("operator" as const)
        : company !== null
          ? ("company" as const)
          : null;
  return viewer ? { ...order, viewer } : null;
}
