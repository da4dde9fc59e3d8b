/**
 * The cards' plain links (app/components/plain-links.tsx): with JavaScript a
 * plain click navigates in the page, as Remix's <Link> did (no second
 * document; what the page holds survives), a click with Ctrl opens a new tab
 * and leaves the page; the farm's link does the same. Without JavaScript they
 * are ordinary links.
 */
import { expect, test, type Page } from "@playwright/test";

function documentsOf(page: Page): string[] {
  const documents: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "document") documents.push(new URL(request.url()).pathname);
  });
  return documents;
}

test("a card's links navigate in the page; a Ctrl-click opens a tab and leaves the page", async ({ page, context }) => {
  const documents = documentsOf(page);
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => ((window as unknown as { kept: number }).kept = 42));
  const card = page.locator(".listing-card").first();
  const title = (await card.locator("h3").textContent())!;

  const [tab] = await Promise.all([context.waitForEvent("page"), card.locator(".listing-card-link").click({ modifiers: ["Control"] })]);
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toMatch(/^\/listings\/\d+\//);
  await tab.close();
  expect(new URL(page.url()).pathname).toBe("/");

  await card.locator(".listing-card-link").click();
  await expect(page).toHaveURL(/\/listings\/\d+\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  expect(await page.evaluate(() => (window as unknown as { kept?: number }).kept)).toBe(42);

  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  const farm = page.locator(".listing-card .meta a").first();
  const farmName = (await farm.textContent())!;
  await farm.click();
  await expect(page).toHaveURL(/\/farms\//);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(farmName);
  expect(await page.evaluate(() => (window as unknown as { kept?: number }).kept)).toBe(42);
  expect(documents).toEqual(["/"]);

  // On the farm's page, its cards' farm link is the page itself: followed, it replaces the entry, as <Link> does.
  const entries = await page.evaluate(() => history.length);
  await page.locator(".listing-card .meta a").first().click();
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => history.length)).toBe(entries);
  await expect(page).toHaveURL(/\/farms\//);
});

test("the search page's quick filters and their ✕ navigate in the page", async ({ page }) => {
  const documents = documentsOf(page);
  await page.goto("/search?q=rau");
  await page.waitForLoadState("networkidle");
  const chip = page.getByRole("navigation", { name: "Lọc nhanh" }).getByRole("link").first();
  const label = (await chip.textContent())!.replace(/\s*\(\d+\)$/, "");
  await chip.click();
  await expect(page.locator(".active-filter").first()).toContainText(label);
  await page.locator(".active-filter").first().click();
  await expect(page.locator(".active-filter")).toHaveCount(0);
  expect(documents).toEqual(["/search"]);
});

test("the search page's page links navigate in the page, forward and back", async ({ page }) => {
  const documents = documentsOf(page);
  await page.goto("/search");
  await page.waitForLoadState("networkidle");
  const pages = page.getByRole("navigation", { name: "Trang", exact: true });
  await expect(pages).toContainText(/Trang 1 \/ \d+/);
  const firstCard = page.locator(".listing-card-link").first();
  const firstOnPageOne = (await firstCard.getAttribute("href"))!;
  await pages.getByRole("link", { name: /Trang sau/ }).click();
  await expect(page).toHaveURL(/[?&]page=2\b/);
  await expect(pages).toContainText(/Trang 2 \/ \d+/);
  await expect(firstCard).not.toHaveAttribute("href", firstOnPageOne);
  await pages.getByRole("link", { name: /Trang trước/ }).click();
  await expect(pages).toContainText(/Trang 1 \/ \d+/);
  await expect(firstCard).toHaveAttribute("href", firstOnPageOne);
  expect(documents).toEqual(["/search"]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a card's link is an ordinary link", async ({ page }) => {
    const documents = documentsOf(page);
    await page.goto("/");
    await page.locator(".listing-card .listing-card-link").first().click();
    await expect(page).toHaveURL(/\/listings\/\d+\//);
    expect(documents).toHaveLength(2);
  });
});
