/**
 * The demo's standing order (issue 12 §7, decision 032): the school kitchen
 * repeats its order of rice from a household every Monday, for the school's
 * company; the coming Monday's order is already made (as the daily job would
 * make it). Through the commands, as the pages and the job do.
 */
import { and, asc, eq, ilike, or } from "drizzle-orm";
import { createFromOrder, makeWeek, nextDates, vietnamDate } from "../app/models/standing.server";
import { actorById } from "../app/policy/relations.server";
import { db } from "./client";
import { orderItems, orders, users } from "./schema";

export async function seedStandingOrders(companyId: number, now = new Date()): Promise<{ standingOrders: number; orders: number }> {
  const [kitchen] = await db().select({ id: users.id }).from(users).where(eq(users.email, "bep@truonghoc.vn"));
  if (!kitchen) return { standingOrders: 0, orders: 0 };
  // The company's order of rice from a household, or else its first order.
  const [rice] = await db()
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
    .where(and(eq(orders.companyId, companyId), or(ilike(orderItems.title, "%gạo%"), ilike(orderItems.title, "%nếp%"))))
    .orderBy(asc(orders.id))
    .limit(1);
  const [first] = rice ? [rice] : await db().select({ id: orders.id }).from(orders).where(eq(orders.companyId, companyId)).orderBy(asc(orders.id)).limit(1);
  if (!first) return { standingOrders: 0, orders: 0 };
  const standing = await createFromOrder(await actorById(kitchen.id), first.id, { weekday: 1, paymentMethod: "cod" }, now);
  const made = await makeWeek(standing.id, nextDates(1, vietnamDate(now), 1)[0], now);
  return { standingOrders: 1, orders: made === "placed" ? 1 : 0 };
}
