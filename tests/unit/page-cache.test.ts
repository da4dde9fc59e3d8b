/**
 * The page memory (app/utils/page-cache.server.ts, decision 047) in front of
 * a handler that answers each visitor personally when a session cookie is
 * sent, over real HTTP through Express with the same middleware order as
 * server.ts (compression, Cache-Control, then the memory). What must never
 * happen: a personal answer kept, or a kept answer given to someone with a
 * session or a cart.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { get as httpGet } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cacheHeaders } from "~/utils/cache-control.server";
import { responseCompression } from "~/utils/compression.server";
import { pageCache } from "~/utils/page-cache.server";

let server: Server;
let base = "";
let rendered = 0;
const memory = pageCache({ seconds: 60 });

beforeAll(async () => {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.nonce = `n${Math.random().toString(36).slice(2)}`;
    res.setHeader("Content-Security-Policy", `script-src 'nonce-${res.locals.nonce}'`);
    next();
  });
  app.use(responseCompression({ threshold: 0 }));
  app.use(cacheHeaders());
  app.use(memory);
  app.all("*", (req, res) => {
    rendered++;
    const session = /nss_session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    const cart = /nss_cart=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    const lng = /lng=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "vi";
    if (req.query.login) res.append("Set-Cookie", "nss_session=new; Path=/");
    if (req.path === "/listings/404/x") return void res.status(404).send("not found");
    res.type("html");
    res.write(`<html lang="${lng}"><script nonce="${res.locals.nonce}"></script>`);
    res.end(`<p>${session ? `Xin chào ${session}` : "Khách"}${cart ? ` giỏ ${cart}` : ""} #${rendered}</p></html>`);
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => memory.clear());

const get = (path: string, cookie?: string) => fetch(base + path, { headers: cookie ? { cookie } : {} });

describe("the page memory", () => {
  it("answers an anonymous page asked again from memory, with the CSP that names the nonce in it", async () => {
    const first = await get("/search?q=gao");
    const firstBody = await first.text();
    expect(first.headers.get("x-page-cache")).toBeNull();
    const again = await get("/search?q=gao");
    const body = await again.text();
    expect(again.headers.get("x-page-cache")).toBe("hit");
    expect(body).toBe(firstBody);
    const nonce = /nonce="([^"]+)"/.exec(body)![1];
    expect(again.headers.get("content-security-policy")).toContain(`'nonce-${nonce}'`);
    expect(again.headers.get("cache-control")).toMatch(/^public/);
    expect(again.headers.get("content-type")).toMatch(/text\/html/);
    // Another address, another page.
    expect((await get("/search?q=rau")).headers.get("x-page-cache")).toBeNull();
  });

  it("sends a kept page compressed once, in the encoding the client takes, and says so", async () => {
    const raw = (encoding: string | undefined) =>
      new Promise<{ headers: import("node:http").IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const request = httpGet(`${base}/listings/7/rau`, { headers: encoding === undefined ? {} : { "accept-encoding": encoding } }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        });
        request.on("error", reject);
      });
    const first = await raw("gzip, deflate, br, zstd");
    expect(first.headers["x-page-cache"]).toBeUndefined();
    const page = brotliDecompressSync(first.body).toString();
    expect(page).toContain("Khách");
    for (const [asked, sent] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["identity", undefined],
      [undefined, undefined],
    ] as const) {
      const again = await raw(asked);
      expect(again.headers["x-page-cache"], asked).toBe("hit");
      expect(again.headers["content-encoding"], asked).toBe(sent);
      expect(again.headers["vary"], asked).toMatch(/Accept-Encoding/i);
      expect(Number(again.headers["content-length"]), asked).toBe(again.body.length);
      const body = sent === "br" ? brotliDecompressSync(again.body) : sent === "gzip" ? gunzipSync(again.body) : again.body;
      expect(body.toString(), asked).toBe(page);
    }
  });

  it("keys on the language cookie", async () => {
    await get("/", "lng=en");
    const vi = await get("/");
    expect(vi.headers.get("x-page-cache")).toBeNull();
    expect(await vi.text()).toContain('lang="vi"');
    const en = await get("/", "lng=en");
    expect(en.headers.get("x-page-cache")).toBe("hit");
    expect(await en.text()).toContain('lang="en"');
  });

  it("never gives a kept page to a signed-in visitor or a guest with a cart", async () => {
    await get("/listings/1/gao");
    const hers = await get("/listings/1/gao", "nss_session=ha");
    expect(hers.headers.get("x-page-cache")).toBeNull();
    expect(await hers.text()).toContain("Xin chào ha");
    expect(hers.headers.get("cache-control")).toBe("private, no-store");
    const cart = await get("/listings/1/gao", "lng=vi; nss_cart=3");
    expect(cart.headers.get("x-page-cache")).toBeNull();
    expect(await cart.text()).toContain("giỏ 3");
  });

  it("never keeps a personal answer for anonymous visitors", async () => {
    const hers = await get("/farms/vuon", "nss_session=ha");
    expect(await hers.text()).toContain("Xin chào ha");
    const guest = await get("/farms/vuon");
    expect(guest.headers.get("x-page-cache")).toBeNull();
    const text = await guest.text();
    expect(text).not.toContain("Xin chào");
    expect(text).toContain("Khách");
  });

  it("does not keep an answer that sets a cookie, an error, a POST's answer or a page not shared", async () => {
    await get("/?login=1");
    const after = await get("/?login=1");
    expect(after.headers.get("x-page-cache")).toBeNull();
    expect(after.headers.get("cache-control")).toBe("private, no-store");

    await get("/listings/404/x");
    expect((await get("/listings/404/x")).headers.get("x-page-cache")).toBeNull();

    await fetch(`${base}/search?q=post`, { method: "POST" });
    expect((await get("/search?q=post")).headers.get("x-page-cache")).toBeNull();

    await get("/cart");
    expect((await get("/cart")).headers.get("x-page-cache")).toBeNull();
  });

  it("forgets after its seconds, and keeps nothing at 0", async () => {
    async function serve(seconds: number) {
      const app = express();
      app.use(cacheHeaders());
      app.use(pageCache({ seconds }));
      app.all("*", (_req, res) => void res.type("html").send(`<p>${Date.now()}</p>`));
      const s = app.listen(0, "127.0.0.1");
      await new Promise((r) => s.once("listening", r));
      return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`, close: () => new Promise<void>((r) => s.close(() => r())) };
    }
    const short = await serve(1);
    const off = await serve(0);
    try {
      await fetch(short.url);
      expect((await fetch(short.url)).headers.get("x-page-cache")).toBe("hit");
      await new Promise((r) => setTimeout(r, 1100));
      expect((await fetch(short.url)).headers.get("x-page-cache")).toBeNull();
      await fetch(off.url);
      const again = await fetch(off.url);
      expect(again.headers.get("x-page-cache")).toBeNull();
      expect(again.headers.get("cache-control")).toMatch(/^public/);
    } finally {
      await short.close();
      await off.close();
    }
  });
});
