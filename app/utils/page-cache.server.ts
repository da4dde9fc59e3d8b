/**
 * A few seconds' memory of the anonymous pages (issue 16; docs/decisions/047-page-speed-and-caching.md).
 *
 * The pages a shared cache may keep (cache-control.server.ts: home, search,
 * a listing, a farm, for a request with no cookie but the language and no
 * Authorization) are kept here too, in this process, for PAGE_CACHE_SECONDS
 * (default 5; 0 turns it off): the same page asked for again within that
 * time is answered from memory, without loaders, queries or rendering. Only
 * such requests read the memory and only their answers are kept, and only
 * answers of status 200 that set no cookie and that the Cache-Control policy
 * made public: a signed-in visitor, a guest with a cart, a POST never meet
 * it. The key is the host, the address and the language cookie — everything
 * such a page depends on.
 *
 * The kept answer is the uncompressed document with its Content-Type and its
 * Content-Security-Policy: the document's scripts carry the nonce of the
 * request that rendered it, and the policy sent again must name that nonce.
 * (A shared cache keeps and repeats both in the same way.)
 */
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { NextFunction, Request, Response } from "express";
import { LRUCache } from "lru-cache";
import { isSharedRequest, PUBLIC_PAGE } from "./cache-control.server";

type Encoding = "br" | "gzip";
type Kept = { body: Buffer; contentType: string; csp: string | undefined; encoded: Partial<Record<Encoding, Buffer>> };

/**
 * The encoding a kept page goes out in: brotli when the client takes it, else
 * gzip, else none (q=0 respected; Express's negotiation). Each is made the
 * first time it is asked for and kept with the page, so a page asked for
 * again is not compressed again: the compression middleware leaves a body
 * that already has a Content-Encoding alone (it still adds Vary). Brotli at
 * quality 5 (the middleware uses 4): made once, sent many times.
 */
function encodingFor(req: Request): Encoding | null {
  if (req.acceptsEncodings("br") === "br") return "br";
  if (req.acceptsEncodings("gzip") === "gzip") return "gzip";
  return null;
}

function encode(body: Buffer, encoding: Encoding): Buffer {
  return encoding === "br"
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body);
}

const MAX_BYTES = 64 * 1024 * 1024;
const MAX_PAGE_BYTES = 2 * 1024 * 1024;

function languageOf(cookie: string | undefined): string {
  const match = cookie?.match(/(?:^|;\s*)lng=([^;]*)/);
  return match?.[1] ?? "";
}

export function pageCache(options: { seconds: number }) {
  const kept = new LRUCache<string, Kept>({
    maxSize: MAX_BYTES,
    // Room for its compressed forms too (a fifth of the page or less, each).
    sizeCalculation: (page) => Math.ceil(page.body.length * 1.5) + 512,
    ttl: options.seconds * 1000,
    // An expired page is never answered: ttl is checked on read.
    allowStale: false,
  });
  const counts = { hits: 0, misses: 0 };

  function middleware(req: Request, res: Response, next: NextFunction) {
    if (options.seconds <= 0) return next();
    const shared = isSharedRequest({ method: req.method, url: req.originalUrl, cookie: req.headers.cookie, authorization: Boolean(req.headers.authorization) });
    if (!shared) return next();
    const key = `${req.headers.host ?? ""} ${req.originalUrl} ${languageOf(req.headers.cookie)}`;
    const page = kept.get(key);
    if (page) {
      counts.hits++;
      res.status(200);
      res.setHeader("Content-Type", page.contentType);
      if (page.csp) res.setHeader("Content-Security-Policy", page.csp);
      res.setHeader("X-Page-Cache", "hit");
      const encoding = encodingFor(req);
      const body = encoding ? (page.encoded[encoding] ??= encode(page.body, encoding)) : page.body;
      if (encoding) res.setHeader("Content-Encoding", encoding);
      res.setHeader("Content-Length", body.length);
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    counts.misses++;
    if (req.method !== "GET") return next();
    // Collects the document as it is written (before compression, which wraps these same calls outside).
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (tooBig || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > MAX_PAGE_BYTES) tooBig = true;
      else chunks.push(buffer);
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      const result = end(chunk, ...rest);
      const setCookie = res.getHeader("Set-Cookie");
      // Headers are out now: the status, the cookies and the Cache-Control the policy gave are final.
      if (!tooBig && res.statusCode === 200 && setCookie === undefined && res.getHeader("Cache-Control") === PUBLIC_PAGE) {
        const csp = res.getHeader("Content-Security-Policy");
        kept.set(key, { body: Buffer.concat(chunks), contentType: String(res.getHeader("Content-Type") ?? "text/html; charset=utf-8"), csp: csp === undefined ? undefined : String(csp), encoded: {} });
      }
      return result;
    }) as Response["end"];
    next();
  }
  return Object.assign(middleware, { counts, clear: () => kept.clear() });
}
