import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "./client";
import { seedDemoData } from "./seed";
import { listings, orders, photos, users } from "./schema";

const stored = (key: string, variant: "sm" | "lg") => readFile(path.resolve("tests/.tmp/uploads", `${key}-${variant}.webp`));

describe("the demo data", () => {
  it("gives every listing a photo, stored like an upload, with a different picture per kind of produce", async () => {
    await seedDemoData(db(), { photos: true });
    const rows = await db()
      .select({ listingId: listings.id, category: listings.categorySlug, storageKey: photos.storageKey, width: photos.width, farmId: photos.farmId, listingFarm: listings.farmId })
      .from(listings)
      .leftJoin(photos, eq(photos.listingId, listings.id));
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.filter((r) => r.storageKey === null)).toEqual([]);
    expect(rows.every((r) => r.farmId === r.listingFarm)).toBe(true);
    // Each listing has files of its own, in the sizes of an upload.
    expect(new Set(rows.map((r) => r.storageKey)).size).toBe(rows.length);
    const first = rows[0].storageKey!;
    expect(await sharp(await stored(first, "sm")).metadata()).toMatchObject({ format: "webp", width: 400 });
    expect(await sharp(await stored(first, "lg")).metadata()).toMatchObject({ format: "webp", width: 1200 });

    // One picture per category at least: no two categories share one.
    const pictureOf = new Map<string, Set<string>>();
    for (const r of rows) {
      const hash = createHash("sha256").update(await stored(r.storageKey!, "sm")).digest("hex");
      pictureOf.set(r.category, (pictureOf.get(r.category) ?? new Set()).add(hash));
    }
    const all = [...pictureOf.values()].flatMap((s) => [...s]);
    expect(pictureOf.size).toBeGreaterThanOrEqual(20);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(60);
  }, 180_000);

  it("shows the demo's completed cash order as paid, the cash collected at delivery", async () => {
    // The demo consumer's orders (the Vũ Thư households' orders are the school kitchen's).
    const rows = await db()
      .select({ method: orders.paymentMethod, status: orders.status, payment: orders.paymentStatus })
      .from(orders)
      .innerJoin(users, eq(users.id, orders.buyerId))
      .where(eq(users.phone, "84912345678"))
      .orderBy(orders.id);
    expect(rows).toEqual([
      { method: "bank_transfer", status: "completed", payment: "paid" },
      { method: "cod", status: "completed", payment: "paid" },
      { method: "cod", status: "placed", payment: "unpaid" },
    ]);
    const [{ events }] = await db().execute<{ events: number }>(sql`select count(*)::int as events from order_events where kind = 'cash_collected'`);
    expect(events).toBe(1);
  });
});
