/**
 * The demo's community team (issue 11): Xã Vũ Thư, Hưng Yên, two helpers,
 * and the twelve households of db/data/demo-team.ts — their farms and
 * listings are made with the catalogue (seed.ts) — onboarded with consent.
 * The team, its members, the consents and the trail of who listed what are
 * written in one transaction; the orders waiting for the households go
 * through the real checkout and order moves afterwards, a helper accepting
 * one for its household.
 */
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { addToCart } from "../app/models/cart.server";
import { placeOrders } from "../app/models/orders/checkout.server";
import { transitionOrder } from "../app/models/orders/moves.server";
import { parseQuantity } from "../app/models/units";
import { actorById } from "../app/policy/relations.server";
import { hashPassword } from "../app/utils/password.server";
import { normalizeVietnamesePhone } from "../app/validation/auth";
import { db as appDb, type Database } from "./client";
import { DEMO_DELIVERY_ADDRESS, DEMO_PASSWORD } from "./data/demo";
import { DEMO_HELPERS, DEMO_HOUSEHOLDS, DEMO_TEAM } from "./data/demo-team";
import { auditEvents, consents, farms, listings, teamMembers, teams, userRoles, users } from "./schema";

const DAY = 86_400_000;
const phoneOf = (phone: string) => normalizeVietnamesePhone(phone)!;

export async function seedDemoTeam(db: Database, companyId: number | null = null): Promise<{ helpers: number; orders: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // A household that has not claimed its login has a password nobody knows.
  const unusable = await hashPassword(randomBytes(24).toString("base64url"));
  const now = Date.now();

  await db.transaction(async (tx) => {
    const [operator] = await tx.select({ id: users.id }).from(users).where(eq(users.email, "admin@nongsanso.vn"));
    const helperIds = (
      await tx
        .insert(users)
        .values(DEMO_HELPERS.map((h) => ({ phone: phoneOf(h.phone), email: null, passwordHash, displayName: h.displayName })))
        .returning({ id: users.id })
    ).map((u) => u.id);
    await tx.insert(userRoles).values(helperIds.map((userId) => ({ userId, role: "helper" as const })));
    const [team] = await tx
      .insert(teams)
      .values({ name: DEMO_TEAM.name, provinceCode: DEMO_TEAM.province, communeCode: DEMO_TEAM.commune, createdBy: operator?.id ?? null, createdAt: new Date(now - 60 * DAY) })
      .returning({ id: teams.id });
    await tx.insert(teamMembers).values(helperIds.map((userId) => ({ teamId: team.id, userId, joinedAt: new Date(now - 59 * DAY) })));

    const owners = await tx
      .select({ userId: users.id, phone: users.phone, farmId: farms.id })
      .from(users)
      .innerJoin(farms, eq(farms.ownerId, users.id))
      .where(inArray(users.phone, DEMO_HOUSEHOLDS.map((h) => phoneOf(h.phone))));
    const byPhone = new Map(owners.map((o) => [o.phone, o]));
    const unclaimed = DEMO_HOUSEHOLDS.filter((h) => !h.claimed).map((h) => byPhone.get(phoneOf(h.phone))!.userId);
    if (unclaimed.length) await tx.update(users).set({ passwordHash: unusable, passwordSetAt: null }).where(inArray(users.id, unclaimed));

    for (const [i, household] of DEMO_HOUSEHOLDS.entries()) {
      const owner = byPhone.get(phoneOf(household.phone))!;
      const helperId = helperIds[household.helper];
      const grantedAt = new Date(now - (50 - i * 3) * DAY);
      const expiresAt = new Date(grantedAt.getTime() + 365 * DAY);
      const [consent] = await tx
        .insert(consents)
        .values({ farmId: owner.farmId, teamId: team.id, scopes: household.scopes, method: household.consent, recordedBy: helperId, grantedAt, expiresAt, createdAt: grantedAt })
        .returning({ id: consents.id });
      await tx.update(farms).set({ addressLine: household.village }).where(eq(farms.id, owner.farmId));
      // The trail the household's activity page shows: onboarded, consented, then the helper listed its produce.
      const farmListings = await tx
        .select({ id: listings.id, title: listings.title, priceVnd: listings.priceVnd, stock: listings.stock, unit: listings.unit, state: listings.state })
        .from(listings)
        .where(eq(listings.farmId, owner.farmId))
        .orderBy(asc(listings.id));
      await tx.insert(auditEvents).values([
        { at: grantedAt, actorId: helperId, onBehalfOfFarmId: owner.farmId, farmId: owner.farmId, action: "household.onboard", subjectType: "farm", subjectId: String(owner.farmId), after: { village: household.village } },
        { at: grantedAt, actorId: helperId, onBehalfOfFarmId: owner.farmId, farmId: owner.farmId, action: "consent.grant", subjectType: "consent", subjectId: String(consent.id), after: { scopes: household.scopes, method: household.consent, expiresAt: expiresAt.toISOString() } },
        ...(household.scopes.includes("listings")
          ? farmListings.map((l) => ({
              at: new Date(grantedAt.getTime() + DAY),
              actorId: helperId,
              onBehalfOfFarmId: owner.farmId,
              farmId: owner.farmId,
              action: "listing.create",
              subjectType: "listing",
              subjectId: String(l.id),
              after: { title: l.title, priceVnd: l.priceVnd, stock: parseQuantity(l.stock), unit: l.unit, state: l.state },
            }))
          : []),
      ]);
    }
  });

  return { helpers: DEMO_HELPERS.length, orders: await seedHouseholdOrders(companyId) };
}

/**
 * The school kitchen orders, for its school's company, from three households whose consent covers
 * orders, cash on delivery: orders waiting in the helpers' inbox; the first
 * helper accepts the first one for its household.
 */
async function seedHouseholdOrders(companyId: number | null): Promise<number> {
  const [kitchen] = await appDb().select({ id: users.id }).from(users).where(eq(users.email, "bep@truonghoc.vn"));
  if (!kitchen) return 0;
  const withOrders = DEMO_HOUSEHOLDS.filter((h) => h.scopes.includes("orders")).slice(0, 3);
  const candidates = await appDb()
    .select({ id: listings.id, farmId: listings.farmId, minOrderQty: listings.minOrderQty })
    .from(listings)
    .innerJoin(farms, eq(farms.id, listings.farmId))
    .innerJoin(users, eq(users.id, farms.ownerId))
    .where(and(inArray(users.phone, withOrders.map((h) => phoneOf(h.phone))), eq(listings.state, "active")))
    .orderBy(asc(listings.id));
  const farmsInCart = new Set<number>();
  for (const listing of candidates) {
    if (farmsInCart.has(listing.farmId)) continue;
    const added = await addToCart(kitchen.id, listing.id, parseQuantity(listing.minOrderQty) * 3).then(
      () => true,
      () => false,
    );
    if (added) farmsInCart.add(listing.farmId);
  }
  if (!farmsInCart.size) return 0;
  const placed = await placeOrders({
    buyerId: kitchen.id,
    checkoutKey: crypto.randomUUID(),
    address: { ...DEMO_DELIVERY_ADDRESS, recipient: "Bếp ăn Trường Tiểu học Kim Liên" },
    paymentMethod: "cod",
    deliveryOptions: {},
    holdMinutes: 24 * 60,
    // Bought for the school's company account (issue 12), with its purchase order number.
    company: companyId ? { id: companyId, poNumber: "PO-KL-2026-118" } : null,
  });
  if (!placed.ok) return 0;
  const [helper] = await appDb().select({ id: users.id }).from(users).where(eq(users.phone, phoneOf(DEMO_HELPERS[0].phone)));
  const accepted = await transitionOrder(placed.orderIds[0], "accept", await actorById(helper.id));
  if (!accepted.ok) throw new Error(`demo helper could not accept for its household: ${accepted.reason}`);
  return placed.orderIds.length;
}
