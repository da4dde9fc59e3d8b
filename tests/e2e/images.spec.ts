/**
 * Photos as the server renders them (decision 049), without JavaScript, on the demo data with
 * its photos: every listing card and listing cover offers both stored WebP widths as a srcset
 * whose URLs answer 200 image/webp, immutable, at the width the descriptor says; the page's
 * first photo is eager with a high fetch priority and the rest lazy; `sizes` never says less
 * than the width the CSS lays the photo out at (or the browser would pick a blurry variant),
 * and on a phone says it within a few pixels.
 */
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";

test.use({ javaScriptEnabled: false });

type Img = { src: string; srcset: string; sizes: string; width: string | null; height: string | null; loading: string | null; decoding: string | null; fetchpriority: string | null };

async function imgs(list: Locator): Promise<Img[]> {
  return list.evaluateAll((elements) =>
    elements.map((e) => ({
      src: e.getAttribute("src") ?? "",
      srcset: e.getAttribute("srcset") ?? "",
      sizes: e.getAttribute("sizes") ?? "",
      width: e.getAttribute("width"),
      height: e.getAttribute("height"),
      loading: e.getAttribute("loading"),
      decoding: e.getAttribute("decoding"),
      fetchpriority: e.getAttribute("fetchpriority"),
    })),
  );
}

function candidates(srcset: string): { url: string; w: number }[] {
  return srcset.split(",").map((part) => {
    const [url, descriptor] = part.trim().split(/\s+/);
    expect(descriptor, `descriptor in ${srcset}`).toMatch(/^\d+w$/);
    return { url, w: Number(descriptor.slice(0, -1)) };
  });
}

/** Each candidate answers 200, WebP, cached for a year as immutable, and is as wide as it claims. */
async function resolves(request: APIRequestContext, srcset: string) {
  const list = candidates(srcset);
  expect(list.map((c) => c.w)).toEqual([400, 1200]);
  for (const { url, w } of list) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/webp");
    expect(response.headers()["cache-control"]).toMatch(/max-age=31536000/);
    expect(response.headers()["cache-control"]).toMatch(/immutable/);
    const meta = await sharp(await response.body()).metadata();
    expect(meta.format).toBe("webp");
    expect(meta.width, url).toBe(w);
  }
}

/** The width `sizes` evaluates to here: its media conditions through matchMedia, its length through a probe's computed width. */
async function sizesWidth(page: Page, sizes: string): Promise<number> {
  return page.evaluate((value) => {
    const parts = value.split(/,(?![^(]*\))/).map((p) => p.trim());
    let length = parts[parts.length - 1];
    for (const part of parts.slice(0, -1)) {
      const condition = part.match(/^(\(.*?\))\s+(.+)$/);
      if (condition && matchMedia(condition[1]).matches) {
        length = condition[2];
        break;
      }
    }
    const probe = document.createElement("div");
    probe.style.cssText = `position:absolute;visibility:hidden;width:${length}`;
    document.body.append(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  }, sizes);
}

/** `sizes` is never below the laid-out width; on a phone it is within 3 % of it. */
async function sizesFit(page: Page, img: Locator, phone: boolean) {
  await img.scrollIntoViewIfNeeded();
  const laidOut = (await img.boundingBox())!.width;
  const said = await sizesWidth(page, (await img.getAttribute("sizes"))!);
  expect(said, `sizes ${said}px for an image laid out ${laidOut}px wide`).toBeGreaterThanOrEqual(laidOut - 1);
  if (phone) expect(said).toBeLessThanOrEqual(laidOut * 1.03);
}

function expectCardGrid(cards: Img[]) {
  expect(cards.length).toBeGreaterThan(3);
  const [first, ...rest] = cards;
  expect(first).toMatchObject({ loading: "eager", fetchpriority: "high", width: "400", height: "300" });
  expect(first.sizes).not.toBe("");
  for (const card of rest) {
    expect(card).toMatchObject({ loading: "lazy", decoding: "async", fetchpriority: null, width: "400", height: "300", sizes: first.sizes });
  }
}

test("home: the first card's photo is eager and first; the others lazy; both widths resolve", async ({ page, request }) => {
  await page.goto("/");
  const cards = await imgs(page.locator(".listing-grid img"));
  expectCardGrid(cards);
  await resolves(request, cards[0].srcset);
  await resolves(request, cards[cards.length - 1].srcset);
  // A photo that does not exist is a plain 404, not an immutable answer.
  const missing = await request.get(candidates(cards[0].srcset)[0].url.replace(/-sm\.webp$/, "-xx.webp"));
  expect(missing.status()).toBe(404);
  expect(missing.headers()["cache-control"] ?? "").not.toMatch(/immutable/);
});

test("search: the same rules for the hits", async ({ page, request }) => {
  await page.goto("/search?q=rau");
  const cards = await imgs(page.locator(".listing-grid img"));
  expectCardGrid(cards);
  await resolves(request, cards[1].srcset);
});

test("listing page: the cover is eager and first, preloaded from the head with the same srcset and sizes", async ({ page, request }) => {
  await page.goto("/");
  // Other tests add listings without photos, which come first on the home page: a card with one.
  await page.locator(".listing-grid .listing-card-link:has(img)").first().click();
  await expect(page).toHaveURL(/\/listings\/\d+\//);
  const [cover] = await imgs(page.locator(".gallery img.cover"));
  // The photo's own size (a demo photo is 1200 × 900; one another test uploaded, 1600 × 1200).
  expect(cover).toMatchObject({ loading: "eager", fetchpriority: "high", width: expect.stringMatching(/^[1-9]\d*$/), height: expect.stringMatching(/^[1-9]\d*$/) });
  await resolves(request, cover.srcset);
  const preload = page.locator('head link[rel="preload"][as="image"]');
  await expect(preload).toHaveCount(1);
  expect(await preload.getAttribute("imagesrcset")).toBe(cover.srcset);
  expect(await preload.getAttribute("imagesizes")).toBe(cover.sizes);
  expect(await preload.getAttribute("fetchpriority")).toBe("high");
});

for (const { name, viewport, phone } of [
  { name: "phone 360", viewport: { width: 360, height: 740 }, phone: true },
  { name: "phone 412", viewport: { width: 412, height: 823 }, phone: true },
  { name: "tablet 800", viewport: { width: 800, height: 1000 }, phone: false },
  { name: "desktop 1440", viewport: { width: 1440, height: 900 }, phone: false },
]) {
  test.describe(name, () => {
    test.use({ viewport });
    test(`sizes match the layout (${name})`, async ({ page }) => {
      await page.goto("/");
      await sizesFit(page, page.locator(".listing-grid img").first(), phone);
      await page.goto("/search?q=rau");
      await sizesFit(page, page.locator(".listing-grid img").first(), phone);
      // Other tests add listings without photos, which come first on the home page: a card with one.
  await page.locator(".listing-grid .listing-card-link:has(img)").first().click();
      await sizesFit(page, page.locator(".gallery img.cover"), phone);
    });
  });
}
