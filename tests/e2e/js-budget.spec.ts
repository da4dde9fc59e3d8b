/**
 * What the browser downloads (issue 16, decision 048): only the page's own
 * language's dictionary, and the page still hydrates with its words — the
 * browser's own checks answer in that language.
 */
import { expect, test, type Page } from "@playwright/test";
import { openSiteMenu } from "./helpers";

/** The dictionary chunks the page fetched (vi-*.js, en-*.js), by language. */
function dictionaryRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request) => {
    const match = /\/assets\/(vi|en)-[\w-]+\.js$/.exec(new URL(request.url()).pathname);
    if (match) seen.push(match[1]);
  });
  return seen;
}

async function blurCheck(page: Page) {
  const identifier = page.locator('input[name="identifier"]');
  await identifier.fill("not a phone");
  await identifier.press("Tab");
}

test("a Vietnamese page loads only the Vietnamese words, and the browser's checks speak Vietnamese", async ({ page }) => {
  const seen = dictionaryRequests(page);
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await blurCheck(page);
  // Shown on leaving the field, before any submit: the hydrated page's own check.
  await expect(page.getByText("Số điện thoại di động (10 số, ví dụ 0912 345 678) hoặc email không hợp lệ.")).toBeVisible();
  expect(seen).toEqual(["vi"]);
});

test("an English page loads only the English words, and the browser's checks and titles speak English", async ({ page }) => {
  await page.goto("/");
  await openSiteMenu(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  const seen = dictionaryRequests(page);
  await page.goto("/login");
  await blurCheck(page);
  await expect(page.getByText("Not a valid Vietnamese mobile number (10 digits, e.g. 0912 345 678) or email.")).toBeVisible();
  expect(seen).toEqual(["en"]);

  // A client-side navigation: the next page's words and title come from the same dictionary.
  await page.getByRole("link", { name: "Sign up" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create an account");
  await expect(page).toHaveTitle("Sign up · Nông Sản Số");
  expect(seen).toEqual(["en"]);
});
