/**
 * Demo data for the quick start: the accounts, farms and listings of
 * db/data/demo.ts, written in one transaction into an empty database.
 * Listing details vary deterministically (a seeded generator), so every
 * machine gets the same demo.
 */
import { sql } from "drizzle-orm";
import { hashPassword } from "../app/utils/password.server";
import { slugify } from "../app/search/fold";
import { quantityToSql } from "../app/models/units";
import { normalizeVietnamesePhone, parseIdentifier } from "../app/validation/auth";
import { recordSearchChange } from "../app/search/outbox.server";
import { seedDemoOrders } from "./seed-orders";
import { seedDemoModeration } from "./seed-moderation";
import { seedDemoReviews } from "./seed-reviews";
import { attachDemoPhotos, demoPictures } from "./seed-photos";
import { pictureKey } from "./data/demo-pictures";
import type { Database } from "./client";
import { DEMO_ACCOUNTS, DEMO_FARMS as CATALOGUE_FARMS, DEMO_PASSWORD, type DemoFarm } from "./data/demo";
import { DEMO_HOUSEHOLDS, DEMO_TEAM } from "./data/demo-team";
import { seedDemoBusiness, seedDemoBusinessRequests } from "./seed-business";
import { seedDemoTeam } from "./seed-team";
import { seedStandingOrders } from "./seed-standing";
import { seedDemoVerification } from "./seed-verification";
import { seedNetTerms } from "./seed-terms";
import { seedDemoLots } from "./seed-lots";
import { refreshInsights } from "../app/models/insights.server";
import { PRODUCTS } from "./data/demo-products";
import {
  analystProvinces,
  farmCertifications,
  farms,
  listingCertifications,
  listingPriceTiers,
  listings,
  userRoles,
  users,
} from "./schema";

/** The catalogue's farms and the Vũ Thư team's households (whose team, consents and helpers seed-team.ts adds). */
const DEMO_FARMS: DemoFarm[] = [
  ...CATALOGUE_FARMS,
  ...DEMO_HOUSEHOLDS.map((h) => ({
    phone: h.phone,
    farmer: h.farmer,
    name: h.farm,
    kind: "household" as const,
    province: DEMO_TEAM.province,
    commune: DEMO_TEAM.commune,
    place: "Vũ Thư",
    story: h.story,
    products: h.products,
  })),
];

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [row] = await db.execute<{ any: boolean }>(sql`select exists (select 1 from users) as any`);
  return !row.any;
}

/** A small deterministic generator (mulberry32): same demo on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A price rounded the way farmers quote: to 500 đ under 100k, 1,000 đ above, 100,000 đ above 10M. */
export function roundPrice(price: number): number {
  const step = price >= 10_000_000 ? 100_000 : price >= 100_000 ? 1_000 : 500;
  return Math.max(step, Math.round(price / step) * step);
}

function isoDate(base: Date, days: number): string {
  return new Date(base.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Loads the demo. Photos (a drawn picture per kind of produce on every
 * listing) are on by default and off under Vitest, whose search tests seed
 * for the catalogue only and need not wait for pictures to be encoded.
 */
export async function seedDemoData(
  db: Database,
  options: { photos?: boolean } = {},
): Promise<{ users: number; farms: number; listings: number; orders: number }> {
  const counts = await seedCatalogue(db, options.photos ?? process.env.NODE_ENV !== "test");
  // After the catalogue commits, through the real commands: the school's company account, then the team.
  const companyId = await seedDemoBusiness();
  const team = await seedDemoTeam(db, companyId);
  // Orders go through the real models, each in its own transaction.
  const quoted = companyId ? await seedDemoBusinessRequests(companyId) : 0;
  // Net terms (decision 031): the school verified, 30 days, a 50,000,000 đ limit.
  if (companyId) await seedNetTerms({ companyId });
  // Papers in the moderators' queue, and a certificate about to expire (decision 036).
  await seedDemoVerification();
  // Issue 14: Bà Lan's lots with their inputs, her tomatoes on sale from one (before the orders, whose lines then carry it).
  await seedDemoLots();
  const catalogueOrders = await seedDemoOrders();
  // The school kitchen's Monday rice, repeated weekly (decision 032), its coming week made.
  const standing = companyId ? await seedStandingOrders(companyId) : { orders: 0 };
  // Issue 13: the demo moderator and two open reports (decision 037).
  const moderation = await seedDemoModeration();
  // Issue 14: the demo consumer's reviews of the two completed orders, one answered (decision 040).
  await seedDemoReviews();
  // The adoption dashboard's views, as of now (a job keeps them fresh afterwards).
  await refreshInsights(db);
  return { ...counts, users: counts.users + team.helpers + (companyId ? 1 : 0) + moderation.users, orders: catalogueOrders + team.orders + quoted + standing.orders };
}

async function seedCatalogue(db: Database, withPhotos: boolean): Promise<{ users: number; farms: number; listings: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Drawn and encoded before the transaction, so it does not hold its locks meanwhile.
  const pictures = withPhotos
    ? await demoPictures(DEMO_FARMS.flatMap((f) => f.products.map((key) => ({ key: pictureKey(key, PRODUCTS[key]?.category ?? ""), category: PRODUCTS[key]?.category ?? "" }))))
    : new Map();
  const random = seededRandom(2025);
  const today = new Date();

  return db.transaction(async (tx) => {
    const accountRows = DEMO_ACCOUNTS.map((a) => {
      const id = parseIdentifier(a.identifier);
      if (!id) throw new Error(`Bad demo identifier ${a.identifier}`);
      return {
        phone: id.kind === "phone" ? id.value : null,
        email: id.kind === "email" ? id.value : null,
        passwordHash,
        displayName: a.displayName,
      };
    });
    const farmerRows = DEMO_FARMS.map((f) => {
      const phone = normalizeVietnamesePhone(f.phone);
      if (!phone) throw new Error(`Bad demo phone ${f.phone}`);
      return { phone, email: null, passwordHash, displayName: f.farmer };
    });
    const insertedUsers = await tx
      .insert(users)
      .values([...accountRows, ...farmerRows])
      .returning({ id: users.id });
    const accountIds = insertedUsers.slice(0, accountRows.length).map((u) => u.id);
    const farmerIds = insertedUsers.slice(accountRows.length).map((u) => u.id);
    await tx.insert(userRoles).values([
      ...DEMO_ACCOUNTS.map((a, i) => ({ userId: accountIds[i], role: a.role })),
      ...farmerIds.map((userId) => ({ userId, role: "farmer" as const })),
    ]);
    const analystRows = DEMO_ACCOUNTS.flatMap((a, i) => (a.provinces ?? []).map((provinceCode) => ({ userId: accountIds[i], provinceCode })));
    if (analystRows.length) await tx.insert(analystProvinces).values(analystRows);

    const usedSlugs = new Set<string>();
    const insertedFarms = await tx
      .insert(farms)
      .values(
        DEMO_FARMS.map((f, i) => {
          let slug = slugify(f.name, 60);
          for (let n = 2; usedSlugs.has(slug); n++) slug = `${slugify(f.name, 56)}-${n}`;
          usedSlugs.add(slug);
          return {
            ownerId: farmerIds[i],
            name: f.name,
            slug,
            kind: f.kind,
            story: f.story,
            provinceCode: f.province,
            communeCode: f.commune,
            addressLine: "",
            latitude: f.point?.[0] ?? null,
            longitude: f.point?.[1] ?? null,
            verification: i % 4 === 3 ? ("pending" as const) : ("verified" as const),
          };
        }),
      )
      .returning({ id: farms.id });
    const farmCerts = DEMO_FARMS.flatMap((f, i) => (f.certifications ?? []).map((c) => ({ ...c, farmId: insertedFarms[i].id })));
    if (farmCerts.length) await tx.insert(farmCertifications).values(farmCerts);

    type Planned = {
      row: typeof listings.$inferInsert;
      tiers: { minQty: string; priceVnd: number }[];
      certs: typeof DEMO_FARMS[number]["certifications"];
      farmerId: number;
      picture: string;
    };
    const planned: Planned[] = [];
    DEMO_FARMS.forEach((farm, farmIndex) => {
      for (const key of farm.products) {
        const product = PRODUCTS[key];
        if (!product) throw new Error(`Unknown demo product ${key} on ${farm.name}`);
        const factor = 0.9 + random() * 0.2;
        const price = roundPrice(product.price * factor);
        const roll = random();
        const state = roll < 0.04 ? "paused" : roll < 0.07 ? "draft" : roll < 0.1 ? "sold_out" : "active";
        const stock = state === "sold_out" ? 0 : Math.max(1, Math.round(product.stock * (0.5 + random())));
        const minOrder = product.minOrder ?? 1;
        const tiers = (product.tiers ?? [])
          .filter(([qty]) => qty > minOrder)
          .map(([qty, tierPrice]) => ({ minQty: quantityToSql(qty), priceVnd: roundPrice(tierPrice * factor) }))
          .filter((t, i, all) => t.priceVnd < price && (i === 0 || t.priceVnd < all[i - 1].priceVnd));
        // A few listings are pre-orders: harvest starts in 2–8 weeks.
        const preOrder = random() < 0.12;
        const from = preOrder ? isoDate(today, 14 + Math.floor(random() * 42)) : isoDate(today, -Math.floor(random() * 30));
        const to = isoDate(today, 60 + Math.floor(random() * 240));
        const title = product.title.includes(farm.place) ? product.title : `${product.title} ${farm.place}`;
        const createdAt = new Date(today.getTime() - Math.floor(random() * 60 * 86_400_000));
        planned.push({
          row: {
            farmId: insertedFarms[farmIndex].id,
            title,
            slug: slugify(title),
            categorySlug: product.category,
            variety: product.variety ?? "",
            grade: product.grade ?? "",
            description: `${product.description} ${farm.name}, ${farm.place}.`,
            unit: product.unit,
            priceVnd: price,
            stock: quantityToSql(stock),
            minOrderQty: quantityToSql(minOrder),
            availableFrom: from,
            availableTo: to,
            deliveryOptions: random() < 0.5 ? ["giao-tan-noi", "nhan-tai-vuon"] : ["giao-tan-noi", "gui-xe-khach"],
            state,
            createdAt,
            updatedAt: createdAt,
          },
          tiers,
          certs: farm.certifications && random() < 0.6 ? farm.certifications.slice(0, 1) : [],
          farmerId: farmerIds[farmIndex],
          picture: pictureKey(key, product.category),
        });
      }
    });
    const insertedListings = await tx
      .insert(listings)
      .values(planned.map((p) => p.row))
      .returning({ id: listings.id });
    const tierRows = planned.flatMap((p, i) => p.tiers.map((t) => ({ ...t, listingId: insertedListings[i].id })));
    if (tierRows.length) await tx.insert(listingPriceTiers).values(tierRows);
    const certRows = planned.flatMap((p, i) => (p.certs ?? []).map((c) => ({ ...c, listingId: insertedListings[i].id })));
    if (certRows.length) await tx.insert(listingCertifications).values(certRows);
    await attachDemoPhotos(
      tx,
      pictures,
      planned.map((p, i) => ({ listingId: insertedListings[i].id, farmId: p.row.farmId, uploaderId: p.farmerId, picture: p.picture })),
    );
    await recordSearchChange(tx, insertedListings.map((l) => l.id));

    return { users: insertedUsers.length, farms: insertedFarms.length, listings: insertedListings.length };
  });
}
