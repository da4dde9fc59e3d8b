/**
 * The S3 photo store against an S3-compatible server started here (s3rver,
 * from npm): what the app writes is served back at the URL it hands out,
 * with its type and caching, and removed when asked. Only the network edge
 * is another program; the store and the AWS SDK are the real ones.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/utils/env.server";
import { DiskPhotoStore, photoOrigin, photoStoreFor, S3PhotoStore } from "~/utils/photo-store.server";

const BUCKET = "nongsanso-photos";
let server: S3rver;
let dir = "";
let endpoint = "";

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "nss-s3-"));
  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const address = (await server.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const store = () =>
  new S3PhotoStore({ bucket: BUCKET, region: "ap-southeast-1", endpoint, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });

describe("photos in an S3-compatible bucket", () => {
  it("stores a photo, serves it back at its public URL with its type and caching, and removes it", async () => {
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#2e7d32" } }).webp().toBuffer();
    const s = store();
    const key = "2026/12/0b5e5f3c-4f7e-4a55-9c0e-1f2d3c4b5a69-sm.webp";
    await s.put(key, webp, "image/webp");

    const url = s.url(key);
    expect(url).toBe(`${endpoint}/${BUCKET}/${key}`);
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/webp");
    expect(got.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await got.arrayBuffer()).equals(webp)).toBe(true);

    await s.remove([key, "2026/12/never-stored-lg.webp"]);
    expect((await fetch(url)).status).toBe(404);
  });

  it("refuses keys that would leave the photo space, before any request", async () => {
    for (const key of ["../etc/passwd", "/abs.webp", "a b.webp", "x/../../y.webp"]) {
      await expect(store().put(key, Buffer.from("x"), "image/webp")).rejects.toThrow(/Bad photo key/);
    }
  });

  it("hands out URLs on the CDN when one is configured", () => {
    const cdn = new S3PhotoStore({ bucket: BUCKET, region: "ap-southeast-1", endpoint, publicUrl: "https://anh.nongsanso.vn/" });
    expect(cdn.url("2026/12/abc-lg.webp")).toBe("https://anh.nongsanso.vn/2026/12/abc-lg.webp");
    expect(S3PhotoStore.bucketUrl({ bucket: BUCKET, region: "ap-southeast-1" })).toBe(`https://${BUCKET}.s3.ap-southeast-1.amazonaws.com`);
  });
});

describe("choosing the store by configuration", () => {
  it("is the disk by default and S3 with PHOTO_STORE=s3, whose origin the CSP allows for images", () => {
    expect(photoStoreFor(parseEnv({}))).toBeInstanceOf(DiskPhotoStore);
    expect(photoOrigin(parseEnv({}))).toBeUndefined();
    const e = parseEnv({ PHOTO_STORE: "s3", S3_BUCKET: BUCKET, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "b", PHOTO_PUBLIC_URL: "https://anh.nongsanso.vn" });
    expect(photoStoreFor(e)).toBeInstanceOf(S3PhotoStore);
    expect(photoOrigin(e)).toBe("https://anh.nongsanso.vn");
  });

  it("names what is missing", () => {
    expect(() => parseEnv({ PHOTO_STORE: "s3" })).toThrow(/S3_BUCKET: required with PHOTO_STORE=s3/);
    expect(() => parseEnv({ PHOTO_STORE: "s3", S3_BUCKET: BUCKET, S3_ACCESS_KEY_ID: "a" })).toThrow(/S3_SECRET_ACCESS_KEY: set both S3 keys/);
  });
});
