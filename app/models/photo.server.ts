/**
 * Photos. Invariants: only JPEG, PNG or WebP, decided from the bytes (never
 * the file name), up to 8 MB; stored as WebP variants (small 400 px,
 * large 1200 px wide); a photo row belongs to its uploader and is attached to
 * at most one farm or listing, only by code that checked ownership of both.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, notExists, notInArray, or } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata, type Sharp } from "sharp";
import { db, type Executor } from "../../db/client";
import { consents, farmDocuments, photos, reviewPhotos } from "../../db/schema";
import { photoStore } from "~/utils/photo-store.server";
import { MAX_PHOTO_BYTES } from "~/validation/fields";

export const PHOTO_VARIANTS = { sm: 400, lg: 1200 } as const;
const ACCEPTED = new Set(["image/jpeg", "image/png", "image/webp"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PhotoView = { id: string; sm: string; lg: string; width: number; height: number };

export function photoView(row: { id: string; storageKey: string; width: number; height: number }): PhotoView {
  const store = photoStore();
  return {
    id: row.id,
    sm: store.url(`${row.storageKey}-sm.webp`),
    lg: store.url(`${row.storageKey}-lg.webp`),
    width: row.width,
    height: row.height,
  };
}

export type PhotoUploadResult = { ok: true; photo: PhotoView } | { ok: false; error: string };

/** Checks, resizes and stores one upload as an unattached photo of the uploader. */
export async function storeUploadedPhoto(uploaderId: number, bytes: Buffer): Promise<PhotoUploadResult> {
  if (bytes.length > MAX_PHOTO_BYTES) return { ok: false, error: "errors.photos.tooLarge" };
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !ACCEPTED.has(type.mime)) return { ok: false, error: "errors.photos.type" };

  let image: Sharp;
  let meta: Metadata;
  try {
    // failOn "error" rejects truncated or corrupt files rather than storing half an image.
    image = sharp(bytes, { failOn: "error", limitInputPixels: 60_000_000 }).rotate();
    meta = await image.metadata();
  } catch {
    return { ok: false, error: "errors.photos.unreadable" };
  }
  const key = newPhotoKey();
  try {
    await putPhotoVariants(key, await photoVariants(image));
  } catch {
    return { ok: false, error: "errors.photos.unreadable" };
  }
  // EXIF orientation may swap the sides.
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = (rotated ? meta.height : meta.width) ?? 0;
  const height = (rotated ? meta.width : meta.height) ?? 0;
  const [row] = await db()
    .insert(photos)
    .values({ uploaderId, storageKey: key, width, height })
    .returning();
  return { ok: true, photo: photoView(row) };
}

export type PhotoVariants = [name: keyof typeof PHOTO_VARIANTS, bytes: Buffer][];

/** The sizes every photo is stored in, as WebP: the same for an upload and a demo picture. */
export function photoVariants(image: Sharp): Promise<PhotoVariants> {
  return Promise.all(
    Object.entries(PHOTO_VARIANTS).map(async ([name, width]) => {
      const out = await image.clone().resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
      return [name as keyof typeof PHOTO_VARIANTS, out] as const;
    }),
  );
}

/** A new photo's storage key: random, under the month it was stored. */
export function newPhotoKey(now = new Date()): string {
  return `photos/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/${randomUUID()}`;
}

export async function putPhotoVariants(key: string, variants: PhotoVariants): Promise<void> {
  for (const [name, out] of variants) await photoStore().put(`${key}-${name}.webp`, out, "image/webp");
}

/**
 * Of the given ids, the photos this user may put on the target: their own
 * unattached uploads (not a consent's signed paper, nor a farm's verification
 * paper), or photos already on
 * that very farm or listing.
 */
export async function usablePhotos(
  uploaderId: number,
  ids: string[],
  target: { farmId?: number; listingId?: number },
): Promise<PhotoView[]> {
  // Ids come from forms: anything not shaped like a UUID is simply not a usable photo.
  ids = [...new Set(ids.filter((id) => UUID.test(id)))].slice(0, 50);
  if (ids.length === 0) return [];
  const attachedHere =
    target.listingId !== undefined
      ? eq(photos.listingId, target.listingId)
      : target.farmId !== undefined
        ? and(eq(photos.farmId, target.farmId), isNull(photos.listingId))
        : undefined;
  // A consent's signed paper form is that consent's only: never offered again.
  const unattached = and(
    eq(photos.uploaderId, uploaderId),
    isNull(photos.farmId),
    isNull(photos.listingId),
    notExists(db().select({ id: consents.id }).from(consents).where(eq(consents.paperPhotoId, photos.id))),
    // So is a farm's photographed paper (decision 036).
    notExists(db().select({ id: farmDocuments.id }).from(farmDocuments).where(eq(farmDocuments.photoId, photos.id))),
    // And a review's photos (decision 040).
    notExists(db().select({ id: reviewPhotos.reviewId }).from(reviewPhotos).where(eq(reviewPhotos.photoId, photos.id))),
  );
  const rows = await db()
    .select()
    .from(photos)
    .where(and(inArray(photos.id, ids), attachedHere ? or(unattached, attachedHere) : unattached));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [photoView(row)] : [];
  });
}

/**
 * Makes `ids` (in order) the photos of the target, detaching the ones no
 * longer listed. The caller has filtered `ids` through usablePhotos.
 */
export async function setPhotos(
  tx: Executor,
  target: { farmId: number; listingId?: number },
  ids: string[],
): Promise<void> {
  const current =
    target.listingId !== undefined
      ? eq(photos.listingId, target.listingId)
      : and(eq(photos.farmId, target.farmId), isNull(photos.listingId));
  await tx
    .update(photos)
    .set({ farmId: null, listingId: null })
    .where(ids.length ? and(current, notInArray(photos.id, ids)) : current);
  for (const [position, id] of ids.entries()) {
    await tx
      .update(photos)
      .set({ farmId: target.farmId, listingId: target.listingId ?? null, position })
      .where(eq(photos.id, id));
  }
}
