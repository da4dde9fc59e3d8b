/**
 * Photos for the demo listings: the drawings of db/data/demo-pictures.ts,
 * rasterised by sharp into the same WebP sizes as an upload and stored in
 * the photo store under each listing's own key, like any uploaded photo.
 * Encoding a picture takes a while, so the encoded files are kept in a
 * cache named by the drawing's content (node_modules/.cache): only a
 * changed drawing is encoded again.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { newPhotoKey, photoVariants, putPhotoVariants, PHOTO_VARIANTS, type PhotoVariants } from "../app/models/photo.server";
import type { Executor } from "./client";
import { pictureSvg, PICTURE_HEIGHT, PICTURE_WIDTH } from "./data/demo-pictures";
import { photos } from "./schema";

const CACHE = path.resolve("node_modules/.cache/nss-demo-pictures");

async function encoded(svg: string): Promise<PhotoVariants> {
  const hash = createHash("sha256").update(JSON.stringify(PHOTO_VARIANTS)).update(svg).digest("hex").slice(0, 24);
  const names = Object.keys(PHOTO_VARIANTS) as (keyof typeof PHOTO_VARIANTS)[];
  try {
    return await Promise.all(names.map(async (name) => [name, await readFile(path.join(CACHE, `${hash}-${name}.webp`))] as [keyof typeof PHOTO_VARIANTS, Buffer]));
  } catch {
    const variants = await photoVariants(sharp(Buffer.from(svg)));
    await mkdir(CACHE, { recursive: true });
    await Promise.all(variants.map(([name, bytes]) => writeFile(path.join(CACHE, `${hash}-${name}.webp`), bytes)));
    return variants;
  }
}

/** The encoded pictures by picture key (see pictureKey), each drawn once. */
export async function demoPictures(wanted: { key: string; category: string }[]): Promise<Map<string, PhotoVariants>> {
  const unique = new Map(wanted.map((w) => [w.key, w.category]));
  const entries = await Promise.all(
    [...unique].map(async ([key, category]) => {
      const svg = pictureSvg(key, category);
      return svg ? ([[key, await encoded(svg)]] as const) : [];
    }),
  );
  return new Map(entries.flat());
}

/** Stores one photo per listing from its picture, owned by the farm's farmer, attached to the listing. */
export async function attachDemoPhotos(
  tx: Executor,
  pictures: Map<string, PhotoVariants>,
  listings: { listingId: number; farmId: number; uploaderId: number; picture: string }[],
): Promise<number> {
  const rows: (typeof photos.$inferInsert)[] = [];
  for (const listing of listings) {
    const variants = pictures.get(listing.picture);
    if (!variants) continue;
    const storageKey = newPhotoKey();
    await putPhotoVariants(storageKey, variants);
    rows.push({ uploaderId: listing.uploaderId, farmId: listing.farmId, listingId: listing.listingId, storageKey, width: PICTURE_WIDTH, height: PICTURE_HEIGHT });
  }
  if (rows.length) await tx.insert(photos).values(rows);
  return rows.length;
}
