/**
 * Reports and hidden listings (issue 13, decision 037). Invariants:
 * - anyone signed in may report a listing or a farm they can see, with a
 *   reason; one open report per person and subject (a partial unique index):
 *   reporting again while one is open adds nothing and says so;
 * - only those the policy lets moderate ("ops.moderate") read the queue,
 *   dismiss reports, hide a listing with a reason or show it again — inside
 *   the command's transaction; everyone else gets not_found and nothing
 *   changes;
 * - hiding is apart from the listing's own state (paused stays paused when
 *   shown again) and from the farm's edits; the farm sees the reason, may
 *   fix the listing and ask for another look (review_requested_at), which
 *   puts it back in the moderators' queue; the farm can never show it itself;
 * - every hide, show, dismissal and request for another look is audited with
 *   before → after, notes the listing for the search index (it leaves search
 *   through the outbox) and tells the farm (a notification, emailed by a job);
 * - a review (decision 040) is reported like a listing; a moderator may hide
 *   it with a reason: it leaves the public pages and every average (its
 *   listings are noted for the search index), its buyer is told why.
 */
import { and, asc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { farms, listings, notifications, reports, reviews, users } from "../../db/schema";
import { enqueueEffects } from "~/effects.server";
import { audit } from "~/policy/audit.server";
import { authorizeFarm, authorizePlatform } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { recordSearchChange } from "~/search/outbox.server";
import type { ReportInput } from "~/validation/moderation";

export type ReportSubjectType = "listing" | "farm" | "review";

/** What a report form shows of its subject: its name, and where it lives. */
export type ReportSubject = { type: ReportSubjectType; id: number; name: string; path: string };

/** A subject anyone may report: a listing shown to buyers, or a farm. Null when there is none to see. */
export async function reportSubject(type: ReportSubjectType, id: number, executor: Executor = db()): Promise<ReportSubject | null> {
  if (type === "listing") {
    const [row] = await executor
      .select({ id: listings.id, title: listings.title, slug: listings.slug })
      .from(listings)
      .where(and(eq(listings.id, id), isNull(listings.deletedAt), isNull(listings.hiddenAt), sql`${listings.state} <> 'draft'`));
    return row ? { type, id: row.id, name: row.title, path: `/listings/${row.id}/${row.slug}` } : null;
  }
  if (type === "review") {
    const [row] = await executor
      .select({ id: reviews.id, farmName: farms.name, slug: farms.slug, buyerName: users.displayName })
      .from(reviews)
      .innerJoin(farms, eq(farms.id, reviews.farmId))
      .innerJoin(users, eq(users.id, reviews.buyerId))
      .where(and(eq(reviews.id, id), isNull(reviews.hiddenAt)));
    return row ? { type, id: row.id, name: `${row.buyerName} → ${row.farmName}`, path: `/farms/${row.slug}#review-${row.id}` } : null;
  }
  const [row] = await executor.select({ id: farms.id, name: farms.name, slug: farms.slug }).from(farms).where(eq(farms.id, id));
  return row ? { type, id: row.id, name: row.name, path: `/farms/${row.slug}` } : null;
}

/**
 * Files a report. `created` false: the person already has an open report of
 * this subject, and nothing was added (not an error).
 */
export async function fileReport(actor: Actor, input: ReportInput): Promise<{ created: boolean }> {
  return db().transaction(async (tx) => {
    const subject = await reportSubject(input.subjectType, input.subjectId, tx);
    if (!subject) throw notFound();
    const rows = await tx
      .insert(reports)
      .values({ subjectType: input.subjectType, subjectId: input.subjectId, reporterId: actor.userId, reason: input.reason, note: input.note })
      .onConflictDoNothing()
      .returning({ id: reports.id });
    return { created: rows.length > 0 };
  });
}

export type QueueReport = { id: number; reason: string; note: string; createdAt: Date; reporterName: string };

/** One subject in the moderators' queue: its open reports, oldest first, and for a listing whether it is hidden and asks for another look. */
export type QueueItem = {
  subjectType: ReportSubjectType;
  subjectId: number;
  name: string;
  path: string;
  farmName: string;
  hidden: { reason: string; reviewRequestedAt: Date | null } | null;
  /** A review's stars and words, for the moderator to read. */
  review?: { stars: number; body: string; reply: string | null };
  /** When it started waiting: its oldest open report, or the farm's request for another look. */
  since: Date;
  reports: QueueReport[];
};

/**
 * The queue: subjects with open reports, and hidden listings whose farm
 * asked for another look; the longest waiting first.
 */
export async function moderationQueue(actor: Actor): Promise<QueueItem[]> {
  authorizePlatform(actor, "ops.moderate");
  const open = await db()
    .select({
      id: reports.id,
      subjectType: reports.subjectType,
      subjectId: reports.subjectId,
      reason: reports.reason,
      note: reports.note,
      createdAt: reports.createdAt,
      reporterName: users.displayName,
    })
    .from(reports)
    .innerJoin(users, eq(users.id, reports.reporterId))
    .where(eq(reports.state, "open"))
    .orderBy(asc(reports.createdAt), asc(reports.id));
  const asking = await db()
    .select({ id: listings.id })
    .from(listings)
    .where(and(isNotNull(listings.hiddenAt), isNotNull(listings.reviewRequestedAt), isNull(listings.deletedAt)));
  const listingIds = [...new Set([...open.filter((r) => r.subjectType === "listing").map((r) => r.subjectId), ...asking.map((r) => r.id)])];
  const farmIds = [...new Set(open.filter((r) => r.subjectType === "farm").map((r) => r.subjectId))];
  const reviewIds = [...new Set(open.filter((r) => r.subjectType === "review").map((r) => r.subjectId))];
  const [listingRows, farmRows, reviewRows] = await Promise.all([
    listingIds.length
      ? db()
          .select({
            id: listings.id,
            title: listings.title,
            slug: listings.slug,
            farmName: farms.name,
            hiddenAt: listings.hiddenAt,
            hiddenReason: listings.hiddenReason,
            reviewRequestedAt: listings.reviewRequestedAt,
          })
          .from(listings)
          .innerJoin(farms, eq(farms.id, listings.farmId))
          .where(inArray(listings.id, listingIds))
      : [],
    farmIds.length ? db().select({ id: farms.id, name: farms.name, slug: farms.slug }).from(farms).where(inArray(farms.id, farmIds)) : [],
    reviewIds.length
      ? db()
          .select({ id: reviews.id, stars: reviews.stars, body: reviews.body, reply: reviews.reply, hiddenAt: reviews.hiddenAt, hiddenReason: reviews.hiddenReason, farmName: farms.name, slug: farms.slug, buyerName: users.displayName })
          .from(reviews)
          .innerJoin(farms, eq(farms.id, reviews.farmId))
          .innerJoin(users, eq(users.id, reviews.buyerId))
          .where(inArray(reviews.id, reviewIds))
      : [],
  ]);
  const items = new Map<string, QueueItem>();
  for (const l of listingRows) {
    const hidden = l.hiddenAt ? { reason: l.hiddenReason ?? "", reviewRequestedAt: l.reviewRequestedAt } : null;
    items.set(`listing:${l.id}`, {
      subjectType: "listing",
      subjectId: l.id,
      name: l.title,
      path: `/listings/${l.id}/${l.slug}`,
      farmName: l.farmName,
      hidden,
      since: hidden?.reviewRequestedAt ?? new Date(8.64e15),
      reports: [],
    });
  }
  for (const f of farmRows) {
    items.set(`farm:${f.id}`, { subjectType: "farm", subjectId: f.id, name: f.name, path: `/farms/${f.slug}`, farmName: f.name, hidden: null, since: new Date(8.64e15), reports: [] });
  }
  for (const r of reviewRows) {
    items.set(`review:${r.id}`, {
      subjectType: "review",
      subjectId: r.id,
      name: `${r.buyerName} → ${r.farmName}`,
      path: `/farms/${r.slug}#review-${r.id}`,
      farmName: r.farmName,
      hidden: r.hiddenAt ? { reason: r.hiddenReason ?? "", reviewRequestedAt: null } : null,
      since: new Date(8.64e15),
      reports: [],
      review: { stars: r.stars, body: r.body, reply: r.reply },
    });
  }
  for (const r of open) {
    const item = items.get(`${r.subjectType}:${r.subjectId}`);
    if (!item) continue;
    item.reports.push({ id: r.id, reason: r.reason, note: r.note, createdAt: r.createdAt, reporterName: r.reporterName });
    if (r.createdAt < item.since) item.since = r.createdAt;
  }
  return [...items.values()].sort((a, b) => a.since.getTime() - b.since.getTime() || a.subjectId - b.subjectId);
}

/** How many wait for a moderator: subjects with open reports, and listings asking for another look. */
export async function moderationCounts(): Promise<{ reportedSubjects: number; reviewRequests: number }> {
  const [row] = await db().execute<{ reported: number; asking: number }>(sql`
    select (select count(*)::int from (select distinct subject_type, subject_id from reports
              where state = 'open') s) as reported,
           (select count(*)::int from listings
              where hidden_at is not null and review_requested_at is not null and deleted_at is null) as asking`);
  return { reportedSubjects: row.reported, reviewRequests: row.asking };
}

/** Closes the subject's open reports as handled by the actor. Returns their ids. */
async function closeReports(tx: Executor, actor: Actor, type: ReportSubjectType, id: number, state: "actioned" | "dismissed"): Promise<number[]> {
  const rows = await tx
    .update(reports)
    .set({ state, handledBy: actor.userId, handledAt: new Date() })
    .where(and(eq(reports.subjectType, type), eq(reports.subjectId, id), eq(reports.state, "open")))
    .returning({ id: reports.id });
  return rows.map((r) => r.id);
}

/** Dismisses the subject's open reports: nothing was wrong. */
export async function dismissReports(actor: Actor, type: ReportSubjectType, id: number): Promise<{ dismissed: number }> {
  return db().transaction(async (tx) => {
    authorizePlatform(actor, "ops.moderate");
    const closed = await closeReports(tx, actor, type, id, "dismissed");
    if (closed.length === 0) throw new DomainError("conflict", "moderation.errors.nothingOpen");
    await audit(tx, actor, {
      action: "moderation.dismissReports",
      subject: { type, id },
      farmId: type === "farm" ? id : null,
      before: { openReports: closed.length },
      after: { openReports: 0 },
    });
    return { dismissed: closed.length };
  });
}

async function lockListing(tx: Executor, listingId: number) {
  const [row] = await tx
    .select({
      id: listings.id,
      farmId: listings.farmId,
      title: listings.title,
      ownerId: farms.ownerId,
      hiddenAt: listings.hiddenAt,
      hiddenReason: listings.hiddenReason,
      reviewRequestedAt: listings.reviewRequestedAt,
    })
    .from(listings)
    .innerJoin(farms, eq(farms.id, listings.farmId))
    .where(and(eq(listings.id, listingId), isNull(listings.deletedAt)))
    .for("update", { of: listings });
  return row ?? null;
}

/** Tells the farm's owner about its listing; returns the notification's id for the email job. */
async function tellFarm(tx: Executor, ownerId: number, kind: string, listing: { id: number; title: string }, reason = ""): Promise<number> {
  const [row] = await tx
    .insert(notifications)
    .values({ userId: ownerId, kind, params: { listingId: String(listing.id), title: listing.title, reason } })
    .returning({ id: notifications.id });
  return row.id;
}

/**
 * Hides a listing with a reason, or keeps a hidden one hidden (answering a
 * request for another look, the reason said again). Its open reports are
 * closed as actioned; it leaves search; the farm is told why.
 */
export async function hideListing(actor: Actor, listingId: number, reason: string): Promise<void> {
  await db().transaction(async (tx) => {
    authorizePlatform(actor, "ops.moderate");
    const listing = await lockListing(tx, listingId);
    if (!listing) throw notFound();
    const wasHidden = listing.hiddenAt !== null;
    await tx
      .update(listings)
      .set({ hiddenAt: listing.hiddenAt ?? new Date(), hiddenBy: actor.userId, hiddenReason: reason, reviewRequestedAt: null })
      .where(eq(listings.id, listingId));
    const closed = await closeReports(tx, actor, "listing", listingId, "actioned");
    await recordSearchChange(tx, [listingId]);
    await audit(tx, actor, {
      action: wasHidden ? "moderation.keepHidden" : "moderation.hideListing",
      subject: { type: "listing", id: listingId },
      farmId: listing.farmId,
      before: moderationView(listing),
      after: { title: listing.title, hidden: true, hiddenReason: reason, reviewRequested: false, reportsClosed: closed.length },
    });
    const notified = await tellFarm(tx, listing.ownerId, wasHidden ? "listing_kept_hidden" : "listing_hidden", listing, reason);
    await enqueueEffects(tx, { notified: [notified] });
  });
}

/** Shows a hidden listing again: back in search in the state the farm left it. Open reports of it are dismissed. */
export async function showListing(actor: Actor, listingId: number): Promise<void> {
  await db().transaction(async (tx) => {
    authorizePlatform(actor, "ops.moderate");
    const listing = await lockListing(tx, listingId);
    if (!listing) throw notFound();
    if (!listing.hiddenAt) throw new DomainError("conflict", "moderation.errors.notHidden");
    await tx.update(listings).set({ hiddenAt: null, hiddenBy: null, hiddenReason: null, reviewRequestedAt: null }).where(eq(listings.id, listingId));
    await closeReports(tx, actor, "listing", listingId, "dismissed");
    await recordSearchChange(tx, [listingId]);
    await audit(tx, actor, {
      action: "moderation.showListing",
      subject: { type: "listing", id: listingId },
      farmId: listing.farmId,
      before: moderationView(listing),
      after: { title: listing.title, hidden: false, hiddenReason: "", reviewRequested: false },
    });
    const notified = await tellFarm(tx, listing.ownerId, "listing_shown", listing);
    await enqueueEffects(tx, { notified: [notified] });
  });
}

/**
 * The farm (whoever may manage its listings) asks for another look at a
 * listing a moderator hid: it goes back in the moderators' queue. Asking
 * again while asked changes nothing.
 */
export async function requestAnotherLook(actor: Actor, farmId: number, listingId: number): Promise<void> {
  await db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "listing.manage", farmId, tx);
    const listing = await lockListing(tx, listingId);
    if (!listing || listing.farmId !== farmId) throw notFound();
    if (!listing.hiddenAt) throw new DomainError("conflict", "moderation.errors.notHidden");
    if (listing.reviewRequestedAt) return;
    await tx.update(listings).set({ reviewRequestedAt: new Date() }).where(eq(listings.id, listingId));
    await audit(tx, actor, {
      action: "moderation.requestReview",
      subject: { type: "listing", id: listingId },
      farmId,
      relation,
      before: moderationView(listing),
      after: { ...moderationView(listing), reviewRequested: true },
    });
  });
}

function moderationView(l: { title: string; hiddenAt: Date | null; hiddenReason: string | null; reviewRequestedAt: Date | null }) {
  return { title: l.title, hidden: l.hiddenAt !== null, hiddenReason: l.hiddenReason ?? "", reviewRequested: l.reviewRequestedAt !== null };
}

/**
 * Hides a review with a reason (decision 040): it leaves the farm's and the
 * listings' pages and every average; its listings are noted for the search
 * index; its open reports are closed as actioned; its buyer is told why.
 */
export async function hideReview(actor: Actor, reviewId: number, reason: string): Promise<void> {
  await db().transaction(async (tx) => {
    authorizePlatform(actor, "ops.moderate");
    const [review] = await tx
      .select({ id: reviews.id, farmId: reviews.farmId, orderId: reviews.orderId, buyerId: reviews.buyerId, stars: reviews.stars, hiddenAt: reviews.hiddenAt, hiddenReason: reviews.hiddenReason })
      .from(reviews)
      .where(eq(reviews.id, reviewId))
      .for("update");
    if (!review) throw notFound();
    await tx.update(reviews).set({ hiddenAt: review.hiddenAt ?? new Date(), hiddenBy: actor.userId, hiddenReason: reason }).where(eq(reviews.id, reviewId));
    const closed = await closeReports(tx, actor, "review", reviewId, "actioned");
    const rated = await tx.execute<{ listing_id: number }>(sql`select listing_id from review_ratings where review_id = ${reviewId}`);
    await recordSearchChange(tx, rated.map((r) => r.listing_id));
    await audit(tx, actor, {
      action: "moderation.hideReview",
      subject: { type: "review", id: reviewId },
      farmId: review.farmId,
      before: { stars: review.stars, hidden: review.hiddenAt !== null, hiddenReason: review.hiddenReason ?? "" },
      after: { stars: review.stars, hidden: true, hiddenReason: reason, reportsClosed: closed.length },
    });
    const [notified] = await tx
      .insert(notifications)
      .values({ userId: review.buyerId, kind: "review_hidden", orderId: review.orderId, params: { reviewId: String(reviewId), reason } })
      .returning({ id: notifications.id });
    await enqueueEffects(tx, { notified: [notified.id] });
  });
}
