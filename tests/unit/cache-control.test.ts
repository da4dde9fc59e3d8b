/**
 * Who may keep a copy of a response (app/utils/cache-control.server.ts,
 * decision 047): the same-for-everyone anonymous pages are public for a
 * shared cache, varying on Cookie; anything personal is private, no-store.
 * tests/e2e/cache-headers.spec.ts checks the same through the running app.
 */
import { describe, expect, it } from "vitest";
import { cachePolicy, cookieNames, PRIVATE, PUBLIC_PAGE, type Exchange } from "~/utils/cache-control.server";

const anonymousGet = (url: string, more: Partial<Exchange> = {}): Exchange => ({
  method: "GET",
  url,
  cookie: undefined,
  authorization: false,
  status: 200,
  setsCookie: false,
  cacheControl: undefined,
  ...more,
});

describe("Cache-Control for pages", () => {
  it.each(["/", "/search", "/search?q=g%E1%BA%A1o&province=68", "/listings/12/gao-st25", "/listings/12", "/farms/nha-vuon-ba-tu", "/_root.data", "/search.data?q=rau", "/listings/12/gao-st25.data", "/farms/x.data"])(
    "anonymous GET %s: public for a shared cache, varying on Cookie",
    (url) => {
      expect(cachePolicy(anonymousGet(url))).toEqual({ cacheControl: PUBLIC_PAGE, varyCookie: true });
      expect(cachePolicy(anonymousGet(url, { method: "HEAD" })).cacheControl).toBe(PUBLIC_PAGE);
    },
  );

  it("the public answer lets a shared cache keep it briefly, and the browser nothing", () => {
    expect(PUBLIC_PAGE).toMatch(/^public, /);
    expect(PUBLIC_PAGE).toMatch(/(?:^|, )s-maxage=\d+/);
    expect(PUBLIC_PAGE).toMatch(/stale-while-revalidate=\d+/);
    expect(PUBLIC_PAGE).toMatch(/max-age=0/);
    expect(PRIVATE).toBe("private, no-store");
  });

  it("a visitor whose only cookie is the language still gets the shared page (keyed on Cookie)", () => {
    expect(cachePolicy(anonymousGet("/search?q=rau", { cookie: "lng=en" }))).toEqual({ cacheControl: PUBLIC_PAGE, varyCookie: true });
  });

  it.each([
    ["a session", "nss_session=abc"],
    ["a session beside the language", "lng=vi; nss_session=abc"],
    ["a guest's cart", "nss_cart=%5B%5B1%2C2%2C3%5D%5D"],
    ["a cookie not known to be harmless", "lng=vi; tracking=1"],
    ["a cookie without a value", "nss_session"],
  ])("a request with %s is never shared", (_, cookie) => {
    for (const url of ["/", "/search?q=rau", "/listings/1/x", "/farms/x"]) {
      expect(cachePolicy(anonymousGet(url, { cookie }))).toEqual({ cacheControl: PRIVATE, varyCookie: false });
    }
  });

  it("an Authorization header makes it personal", () => {
    expect(cachePolicy(anonymousGet("/", { authorization: true })).cacheControl).toBe(PRIVATE);
  });

  it("a response that sets a cookie is private, whatever the route said", () => {
    expect(cachePolicy(anonymousGet("/", { setsCookie: true })).cacheControl).toBe(PRIVATE);
    expect(cachePolicy(anonymousGet("/assets/x.js", { setsCookie: true, cacheControl: "public, max-age=31536000, immutable" })).cacheControl).toBe(PRIVATE);
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])("an answer to %s is private", (method) => {
    expect(cachePolicy(anonymousGet("/search", { method })).cacheControl).toBe(PRIVATE);
  });

  it.each([301, 302, 304, 400, 403, 404, 500, 503])("status %i is not shared", (status) => {
    expect(cachePolicy(anonymousGet("/listings/1/x", { status })).cacheControl).toBe(PRIVATE);
  });

  it.each(["/cart", "/orders", "/login", "/sell", "/messages", "/notifications", "/listings/1/x/review", "/farms", "/searching", "/api/v1/listings", "/bench/trivial", "/language"])(
    "%s is not among the shared pages",
    (url) => {
      expect(cachePolicy(anonymousGet(url)).cacheControl).toBe(PRIVATE);
    },
  );

  it("keeps what a handler chose (static files, health, PDFs)", () => {
    expect(cachePolicy(anonymousGet("/assets/x.js", { cacheControl: "public, max-age=31536000, immutable" }))).toEqual({
      cacheControl: "public, max-age=31536000, immutable",
      varyCookie: false,
    });
    expect(cachePolicy(anonymousGet("/healthz", { cacheControl: "no-store", cookie: "nss_session=a" })).cacheControl).toBe("no-store");
  });

  it("reads cookie names, not values", () => {
    expect(cookieNames(undefined)).toEqual([]);
    expect(cookieNames("")).toEqual([]);
    expect(cookieNames("lng=vi; nss_session=a=b;  x ; ")).toEqual(["lng", "nss_session", "x"]);
  });
});
