/**
 * Demo reviews (issue 14, decision 040): the demo consumer reviews the two
 * completed demo orders from Vườn rau Bà Lan through the real model; the
 * farm has replied to the first, the second waits for its reply (the demo
 * farmer can answer it on /sell/reviews). Safe to run again: an order
 * already reviewed is left as it is.
 */
import { and, asc, eq, notExists } from "drizzle-orm";
import { replyToReview, submitReview } from "../app/models/review.server";
import { actorById } from "../app/policy/relations.server";
import { normalizeVietnamesePhone } from "../app/validation/auth";
import { db } from "./client";
import { farms, orders, reviews, users } from "./schema";

const WORDS = [
  { stars: 5, body: "Rau rất tươi, đóng gói cẩn thận, giao đúng hẹn. Sẽ đặt tiếp!", reply: "Cảm ơn chị đã tin tưởng vườn. Tuần sau vườn có thêm cải bẹ xanh ạ." },
  { stars: 4, body: "Hàng ngon, có vài lá hơi dập do vận chuyển nhưng vẫn dùng tốt.", reply: null },
];

/** Returns how many reviews it wrote. */
export async function seedDemoReviews(): Promise<number> {
  const [buyer] = await db().select({ id: users.id }).from(users).where(eq(users.phone, normalizeVietnamesePhone("0912345678")!));
  if (!buyer) return 0;
  const completed = await db()
    .select({ id: orders.id, farmId: orders.farmId })
    .from(orders)
    .where(and(eq(orders.buyerId, buyer.id), eq(orders.status, "completed"), notExists(db().select({ id: reviews.id }).from(reviews).where(eq(reviews.orderId, orders.id)))))
    .orderBy(asc(orders.id));
  let made = 0;
  for (const [i, order] of completed.entries()) {
    const words = WORDS[i];
    if (!words) break;
    const reviewId = await submitReview(await actorById(buyer.id), order.id, { stars: words.stars, body: words.body, lines: new Map(), photoIds: [] });
    if (words.reply) {
      const [farm] = await db().select({ ownerId: farms.ownerId }).from(farms).where(eq(farms.id, order.farmId));
      await replyToReview(await actorById(farm.ownerId), order.farmId, reviewId, words.reply);
    }
    made++;
  }
  return made;
}
