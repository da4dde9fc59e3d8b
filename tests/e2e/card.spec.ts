/**
 * Paying by card. Stripe is answered in the server's process by the handlers
 * in tests/handlers/stripe.ts (STRIPE_FAKE), with a plain page standing in
 * for Stripe's hosted checkout; webhooks arrive over HTTP, signed.
 */
import { expect, test, type Page } from "@playwright/test";
import { signUp } from "./helpers";

/** Adds the first in-stock hit of a query from a farm other than `farmNot`; returns the farm and the listing's path. */
async function addFirstHit(page: Page, query: string, farmNot?: string): Promise<{ farm: string; path: string }> {
  await page.goto(`/search?q=${encodeURIComponent(query)}&stock=1`);
  const cards = page.locator(".listing-card");
  const count = await cards.count();
  for (let i = 0; i < count; i++) {
    const farm = (await cards.nth(i).locator(".meta a").textContent()) ?? "";
    if (farmNot && farm === farmNot) continue;
    await cards.nth(i).locator("h3").click();
    const path = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
    await expect(page.getByText("Đã thêm vào giỏ.")).toBeVisible();
    return { farm, path };
  }
  throw new Error(`no hit for ${query}`);
}

async function stockShown(page: Page, path: string): Promise<string> {
  await page.goto(path);
  return (await page.locator(".facts").textContent()) ?? "";
}

/** Fills the checkout with a Hà Nội address, chooses card and submits: the browser lands on the (fake) Stripe page. */
async function checkoutByCard(page: Page, orders: number, javaScript: boolean) {
  await page.goto("/cart");
  await page.getByRole("link", { name: "Đặt hàng" }).click();
  await page.getByLabel("Người nhận").fill("Trần Văn Nam");
  await page.getByLabel("Số điện thoại").fill("0912 345 679");
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Thành phố Hà Nội" });
  if (!javaScript) await page.getByRole("button", { name: "Hiện danh sách xã / phường" }).click();
  await page.getByLabel("Xã / phường").selectOption({ label: "Phường Ba Đình" });
  await page.getByLabel("Số nhà, đường, thôn xóm").fill("5 Phố Kim Mã");
  await page.getByLabel("Thẻ ngân hàng / thẻ quốc tế").check();
  await page.getByRole("button", { name: `Đặt ${orders} đơn hàng` }).click();
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout (test mode)" })).toBeVisible();
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

test("a buyer pays by card for a two-farm cart; the webhook marks both orders paid", async ({ page }) => {
  await signUp(page, { role: "consumer", name: "Trần Văn Nam" });
  const a = await addFirstHit(page, "gao st25");
  const b = await addFirstHit(page, "xoai cat hoa loc", a.farm);
  await checkoutByCard(page, 2, true);

  await page.getByRole("button", { name: "Pay" }).click();
  // Back on our page: it waits for the webhook rather than trusting the redirect, then shows the payment.
  await expect(page).toHaveURL(/\/payments\/card\/[0-9a-f-]{36}\?return=success/);
  await expect(page.getByRole("status")).toHaveText(/Đã thanh toán/, { timeout: 15_000 });
  await page.goto("/orders");
  for (const farm of [a.farm, b.farm]) {
    const row = page.getByRole("row", { name: new RegExp(farm) });
    await expect(row).toContainText("Đã thanh toán");
    await expect(row).toContainText("Chờ xác nhận");
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a cancelled card payment leaves the orders awaiting payment, then expired with the stock back", async ({ page, request }) => {
    await signUp(page, { role: "consumer", name: "Trần Văn Nam" });
    const a = await addFirstHit(page, "ca chua");
    const before = await stockShown(page, a.path);
    const sessionId = await checkoutByCard(page, 1, false);
    expect(await stockShown(page, a.path)).not.toBe(before);

    // The buyer returns to the Stripe page, thinks better of it, and goes back.
    await page.goto(`/__stripe/checkout/${sessionId}`);
    await page.getByRole("link", { name: "Back" }).click();
    await expect(page).toHaveURL(/\?return=cancel/);
    await expect(page.getByRole("status")).toContainText("Bạn chưa thanh toán");
    await page.goto("/orders");
    await expect(page.getByRole("row").nth(1)).toContainText("Chờ thanh toán");

    // Time runs out at Stripe: the session expires and Stripe's webhook arrives.
    expect((await request.post(`/__stripe/sessions/${sessionId}/expire`)).ok()).toBe(true);
    await expect(async () => {
      await page.goto("/orders");
      await expect(page.getByRole("row").nth(1)).toContainText("Hết hạn", { timeout: 500 });
    }).toPass({ timeout: 10_000 });
    expect(await stockShown(page, a.path)).toBe(before);
    // What was being bought is back in the cart, to try again.
    await page.goto("/cart");
    await expect(page.getByRole("link", { name: "Đặt hàng" })).toBeVisible();
  });
});
