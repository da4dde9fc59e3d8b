/**
 * Who may keep a copy of a response (issue 16, goal 2; docs/decisions/047-page-speed-and-caching.md).
 *
 * The pages that are the same for every anonymous visitor — home, search, a
 * listing, a farm — may be kept by a shared cache (a CDN, the proxy in front
 * of the app) for a short while: `public, max-age=0, s-maxage=30,
 * stale-while-revalidate=60`, with `Vary: Cookie`, because the only things
 * that change such a page for a visitor arrive in cookies (the language in
 * `lng`, a session, a guest's cart). The browser itself keeps nothing
 * (max-age=0): it asks again, and the shared cache answers.
 *
 * Everything else answered by the app without a Cache-Control of its own is
 * `private, no-store`: anything a session or a guest cart may change, every
 * answer to a POST, every error, every page not listed here. A response that
 * sets a cookie is `private, no-store` whatever it said before: a cookie
 * is somebody's.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import onHeaders from "on-headers";

export const SHARED_MAX_AGE_SECONDS = 30;
export const STALE_WHILE_REVALIDATE_SECONDS = 60;
export const PUBLIC_PAGE = `public, max-age=0, s-maxage=${SHARED_MAX_AGE_SECONDS}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_SECONDS}`;
export const PRIVATE = "private, no-store";

/** Cookies that may come with a shared page: the language (which Vary: Cookie keys the copy on). Any other cookie makes the request personal. */
const SHAREABLE_COOKIES = new Set(["lng"]);

/**
 * The anonymous pages, as documents or as Remix's data requests for them
 * (`/_root.data`, `/search.data`, …; single fetch). Listing ids and slugs,
 * farm slugs: the routes check them; an unknown one is a 404, which is not shared.
 */
const SHARED_PAGES = [/^\/$/, /^\/search$/, /^\/listings\/\d{1,10}(?:\/[^/]+)?$/, /^\/farms\/[^/]+$/];

function pagePath(url: string): string {
  const path = url.split("?")[0] ?? "/";
  if (path === "/_root.data") return "/";
  return path.endsWith(".data") ? path.slice(0, -".data".length) : path;
}

/** Names of the cookies a request carries (values are not looked at). */
export function cookieNames(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(";")
    .map((part) => part.split("=")[0]?.trim() ?? "")
    .filter(Boolean);
}

export type Exchange = {
  method: string;
  url: string;
  cookie: string | undefined;
  authorization: boolean;
  status: number;
  setsCookie: boolean;
  /** The Cache-Control the route or static handler set, if any. */
  cacheControl: string | undefined;
};

/**
 * A request for one of the shared pages that nothing personal comes with: GET or
 * HEAD, no Authorization, no cookie but the language. What it is answered is
 * the same for every such request with the same address and language.
 */
export function isSharedRequest(x: Pick<Exchange, "method" | "url" | "cookie" | "authorization">): boolean {
  return (
    (x.method === "GET" || x.method === "HEAD") &&
    !x.authorization &&
    cookieNames(x.cookie).every((name) => SHAREABLE_COOKIES.has(name)) &&
    SHARED_PAGES.some((page) => page.test(pagePath(x.url)))
  );
}

/** The Cache-Control a response leaves with, and whether it varies on Cookie. */
export function cachePolicy(x: Exchange): { cacheControl: string | undefined; varyCookie: boolean } {
  // A cookie set is somebody's: never kept, whatever the handler said.
  if (x.setsCookie) return { cacheControl: PRIVATE, varyCookie: false };
  // Static files, /healthz, /metrics, PDFs …: what their handler chose.
  if (x.cacheControl) return { cacheControl: x.cacheControl, varyCookie: false };
  return x.status === 200 && isSharedRequest(x) ? { cacheControl: PUBLIC_PAGE, varyCookie: true } : { cacheControl: PRIVATE, varyCookie: false };
}

function appendVary(res: ServerResponse, field: string) {
  const current = res.getHeader("Vary");
  const fields = (Array.isArray(current) ? current.join(",") : String(current ?? ""))
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.some((f) => f === "*" || f.toLowerCase() === field.toLowerCase())) return;
  res.setHeader("Vary", [...fields, field].join(", "));
}

/** Express/Connect middleware: decides as the headers are about to be written, when status, cookies and route headers are known. */
export function cacheHeaders() {
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void) => {
    onHeaders(res, function decide(this: ServerResponse) {
      const setCookie = this.getHeader("Set-Cookie");
      const current = this.getHeader("Cache-Control");
      const { cacheControl, varyCookie } = cachePolicy({
        method: req.method ?? "GET",
        url: req.originalUrl ?? req.url ?? "/",
        cookie: req.headers.cookie,
        authorization: Boolean(req.headers.authorization),
        status: this.statusCode,
        setsCookie: setCookie !== undefined && (!Array.isArray(setCookie) || setCookie.length > 0),
        cacheControl: current === undefined ? undefined : String(current),
      });
      if (cacheControl) this.setHeader("Cache-Control", cacheControl);
      if (varyCookie) appendVary(this, "Cookie");
    });
    next();
  };
}
