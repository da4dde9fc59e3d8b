/**
 * The dictionary per route (decision 048), in Chromium with JavaScript: a
 * first visit hydrates with the words its document carries (no dictionary
 * script), a page reached by a link is drawn with its own words (fetched
 * before its module runs when the document did not carry them), in
 * Vietnamese and in English, and no key ever shows instead of a word.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { openSiteMenu } from "./helpers";

/** The whole dictionary as the build used to ship it: a chunk with the namespace objects' source. */
const isDictionaryScript = (code: string) => /activityField:\{/.test(code) && /rfqNotices:\{/.test(code);

/** The requests a page makes: documents, words, and whether a dictionary script came. */
function watch(page: Page) {
  const seen = { documents: [] as string[], words: [] as string[], dictionary: false };
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (request.resourceType() === "document") seen.documents.push(url.pathname);
    if (url.pathname.startsWith("/words/")) seen.words.push(`${url.pathname}?${url.searchParams.get("ns")}`);
  });
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    if (isDictionaryScript(await response.text().catch(() => ""))) seen.dictionary = true;
  });
  return seen;
}

/** Text that reads like a dictionary key (`listing.addToCart`, `cart.add`) where a word should be. */
async function keysShown(page: Page): Promise<string[]> {
  const text = await page.locator("body").innerText();
  return [...text.matchAll(/\b(?:[a-z][a-zA-Z]+)\.[a-z][a-zA-Z]+(?:\.[a-zA-Z]+)*\b/g)].map((m) => m[0]).filter((s) => !/\.(vn|com|jpg|webp|png)$/.test(s));
}

for (const [language, words] of [
  ["vi", { heading: "Nông sản tận vườn, khắp Việt Nam", add: "Thêm vào giỏ" }],
  ["en", { heading: "Straight from the farm, all over Vietnam", add: "Add to cart" }],
] as const) {
  test(`${language}: the home page hydrates with the words it came with; a listing reached by a link has its own`, async ({ page }) => {
    if (language === "en") {
      await page.goto("/");
      await openSiteMenu(page);
      await page.getByRole("button", { name: "English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
    }
    const seen = watch(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.heading);
    await page.waitForLoadState("networkidle");
    expect(seen.dictionary, "no dictionary script").toBe(false);
    expect(seen.words, "the document carried the page's words").toEqual([]);
    const inline = await page.locator("#nss-words").textContent();
    const carried = JSON.parse(inline!) as { locale: string; units: string[]; words: { errors?: Record<string, unknown> } };
    expect(carried.locale).toBe(language);
    // The errors travel by parts: the home page carries the few its code can show, not all of them.
    expect(carried.units).not.toContain("errors");
    expect(Object.keys(carried.words.errors ?? {}).length).toBeLessThan(10);

    // A link, followed by the hydrated page (no second document): the listing draws with its words.
    await page.locator(".listing-card a").first().click();
    await expect(page).toHaveURL(/\/listings\/\d+/);
    await expect(page.getByRole("button", { name: words.add })).toBeVisible();
    expect(seen.documents).toEqual(["/"]);
    expect(await keysShown(page)).toEqual([]);
    expect(seen.dictionary).toBe(false);

    // And on to the search page, by the search box (a form the hydrated page sends itself).
    const box = page.getByRole("search").first().getByRole("combobox");
    await box.fill("gao");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=gao/);
    await expect(page.locator(".listing-card").first()).toBeVisible();
    expect(seen.documents).toEqual(["/"]);
    expect(await keysShown(page)).toEqual([]);
  });
}

/**
 * A proxy to the app that holds back the end of each document — where the
 * words are — for `pauseMs`, as a slow mobile link does while the scripts,
 * already cached, run: Remix's route modules load from an async module
 * script, which does not wait for the end of the document.
 */
async function slowTailProxy(target: string, pauseMs: number): Promise<{ origin: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const upstream = await fetch(new URL(req.url ?? "/", target), { headers: { accept: req.headers.accept ?? "*/*", "accept-encoding": "identity" }, redirect: "manual" });
    const headers = Object.fromEntries([...upstream.headers].filter(([name]) => !["content-encoding", "content-length", "transfer-encoding"].includes(name)));
    res.writeHead(upstream.status, headers);
    const body = Buffer.from(await upstream.arrayBuffer());
    const at = body.indexOf('<script type="application/json" id="nss-words">');
    if (at === -1) return res.end(body);
    res.write(body.subarray(0, at));
    setTimeout(() => res.end(body.subarray(at)), pauseMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test("the words at the end of a document that arrives late still hydrate the page it came with", async ({ page, baseURL }) => {
  const { origin, server } = await slowTailProxy(baseURL!, 1_500);
  try {
    const seen = watch(page);
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    // Once to have the scripts in the cache, then the visit that counts.
    await page.goto(`${origin}/`);
    await page.waitForLoadState("networkidle");
    await page.goto(`${origin}/`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nông sản tận vườn, khắp Việt Nam");
    await page.waitForLoadState("networkidle");
    await expect(page).toHaveTitle(/Nông Sản Số/);
    expect(seen.words, "no words asked for: the document's were read").toEqual([]);
    expect(errors.filter((e) => /hydrat|did not match/i.test(e)), "no hydration error").toEqual([]);
    // Hydrated: a link is followed without a new document.
    await page.locator(".listing-card a").first().click();
    await expect(page.getByRole("button", { name: "Thêm vào giỏ" })).toBeVisible();
    expect(seen.documents).toEqual(["/", "/"]);
  } finally {
    server.close();
  }
});
