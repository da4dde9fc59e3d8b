/**
 * Reviews (issue 14, decision 040). Invariants:
 * - only the person who bought (policy "order.review") reviews an order, and
 *   only a completed one, within REVIEW_WINDOW_DAYS of its completion, once
 *   (a unique key on the order: two posts at once make one review); nobody
 *   of the farm reviews their own farm; another member of the company it was
 *   bought for sees the order but may not review it;
 * - a review rates the farm (its stars) and every listing of the order: a
 *   line takes the review's stars unless the buyer rated it apart;
 * - whoever may answer for the farm (policy "review.reply") replies once;
 * - a review hidden by a moderator is out of every average and count and off
 *   the public pages; the buyer still sees it with the reason;
 * - every change that moves a listing's figures notes the listings for the
 *   search index (outbox) in its transaction; reviews and replies are audited
 *   and tell the other side (a notification, emailed by a job).
 */
import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { farms, notifications, orderEvents, orderItems, orders, photos, reviewPhotos, reviewRatings, reviews, users } from "../../db/schema";
import { enqueueEffects } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizeFarm } from "~/policy/authorize.server";
import { DomainError, forbidden, notFound } from "~/policy/errors";
import { can, type Actor } from "~/policy/policy";
import { companyRole, farmRelation } from "~/policy/relations.server";
import { recordSearchChange } from "~/search/outbox.server";
import { MAX_REVIEW_PHOTOS, type ReviewInput } from "~/validation/review";
import { photoView, usablePhotos, type PhotoView } from "./photo.server";
import { photosJson } from "./detail-json.server";
import { isUniqueViolation } from "./user.server";

export const REVIEW_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Averages and counts: what a card, a listing page or a farm page shows. `average` is rounded to one decimal. */
export type RatingFigures = { average: number; count: number };

/** Why an order cannot be reviewed now; null when it can. */
export type ReviewBlock = "notCompleted" | "tooLate" | "already" | "notBuyer" | "ownFarm";

type OrderToReview = { id: number; farmId: number; buyerId: number; companyId: number | null; status: string; number: string };

async function loadOrder(executor: Executor, orderId: number, lock: boolean): Promise<OrderToReview | null> {
  const query = executor
    .select({ id: orders.id, farmId: orders.farmId, buyerId: orders.buyerId, companyId: orders.companyId, status: orders.status, number: orders.number })
    .from(orders)
    .where(eq(orders.id, orderId));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

/** When the buyer confirmed it received (the order's move to completed). */
async function completedAt(executor: Executor, orderId: number): Promise<Date | null> {
  const [row] = await executor
    .select({ at: sql<Date | null>`max(${orderEvents.createdAt})` })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.toStatus, "completed")));
  return row?.at ? new Date(row.at) : null;
}

/**
 * Whether the actor may review the order now, and if not why. Throws
 * not_found when the actor has no part in the order at all (a stranger
 * learns nothing).
 */
async function eligibility(executor: Executor, actor: Actor, order: OrderToReview, now: Date): Promise<ReviewBlock | null> {
  const relation = await farmRelation(actor.userId, order.farmId, executor);
  const isBuyer = order.buyerId === actor.userId;
  const company = order.companyId !== null ? await companyRole(actor.userId, order.companyId, executor) : null;
  const subject = { kind: "order" as const, isBuyer, farm: relation, company };
  if (!can(actor, "order.view", subject)) throw notFound();
  if (!can(actor, "order.review", subject)) return "notBuyer";
  if (relation !== null) return "ownFarm";
  const [existing] = await executor.select({ id: reviews.id }).from(reviews).where(eq(reviews.orderId, order.id));
  if (existing) return "already";
  if (order.status !== "completed") return "notCompleted";
  const done = await completedAt(executor, order.id);
  if (!done || now.getTime() - done.getTime() > REVIEW_WINDOW_DAYS * DAY_MS) return "tooLate";
  return null;
}

function refusalFor(block: ReviewBlock): DomainError {
  if (block === "notBuyer" || block === "ownFarm") return forbidden(`reviews.errors.${block}`);
  return new DomainError("conflict", `reviews.errors.${block}`);
}

/** The order's lines a review rates: one per listing. */
async function orderLines(executor: Executor, orderId: number) {
  return executor
    .select({ listingId: orderItems.listingId, title: orderItems.title })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.title));
}

export type ReviewView = {
  id: number;
  stars: number;
  body: string;
  createdAt: Date;
  buyerName: string;
  reply: { text: string; at: Date } | null;
  hidden: { reason: string } | null;
  photos: PhotoView[];
  /** The listings rated apart from the review's stars. */
  lines: { listingId: number; title: string; stars: number }[];
};

/**
 * The review page of an order for its buyer: the order, its lines, its
 * review if there is one, and why it may not be reviewed now if it may not.
 * null when the actor has no part in the order.
 */
export async function reviewPageFor(actor: Actor, orderId: number, now = new Date()) {
  const order = await loadOrder(db(), orderId, false);
  if (!order) return null;
  let block: ReviewBlock | null;
  try {
    block = await eligibility(db(), actor, order, now);
  } catch (error) {
    if (error instanceof DomainError && error.kind === "not_found") return null;
    throw error;
  }
  const [farm] = await db().select({ name: farms.name, slug: farms.slug }).from(farms).where(eq(farms.id, order.farmId));
  const [lines, [existing]] = await Promise.all([orderLines(db(), orderId), db().select({ id: reviews.id }).from(reviews).where(eq(reviews.orderId, orderId))]);
  const review = existing ? (await reviewViews(db(), eq(reviews.id, existing.id), true))[0] ?? null : null;
  const done = await completedAt(db(), orderId);
  const until = done ? new Date(done.getTime() + REVIEW_WINDOW_DAYS * DAY_MS) : null;
  return { order: { id: order.id, number: order.number, status: order.status }, farm, lines, review, block, until };
}

/**
 * The buyer reviews the order: stars and text for the farm, stars for each
 * line (the review's unless rated apart), photos they uploaded. Returns the
 * review's id.
 */
export async function submitReview(actor: Actor, orderId: number, input: ReviewInput, now = new Date()): Promise<number> {
  // Photos are checked outside the transaction: their own unattached uploads only.
  const usable = (await usablePhotos(actor.userId, input.photoIds, {})).slice(0, MAX_REVIEW_PHOTOS);
  try {
    return await db().transaction(async (tx) => {
      const order = await loadOrder(tx, orderId, true);
      if (!order) throw notFound();
      const block = await eligibility(tx, actor, order, now);
      if (block) throw refusalFor(block);
      const lines = await orderLines(tx, orderId);
      for (const id of input.lines.keys()) {
        if (!lines.some((l) => l.listingId === id)) throw new DomainError("invalid", "reviews.errors.lineStars", { field: `line-${id}` });
      }
      const [review] = await tx
        .insert(reviews)
        .values({ orderId, farmId: order.farmId, buyerId: actor.userId, stars: input.stars, body: input.body })
        .returning({ id: reviews.id });
      const ratings = lines.map((l) => ({ reviewId: review.id, listingId: l.listingId, stars: input.lines.get(l.listingId) ?? input.stars }));
      if (ratings.length) await tx.insert(reviewRatings).values(ratings);
      if (usable.length) await tx.insert(reviewPhotos).values(usable.map((p, position) => ({ reviewId: review.id, photoId: p.id, position })));
      await recordSearchChange(tx, lines.map((l) => l.listingId));
      await audit(tx, actor, {
        action: "review.create",
        subject: { type: "review", id: review.id },
        farmId: order.farmId,
        before: null,
        after: { orderNumber: order.number, stars: input.stars, body: input.body, photos: usable.length },
      });
      const [farm] = await tx.select({ ownerId: farms.ownerId }).from(farms).where(eq(farms.id, order.farmId));
      const [notified] = await tx
        .insert(notifications)
        .values({ userId: farm.ownerId, kind: "review_received", orderId, params: { stars: String(input.stars), reviewId: String(review.id) } })
        .returning({ id: notifications.id });
      await enqueueEffects(tx, { notified: [notified.id] });
      return review.id;
    });
  } catch (error) {
    // Two posts at once: the second meets the first's unique key.
    if (isUniqueViolation(error, "reviews_order_key")) throw refusalFor("already");
    if (isUniqueViolation(error, "review_photos_photo_key")) throw new DomainError("invalid", "errors.photos.invalid", { field: "photos" });
    throw error;
  }
}

/** The farm answers a review of it, once. */
export async function replyToReview(actor: Actor, farmId: number, reviewId: number, text: string): Promise<void> {
  await db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "review.reply", farmId, tx);
    const [review] = await tx
      .select({ id: reviews.id, farmId: reviews.farmId, orderId: reviews.orderId, buyerId: reviews.buyerId, reply: reviews.reply })
      .from(reviews)
      .where(eq(reviews.id, reviewId))
      .for("update");
    if (!review || review.farmId !== farmId) throw notFound();
    if (review.reply !== null) throw new DomainError("conflict", "reviews.errors.alreadyReplied");
    await tx.update(reviews).set({ reply: text, repliedAt: new Date(), repliedBy: actor.userId }).where(eq(reviews.id, reviewId));
    await audit(tx, actor, { action: "review.reply", subject: { type: "review", id: reviewId }, farmId, relation, before: { reply: "" }, after: { reply: text } });
    const [notified] = await tx
      .insert(notifications)
      .values({ userId: review.buyerId, kind: "review_replied", orderId: review.orderId, params: { reviewId: String(reviewId) } })
      .returning({ id: notifications.id });
    await enqueueEffects(tx, { notified: [notified.id] });
  });
}

/** Reviews as pages show them; `withHidden` for the buyer's own and the farm's lists. */
async function reviewViews(executor: Executor, where: ReturnType<typeof and>, withHidden: boolean, limit = 100): Promise<ReviewView[]> {
  // Qualified by hand, as in models/detail-json.server.ts.
  const reviewId = sql`${reviews}.${sql.identifier(reviews.id.name)}`;
  const rows = await executor
    .select({
      id: reviews.id,
      orderId: reviews.orderId,
      stars: reviews.stars,
      body: reviews.body,
      createdAt: reviews.createdAt,
      buyerName: users.displayName,
      reply: reviews.reply,
      repliedAt: reviews.repliedAt,
      hiddenAt: reviews.hiddenAt,
      hiddenReason: reviews.hiddenReason,
      // Its photos, and the lines rated apart from the whole (stars of their own), in the same row: one query, not three.
      photos: photosJson(sql`rp.review_id = ${reviewId}`, { from: sql`${reviewPhotos} rp join ${photos} p on p.id = rp.photo_id`, orderBy: sql`rp.position` }),
      lines: sql<{ listingId: number; title: string; stars: number }[]>`coalesce((
        select json_agg(json_build_object('listingId', rr.listing_id, 'title', oi.title, 'stars', rr.stars) order by rr.listing_id)
        from ${reviewRatings} rr
        join ${orderItems} oi on oi.order_id = ${reviews}.${sql.identifier(reviews.orderId.name)} and oi.listing_id = rr.listing_id
        where rr.review_id = ${reviewId} and rr.stars <> ${reviews}.${sql.identifier(reviews.stars.name)}), '[]')`,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.buyerId))
    .where(withHidden ? where : and(where, isNull(reviews.hiddenAt)))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    stars: r.stars,
    body: r.body,
    createdAt: r.createdAt,
    buyerName: r.buyerName,
    reply: r.reply !== null && r.repliedAt ? { text: r.reply, at: r.repliedAt } : null,
    hidden: r.hiddenAt ? { reason: r.hiddenReason ?? "" } : null,
    photos: r.photos.map(photoView),
    lines: r.lines,
  }));
}

/** A farm's reviews on its public page (hidden ones left out), newest first, and its figures. */
export async function farmReviews(farmId: number): Promise<{ figures: RatingFigures; reviews: ReviewView[] }> {
  const [figures, list] = await Promise.all([farmRating(farmId), reviewViews(db(), and(eq(reviews.farmId, farmId)), false, 50)]);
  return { figures, reviews: list };
}

/** The farm's own list, for replying: hidden ones too (with the moderator's reason). The caller checked the policy. */
export function reviewsOfFarm(farmId: number): Promise<ReviewView[]> {
  return reviewViews(db(), and(eq(reviews.farmId, farmId)), true, 200);
}

/** The reviews that rated a listing (hidden ones left out), for its page. */
export async function listingReviews(listingId: number): Promise<ReviewView[]> {
  return reviewViews(db(), and(sql`exists (select 1 from review_ratings rr where rr.review_id = ${reviews.id} and rr.listing_id = ${listingId})`), false, 20);
}

const NO_RATING: RatingFigures = { average: 0, count: 0 };

/** A farm's average stars and how many reviews gave them; hidden reviews do not count. */
export async function farmRating(farmId: number, executor: Executor = db()): Promise<RatingFigures> {
  const [row] = await executor.execute<{ figures: RatingFigures }>(sql`select ${farmRatingSql(sql`${farmId}`)} as figures`);
  return row?.figures ?? NO_RATING;
}

/** The same figures inside a query, as JSON {average, count} ({0, 0} without reviews). `farmId` names the farm's id. */
export function farmRatingSql(farmId: SQL) {
  return sql<RatingFigures>`(
    select json_build_object('average', coalesce(round(avg(fr.stars), 1), 0)::float8, 'count', count(*))
    from ${reviews} fr where fr.farm_id = ${farmId} and fr.hidden_at is null)`;
}

/** A listing's average stars from the reviews that rated it; hidden reviews do not count. */
export async function listingRating(listingId: number, executor: Executor = db()): Promise<RatingFigures> {
  const [row] = await executor.execute<{ figures: RatingFigures | null }>(sql`select ${listingRatingSql(sql`${listingId}`)} as figures`);
  return row?.figures ?? NO_RATING;
}

/**
 * The same figures inside a listing query, as JSON {average, count} (null
 * without reviews): one query for a grid. `listingId` names the listing's id column.
 */
export function listingRatingSql(listingId: SQL) {
  return sql<RatingFigures | null>`(
    select case when count(*) = 0 then null else json_build_object('average', round(avg(rr.stars), 1)::float8, 'count', count(*)) end
    from review_ratings rr join reviews r on r.id = rr.review_id
    where rr.listing_id = ${listingId} and r.hidden_at is null)`;
}

/** The listings a review rated: what the search index must look at again when it changes. */
export async function listingsOfReview(executor: Executor, reviewId: number): Promise<number[]> {
  const rows = await executor.select({ listingId: reviewRatings.listingId }).from(reviewRatings).where(eq(reviewRatings.reviewId, reviewId));
  return rows.map((r) => r.listingId);
}
