/**
 * Provinces and communes (the 2025 two-level system) and the produce
 * taxonomy: reference data, read-only for the app.
 */
import { and, asc, eq } from "drizzle-orm";
import { db } from "../../db/client";
import { categories, communes, provinces } from "../../db/schema";

export type Province = { code: string; name: string };
export type Commune = { code: string; name: string };

export async function listProvinces(): Promise<Province[]> {
  return db().select({ code: provinces.code, name: provinces.name }).from(provinces).orderBy(asc(provinces.code));
}

export async function listCommunes(provinceCode: string): Promise<Commune[]> {
  return db()
    .select({ code: communes.code, name: communes.name })
    .from(communes)
    .where(eq(communes.provinceCode, provinceCode))
    .orderBy(asc(communes.name));
}

/** An i18n error key for each address field that does not exist, or {} when it does. */
export async function checkAddress(provinceCode: string, communeCode: string): Promise<Record<string, string[]>> {
  const [row] = await db()
    .select({ provinceCode: communes.provinceCode })
    .from(communes)
    .where(eq(communes.code, communeCode));
  if (!row) {
    const [province] = await db().select({ code: provinces.code }).from(provinces).where(eq(provinces.code, provinceCode));
    return province ? { communeCode: ["errors.commune.unknown"] } : { provinceCode: ["errors.province.unknown"] };
  }
  if (row.provinceCode !== provinceCode) return { communeCode: ["errors.commune.notInProvince"] };
  return {};
}

export type Category = { slug: string; parentSlug: string | null; nameVi: string; nameEn: string };

export async function listCategories(): Promise<Category[]> {
  return db()
    .select({ slug: categories.slug, parentSlug: categories.parentSlug, nameVi: categories.nameVi, nameEn: categories.nameEn })
    .from(categories)
    .orderBy(asc(categories.position));
}

export async function communeInProvince(provinceCode: string, communeCode: string): Promise<boolean> {
  const rows = await db()
    .select({ code: communes.code })
    .from(communes)
    .where(and(eq(communes.code, communeCode), eq(communes.provinceCode, provinceCode)));
  return rows.length > 0;
}
