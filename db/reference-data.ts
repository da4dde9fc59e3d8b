/**
 * Reference data that every database needs: provinces and communes of the
 * 2025 two-level system, and the produce taxonomy. Loaded idempotently after
 * migrations, so a fresh test database and production are the same.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { categoryRows } from "./data/categories";
import { categories, communes, provinces } from "./schema";

export type AdminUnits = {
  source: string;
  provinces: {
    code: string;
    name: string;
    type: string;
    wards: { code: string; name: string; type: string }[];
  }[];
};

export function readAdminUnits(): AdminUnits {
  const file = fileURLToPath(new URL("./data/vn-admin-units-2025.json", import.meta.url));
  return JSON.parse(readFileSync(file, "utf8")) as AdminUnits;
}

export async function loadReferenceData(db: Database): Promise<void> {
  const units = readAdminUnits();
  await db.transaction(async (tx) => {
    await tx
      .insert(provinces)
      .values(units.provinces.map((p) => ({ code: p.code, name: p.name.normalize("NFC"), type: p.type })))
      .onConflictDoUpdate({
        target: provinces.code,
        set: { name: sql`excluded.name`, type: sql`excluded.type` },
      });
    const wardRows = units.provinces.flatMap((p) =>
      p.wards.map((w) => ({
        code: w.code,
        provinceCode: p.code,
        name: w.name.normalize("NFC"),
        type: w.type,
      })),
    );
    for (let i = 0; i < wardRows.length; i += 1000) {
      await tx
        .insert(communes)
        .values(wardRows.slice(i, i + 1000))
        .onConflictDoUpdate({
          target: communes.code,
          set: {
            name: sql`excluded.name`,
            type: sql`excluded.type`,
            provinceCode: sql`excluded.province_code`,
          },
        });
    }
    await tx
      .insert(categories)
      .values(categoryRows())
      .onConflictDoUpdate({
        target: categories.slug,
        set: {
          parentSlug: sql`excluded.parent_slug`,
          nameVi: sql`excluded.name_vi`,
          nameEn: sql`excluded.name_en`,
          position: sql`excluded.position`,
        },
      });
  });
}
