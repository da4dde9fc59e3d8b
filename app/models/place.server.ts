/**
 * Provinces and communes (the 2025 two-level system) and the produce
 * taxonomy: reference data, read-only for the app.
 */
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client";
import { categories, communes, provinces } from "../../db/schema";

export type Province = { code: string; name: string };
export type Commune = { code: string; name: string };

// Reference data changes only when migrations load a new list: kept for a while in memory.
const REFERENCE_TTL_MS = 10 * 60_000;
function remembered<T>(load: () => PromiseLike<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (!cached || Date.now() - cached.at > REFERENCE_TTL_MS) {
      // A real promise of the rows: a Drizzle query is a thenable that runs again each time it is awaited.
      const value = Promise.resolve(load());
      cached = { at: Date.now(), value };
      value.catch(() => {
        cached = null;
      });
    }
    return cached.value;
  };
}

export const listProvinces = remembered(
  (): Promise<Province[]> =>
    db().select({ code: provinces.code, name: provinces.name }).from(provinces).orderBy(asc(provinces.code)),
);

/**
 * The communes of the province a posted form names (the form is shown again
 * with them), or none when it names no province.
 */
export async function communesOfPosted(provinceCode: FormDataEntryValue | null): Promise<Commune[]> {
  return typeof provinceCode === "string" && /^\d{2}$/.test(provinceCode) ? listCommunes(provinceCode) : [];
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

export const listCategories = remembered(
  (): Promise<Category[]> =>
    db()
      .select({ slug: categories.slug, parentSlug: categories.parentSlug, nameVi: categories.nameVi, nameEn: categories.nameEn })
      .from(categories)
      .orderBy(asc(categories.position)),
);
