/**
 * Farms. Invariants: a farm has exactly one owner account (one farm per
 * account; others act for it as co-op members or helpers, decision 024);
 * an edit asks the policy ("farm.edit") inside its transaction, so another
 * user's farm is never touched, and leaves an audit event; the address is a commune of its province in
 * the 2025 list; the slug is unique; certifications, photos and the search
 * outbox rows of the farm's listings are written with the farm in one
 * transaction; every UPDATE raises the farm's version (a trigger), and the
 * farm form is saved only against the version it showed, under the row
 * lock: a farm changed since (the farmer's other tab) is not overwritten
 * unless the form holds what the farm holds now.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { communes, farmCertifications, farms, photos, provinces } from "../../db/schema";
import { slugify } from "~/search/fold";
import { recordFarmSearchChange } from "~/search/outbox.server";
import type { FarmInput } from "~/validation/farm";
import type { CertificationInput } from "~/validation/fields";
import { audit } from "~/policy/audit.server";
import { authorizeFarm } from "~/policy/authorize.server";
import { notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { FieldErrors } from "./errors";
import { photoView, setPhotos, usablePhotos, type PhotoView } from "./photo.server";
import { certificationsJson, photosJson } from "./detail-json.server";
import { checkAddress } from "./place.server";
import { isUniqueViolation } from "./user.server";
import { countListingCards, listingCards, type ListingCard } from "./listing.server";

export type FarmRecord = typeof farms.$inferSelect;

/**
 * The farm changed since its form was shown: nothing saved. Field errors name
 * the fields that now hold something else than the form; `version` is the
 * farm's now, for the form's next submit.
 */
export class FarmChanged extends FieldErrors {
  constructor(
    fieldErrors: Record<string, string[]>,
    readonly version: number,
  ) {
    super(fieldErrors);
  }
}

export type FarmDetail = FarmRecord & {
  provinceName: string;
  communeName: string;
  certifications: CertificationInput[];
  photos: PhotoView[];
};

export async function getFarmByOwner(ownerId: number): Promise<FarmRecord | null> {
  const [farm] = await db().select().from(farms).where(eq(farms.ownerId, ownerId));
  return farm ?? null;
}

async function farmDetail(where: ReturnType<typeof eq>): Promise<FarmDetail | null> {
  // Qualified by hand (models/detail-json.server.ts).
  const farmId = sql`${farms}.${sql.identifier(farms.id.name)}`;
  const [farm] = await db()
    .select({
      farm: farms,
      provinceName: provinces.name,
      communeName: communes.name,
      // Its certifications and photos in the same row: one query, not three.
      certifications: certificationsJson(farmCertifications, sql`c.farm_id = ${farmId}`),
      photos: photosJson(sql`p.farm_id = ${farmId} and p.listing_id is null`),
    })
    .from(farms)
    .innerJoin(provinces, eq(provinces.code, farms.provinceCode))
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .where(where);
  if (!farm) return null;
  return {
    ...farm.farm,
    provinceName: farm.provinceName,
    communeName: farm.communeName,
    certifications: farm.certifications.map(({ type, number, issuer, expiresOn, stars }) => ({ type, number, issuer, expiresOn, stars })),
    photos: farm.photos.map(photoView),
  };
}

export async function getFarmById(id: number): Promise<FarmRecord | null> {
  const [farm] = await db().select().from(farms).where(eq(farms.id, id));
  return farm ?? null;
}

export function getFarmDetail(id: number): Promise<FarmDetail | null> {
  return farmDetail(eq(farms.id, id));
}

/** Listings on a farm's page, newest first; older ones on the next pages. */
export const FARM_PAGE_SIZE = 24;

/**
 * The public farm page: the farm and one page of its listings on sale (a page
 * past the last shows the last), in a fixed number of queries.
 */
export async function getFarmPage(
  slug: string,
  page = 1,
): Promise<{ farm: FarmDetail; listings: ListingCard[]; total: number; page: number; pages: number } | null> {
  const farm = await farmDetail(eq(farms.slug, slug));
  if (!farm) return null;
  const cardsOf = (n: number) => listingCards({ farmId: farm.id, limit: FARM_PAGE_SIZE, offset: (n - 1) * FARM_PAGE_SIZE });
  const asked = Math.max(1, page);
  const [total, cards] = await Promise.all([countListingCards({ farmId: farm.id }), cardsOf(asked)]);
  const pages = Math.max(1, Math.ceil(total / FARM_PAGE_SIZE));
  if (asked <= pages) return { farm, listings: cards, total, page: asked, pages };
  return { farm, listings: await cardsOf(pages), total, page: pages, pages };
}

async function uniqueSlug(base: string, exceptFarmId?: number): Promise<string> {
  const taken = await db()
    .select({ slug: farms.slug, id: farms.id })
    .from(farms)
    .where(sql`${farms.slug} = ${base} or ${farms.slug} like ${`${base}-%`}`);
  const used = new Set(taken.filter((f) => f.id !== exceptFarmId).map((f) => f.slug));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Creates the actor's own farm (`farmId` null) or updates the farm when the
 * actor may edit it (policy "farm.edit"), from a form that showed the farm at
 * `seenVersion` (null: a form to create one). Throws FieldErrors for an
 * address not in the 2025 list or a slug taken by another farm, FarmChanged
 * when the farm changed since the form was shown and the form does not hold
 * what it holds now; writes nothing then.
 */
export async function saveFarm(actor: Actor, farmId: number | null, input: FarmInput, seenVersion: number | null): Promise<FarmRecord> {
  const addressErrors = await checkAddress(input.provinceCode, input.communeCode);
  if (Object.keys(addressErrors).length) throw new FieldErrors(addressErrors);

  const ownerId = actor.userId;
  const existing = farmId === null ? await getFarmByOwner(ownerId) : await getFarmById(farmId);
  if (farmId !== null && !existing) throw notFound();
  const slug = input.slug ?? (existing ? existing.slug : await uniqueSlug(slugify(input.name, 60)));
  const usable = await usablePhotos(actor.userId, input.photoIds, existing ? { farmId: existing.id } : {});
  const values = {
    name: input.name,
    slug,
    kind: input.kind,
    story: input.story,
    provinceCode: input.provinceCode,
    communeCode: input.communeCode,
    addressLine: input.addressLine,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
  };
  try {
    return await db().transaction(async (tx) => {
      const relation = existing ? await authorizeFarm(actor, "farm.edit", existing.id, tx) : null;
      let before: FarmRecord | null = null;
      if (existing) {
        const [locked] = await tx.select().from(farms).where(eq(farms.id, existing.id)).for("update");
        before = locked;
        if (locked.version !== seenVersion) {
          const [certs, photoRows] = await Promise.all([
            tx.select().from(farmCertifications).where(eq(farmCertifications.farmId, locked.id)).orderBy(asc(farmCertifications.id)),
            tx.select({ id: photos.id }).from(photos).where(and(eq(photos.farmId, locked.id), isNull(photos.listingId))).orderBy(asc(photos.position)),
          ]);
          const differs = farmDifferences(locked, certs, photoRows.map((p) => p.id), { ...values, photoIds: usable.map((p) => p.id), certifications: input.certifications });
          // A form that holds what the farm holds (a double submit, a reload) changes nothing: saved.
          if (Object.keys(differs).length) {
            throw new FarmChanged({ ...differs, "": ["staleEdit.farmTitle", ...(differs[""] ?? [])] }, locked.version);
          }
        }
      }
      const [farm] = existing
        ? await tx
            .update(farms)
            .set({ ...values, updatedAt: new Date() })
            .where(eq(farms.id, existing.id))
            .returning()
        : await tx
            .insert(farms)
            .values({ ...values, ownerId })
            .returning();
      await tx.delete(farmCertifications).where(eq(farmCertifications.farmId, farm.id));
      if (input.certifications.length) {
        await tx.insert(farmCertifications).values(input.certifications.map((c) => ({ ...c, farmId: farm.id })));
      }
      await setPhotos(tx, { farmId: farm.id }, usable.map((p) => p.id));
      // Name, place and certifications are in every listing's search document.
      if (existing) await recordFarmSearchChange(tx, farm.id);
      await audit(tx, actor, {
        action: existing ? "farm.update" : "farm.create",
        subject: { type: "farm", id: farm.id },
        farmId: farm.id,
        relation: relation ?? { role: "owner", scopes: [] },
        before: before && farmAuditView(before),
        after: farmAuditView(farm),
      });
      return farm;
    });
  } catch (error) {
    if (isUniqueViolation(error, "farms_slug_key")) throw new FieldErrors({ slug: ["errors.slug.taken"] });
    // A second create racing the first (a double submit): the farm exists now, so save onto it.
    if (isUniqueViolation(error, "farms_owner_key") && !existing) return saveFarm(actor, null, input, null);
    throw error;
  }
}

function farmAuditView(f: FarmRecord) {
  return { name: f.name, kind: f.kind, provinceCode: f.provinceCode, communeCode: f.communeCode, addressLine: f.addressLine };
}

const COMPARED = ["name", "kind", "story", "provinceCode", "communeCode", "addressLine", "latitude", "longitude", "slug"] as const;

/** The fields where the form holds something else than the farm now, as field errors. */
function farmDifferences(
  farm: FarmRecord,
  certs: CertificationInput[],
  photoIds: string[],
  form: Pick<FarmRecord, (typeof COMPARED)[number]> & { photoIds: string[]; certifications: CertificationInput[] },
): Record<string, string[]> {
  const differs: Record<string, string[]> = {};
  for (const field of COMPARED) {
    if (farm[field] === form[field]) continue;
    const now = farm[field];
    // Short text is repeated so the farmer sees it; the rest is named.
    differs[field] = [
      now === "" || now === null
        ? "staleEdit.farmEmptyNow"
        : typeof now === "string" && field !== "story" && now.length <= 120
          ? `staleEdit.farmNow|${now}`
          : "staleEdit.farmDiffers",
    ];
  }
  const certificate = (c: CertificationInput) => [c.type, c.number, c.issuer, c.expiresOn, c.stars];
  if (JSON.stringify(certs.map(certificate)) !== JSON.stringify(form.certifications.map(certificate))) {
    differs[""] = ["staleEdit.farmCertifications"];
  }
  if (JSON.stringify(photoIds) !== JSON.stringify(form.photoIds)) differs.photos = ["staleEdit.farmDiffers"];
  return differs;
}
