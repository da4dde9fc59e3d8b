/**
 * The forms' checks load when they are needed (app/utils/use-lazy-form.ts,
 * decision 048): the checkout and the new-listing form do not download zod
 * with the page, only when focus first enters the form; from then on a field
 * left wrong is refused beside it without asking the server. If the checks
 * never arrive (a lost connection), a submit is checked by the server, as
 * without JavaScript.
 */
import { expect, test, type Page } from "@playwright/test";
import { addFirstHit, asNewClient, logIn, signUp } from "./helpers";

/** zod's own code (not only a chunk named after it): the class names zod 4 registers its types under. */
const isZod = (code: string) => code.includes("ZodObject");

/** Which of the page's scripts carry zod (read from their bodies), and the form posts it makes. */
function watch(page: Page) {
  const zod: string[] = [];
  const posts: string[] = [];
  let reading = 0;
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(new URL(request.url()).pathname);
  });
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    reading++;
    try {
      if (isZod(await response.text())) zod.push(new URL(response.url()).pathname);
    } catch {
      // a script the page left before it was read
    } finally {
      reading--;
    }
  });
  return {
    posts,
    /** Whether zod has arrived, once every script received so far has been read. */
    zodLoaded: async () => {
      await expect.poll(() => reading).toBe(0);
      return zod.length > 0;
    },
  };
}

test("checkout: zod arrives on first focus, and an emptied name is refused on leaving it, without a post", async ({ page }) => {
  await asNewClient(page);
  await signUp(page, { role: "consumer", name: "Phạm Thu Hà" });
  await addFirstHit(page, "ca chua bi");
  const seen = watch(page);
  await page.goto("/checkout");
  await page.waitForLoadState("networkidle");
  expect(await seen.zodLoaded(), "zod is not part of the page's first load").toBe(false);

  await page.getByLabel("Người nhận").fill("");
  await page.getByLabel("Số điện thoại").focus();
  await expect(page.getByText("Nhập tên người nhận.").first()).toBeVisible();
  await expect.poll(() => seen.zodLoaded()).toBe(true);
  expect(seen.posts).toEqual([]);
  // Typing fixes it at once (checked again on input).
  await page.getByLabel("Người nhận").fill("Phạm Thu Hà");
  await expect(page.getByText("Nhập tên người nhận.")).toHaveCount(0);
});

test("new listing: a price in words is refused on leaving it, without a post", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0987654321");
  const seen = watch(page);
  await page.goto("/sell/listings/new");
  await page.waitForLoadState("networkidle");
  expect(await seen.zodLoaded()).toBe(false);

  const price = page.getByLabel("Giá (đồng)", { exact: true });
  await price.fill("hai mươi nghìn");
  await page.getByLabel("Số lượng có bán").focus();
  await expect(price).toHaveAttribute("aria-invalid", "true");
  await expect(price).toHaveValue("hai mươi nghìn");
  await expect.poll(() => seen.zodLoaded()).toBe(true);
  expect(seen.posts).toEqual([]);
});

test("checkout with the checks never arriving: the server refuses the empty name, and what was typed stays", async ({ page }) => {
  await asNewClient(page);
  await signUp(page, { role: "consumer", name: "Phạm Thu Hà" });
  await addFirstHit(page, "ca chua bi");
  // Every script that carries zod fails to arrive.
  await page.route(/\/assets\/.*\.js$/, async (route) => {
    const response = await route.fetch();
    if (isZod(await response.text())) await route.abort();
    else await route.fulfill({ response });
  });
  const seen = watch(page);
  await page.goto("/checkout");
  await page.waitForLoadState("networkidle");

  await page.getByLabel("Người nhận").fill("");
  await page.getByLabel("Số nhà, đường, thôn xóm").fill("12 Phố Đội Cấn");
  await page.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
  await expect(page.getByText("Nhập tên người nhận.").first()).toBeVisible();
  expect(seen.posts.length, "the server checked it").toBeGreaterThan(0);
  await expect(page.getByLabel("Số nhà, đường, thôn xóm")).toHaveValue("12 Phố Đội Cấn");
  await expect(page).toHaveURL(/\/checkout/);
});
