/**
 * What every response carries, read as raw bytes and headers (browsers hide
 * NUL bytes and forgive broken markup), and that pages still work in the
 * browser under the enforced Content-Security-Policy.
 */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { fixture, logIn } from "./helpers";

/** A listing page and a farm page of the demo data, found through the home page. */
async function demoPages(request: APIRequestContext): Promise<{ listing: string; farm: string }> {
  const home = await (await request.get("/")).text();
  const listing = home.match(/href="(\/listings\/\d+\/[^"]+)"/)?.[1];
  const farm = home.match(/href="(\/farms\/[^"]+)"/)?.[1];
  expect(listing, "a listing link on the home page").toBeTruthy();
  expect(farm, "a farm link on the home page").toBeTruthy();
  return { listing: listing!, farm: farm! };
}

test("pages are valid UTF-8 with no NUL byte", async ({ request }) => {
  const { listing, farm } = await demoPages(request);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (const path of ["/", "/search?q=gao", "/search?q=rau", listing, farm, "/signup"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/html; charset=utf-8");
    const bytes = await response.body();
    // Long enough to cross React's 2 KB buffer several times.
    expect(bytes.length, path).toBeGreaterThan(3 * 2048);
    expect(bytes.indexOf(0), `NUL byte in ${path}`).toBe(-1);
    const text = decoder.decode(bytes);
    expect(text.startsWith("<!DOCTYPE html><html"), path).toBe(true);
    expect(text, path).not.toContain("\uFFFD");
  }
});

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  const csp = headers["content-security-policy"] ?? "";
  expect(headers["content-security-policy-report-only"], what).toBeUndefined();
  expect(csp, what).toMatch(/(^|;)script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='(;|$)/);
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("base-uri 'none'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("form-action 'self' https://checkout.stripe.com");
  expect(csp, what).not.toContain("unsafe-inline");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("same-origin");
  expect(headers["strict-transport-security"], what).toBe("max-age=31536000; includeSubDomains");
  expect(headers["x-powered-by"], what).toBeUndefined();
}

test("every kind of response carries the security headers, and each page a fresh nonce on all its scripts", async ({ request }) => {
  const { listing, farm } = await demoPages(request);
  const nonces = new Set<string>();
  // Pages (with a 404 and a redirect), resource routes, the stylesheet's assets, static files and photos.
  for (const [path, status] of [
    ["/", 200],
    ["/search?q=gao", 200],
    [listing, 200],
    [farm, 200],
    ["/login", 200],
    ["/listings/999999999/khong-co", 404],
    ["/sell", 302],
    ["/healthz", 200],
    ["/readyz", 200],
    ["/search/suggest?q=ca", 200],
    ["/api/v1/provinces/68/communes", 200],
    ["/favicon.svg", 200],
    ["/media/photos/khong-co.webp", 404],
  ] as const) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(status);
    const headers = response.headers();
    expectSecurityHeaders(headers, path);
    if (!headers["content-type"]?.startsWith("text/html") || status !== 200) continue;
    const nonce = headers["content-security-policy"]!.match(/'nonce-([^']+)'/)![1]!;
    expect(nonces.has(nonce), `nonce reused on ${path}`).toBe(false);
    nonces.add(nonce);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, path).toBeGreaterThanOrEqual(3);
    for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`);
  }
  // The built assets, found through the home page.
  const home = await (await request.get("/")).text();
  const asset = home.match(/(\/assets\/[^"]+\.js)"/)![1]!;
  const response = await request.get(asset);
  expect(response.status()).toBe(200);
  expectSecurityHeaders(response.headers(), asset);
});

/** Records CSP violations and console errors from the page's first script on. */
async function watchForViolations(page: Page): Promise<() => Promise<string[]>> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /Content.Security.Policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return async () => problems;
}

test("with JavaScript, pages hydrate under the policy: suggestions, client navigation and the photo picker work, with no violation", async ({ page }) => {
  const problems = await watchForViolations(page);
  await page.goto("/");
  const box = page.getByRole("combobox", { name: "Tìm nông sản" }).last();
  await box.fill("ca chua");
  // Suggestions come only from hydrated React fetching /search/suggest.
  const suggestion = page.getByRole("listbox", { name: "Gợi ý" }).getByRole("option").first();
  await expect(suggestion).toContainText(/Cà chua/);
  // A client-side navigation: no new document is requested.
  let documents = 0;
  page.on("request", (r) => {
    if (r.resourceType() === "document") documents += 1;
  });
  // Let the suggestions' fetches settle first: a navigation that starts while one is in flight aborts it,
  // and the router may log that abort to the console (a race of the test's speed, not a fault of the page).
  await page.waitForLoadState("networkidle");
  await suggestion.click();
  await expect(page).toHaveURL(/\/listings\/\d+\//);
  expect(documents).toBe(0);

  // The photo picker: a demo farmer lists produce with a photo, sent by fetch as multipart.
  await logIn(page, "0987654321");
  await page.goto("/sell/listings/new");
  await page.getByLabel("Tên sản phẩm").fill("Cà chua thử chính sách bảo mật");
  await page.getByLabel("Danh mục").selectOption({ label: "Rau ăn quả" });
  await page.getByLabel("Giá (đồng)", { exact: true }).fill("30.000");
  await page.getByLabel("Số lượng có bán").fill("40");
  await page.getByLabel("Thêm ảnh").setInputFiles(fixture("ca-chua.jpg"));
  documents = 0;
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page).toHaveURL(/\/sell\/listings\?saved=\d+/);
  expect(documents, "the form was sent by the hydrated page, not as a plain form").toBe(0);
  await page.getByRole("link", { name: "Cà chua thử chính sách bảo mật" }).click();
  const cover = page.locator("img.cover");
  await expect(cover).toHaveAttribute("srcset", /\/media\/photos\/\S+-lg\.webp \d+w$/);
  // Loaded and decoded (img-src allows /media). Read through Playwright's own property check: evaluating a function in the page is itself an eval the policy reports.
  await expect(cover).toHaveJSProperty("complete", true);
  expect(await cover.getAttribute("src")).toMatch(/^\/media\//);
  await expect.poll(async () => (await cover.boundingBox())?.width ?? 0).toBeGreaterThan(0);
  // The photo itself, as served from /media, carries the headers too.
  const photo = await page.request.get((await cover.getAttribute("src"))!);
  expect(photo.status()).toBe(200);
  expect(photo.headers()["content-type"]).toBe("image/webp");
  expectSecurityHeaders(photo.headers(), "a photo");

  expect(await problems()).toEqual([]);
});
