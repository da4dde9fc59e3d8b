/**
 * Cache-Control through the running app (issue 16, goal 2; decision 047):
 * anonymous pages that are the same for everyone may be kept by a shared
 * cache briefly and vary on Cookie (where the language lives); a session, a
 * guest's cart, a response setting a cookie, a POST's answer are never
 * public. Over HTTP, as a CDN in front of the app would see it.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/data/demo";

const BASE = `http://localhost:${Number(process.env.E2E_PORT ?? 3100)}`;

/** A client of its own (the server trusts loopback to name it: login limits count per client). */
async function newClient(): Promise<APIRequestContext> {
  const n = Math.floor(Math.random() * 2 ** 16);
  return playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { "x-forwarded-for": `198.19.${n >> 8}.${n & 255}` } });
}

function expectShared(response: APIResponse) {
  expect(response.status()).toBe(200);
  const cacheControl = response.headers()["cache-control"] ?? "";
  expect(cacheControl).toMatch(/^public\b/);
  expect(cacheControl).toMatch(/(?:^|, )s-maxage=\d+/);
  expect(cacheControl).toMatch(/stale-while-revalidate=\d+/);
  // The language is a cookie (lng): the copy a shared cache keeps is keyed on it.
  expect((response.headers()["vary"] ?? "").split(/,\s*/).map((v) => v.toLowerCase())).toContain("cookie");
  expect(response.headers()["set-cookie"]).toBeUndefined();
}

function expectPrivate(response: APIResponse) {
  const cacheControl = response.headers()["cache-control"] ?? "";
  expect(cacheControl).not.toMatch(/public/);
  expect(cacheControl).toMatch(/private/);
  expect(cacheControl).toMatch(/no-store/);
}

/** A listing's and a farm's addresses, as a visitor finds them from search. */
async function somePages(client: APIRequestContext) {
  const search = await (await client.get("/search?q=gao")).text();
  const listing = search.match(/href="(\/listings\/\d+\/[^"?#]+)"/)?.[1];
  expect(listing).toBeTruthy();
  const listingHtml = await (await client.get(listing!)).text();
  const farm = listingHtml.match(/href="(\/farms\/[^"?#]+)"/)?.[1];
  expect(farm).toBeTruthy();
  return { listing: listing!, farm: farm! };
}

test("anonymous home, search, listing and farm pages may be kept by a shared cache, varying on Cookie", async () => {
  const client = await newClient();
  const { listing, farm } = await somePages(client);
  for (const path of ["/", "/search?q=gao", "/search?category=rau", listing, farm]) {
    const response = await client.get(path);
    expectShared(response);
    // Not stored by the browser itself: it asks again, the shared cache answers.
    expect(response.headers()["cache-control"]).toMatch(/max-age=0/);
  }
  // HEAD as GET.
  expectShared(await client.head("/search?q=gao"));
  await client.dispose();
});

test("the language cookie changes the page and the page declares it varies on Cookie", async () => {
  // The cookie as /language sets it for a visitor who chose English, sent back by plain fetch.
  const chosen = await fetch(`${BASE}/language`, { method: "POST", body: new URLSearchParams({ lng: "en", redirectTo: "/" }), redirect: "manual" });
  const lng = chosen.headers.get("set-cookie")!.split(";")[0];
  expect(lng).toMatch(/^lng=/);
  const vi = await fetch(`${BASE}/search?q=gao`);
  const en = await fetch(`${BASE}/search?q=gao`, { headers: { cookie: lng } });
  for (const response of [vi, en]) {
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/^public, .*s-maxage=\d+/);
    expect(response.headers.get("vary")?.toLowerCase()).toMatch(/(^|, )cookie(,|$)/);
  }
  expect(await vi.text()).toContain('<html lang="vi"');
  expect(await en.text()).toContain('<html lang="en"');
});

test("signed in: the login that sets the session is private, and so is every page after it", async () => {
  const client = await newClient();
  const { listing, farm } = await somePages(client);
  const login = await client.post("/login", { form: { identifier: "0912345678", password: DEMO_PASSWORD, redirectTo: "/" }, maxRedirects: 0 });
  expect(login.status()).toBe(302);
  expect(login.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value).join("\n")).toContain("nss_session=");
  expectPrivate(login);
  for (const path of ["/", "/search?q=gao", listing, farm, "/orders", "/cart"]) {
    const response = await client.get(path);
    expect(response.status()).toBe(200);
    expectPrivate(response);
  }
  // Her name is on the page that must not be shared.
  expect(await (await client.get("/")).text()).toContain("Phạm Thu Hà");
  await client.dispose();
});

test("a guest with a cart is not served shared pages: the cart count is hers", async () => {
  const client = await newClient();
  const { listing } = await somePages(client);
  const id = listing.split("/")[2];
  const add = await client.post("/cart", { form: { intent: "add", listingId: id, quantity: "100", redirectTo: listing }, maxRedirects: 0 });
  expect(add.status()).toBe(302);
  expect(add.headers()["set-cookie"]).toContain("nss_cart=");
  expectPrivate(add);
  for (const path of ["/", "/search?q=gao", listing]) expectPrivate(await client.get(path));
  await client.dispose();
});

test("choosing a language sets a cookie: that answer is private; errors and unlisted pages are not shared", async () => {
  const client = await newClient();
  const language = await client.post("/language", { form: { lng: "en", redirectTo: "/" }, maxRedirects: 0 });
  expect(language.status()).toBe(302);
  expect(language.headers()["set-cookie"]).toContain("lng=");
  expectPrivate(language);
  const other = await newClient();
  const missing = await other.get("/listings/999999/khong-co");
  expect(missing.status()).toBe(404);
  expectPrivate(missing);
  expectPrivate(await other.get("/login"));
  expectPrivate(await other.get("/cart"));
  // Static files keep their own long caching.
  const favicon = await other.get("/favicon.svg");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["cache-control"]).toMatch(/public, max-age=3600/);
  await client.dispose();
  await other.dispose();
});
