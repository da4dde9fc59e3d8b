/**
 * Carts. Invariants: one cart per buyer (rows in cart_items once logged in,
 * a cookie before), merged at login; prices, stock and state are always read
 * from the database when the cart is shown or checked out, never taken from
 * the client; the cart says what changed since a line was added (price,
 * stock, a listing paused) instead of failing at checkout.
 */
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { cartItems, farms, listingPriceTiers, listings, photos, users } from "../../db/schema";
import { todayIso } from "~/utils/dates";
import { FieldErrors } from "./errors";
import { effectiveState, type ListingState } from "./listing.server";
import { photoView, type PhotoView } from "./photo.server";
import { lineTotalVnd, unitPriceFor, type PriceTier } from "./pricing";
import { parseQuantity, quantityToSql, roundQuantity, type Unit } from "./units";

export type CartItem = { listingId: number; quantity: number; seenPriceVnd: number };

export type CartProblem = "unavailable" | "price_changed" | "below_minimum" | "above_stock";

export type CartLine = {
  listingId: number;
  title: string;
  slug: string;
  unit: Unit;
  quantity: number;
  minOrderQty: number;
  stock: number;
  unitPriceVnd: number;
  seenPriceVnd: number;
  lineTotalVnd: number;
  photo: PhotoView | null;
  deliveryOptions: string[];
  problems: CartProblem[];
};

export type CartGroup = { farm: { id: number; name: string; slug: string }; lines: CartLine[]; subtotalVnd: number };
export type Cart = { groups: CartGroup[]; totalVnd: number; count: number; hasProblems: boolean };

type ListingRow = {
  id: number;
  title: string;
  slug: string;
  unit: Unit;
  priceVnd: number;
  stock: string;
  minOrderQty: string;
  state: ListingState;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  sellerSuspended: boolean;
  availableTo: string | null;
  deliveryOptions: string[];
  farmId: number;
  farmName: string;
  farmSlug: string;
};

/**
 * What pricing and buying read of a listing: price, stock, minimum, and what
 * isBuyable() decides from. The cart and the checkout select the same.
 */
export const PURCHASE_COLUMNS = {
  id: listings.id,
  title: listings.title,
  unit: listings.unit,
  priceVnd: listings.priceVnd,
  stock: listings.stock,
  minOrderQty: listings.minOrderQty,
  state: listings.state,
  deletedAt: listings.deletedAt,
  availableTo: listings.availableTo,
  deliveryOptions: listings.deliveryOptions,
  // Stopped by the platform (decision 037): hidden by a moderator, or the farm's owner suspended.
  hiddenAt: listings.hiddenAt,
  sellerSuspended: sellerSuspendedSql(),
};

/**
 * Whether the listing's farm's owner is suspended. The listing's farm id is
 * written qualified by hand: in a query on listings alone Drizzle writes it
 * bare. The checkout reads it again after its row locks (suspendedFarmIds),
 * as this subquery sees the statement's snapshot.
 */
function sellerSuspendedSql() {
  return sql<boolean>`exists (select 1 from farms sf join users su on su.id = sf.owner_id
    where sf.id = ${listings}.${sql.identifier(listings.farmId.name)} and su.suspended_at is not null)`;
}

/** Of the given farms, those whose owner is suspended: read in a statement of its own, after the caller's row locks. */
export async function suspendedFarmIds(executor: Executor, farmIds: number[]): Promise<Set<number>> {
  if (farmIds.length === 0) return new Set();
  const rows = await executor
    .select({ id: farms.id })
    .from(farms)
    .innerJoin(users, eq(users.id, farms.ownerId))
    .where(and(inArray(farms.id, farmIds), isNotNull(users.suspendedAt)));
  return new Set(rows.map((r) => r.id));
}

/** The listings' purchase columns and tiers, and their first photos unless `photos` is false (checking a quantity shows none). */
async function loadListings(
  executor: Executor,
  ids: number[],
  options: { photos: boolean } = { photos: true },
): Promise<{ rows: ListingRow[]; tiers: Map<number, PriceTier[]>; firstPhotos: Map<number, PhotoView> }> {
  if (ids.length === 0) return { rows: [], tiers: new Map(), firstPhotos: new Map() };
  const [rows, tierRows, photoRows] = await Promise.all([
    executor
      .select({
        ...PURCHASE_COLUMNS,
        slug: listings.slug,
        farmId: farms.id,
        farmName: farms.name,
        farmSlug: farms.slug,
      })
      .from(listings)
      .innerJoin(farms, eq(farms.id, listings.farmId))
      .where(inArray(listings.id, ids)),
    executor.select().from(listingPriceTiers).where(inArray(listingPriceTiers.listingId, ids)).orderBy(asc(listingPriceTiers.minQty)),
    options.photos
      ? executor.selectDistinctOn([photos.listingId]).from(photos).where(inArray(photos.listingId, ids)).orderBy(photos.listingId, asc(photos.position))
      : [],
  ]);
  const tiers = tiersByListing(tierRows);
  const firstPhotos = new Map(photoRows.map((p) => [p.listingId!, photoView(p)]));
  return { rows, tiers, firstPhotos };
}

/** Volume tier rows (as PostgreSQL returns them) grouped by listing. */
export function tiersByListing(rows: { listingId: number; minQty: string; priceVnd: number }[]): Map<number, PriceTier[]> {
  const tiers = new Map<number, PriceTier[]>();
  for (const t of rows) tiers.set(t.listingId, [...(tiers.get(t.listingId) ?? []), { minQty: parseQuantity(t.minQty), priceVnd: t.priceVnd }]);
  return tiers;
}

/** Whether a listing can be bought now: active, not deleted, inside its harvest window, not stopped by the platform. */
export function isBuyable(row: Pick<ListingRow, "state" | "deletedAt" | "availableTo" | "hiddenAt" | "sellerSuspended">, today = todayIso()): boolean {
  return row.deletedAt === null && row.hiddenAt === null && !row.sellerSuspended && effectiveState(row.state, row.availableTo, today) === "active";
}

type PurchaseRow = Pick<ListingRow, "id" | "state" | "deletedAt" | "hiddenAt" | "sellerSuspended" | "availableTo" | "stock" | "minOrderQty" | "priceVnd">;

/**
 * A wanted quantity of a listing against its row and volume tiers: the unit
 * price it would cost, and whether it can be bought (buyable now, at least
 * the minimum, at most the stock). The cart, adding to it and the checkout
 * each report what stands in the way in their own terms.
 */
export function checkPurchase(row: PurchaseRow, tiers: Map<number, PriceTier[]>, quantity: number) {
  const stock = parseQuantity(row.stock);
  const minimum = parseQuantity(row.minOrderQty);
  return {
    stock,
    minimum,
    buyable: isBuyable(row),
    belowMinimum: quantity < minimum,
    aboveStock: quantity > stock,
    unitPriceVnd: unitPriceFor(row.priceVnd, tiers.get(row.id) ?? [], quantity),
  };
}

/** Prices a list of items against the database: the cart as it stands now. */
export async function priceCart(items: CartItem[], executor: Executor = db()): Promise<Cart> {
  const { rows, tiers, firstPhotos } = await loadListings(executor, items.map((i) => i.listingId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const groups = new Map<number, CartGroup>();
  for (const item of items) {
    const row = byId.get(item.listingId);
    if (!row) continue; // a listing removed for good: nothing to show
    const { stock, minimum: minOrderQty, buyable, belowMinimum, aboveStock, unitPriceVnd } = checkPurchase(row, tiers, item.quantity);
    const problems: CartProblem[] = [];
    if (!buyable || stock <= 0) problems.push("unavailable");
    else {
      if (belowMinimum) problems.push("below_minimum");
      if (aboveStock) problems.push("above_stock");
    }
    if (unitPriceVnd !== item.seenPriceVnd) problems.push("price_changed");
    const line: CartLine = {
      listingId: row.id,
      title: row.title,
      slug: row.slug,
      unit: row.unit,
      quantity: item.quantity,
      minOrderQty,
      stock,
      unitPriceVnd,
      seenPriceVnd: item.seenPriceVnd,
      lineTotalVnd: lineTotalVnd(unitPriceVnd, item.quantity),
      photo: firstPhotos.get(row.id) ?? null,
      deliveryOptions: row.deliveryOptions,
      problems,
    };
    const group = groups.get(row.farmId) ?? { farm: { id: row.farmId, name: row.farmName, slug: row.farmSlug }, lines: [], subtotalVnd: 0 };
    group.lines.push(line);
    if (!problems.includes("unavailable")) group.subtotalVnd += line.lineTotalVnd;
    groups.set(row.farmId, group);
  }
  const list = [...groups.values()];
  return {
    groups: list,
    totalVnd: list.reduce((n, g) => n + g.subtotalVnd, 0),
    count: list.reduce((n, g) => n + g.lines.length, 0),
    hasProblems: list.some((g) => g.lines.some((l) => l.problems.some((p) => p !== "price_changed"))),
  };
}

export async function cartItemsOf(userId: number, executor: Executor = db()): Promise<CartItem[]> {
  const rows = await executor.select().from(cartItems).where(eq(cartItems.userId, userId)).orderBy(asc(cartItems.addedAt));
  return rows.map((r) => ({ listingId: r.listingId, quantity: parseQuantity(r.quantity), seenPriceVnd: r.seenPriceVnd }));
}

/**
 * Checks a wanted quantity of a listing: buyable, at least the minimum, at
 * most the stock. Returns the unit price for that quantity; throws
 * FieldErrors naming the problem and what is possible.
 */
async function checkQuantity(listingId: number, quantity: number): Promise<number> {
  const { rows, tiers } = await loadListings(db(), [listingId], { photos: false });
  const check = rows[0] ? checkPurchase(rows[0], tiers, quantity) : null;
  if (!check?.buyable) throw new FieldErrors({ quantity: ["errors.cart.unavailable"] });
  if (check.belowMinimum) throw new FieldErrors({ quantity: [`errors.cart.belowMinimum|${check.minimum}`] });
  if (check.aboveStock) throw new FieldErrors({ quantity: [`errors.cart.aboveStock|${check.stock}`] });
  return check.unitPriceVnd;
}

/** Adds to the buyer's cart (to the quantity already there), after checking the result. */
export async function addToCart(userId: number, listingId: number, quantity: number): Promise<void> {
  const [existing] = await db()
    .select({ quantity: cartItems.quantity })
    .from(cartItems)
    .where(and(eq(cartItems.userId, userId), eq(cartItems.listingId, listingId)));
  const total = roundQuantity((existing ? parseQuantity(existing.quantity) : 0) + quantity);
  await setCartQuantity(userId, listingId, total);
}

export async function setCartQuantity(userId: number, listingId: number, quantity: number): Promise<void> {
  const price = await checkQuantity(listingId, quantity);
  await db()
    .insert(cartItems)
    .values({ userId, listingId, quantity: quantityToSql(quantity), seenPriceVnd: price })
    .onConflictDoUpdate({
      target: [cartItems.userId, cartItems.listingId],
      set: { quantity: quantityToSql(quantity), seenPriceVnd: price },
    });
}

export async function removeFromCart(userId: number, listingId: number): Promise<void> {
  await db().delete(cartItems).where(and(eq(cartItems.userId, userId), eq(cartItems.listingId, listingId)));
}

/** Accepts the prices as they are now (after the cart showed a change). */
export async function acknowledgePrices(userId: number): Promise<void> {
  const items = await cartItemsOf(userId);
  const cart = await priceCart(items);
  for (const line of cart.groups.flatMap((g) => g.lines)) {
    if (line.seenPriceVnd !== line.unitPriceVnd) {
      await db()
        .update(cartItems)
        .set({ seenPriceVnd: line.unitPriceVnd })
        .where(and(eq(cartItems.userId, userId), eq(cartItems.listingId, line.listingId)));
    }
  }
}

/** The guest's cart with the prices as they are now (after the cart showed a change). */
export async function acknowledgeGuestPrices(items: CartItem[]): Promise<CartItem[]> {
  const cart = await priceCart(items);
  const prices = new Map(cart.groups.flatMap((g) => g.lines).map((l) => [l.listingId, l.unitPriceVnd]));
  return items.map((i) => ({ ...i, seenPriceVnd: prices.get(i.listingId) ?? i.seenPriceVnd }));
}

/** A guest's cart joins the account's at login: quantities add up. */
export async function mergeGuestCart(userId: number, items: CartItem[]): Promise<void> {
  for (const item of items) {
    await addToCart(userId, item.listingId, item.quantity).catch((error) => {
      // A guest line that is no longer possible is dropped rather than blocking the login.
      if (!(error instanceof FieldErrors)) throw error;
    });
  }
}

/** Lines in the buyer's cart, as an expression: the header's count (models/header.server.ts asks it with the others). */
export function cartCountSql(userId: number): SQL<number> {
  return sql<number>`(select count(*)::int from ${cartItems} ci join ${listings} l on l.id = ci.listing_id
    where ci.user_id = ${userId} and l.deleted_at is null)`;
}

/** Lines in the buyer's cart. */
export async function cartCount(userId: number): Promise<number> {
  const [row] = await db().execute<{ n: number }>(sql`select ${cartCountSql(userId)} as n`);
  return row?.n ?? 0;
}

/** The guest's cart with a quantity added (checked like an account's): the new list to keep in the cookie. */
export async function addToGuestCart(items: CartItem[], listingId: number, quantity: number): Promise<CartItem[]> {
  const existing = items.find((i) => i.listingId === listingId);
  const total = roundQuantity((existing?.quantity ?? 0) + quantity);
  return setGuestQuantity(items, listingId, total);
}

export async function setGuestQuantity(items: CartItem[], listingId: number, quantity: number): Promise<CartItem[]> {
  const price = await checkQuantity(listingId, quantity);
  const others = items.filter((i) => i.listingId !== listingId);
  return [...others, { listingId, quantity, seenPriceVnd: price }];
}
