/**
 * The server's compression (app/utils/compression.server.ts) over real HTTP:
 * brotli to a browser that takes it, gzip to one that takes only gzip, none
 * to one that takes neither; a body much longer than brotli's 128 KB window
 * comes back whole, byte for byte, and a page-sized one is as small as with
 * brotli's default window; the streams declare the 128 KB window.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { get as httpGet } from "node:http";
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROTLI_PARAMS, responseCompression } from "~/utils/compression.server";

/** Page-like text that does not repeat within a window: rows of listings with their own numbers. */
function page(rows: number): string {
  const out = ["<!DOCTYPE html><html lang=\"vi\"><body><ul>"];
  for (let i = 0; i < rows; i++)
    out.push(`<li><a href="/listings/${i * 7919}/rau-${(i * 104729) % 99991}">Rau muống ${i} – Hộ ${(i * 31337) % 977}</a> ${(i * 2654435761) % 1000003} đ</li>`);
  return `${out.join("\n")}</ul></body></html>`;
}
const SMALL = page(600); // ~60 KB, a search page's size
const LARGE = page(4000); // ~400 KB, past the window

let server: Server;
let base = "";
beforeAll(async () => {
  const app = express();
  app.use(responseCompression());
  app.get("/small", (_req, res) => void res.type("html").send(SMALL));
  app.get("/large", (_req, res) => void res.type("html").send(LARGE));
  server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function raw(path: string, encoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(`${base}${path}`, { headers: { "accept-encoding": encoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => resolve({ encoding: response.headers["content-encoding"], body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

/** The window (log2 of its size) a brotli stream declares in its first bits (RFC 7932, 9.1). */
function brotliWindowBits(first: number): number {
  if ((first & 1) === 0) return 16;
  const n = (first >> 1) & 7;
  if (n !== 0) return 17 + n;
  const m = (first >> 4) & 7;
  return m === 0 ? 17 : 8 + m;
}

describe("response compression", () => {
  it("answers in the encoding the browser takes, and every body decodes to the page, past the window too", async () => {
    for (const [path, text] of [["/small", SMALL], ["/large", LARGE]] as const) {
      const br = await raw(path, "gzip, deflate, br, zstd");
      expect(br.encoding, path).toBe("br");
      expect(brotliDecompressSync(br.body).toString(), path).toBe(text);
      const gzip = await raw(path, "gzip");
      expect(gzip.encoding, path).toBe("gzip");
      expect(gunzipSync(gzip.body).toString(), path).toBe(text);
      const plain = await raw(path, "identity");
      expect(plain.encoding, path).toBeUndefined();
      expect(plain.body.toString(), path).toBe(text);
    }
  });

  it("a page within the window is as small as with brotli's default window", async () => {
    const ours = await raw("/small", "br");
    const defaultWindow = brotliCompressSync(SMALL, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_PARAMS[constants.BROTLI_PARAM_QUALITY] } });
    expect(Buffer.byteLength(SMALL)).toBeLessThan(2 ** 17);
    expect(ours.body.length).toBeLessThanOrEqual(defaultWindow.length + 16);
    // The window the server sets, not brotli's default of 4 MB (2^22), which the stream would declare otherwise.
    expect(brotliWindowBits(ours.body[0])).toBe(17);
    expect(brotliWindowBits(defaultWindow[0])).toBe(22);
    expect(brotliWindowBits((await raw("/large", "br")).body[0])).toBe(17);
  });
});
