import { existsSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { as, createFarmer, editListing, listingInput } from "../../tests/factories";
import { getFarmDetail } from "./farm.server";
import { createListing, getFarmListing } from "./listing.server";
import { storeUploadedPhoto, usablePhotos } from "./photo.server";

async function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#2f7d32" } }).jpeg().toBuffer();
}

function storedFile(url: string): string {
  return path.resolve("tests/.tmp/uploads", url.replace(/^\/media\//, ""));
}

describe("photos", () => {
  it("stores a JPEG as WebP variants of 400 and 1200 px", async () => {
    const farmer = await createFarmer();
    const result = await storeUploadedPhoto(farmer.id, await jpeg(2000, 1500));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.photo).toMatchObject({ width: 2000, height: 1500 });
    const small = await sharp(storedFile(result.photo.sm)).metadata();
    const large = await sharp(storedFile(result.photo.lg)).metadata();
    expect([small.format, small.width]).toEqual(["webp", 400]);
    expect([large.format, large.width]).toEqual(["webp", 1200]);
  });

  it("accepts PNG and WebP, never enlarges a small photo", async () => {
    const farmer = await createFarmer();
    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: "#fff0" } }).png().toBuffer();
    const webp = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#a33" } }).webp().toBuffer();
    const a = await storeUploadedPhoto(farmer.id, png);
    const b = await storeUploadedPhoto(farmer.id, webp);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok) expect((await sharp(storedFile(a.photo.lg)).metadata()).width).toBe(300);
  });

  it("refuses by content, whatever the name: an executable, a GIF, a truncated JPEG, too many bytes", async () => {
    const farmer = await createFarmer();
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(2000, 1)]);
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).gif().toBuffer();
    const good = await jpeg(800, 600);
    const truncated = good.subarray(0, Math.floor(good.length / 3));
    expect(await storeUploadedPhoto(farmer.id, exe)).toEqual({ ok: false, error: "errors.photos.type" });
    expect(await storeUploadedPhoto(farmer.id, gif)).toEqual({ ok: false, error: "errors.photos.type" });
    expect(await storeUploadedPhoto(farmer.id, truncated)).toEqual({ ok: false, error: "errors.photos.unreadable" });
    const huge = Buffer.concat([good, Buffer.alloc(8 * 1024 * 1024)]);
    expect(await storeUploadedPhoto(farmer.id, huge)).toEqual({ ok: false, error: "errors.photos.tooLarge" });
  });

  it("attaches only the uploader's own photos, in order, and detaches removed ones", async () => {
    const farmer = await createFarmer();
    const other = await createFarmer();
    const [a, b] = await Promise.all([storeUploadedPhoto(farmer.id, await jpeg(500, 400)), storeUploadedPhoto(farmer.id, await jpeg(400, 500))]);
    const theirs = await storeUploadedPhoto(other.id, await jpeg(300, 300));
    if (!a.ok || !b.ok || !theirs.ok) throw new Error("upload failed");

    // Someone else's upload id in the form is ignored.
    expect(await usablePhotos(farmer.id, [theirs.photo.id, a.photo.id], {})).toEqual([a.photo]);

    const { id } = await createListing(as(farmer), farmer.farm.id, listingInput({ photoIds: [b.photo.id, theirs.photo.id, a.photo.id] }));
    expect((await getFarmListing(farmer.farm.id, id))?.photos.map((p) => p.id)).toEqual([b.photo.id, a.photo.id]);
    // A listing's photos carry its farm, but are not the farm's own photos.
    expect((await getFarmDetail(farmer.farm.id))?.photos).toEqual([]);

    await editListing(as(farmer), farmer.farm.id, id, listingInput({ photoIds: [a.photo.id] }));
    expect((await getFarmListing(farmer.farm.id, id))?.photos.map((p) => p.id)).toEqual([a.photo.id]);
    // The other farmer cannot take a photo that is on this listing.
    expect(await usablePhotos(other.id, [a.photo.id], {})).toEqual([]);
    expect(existsSync(storedFile(a.photo.sm))).toBe(true);
  });
});
