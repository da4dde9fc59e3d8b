/**
 * Forms are posted only from this site's own pages. A browser names the page
 * a POST comes from in its Origin header; when that names another site (or
 * "null", an opaque origin), the request is refused with 403 before any
 * route runs. Requests without an Origin (older browsers, curl, Stripe's
 * webhooks) are let through: the session cookie is SameSite=Lax, and this
 * check is a second lock, not the only one. Webhooks are exempt anyway:
 * they are server-to-server and signed.
 */
import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PATHS = ["/webhooks/"];

/** True when `origin` (an Origin header) is this site: the Host the request came to, or the public address. */
export function isSameSite(origin: string, host: string | undefined, publicUrl: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === "null") return false;
  if (publicUrl && url.origin === new URL(publicUrl).origin) return true;
  return host !== undefined && url.host === host.toLowerCase();
}

export function refuseCrossSitePosts(publicUrl: string | undefined): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (SAFE_METHODS.has(req.method) || origin === undefined || EXEMPT_PATHS.some((p) => req.path.startsWith(p))) return next();
    if (isSameSite(origin, req.headers.host, publicUrl)) return next();
    // The body is read and dropped first: a client still sending gets the answer, not a reset connection.
    req.resume();
    req.on("end", () => {
      res
        .status(403)
        .type("text/plain; charset=utf-8")
        .send("Yêu cầu gửi từ trang khác bị từ chối.\nA form sent from another site was refused.\n");
    });
  };
}
