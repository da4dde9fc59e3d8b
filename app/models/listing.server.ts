/**
 * Listings. Invariants:
 * - every read or write for a seller is scoped by the farm in SQL, and
 *   every command asks the policy (app/policy) whether the actor may manage
 *   that farm's listings, inside its transaction: another farm's listing is
 *   "not found", never changed; each command leaves an audit event;
 * - price is whole đồng > 0; stock >= 0 (also a CHECK); volume tiers rise in
 *   quantity above the minimum order and fall in price below the base price;
 * - state moves: draft → active; active ⇄ paused; active → sold_out when the
 *   stock is 0, and back when stock returns; deleting keeps the row (orders
 *   name it) with deleted_at set, visible to nobody;
 * - a listing, its tiers, certifications, photos and its search-outbox row
 *   are written in one transaction: all or nothing;
 * - every UPDATE raises the listing's version (a trigger), sales and stock
 *   given back included: an edit is saved only against the version its form
 *   showed, checked under the row lock that checkouts take too; a stale edit
 *   saves nothing, and the form shown again never brings sold stock back
 *   (listing-edits.ts).
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { DomainError } from "~/policy/errors";
import { isFarmLot } from "./lot.server";
import {
  categories,
  communes,
  farms,
  listingCertifications,
  listingPriceTiers,
  listings,
  lots,
  photos,
  provinces,
  users,
} from "../../db/schema";
import { slugify } from "~/search/fold";
import { todayIso } from "~/utils/dates";
import { recordSearchChange } from "~/search/outbox.server";
import type { ListingInput } from "~/validation/listing";
import type { CertificationInput } from "~/validation/fields";
import { audit } from "~/policy/audit.server";
import { authorizeFarm } from "~/policy/authorize.server";
import { can, type Actor, type FarmRelation } from "~/policy/policy";
import { farmRelation } from "~/policy/relations.server";
import { photoView, setPhotos, usablePhotos, type PhotoView } from "./photo.server";
import { certificationsJson, photoObject, photosJson, type PhotoRow } from "./detail-json.server";
import { farmRatingSql, listingRatingSql, type RatingFigures } from "./review.server";
import type { PriceTier } from "./pricing";
import { parseQuantity, quantityToSql, type Unit } from "./units";

export type ListingState = (typeof listings.$inferSelect)["state"];

/** What a listing shows on its public page and in the seller's editor. */
export type ListingDetail = {
  id: number;
  farmId: number;
  title: string;
  slug: string;
  categorySlug: string;
  categoryNameVi: string;
  categoryNameEn: string;
  variety: string;
  grade: string;
  description: string;
  unit: Unit;
  priceVnd: number;
  stock: number;
  minOrderQty: number;
  availableFrom: string | null;
  availableTo: string | null;
  deliveryOptions: string[];
  state: ListingState;
  /** Raised by every write; an edit form carries the one it showed. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  tiers: PriceTier[];
  certifications: CertificationInput[];
  photos: PhotoView[];
  farm: { id: number; name: string; slug: string; verification: string; provinceName: string; communeName: string };
  /** Hidden by a moderator (decision 037): the reason, and whether the farm asked for another look; shown to the farm only. */
  moderation: ListingModeration;
  /** The farm's owner is suspended: the listing is shown to nobody but the farm. */
  sellerSuspended: boolean;
  /** The lot on sale (issue 14), one of the farm's, and its public code (/t/<code>). */
  lotId: number | null;
  lotCode: string | null;
};

export type ListingModeration = { hidden: false } | { hidden: true; reason: string; reviewRequested: boolean };

export function moderationOf(l: { hiddenAt: Date | null; hiddenReason: string | null; reviewRequestedAt: Date | null }): ListingModeration {
  return l.hiddenAt ? { hidden: true, reason: l.hiddenReason ?? "", reviewRequested: l.reviewRequestedAt !== null } : { hidden: false };
}


/** The state a buyer should see: an active listing past its harvest window is expired. */
export function effectiveState(state: ListingState, availableTo: string | null, today = todayIso()): ListingState {
  if (state === "active" && availableTo !== null && availableTo < today) return "expired";
  return state;
}

/** Before harvest: can be ordered now for delivery from `availableFrom`. */
export function isPreOrder(availableFrom: string | null, today = todayIso()): boolean {
  return availableFrom !== null && availableFrom > today;
}

/** A listing's stars and its farm's: average and how many reviews (decision 040); {0, 0} without reviews. */
export type ListingRatings = { rating: RatingFigures; farmRating: RatingFigures };

/** The listing `where` picks, with its ratings when asked (the public page shows them; the editor and the API do not). */
async function loadDetail(where: SQL, withRatings = false): Promise<(ListingDetail & { ratings: ListingRatings | null }) | null> {
  // Qualified by hand, as in firstPhotoSql.
  const listingId = sql`${listings}.${sql.identifier(listings.id.name)}`;
  const [row] = await db()
    .select({
      listing: listings,
      categoryNameVi: categories.nameVi,
      categoryNameEn: categories.nameEn,
      farm: {
        id: farms.id,
        name: farms.name,
        slug: farms.slug,
        verification: farms.verification,
        provinceName: provinces.name,
        communeName: communes.name,
      },
      sellerSuspended: sql<boolean>`${users.suspendedAt} is not null`,
      lotCode: lots.code,
      // The listing's tiers, certifications and photos in the same row (JSON, models/detail-json.server.ts): one query, not four.
      tiers: sql<{ minQty: number; priceVnd: number }[]>`coalesce((
        select json_agg(json_build_object('minQty', t.min_qty, 'priceVnd', t.price_vnd) order by t.min_qty)
        from ${listingPriceTiers} t where t.listing_id = ${listingId}), '[]')`,
      certifications: certificationsJson(listingCertifications, sql`c.listing_id = ${listingId}`),
      photos: photosJson(sql`p.listing_id = ${listingId}`),
      // Its stars and its farm's, for the public page (decision 040).
      rating: withRatings ? listingRatingSql(listingId) : sql<null>`null`,
      farmRating: withRatings ? farmRatingSql(sql`${farms}.${sql.identifier(farms.id.name)}`) : sql<null>`null`,
    })
    .from(listings)
    .innerJoin(farms, eq(farms.id, listings.farmId))
    .innerJoin(users, eq(users.id, farms.ownerId))
    .innerJoin(categories, eq(categories.slug, listings.categorySlug))
    .innerJoin(provinces, eq(provinces.code, farms.provinceCode))
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .leftJoin(lots, eq(lots.id, listings.lotId))
    .where(and(where, isNull(listings.deletedAt)));
  if (!row) return null;
  const l = row.listing;
  return {
    id: l.id,
    farmId: l.farmId,
    title: l.title,
    slug: l.slug,
    categorySlug: l.categorySlug,
    categoryNameVi: row.categoryNameVi,
    categoryNameEn: row.categoryNameEn,
    variety: l.variety,
    grade: l.grade,
    description: l.description,
    unit: l.unit,
    priceVnd: l.priceVnd,
    stock: parseQuantity(l.stock),
    minOrderQty: parseQuantity(l.minOrderQty),
    availableFrom: l.availableFrom,
    availableTo: l.availableTo,
    deliveryOptions: l.deliveryOptions,
    state: l.state,
    version: l.version,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
    tiers: row.tiers.map((t) => ({ minQty: parseQuantity(t.minQty), priceVnd: Number(t.priceVnd) })),
    certifications: row.certifications.map(({ type, number, issuer, expiresOn, stars }) => ({ type, number, issuer, expiresOn, stars })),
    photos: row.photos.map(photoView),
    ratings: withRatings ? { rating: row.rating ?? { average: 0, count: 0 }, farmRating: row.farmRating ?? { average: 0, count: 0 } } : null,
    farm: row.farm,
    moderation: moderationOf(l),
    sellerSuspended: row.sellerSuspended,
    lotId: l.lotId,
    lotCode: row.lotCode,
  };
}

/** A listing as its public page shows it; `ratings` are there when asked for ({ ratings: true }). */
export type ListingPage<Ratings extends ListingRatings | null> = { listing: ListingDetail; ratings: Ratings; canManage: boolean; relation: FarmRelation };

/**
 * The public listing page, and whether the viewer may manage it. Drafts are
 * shown only to those who may (as a preview); deleted listings to nobody.
 */
export function getListingPage(id: number, viewer: Actor | null, options: { ratings: true }): Promise<ListingPage<ListingRatings> | null>;
export function getListingPage(id: number, viewer: Actor | null, options?: { ratings?: false }): Promise<ListingPage<null> | null>;
export async function getListingPage(id: number, viewer: Actor | null, options: { ratings?: boolean } = {}): Promise<ListingPage<ListingRatings | null> | null> {
  const found = await loadDetail(eq(listings.id, id), options.ratings);
  if (!found) return null;
  const { ratings, ...detail } = found;
  const relation = viewer ? await farmRelation(viewer.userId, detail.farmId) : null;
  const canManage = can(viewer, "listing.manage", { kind: "farm", relation });
  if (detail.state === "draft" && !canManage) return null;
  // Stopped by the platform (decision 037): the farm still sees it, and why; buyers find nothing.
  if ((detail.moderation.hidden || detail.sellerSuspended) && !canManage) return null;
  return { listing: detail, ratings, canManage, relation };
}

/** A listing of the farm, for its editor; null for any other farm's. The caller checked the policy. */
export async function getFarmListing(farmId: number, id: number): Promise<ListingDetail | null> {
  const found = await loadDetail(and(eq(listings.id, id), eq(listings.farmId, farmId))!);
  if (!found) return null;
  const { ratings: _none, ...detail } = found;
  return detail;
}

export type ListingCard = {
  id: number;
  title: string;
  slug: string;
  unit: Unit;
  priceVnd: number;
  stock: number;
  state: ListingState;
  availableFrom: string | null;
  farmName: string;
  farmSlug: string;
  provinceName: string;
  photo: PhotoView | null;
  bulk: boolean;
  verifiedFarm: boolean;
  /** Average stars and how many reviews rated it (decision 040); null without reviews. */
  rating: { average: number; count: number } | null;
};

/**
 * A listing's first photo as a JSON object, in the same row: lists need no query per row.
 * The listing's id is written qualified: Drizzle writes a column of a select's only table as a
 * bare "id", which inside `from photos p` would be the photo's id.
 */
function firstPhotoSql() {
  // Qualified by hand: in a query on listings alone drizzle writes the column bare ("id"), which inside this subquery is p.id.
  return sql<PhotoRow | null>`(
    select ${photoObject()}
    from ${photos} p where p.listing_id = ${listings}.${sql.identifier(listings.id.name)} order by p.position limit 1)`;
}

/** The listing's farm's owner not suspended (decision 037); the farm id qualified by hand, as in firstPhotoSql. */
function notSuspendedSeller() {
  return sql`not exists (select 1 from ${farms} sf join ${users} su on su.id = sf.owner_id
    where sf.id = ${listings}.${sql.identifier(listings.farmId.name)} and su.suspended_at is not null)`;
}

type CardScope = { farmId?: number; categorySlugs?: string[] };

/** The listings a visitor may see on sale (active, not deleted, hidden or suspended), optionally of one farm or some categories. */
function onSale(options: CardScope): SQL[] {
  const conditions: SQL[] = [eq(listings.state, "active"), isNull(listings.deletedAt), isNull(listings.hiddenAt), notSuspendedSeller()];
  if (options.farmId !== undefined) conditions.push(eq(listings.farmId, options.farmId));
  if (options.categorySlugs?.length) conditions.push(inArray(listings.categorySlug, options.categorySlugs));
  return conditions;
}

/** How many listings `listingCards` would find without a limit. */
export async function countListingCards(options: CardScope): Promise<number> {
  const [row] = await db()
    .select({ count: sql<number>`count(*)::int` })
    .from(listings)
    .where(and(...onSale(options)));
  return row?.count ?? 0;
}

/** Listing cards on sale (active), newest first: home page, farm page (a page of them). One query. */
export async function listingCards(options: CardScope & { limit: number; offset?: number }): Promise<ListingCard[]> {
  const conditions = onSale(options);
  const hasTiers = sql<boolean>`exists (select 1 from ${listingPriceTiers} t where t.listing_id = ${listings.id})`;
  const rows = await db()
    .select({
      id: listings.id,
      title: listings.title,
      slug: listings.slug,
      unit: listings.unit,
      priceVnd: listings.priceVnd,
      stock: listings.stock,
      state: listings.state,
      availableFrom: listings.availableFrom,
      farmName: farms.name,
      farmSlug: farms.slug,
      provinceName: provinces.name,
      photo: firstPhotoSql(),
      hasTiers,
      verifiedFarm: sql<boolean>`${farms.verification} = 'verified'`,
      // Qualified by hand, as in firstPhotoSql.
      rating: listingRatingSql(sql`${listings}.${sql.identifier(listings.id.name)}`),
    })
    .from(listings)
    .innerJoin(farms, eq(farms.id, listings.farmId))
    .innerJoin(provinces, eq(provinces.code, farms.provinceCode))
    .where(and(...conditions))
    .orderBy(desc(listings.createdAt), desc(listings.id))
    .limit(options.limit)
    .offset(options.offset ?? 0);
  return rows.map(({ photo, hasTiers: bulk, stock, ...r }) => ({
    ...r,
    stock: parseQuantity(stock),
    photo: photo ? photoView(photo) : null,
    bulk,
  }));
}

export type SellerListingRow = {
  id: number;
  title: string;
  slug: string;
  unit: Unit;
  priceVnd: number;
  stock: number;
  state: ListingState;
  availableTo: string | null;
  updatedAt: Date;
  photo: PhotoView | null;
  moderation: ListingModeration;
};

/** The farm's listings table (deleted ones excluded). One query. The caller checked the policy. */
export async function listSellerListings(farmId: number, state?: ListingState): Promise<SellerListingRow[]> {
  const conditions: SQL[] = [eq(listings.farmId, farmId), isNull(listings.deletedAt)];
  if (state) conditions.push(eq(listings.state, state));
  const rows = await db()
    .select({
      id: listings.id,
      title: listings.title,
      slug: listings.slug,
      unit: listings.unit,
      priceVnd: listings.priceVnd,
      stock: listings.stock,
      state: listings.state,
      availableTo: listings.availableTo,
      updatedAt: listings.updatedAt,
      photo: firstPhotoSql(),
      hiddenAt: listings.hiddenAt,
      hiddenReason: listings.hiddenReason,
      reviewRequestedAt: listings.reviewRequestedAt,
    })
    .from(listings)
    .where(and(...conditions))
    .orderBy(desc(listings.updatedAt), desc(listings.id));
  return rows.map(({ photo, stock, hiddenAt, hiddenReason, reviewRequestedAt, ...r }) => ({
    ...r,
    stock: parseQuantity(stock),
    photo: photo ? photoView(photo) : null,
    moderation: moderationOf({ hiddenAt, hiddenReason, reviewRequestedAt }),
  }));
}

export async function countSellerListings(farmId: number): Promise<Record<ListingState, number>> {
  const rows = await db()
    .select({ state: listings.state, n: sql<number>`count(*)::int` })
    .from(listings)
    .where(and(eq(listings.farmId, farmId), isNull(listings.deletedAt)))
    .groupBy(listings.state);
  const counts: Record<ListingState, number> = { draft: 0, active: 0, paused: 0, sold_out: 0, expired: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

function stateAfterSave(intent: ListingInput["intent"], previous: ListingState | null, stock: number): ListingState {
  if (intent === "draft" && (previous === null || previous === "draft")) return "draft";
  if (previous === "paused") return "paused";
  return stock > 0 ? "active" : "sold_out";
}

/** What the activity page shows of a listing before and after a change. */
function auditView(l: { title: string; priceVnd: number; stock: string | number; state: string; unit: string }) {
  return { title: l.title, priceVnd: l.priceVnd, stock: typeof l.stock === "number" ? l.stock : parseQuantity(l.stock), unit: l.unit, state: l.state };
}

/**
 * Creates a listing on the farm, when the actor may manage its listings.
 * With `createKey` (the new-listing form's own key) the same form posted
 * again makes nothing new and answers the listing it made: a second post
 * waits on the unique (farm, key) index until the first commits.
 */
export async function createListing(actor: Actor, farmId: number, input: ListingInput, createKey?: string): Promise<{ id: number; slug: string }> {
  const farm = { id: farmId };
  const usable = await usablePhotos(actor.userId, input.photoIds, {});
  return db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "listing.manage", farm.id, tx);
    await requireFarmLot(tx, farm.id, input.lotId);
    const [row] = await tx
      .insert(listings)
      .values({ ...listingValues(input), farmId: farm.id, state: stateAfterSave(input.intent, null, input.stock), createKey: createKey ?? null })
      .onConflictDoNothing()
      .returning({ id: listings.id, slug: listings.slug });
    if (!row) {
      const [made] = await tx
        .select({ id: listings.id, slug: listings.slug })
        .from(listings)
        .where(and(eq(listings.farmId, farm.id), eq(listings.createKey, createKey!)));
      return made;
    }
    await writeChildren(tx, row.id, farm.id, input, usable.map((p) => p.id));
    await recordSearchChange(tx, [row.id]);
    const state = stateAfterSave(input.intent, null, input.stock);
    await audit(tx, actor, { action: "listing.create", subject: { type: "listing", id: row.id }, farmId, relation, after: auditView({ ...input, state }) });
    return row;
  });
}

export type ListingUpdate =
  | { ok: true; id: number; slug: string }
  | { ok: false; reason: "not_found" }
  /** The listing changed since `seenVersion`: nothing saved; `current` is the listing now. */
  | { ok: false; reason: "stale"; current: ListingDetail };

/**
 * Saves an edit of one of the farm's listings, made on a form that
 * showed the listing at `seenVersion`. The version is compared under the
 * row lock that checkouts take, so no sale can slip in between the check
 * and the write: a listing changed since is refused, with what it is now.
 */
export async function updateListing(
  actor: Actor,
  farmId: number,
  listingId: number,
  input: ListingInput,
  seenVersion: number,
): Promise<ListingUpdate> {
  const usable = await usablePhotos(actor.userId, input.photoIds, { listingId });
  const outcome = await db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "listing.manage", farmId, tx);
    const [locked] = await tx
      .select({ version: listings.version, state: listings.state, farmId: listings.farmId, title: listings.title, priceVnd: listings.priceVnd, stock: listings.stock, unit: listings.unit })
      .from(listings)
      .where(and(eq(listings.id, listingId), isNull(listings.deletedAt), eq(listings.farmId, farmId)))
      .for("update");
    if (!locked) return { ok: false as const, reason: "not_found" as const };
    if (locked.version !== seenVersion) return { ok: false as const, reason: "stale" as const };
    await requireFarmLot(tx, farmId, input.lotId);
    const state = stateAfterSave(input.intent, locked.state, input.stock);
    const [row] = await tx
      .update(listings)
      .set({ ...listingValues(input), state, updatedAt: new Date() })
      .where(eq(listings.id, listingId))
      .returning({ id: listings.id, slug: listings.slug });
    await writeChildren(tx, row.id, locked.farmId, input, usable.map((p) => p.id));
    await recordSearchChange(tx, [row.id]);
    await audit(tx, actor, { action: "listing.update", subject: { type: "listing", id: row.id }, farmId, relation, before: auditView(locked), after: auditView({ ...input, state }) });
    return { ok: true as const, ...row };
  });
  if (outcome.ok || outcome.reason === "not_found") return outcome;
  const current = await getFarmListing(farmId, listingId);
  return current ? { ok: false, reason: "stale", current } : { ok: false, reason: "not_found" };
}

function listingValues(input: ListingInput) {
  return {
    title: input.title,
    slug: slugify(input.title),
    categorySlug: input.categorySlug,
    variety: input.variety,
    grade: input.grade,
    description: input.description,
    unit: input.unit,
    priceVnd: input.priceVnd,
    stock: quantityToSql(input.stock),
    minOrderQty: quantityToSql(input.minOrderQty),
    availableFrom: input.availableFrom ?? null,
    availableTo: input.availableTo ?? null,
    deliveryOptions: input.deliveryOptions,
    lotId: input.lotId ?? null,
  };
}

/** A listing points only to a lot of its own farm: another farm's lot is named as not found beside the select. */
async function requireFarmLot(tx: Executor, farmId: number, lotId: number | null | undefined) {
  if (lotId && !(await isFarmLot(tx, farmId, lotId))) throw new DomainError("invalid", "errors.lot.choose", { field: "lotId" });
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

async function writeChildren(tx: Tx, listingId: number, farmId: number, input: ListingInput, photoIds: string[]) {
  await tx.delete(listingPriceTiers).where(eq(listingPriceTiers.listingId, listingId));
  if (input.tiers.length) {
    await tx
      .insert(listingPriceTiers)
      .values(input.tiers.map((t) => ({ listingId, minQty: quantityToSql(t.minQty), priceVnd: t.priceVnd })));
  }
  await tx.delete(listingCertifications).where(eq(listingCertifications.listingId, listingId));
  if (input.certifications.length) {
    await tx.insert(listingCertifications).values(input.certifications.map((c) => ({ ...c, listingId })));
  }
  await setPhotos(tx, { farmId, listingId }, photoIds);
}

export type ListingCommand = "pause" | "resume" | "delete";

/**
 * Pause, resume or delete one of the farm's listings, when the actor may
 * manage them. Returns false when the listing is not the farm's or the move
 * is not allowed from its state.
 */
export async function changeListingState(actor: Actor, farmId: number, listingId: number, command: ListingCommand): Promise<boolean> {
  return db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "listing.manage", farmId, tx);
    const owned = and(eq(listings.id, listingId), isNull(listings.deletedAt), eq(listings.farmId, farmId));
    const [before] = await tx.select({ state: listings.state, title: listings.title }).from(listings).where(owned);
    const result =
      command === "pause"
        ? await tx
            .update(listings)
            .set({ state: "paused", updatedAt: new Date() })
            .where(and(owned, inArray(listings.state, ["active", "sold_out"])))
            .returning({ id: listings.id })
        : command === "resume"
          ? await tx
              .update(listings)
              .set({
                state: sql`case when ${listings.stock} > 0 then 'active' else 'sold_out' end::listing_state`,
                updatedAt: new Date(),
              })
              .where(and(owned, inArray(listings.state, ["paused", "draft", "expired"])))
              .returning({ id: listings.id })
          : await tx
              .update(listings)
              .set({ deletedAt: new Date(), updatedAt: new Date() })
              .where(owned)
              .returning({ id: listings.id });
    await recordSearchChange(tx, result.map((r) => r.id));
    if (result.length > 0 && before) {
      const [after] = await tx.select({ state: listings.state, deletedAt: listings.deletedAt }).from(listings).where(eq(listings.id, listingId));
      await audit(tx, actor, {
        action: `listing.${command}`,
        subject: { type: "listing", id: listingId },
        farmId,
        relation,
        before: { title: before.title, state: before.state },
        after: { title: before.title, state: after.deletedAt ? "deleted" : after.state },
      });
    }
    return result.length > 0;
  });
}
