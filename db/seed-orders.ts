/**
 * Demo orders, made through the real models (cart, checkout, state machine),
 * so that the demo shows each stage and the payouts ledger has entries: the
 * demo consumer buys three times from Vườn rau Bà Lan — a bank transfer the
 * operator recorded, delivered and completed; cash on delivery, completed;
 * and one cash order still waiting for the farm.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { addToCart } from "../app/models/cart.server";
import { placeOrders } from "../app/models/orders/checkout.server";
import { markOrderPaid, transitionOrder, type OrderAction, type PaymentMethod } from "../app/models/orders/moves.server";
import { parseQuantity } from "../app/models/units";
import { actorById } from "../app/policy/relations.server";
import { normalizeVietnamesePhone } from "../app/validation/auth";
import { db } from "./client";
import { DEMO_DELIVERY_ADDRESS } from "./data/demo";
import { farms, listings, users } from "./schema";

const TO_COMPLETED: OrderAction[] = ["accept", "pack", "ship", "deliver"];

export async function seedDemoOrders(): Promise<number> {
  const people = await db()
    .select({ id: users.id, phone: users.phone, email: users.email })
    .from(users)
    .where(inArray(users.phone, [normalizeVietnamesePhone("0912345678")!, normalizeVietnamesePhone("0987654321")!]));
  const [operator] = await db().select({ id: users.id }).from(users).where(eq(users.email, "admin@nongsanso.vn"));
  const buyer = people.find((p) => p.phone === normalizeVietnamesePhone("0912345678"));
  const farmer = people.find((p) => p.phone === normalizeVietnamesePhone("0987654321"));
  if (!buyer || !farmer || !operator) return 0;
  const candidates = await db()
    .select({ id: listings.id, minOrderQty: listings.minOrderQty })
    .from(listings)
    .innerJoin(farms, eq(farms.id, listings.farmId))
    .where(and(eq(farms.ownerId, farmer.id), eq(listings.state, "active")))
    .orderBy(asc(listings.id));

  const plans: { method: PaymentMethod; complete: boolean }[] = [
    { method: "bank_transfer", complete: true },
    { method: "cod", complete: true },
    { method: "cod", complete: false },
  ];
  let made = 0;
  for (const listing of candidates) {
    const plan = plans[made];
    if (!plan) break;
    // A listing out of its harvest window or stock is refused by the cart: try the next.
    const added = await addToCart(buyer.id, listing.id, parseQuantity(listing.minOrderQty) * 2).then(
      () => true,
      () => false,
    );
    if (!added) continue;
    const result = await placeOrders({
      buyerId: buyer.id,
      checkoutKey: crypto.randomUUID(),
      address: DEMO_DELIVERY_ADDRESS,
      paymentMethod: plan.method,
      deliveryOptions: {},
      holdMinutes: 24 * 60,
    });
    if (!result.ok) throw new Error(`demo order refused: ${JSON.stringify(result)}`);
    const [orderId] = result.orderIds;
    if (plan.method === "bank_transfer") await markOrderPaid(orderId, await actorById(operator.id));
    if (plan.complete) {
      for (const step of TO_COMPLETED) await transitionOrder(orderId, step, await actorById(farmer.id));
      await transitionOrder(orderId, "complete", await actorById(buyer.id));
    }
    made++;
  }
  return made;
}
