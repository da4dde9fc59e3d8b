/**
 * Reviews on real PostgreSQL (decision 040): who may review an order and
 * when — every order status, the buyer only, once, within 30 days, never a
 * member of the farm nor another member of the buyer's company; the farm's
 * one reply; hidden reviews out of every average; the search index told
 * through the outbox; the audit trail and the notifications.
 */
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, queryCount } from "../../db/client";
import { auditEvents, notifications, orderEvents, orders, orderStatusEnum, photos, reviewRatings, reviews, searchOutbox } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { DomainError } from "~/policy/errors";
import { taxCodeCheckDigit } from "~/validation/company";
import { addToCart } from "./cart.server";
import { acceptInvite, createCompany, inviteMember } from "./company.server";
import { createListing, getListingPage } from "./listing.server";
import { fileReport, hideReview, moderationQueue, reportSubject } from "./moderation.server";
import { transitionOrder } from "./orders/moves.server";
import { farmRating, farmReviews, listingRating, listingReviews, replyToReview, REVIEW_WINDOW_DAYS, reviewPageFor, submitReview } from "./review.server";
import { storeUploadedPhoto, usablePhotos } from "./photo.server";
import sharp from "sharp";

const DAY = 24 * 60 * 60 * 1000;
const input = (stars: number, more: { body?: string; lines?: Map<number, number>; photoIds?: string[] } = {}) => ({
  stars,
  body: more.body ?? "Rau tươi, giao đúng hẹn.",
  lines: more.lines ?? new Map<number, number>(),
  photoIds: more.photoIds ?? [],
});

/** A farm with two listings and a buyer whose cash order of both is `status` (completed through the real moves). */
async function orderOf(opts: { complete?: boolean } = {}) {
  const farmer = await createFarmer();
  const buyer = await createAccount(["consumer"]);
  const cải = (await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Cải ngọt", stock: "100", minOrderQty: "1" }))).id;
  const xàLách = (await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Xà lách", stock: "100", minOrderQty: "1" }))).id;
  await addToCart(buyer.id, cải, 2);
  await addToCart(buyer.id, xàLách, 3);
  const placed = await checkoutCart(buyer.id);
  if (!placed.ok) throw new Error("order refused");
  const [orderId] = placed.orderIds;
  if (opts.complete !== false) {
    for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(orderId, step, as(farmer))).ok).toBe(true);
    expect((await transitionOrder(orderId, "complete", as(buyer))).ok).toBe(true);
  }
  return { farmer, buyer, orderId, listings: { cải, xàLách } };
}

async function refusal(work: Promise<unknown>): Promise<{ kind: string; code: string; field?: string }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const e = error as DomainError;
  return { kind: e.kind, code: e.code, ...(e.field ? { field: e.field } : {}) };
}

const reviewCount = async (orderId: number) => (await db().select().from(reviews).where(eq(reviews.orderId, orderId))).length;

describe("who may review an order, and when", () => {
  it("refuses every order status but completed, and writes nothing", async () => {
    // Each status of the enum: an order moved there (completed through the real moves; the others set as a
    // fixture, since reaching some — a card payment, a company approval — takes a whole journey each).
    const others = orderStatusEnum.enumValues.filter((s) => s !== "completed");
    expect(others).toHaveLength(10);
    for (const status of others) {
      const o = await orderOf({ complete: false });
      await db().update(orders).set({ status }).where(eq(orders.id, o.orderId));
      expect(await refusal(submitReview(as(o.buyer), o.orderId, input(5))), status).toEqual({ kind: "conflict", code: "reviews.errors.notCompleted" });
      expect((await reviewPageFor(as(o.buyer), o.orderId))?.block, status).toBe("notCompleted");
      expect(await reviewCount(o.orderId)).toBe(0);
    }
    const done = await orderOf();
    expect((await reviewPageFor(as(done.buyer), done.orderId))?.block).toBeNull();
    expect(await submitReview(as(done.buyer), done.orderId, input(5))).toBeGreaterThan(0);
  });

  it("lets only the buyer review: a stranger learns nothing, the farm may not review itself", async () => {
    const o = await orderOf();
    const stranger = await createAccount(["consumer"]);
    expect(await refusal(submitReview(as(stranger), o.orderId, input(1)))).toEqual({ kind: "not_found", code: "errors.page.notFound" });
    expect(await reviewPageFor(as(stranger), o.orderId)).toBeNull();
    // The farmer sees the order (order.sell) but is not its buyer.
    expect(await refusal(submitReview(as(o.farmer), o.orderId, input(5)))).toEqual({ kind: "forbidden", code: "reviews.errors.notBuyer" });
    expect(await refusal(submitReview(as(o.buyer), 2_000_000_000, input(5)))).toEqual({ kind: "not_found", code: "errors.page.notFound" });
    expect(await reviewCount(o.orderId)).toBe(0);
  });

  it("refuses a farmer reviewing their own farm as its buyer", async () => {
    const farmer = await createFarmer();
    const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "10", minOrderQty: "1" }))).id;
    await addToCart(farmer.id, listingId, 1);
    const placed = await checkoutCart(farmer.id);
    if (!placed.ok) throw new Error("refused");
    const [orderId] = placed.orderIds;
    for (const step of ["accept", "pack", "ship", "deliver", "complete"] as const) await transitionOrder(orderId, step, as(farmer));
    expect(await refusal(submitReview(as(farmer), orderId, input(5)))).toEqual({ kind: "forbidden", code: "reviews.errors.ownFarm" });
  });

  it("lets the person who bought for a company review, never another member who sees the order", async () => {
    const ownerAccount = await createAccount(["consumer"]);
    let taxCode = "";
    for (let n = 17; !taxCode; n++) {
      const nine = `49${String(process.pid % 100).padStart(2, "0")}${String(n).padStart(5, "0")}`;
      if (taxCodeCheckDigit(nine) < 10) taxCode = `${nine}${taxCodeCheckDigit(nine)}`;
    }
    const company = await createCompany(as(ownerAccount), { name: "Bếp ăn Kim Liên", taxCode, invoiceAddress: "Kim Liên, Hà Nội", invoiceEmail: "kt@kimlien.vn" });
    const buyerAccount = await createAccount(["consumer"]);
    const { token } = await inviteMember(as(ownerAccount), company.id, { identifier: { kind: "phone", value: `84${buyerAccount.phone.slice(1)}` }, role: "buyer" });
    await acceptInvite(as(buyerAccount), token);
    const farmer = await createFarmer();
    const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "100", minOrderQty: "1" }))).id;
    await addToCart(buyerAccount.id, listingId, 5);
    const placed = await checkoutCart(buyerAccount.id, { company: { id: company.id, poNumber: "PO-1" } });
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const [orderId] = placed.orderIds;
    for (const step of ["accept", "pack", "ship", "deliver"] as const) await transitionOrder(orderId, step, as(farmer));
    await transitionOrder(orderId, "complete", as(buyerAccount));
    // The owner sees the company's order (and could confirm it received) but did not buy it.
    expect(await refusal(submitReview(as(ownerAccount), orderId, input(1)))).toEqual({ kind: "forbidden", code: "reviews.errors.notBuyer" });
    expect((await reviewPageFor(as(ownerAccount), orderId))?.block).toBe("notBuyer");
    expect(await submitReview(as(buyerAccount), orderId, input(4))).toBeGreaterThan(0);
  });

  it("takes one review per order, even two posted at once", async () => {
    const o = await orderOf();
    const both = await Promise.allSettled([submitReview(as(o.buyer), o.orderId, input(5)), submitReview(as(o.buyer), o.orderId, input(2))]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ kind: "conflict", code: "reviews.errors.already" });
    expect(await refusal(submitReview(as(o.buyer), o.orderId, input(3)))).toEqual({ kind: "conflict", code: "reviews.errors.already" });
    expect(await reviewCount(o.orderId)).toBe(1);
  });

  it("closes 30 days after the order was completed", async () => {
    const o = await orderOf();
    const [completed] = await db()
      .select({ at: orderEvents.createdAt })
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, o.orderId), eq(orderEvents.toStatus, "completed")));
    const late = new Date(completed.at.getTime() + REVIEW_WINDOW_DAYS * DAY + 60_000);
    expect(await refusal(submitReview(as(o.buyer), o.orderId, input(5), late))).toEqual({ kind: "conflict", code: "reviews.errors.tooLate" });
    expect((await reviewPageFor(as(o.buyer), o.orderId, late))?.block).toBe("tooLate");
    const lastMinute = new Date(completed.at.getTime() + REVIEW_WINDOW_DAYS * DAY - 60_000);
    expect(await submitReview(as(o.buyer), o.orderId, input(5), lastMinute)).toBeGreaterThan(0);
  });
});

describe("what a review records", () => {
  it("shows a review's photos in the order the buyer gave them, not the order they were uploaded", async () => {
    const o = await orderOf();
    const uploads = [];
    for (const background of ["#2a7", "#a72", "#27a"]) {
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background } }).png().toBuffer();
      const uploaded = await storeUploadedPhoto(o.buyer.id, png);
      if (!uploaded.ok) throw new Error(uploaded.error);
      uploads.push(uploaded.photo.id);
    }
    const [a, b, c] = uploads;
    // The photos' own positions say a, b, c: only the review's order (c, a, b) may decide.
    for (const [position, photoId] of uploads.entries()) await db().update(photos).set({ position }).where(eq(photos.id, photoId));
    const id = await submitReview(as(o.buyer), o.orderId, input(5, { photoIds: [c, a, b] }));
    expect((await farmReviews(o.farmer.farm.id)).reviews.find((r) => r.id === id)?.photos.map((p) => p.id)).toEqual([c, a, b]);
    expect((await listingReviews(o.listings.cải)).find((r) => r.id === id)?.photos.map((p) => p.id)).toEqual([c, a, b]);
  });

  it("rates every line (apart when asked), keeps the buyer's photos, audits, notes search and tells the farm", async () => {
    const o = await orderOf();
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#2a7" } }).png().toBuffer();
    const uploaded = await storeUploadedPhoto(o.buyer.id, png);
    if (!uploaded.ok) throw new Error(uploaded.error);
    // Someone else's upload is not usable: silently left out.
    const strangers = await storeUploadedPhoto((await createAccount(["consumer"])).id, png);
    if (!strangers.ok) throw new Error(strangers.error);
    await db().delete(searchOutbox);
    const id = await submitReview(as(o.buyer), o.orderId, input(4, { lines: new Map([[o.listings.xàLách, 2]]), photoIds: [uploaded.photo.id, strangers.photo.id] }));
    const ratings = await db().select({ listingId: reviewRatings.listingId, stars: reviewRatings.stars }).from(reviewRatings).where(eq(reviewRatings.reviewId, id));
    expect(new Map(ratings.map((r) => [r.listingId, r.stars]))).toEqual(new Map([[o.listings.cải, 4], [o.listings.xàLách, 2]]));
    expect(await listingRating(o.listings.xàLách)).toEqual({ average: 2, count: 1 });
    expect(await farmRating(o.farmer.farm.id)).toEqual({ average: 4, count: 1 });
    // The listing's page has both in its own row.
    expect((await getListingPage(o.listings.xàLách, null, { ratings: true }))?.ratings).toEqual({ rating: { average: 2, count: 1 }, farmRating: { average: 4, count: 1 } });
    expect((await getListingPage(o.listings.xàLách, null))?.ratings).toBeNull();
    const page = await farmReviews(o.farmer.farm.id);
    expect(page.reviews[0]).toMatchObject({ stars: 4, body: "Rau tươi, giao đúng hẹn.", lines: [{ listingId: o.listings.xàLách, stars: 2 }] });
    expect(page.reviews[0].photos.map((p) => p.id)).toEqual([uploaded.photo.id]);
    // The review's photo is its own: never offered again for a farm, a listing or another review.
    expect(await usablePhotos(o.buyer.id, [uploaded.photo.id], {})).toEqual([]);
    // The listing's page lists the reviews that rated it, and no other's: in one query, photos and lines included.
    const before = queryCount();
    const onListing = await listingReviews(o.listings.xàLách);
    expect(queryCount() - before).toBe(1);
    expect(onListing.map((r) => [r.id, r.photos.map((p) => p.id), r.lines])).toEqual([[id, [uploaded.photo.id], [{ listingId: o.listings.xàLách, title: "Xà lách", stars: 2 }]]]);
    const noted = await db().select({ listingId: searchOutbox.listingId }).from(searchOutbox);
    expect(noted.map((n) => n.listingId).sort()).toEqual([o.listings.cải, o.listings.xàLách].sort());
    const unrelated = await createListing(as(o.farmer), o.farmer.farm.id, listingInput({ title: "Rau muống" }));
    expect(await listingReviews(unrelated.id)).toEqual([]);
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "review.create"), eq(auditEvents.subjectId, String(id))));
    expect(event).toMatchObject({ actorId: o.buyer.id, farmId: o.farmer.farm.id, after: { stars: 4, photos: 1 } });
    const told = await db().select().from(notifications).where(and(eq(notifications.userId, o.farmer.id), eq(notifications.kind, "review_received")));
    expect(told).toHaveLength(1);
    // A line that is not in the order is refused by name.
    const other = await orderOf();
    expect(await refusal(submitReview(as(other.buyer), other.orderId, input(5, { lines: new Map([[o.listings.cải, 1]]) })))).toEqual({
      kind: "invalid",
      code: "reviews.errors.lineStars",
      field: `line-${o.listings.cải}`,
    });
  });
});

describe("the farm's reply", () => {
  it("is taken once, from the farm only, and tells the buyer", async () => {
    const o = await orderOf();
    const id = await submitReview(as(o.buyer), o.orderId, input(3));
    const otherFarmer = await createFarmer();
    expect(await refusal(replyToReview(as(otherFarmer), o.farmer.farm.id, id, "Cảm ơn"))).toEqual({ kind: "not_found", code: "errors.page.notFound" });
    expect(await refusal(replyToReview(as(otherFarmer), otherFarmer.farm.id, id, "Cảm ơn"))).toEqual({ kind: "not_found", code: "errors.page.notFound" });
    expect(await refusal(replyToReview(as(o.buyer), o.farmer.farm.id, id, "Tự trả lời"))).toEqual({ kind: "not_found", code: "errors.page.notFound" });
    await replyToReview(as(o.farmer), o.farmer.farm.id, id, "Cảm ơn chị, lần sau vườn giao sớm hơn.");
    expect(await refusal(replyToReview(as(o.farmer), o.farmer.farm.id, id, "Lần hai"))).toEqual({ kind: "conflict", code: "reviews.errors.alreadyReplied" });
    const [row] = await db().select({ reply: reviews.reply }).from(reviews).where(eq(reviews.id, id));
    expect(row.reply).toBe("Cảm ơn chị, lần sau vườn giao sớm hơn.");
    const told = await db().select().from(notifications).where(and(eq(notifications.userId, o.buyer.id), eq(notifications.kind, "review_replied")));
    expect(told).toHaveLength(1);
    const audited = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "review.reply"), eq(auditEvents.subjectId, String(id))));
    expect(audited).toHaveLength(1);
  });
});

describe("hidden reviews", () => {
  it("leave every average and the farm's page; only a moderator hides one", async () => {
    const a = await orderOf();
    const farmId = a.farmer.farm.id;
    // A second buyer of the same farm and listing.
    const buyer2 = await createAccount(["consumer"]);
    await addToCart(buyer2.id, a.listings.cải, 1);
    const placed = await checkoutCart(buyer2.id);
    if (!placed.ok) throw new Error("refused");
    const [order2] = placed.orderIds;
    for (const step of ["accept", "pack", "ship", "deliver"] as const) await transitionOrder(order2, step, as(a.farmer));
    await transitionOrder(order2, "complete", as(buyer2));
    await submitReview(as(a.buyer), a.orderId, input(5));
    const bad = await submitReview(as(buyer2), order2, input(1, { body: "Gọi 0912345678 để mua rẻ hơn" }));
    expect(await farmRating(farmId)).toEqual({ average: 3, count: 2 });
    expect(await listingRating(a.listings.cải)).toEqual({ average: 3, count: 2 });

    // Anyone signed in reports it; it waits in the moderators' queue with its words.
    const reporter = await createAccount(["consumer"]);
    expect(await fileReport(as(reporter), { subjectType: "review", subjectId: bad, reason: "scam", note: "Số điện thoại trong đánh giá" })).toEqual({ created: true });
    expect(await fileReport(as(reporter), { subjectType: "review", subjectId: bad, reason: "scam", note: "" })).toEqual({ created: false });
    const moderator = await createAccount(["moderator"]);
    const queued = (await moderationQueue(as(moderator))).find((i) => i.subjectType === "review" && i.subjectId === bad);
    expect(queued).toMatchObject({ review: { stars: 1, body: "Gọi 0912345678 để mua rẻ hơn", reply: null }, reports: [{ reason: "scam" }] });

    expect(await refusal(hideReview(as(a.buyer), bad, "Quảng cáo, lôi kéo mua ngoài sàn"))).toEqual({ kind: "not_found", code: "errors.page.notFound" });
    await db().delete(searchOutbox);
    await hideReview(as(moderator), bad, "Quảng cáo, lôi kéo mua ngoài sàn");
    expect(await farmRating(farmId)).toEqual({ average: 5, count: 1 });
    expect(await listingRating(a.listings.cải)).toEqual({ average: 5, count: 1 });
    expect((await farmReviews(farmId)).reviews.map((r) => r.id)).not.toContain(bad);
    // Its report was closed; it is out of the queue and can no longer be reported.
    expect((await moderationQueue(as(moderator))).some((i) => i.subjectType === "review" && i.subjectId === bad)).toBe(false);
    expect(await reportSubject("review", bad)).toBeNull();
    expect((await db().select({ id: searchOutbox.listingId }).from(searchOutbox)).map((r) => r.id)).toEqual([a.listings.cải]);
    // Its buyer still sees it, with the reason.
    expect((await reviewPageFor(as(buyer2), order2))?.review?.hidden).toEqual({ reason: "Quảng cáo, lôi kéo mua ngoài sàn" });
    const [n] = await db().select({ n: sql<number>`count(*)::int` }).from(notifications).where(and(eq(notifications.userId, buyer2.id), eq(notifications.kind, "review_hidden")));
    expect(n.n).toBe(1);
  });
});
