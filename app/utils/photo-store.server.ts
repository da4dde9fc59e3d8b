/**
 * Where photo files live. The app talks to the PhotoStore interface only, so
 * a cloud object store can replace the disk store without touching models.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "./env.server";

export interface PhotoStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** The public URL of a stored file. */
  url(key: string): string;
}

/** Files under UPLOAD_DIR, served by the web server at /media/. */
export class DiskPhotoStore implements PhotoStore {
  constructor(private readonly root: string) {}

  private fileFor(key: string): string {
    if (!/^[a-z0-9/_.-]+$/i.test(key) || key.includes("..")) throw new Error(`Bad photo key: ${key}`);
    return path.join(this.root, key);
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

let store: PhotoStore | undefined;

export function photoStore(): PhotoStore {
  store ??= new DiskPhotoStore(path.resolve(env().UPLOAD_DIR));
  return store;
}
