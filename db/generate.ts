/**
 * Synthetic listings for benchmarks: any number, spread over the existing
 * farms and every demo product, with varied titles, prices, stock, states
 * and volume tiers. Deterministic for a given seed.
 */
import { sql } from "drizzle-orm";
import { quantityToSql } from "../app/models/units";
import { slugify } from "../app/search/fold";
import { recordSearchChange } from "../app/search/outbox.server";
import type { Database } from "./client";
import { PRODUCTS } from "./data/demo-products";
import { listingPriceTiers, listings } from "./schema";
import { roundPrice, seededRandom } from "./seed";

const GRADES = ["Loại 1", "Loại 2", "Hàng tuyển", "Hàng chợ", "Xuất khẩu", ""];
const QUALIFIERS = ["", "sạch", "hữu cơ", "VietGAP", "tươi", "nhà trồng", "mới thu hoạch", "giá sỉ"];
const BATCH = 2000;

export async function generateListings(
  db: Database,
  count: number,
  options: { seed?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const random = seededRandom(options.seed ?? 7);
  const farmRows = await db.execute<{ id: number; province: string }>(
    sql`select f.id, p.name as province from farms f join provinces p on p.code = f.province_code order by f.id`,
  );
  if (farmRows.length === 0) throw new Error("No farms: load the demo data first (npm run db:seed)");
  const products = Object.values(PRODUCTS);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const today = Date.now();

  let done = 0;
  while (done < count) {
    const size = Math.min(BATCH, count - done);
    const rows: (typeof listings.$inferInsert)[] = [];
    const tierPlans: [number, number][][] = [];
    for (let i = 0; i < size; i++) {
      const farm = pick(farmRows);
      const product = pick(products);
      const qualifier = pick(QUALIFIERS);
      const place = farm.province.replace(/^(Tỉnh|Thành phố) /, "");
      const title = [product.title, qualifier, place].filter(Boolean).join(" ");
      const factor = 0.75 + random() * 0.5;
      const price = roundPrice(product.price * factor);
      const roll = random();
      const state = roll < 0.05 ? "paused" : roll < 0.08 ? "draft" : roll < 0.12 ? "sold_out" : "active";
      const stock = state === "sold_out" ? 0 : Math.max(1, Math.round(product.stock * (0.2 + random() * 1.6)));
      const minOrder = product.minOrder ?? 1;
      const createdAt = new Date(today - Math.floor(random() * 365 * 86_400_000));
      rows.push({
        farmId: farm.id,
        title,
        slug: slugify(title),
        categorySlug: product.category,
        variety: product.variety ?? "",
        grade: pick(GRADES),
        description: product.description,
        unit: product.unit,
        priceVnd: price,
        stock: quantityToSql(stock),
        minOrderQty: quantityToSql(minOrder),
        availableFrom: null,
        availableTo: null,
        deliveryOptions: ["giao-tan-noi"],
        state,
        createdAt,
        updatedAt: createdAt,
      });
      tierPlans.push(
        random() < 0.35
          ? (product.tiers ?? [])
              .filter(([q]) => q > minOrder)
              .map(([q, p]) => [q, roundPrice(p * factor)] as [number, number])
              .filter(([, p], j, all) => p < price && (j === 0 || p < all[j - 1][1]))
          : [],
      );
    }
    await db.transaction(async (tx) => {
      const inserted = await tx.insert(listings).values(rows).returning({ id: listings.id });
      const tiers = inserted.flatMap((r, i) => tierPlans[i].map(([q, p]) => ({ listingId: r.id, minQty: quantityToSql(q), priceVnd: p })));
      if (tiers.length) await tx.insert(listingPriceTiers).values(tiers);
      await recordSearchChange(tx, inserted.map((r) => r.id));
    });
    done += size;
    options.onProgress?.(done);
  }
  return done;
}
