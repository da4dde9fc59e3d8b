/**
 * The search box's suggestions with the keyboard (the ARIA combobox pattern),
 * focus after a search, and the filters that search as they change: three
 * arrow presses in a select are one search, not three.
 */
import { expect, test } from "@playwright/test";
import { asNewClient } from "./helpers";

test("suggestions: ↓/↑ move through the options, Enter opens the one in hand, Escape closes", async ({ page }) => {
  await asNewClient(page);
  await page.goto("/");
  const box = page.locator("#home-q");
  await expect(box).toHaveAttribute("role", "combobox");
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await box.pressSequentially("rau", { delay: 30 });
  const list = page.getByRole("listbox");
  await expect(list).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  expect(await box.getAttribute("aria-controls")).toBe(await list.getAttribute("id"));
  // Options are not links (no control inside a control).
  await expect(list.locator("a")).toHaveCount(0);
  const options = list.getByRole("option");
  const count = await options.count();
  expect(count).toBeGreaterThan(1);

  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", (await options.nth(0).getAttribute("id"))!);
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", (await options.nth(1).getAttribute("id"))!);
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "false");
  await box.press("ArrowUp");
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
  await expect(box).toBeFocused();

  await box.press("Escape");
  await expect(list).toBeHidden();
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await expect(box).not.toHaveAttribute("aria-activedescendant", /.*/);
  await expect(box).toHaveValue("rau");

  // Open again and pick the second with Enter: its listing opens.
  await box.press("ArrowDown");
  await expect(list).toBeVisible();
  await box.press("ArrowDown");
  const second = await options.nth(1).textContent();
  await box.press("Enter");
  await expect(page).toHaveURL(/\/listings\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(second!.trim());
});

test("after a search, the focus is on the results' heading", async ({ page }) => {
  await asNewClient(page);
  await page.goto("/");
  await page.locator("#home-q").fill("cà chua");
  await page.locator("#home-q").press("Enter");
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
});

test("three arrow presses in a filter's select make one search, when the select is left", async ({ page }) => {
  await asNewClient(page);
  await page.goto("/search?q=rau");
  await page.locator(".filters-panel > summary").click();
  const searches: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    // A search made in the page (JavaScript): the route's data, fetched from /search.data (Remix's single fetch).
    if (url.pathname === "/search.data") searches.push(url.search);
  });
  const sort = page.getByLabel("Sắp xếp");
  await sort.focus();
  await sort.press("ArrowDown");
  await sort.press("ArrowDown");
  await sort.press("ArrowDown");
  await page.waitForTimeout(800);
  expect(searches).toEqual([]);
  await sort.press("Tab");
  await expect.poll(() => searches.length).toBe(1);
  await page.waitForTimeout(800);
  expect(searches).toHaveLength(1);
  await expect(page).toHaveURL(/sort=/);

  // A click (the pointer) still searches at once, once.
  searches.length = 0;
  await page.getByLabel("Chỉ hàng có sẵn").click();
  await expect.poll(() => searches.length).toBe(1);
  await expect(page).toHaveURL(/stock=1/);
});
