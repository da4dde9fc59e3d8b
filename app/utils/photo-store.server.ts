/**
 * Where photo files live. The app talks to the PhotoStore interface only, so
 * a cloud object store replaces the disk store without touching models:
 * PHOTO_STORE=disk (UPLOAD_DIR, served at /media/) or s3 (any S3-compatible
 * bucket, served from the bucket's address or PHOTO_PUBLIC_URL, a CDN).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DeleteObjectsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { env, type Env } from "./env.server";

export interface PhotoStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** The public URL of a stored file. */
  url(key: string): string;
}

/** Keys are made by photo.server.ts; anything else is a bug, refused before it reaches a path or a bucket. */
function checkedKey(key: string): string {
  if (!/^[a-z0-9/_.-]+$/i.test(key) || key.includes("..") || key.startsWith("/")) throw new Error(`Bad photo key: ${key}`);
  return key;
}

/** Files under UPLOAD_DIR, served by the web server at /media/. */
export class DiskPhotoStore implements PhotoStore {
  constructor(private readonly root: string) {}

  private fileFor(key: string): string {
    return path.join(this.root, checkedKey(key));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.fileFor(key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }

  async remove(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.fileFor(k), { force: true })));
  }

  url(key: string): string {
    return `/media/${key}`;
  }
}

export type S3PhotoStoreOptions = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** The public base of photo URLs (a CDN); default: the bucket's own address. */
  publicUrl?: string;
};

/**
 * Photos in an S3-compatible bucket through the official AWS SDK. Objects are
 * written once under content-unique keys, so they are served as immutable;
 * the bucket (or the CDN before it) must allow public reads of them.
 */
export class S3PhotoStore implements PhotoStore {
  private readonly client: S3Client;
  private readonly base: string;

  constructor(private readonly options: S3PhotoStoreOptions) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      credentials: options.credentials,
    });
    this.base = (options.publicUrl ?? S3PhotoStore.bucketUrl(options)).replace(/\/+$/, "");
  }

  static bucketUrl(o: Pick<S3PhotoStoreOptions, "bucket" | "region" | "endpoint" | "forcePathStyle">): string {
    if (o.endpoint) {
      const endpoint = o.endpoint.replace(/\/+$/, "");
      if (o.forcePathStyle ?? true) return `${endpoint}/${o.bucket}`;
      const u = new URL(endpoint);
      return `${u.protocol}//${o.bucket}.${u.host}`;
    }
    return `https://${o.bucket}.s3.${o.region}.amazonaws.com`;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: checkedKey(key),
        Body: bytes,
        ContentType: contentType,
        CacheControl: "public, max-age=31536000, immutable",
      }),
    );
  }

  async remove(keys: string[]): Promise<void> {
    // DeleteObjects takes at most 1,000 keys a call.
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((k) => ({ Key: checkedKey(k) }));
      const result = await this.client.send(new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: batch, Quiet: true } }));
      const failed = (result.Errors ?? []).filter((e) => e.Code !== "NoSuchKey");
      if (failed.length) throw new Error(`S3 could not delete ${failed.map((e) => `${e.Key} (${e.Code})`).join(", ")}`);
    }
  }

  url(key: string): string {
    return `${this.base}/${key.split("/").map(encodeURIComponent).join("/")}`;
  }
}

export function photoStoreFor(e: Env): PhotoStore {
  if (e.PHOTO_STORE === "s3") {
    return new S3PhotoStore({
      bucket: e.S3_BUCKET!,
      region: e.S3_REGION,
      endpoint: e.S3_ENDPOINT,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
      publicUrl: e.PHOTO_PUBLIC_URL,
    });
  }
  return new DiskPhotoStore(path.resolve(e.UPLOAD_DIR));
}

let store: PhotoStore | undefined;

export function photoStore(): PhotoStore {
  store ??= photoStoreFor(env());
  return store;
}

/** The origin photos are served from when it is not this site's (for the Content-Security-Policy). */
export function photoOrigin(e: Env = env()): string | undefined {
  const url = photoStoreFor(e).url("x");
  return url.startsWith("/") ? undefined : new URL(url).origin;
}
