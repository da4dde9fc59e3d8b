/**
 * Responses compressed as they go out: brotli when the browser takes it,
 * else gzip (the `compression` middleware chooses and sets Vary).
 *
 * Brotli's window is set to 128 KB (lgwin 17). `compression` leaves it at
 * brotli's default of 4 MB (lgwin 22), and each response then sets up an
 * encoder around a 4 MB ring buffer: with 20 responses at a time, compressing
 * a 72 KB search page took 2.4–3.2 ms of CPU against 1.4 ms with the smaller
 * window, and the search page's whole CPU per request through HTTP fell by
 * 3–4 ms (decision 047). A window as large as the body gives the same bytes:
 * every page here is well under 128 KB (the search page, the largest, is
 * ~75 KB), so pages are as small as before; bigger bodies (a CSV export)
 * compress a little less well. Quality stays at the middleware's 4.
 */
import compression from "compression";
import { constants } from "node:zlib";

export const BROTLI_PARAMS = { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 17 };

/** The compression middleware as the server uses it; `threshold` (bytes) for tests of small bodies. */
export function responseCompression(options: { threshold?: number } = {}) {
  return compression({ ...(options.threshold === undefined ? {} : { threshold: options.threshold }), brotli: { params: BROTLI_PARAMS } });
}
