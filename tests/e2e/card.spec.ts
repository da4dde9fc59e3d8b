/**
 * Paying by card. Stripe is answered in the server's process by the handlers
 * in tests/handlers/stripe.ts (STRIPE_FAKE), with a plain page standing in
 * for Stripe's hosted checkout; webhooks arrive over HTTP, signed.
 */
import { expect, test, type Page } from "@playwright/test";
import { addFirstHit, fillDeliveryAddress, logIn, openSiteMenu, signUp } from "./helpers";

async function stockShown(page: Page, path: string): Promise<string> {
  await page.goto(path);
  return (await page.locator(".facts").textContent()) ?? "";
}

/** Fills the checkout with a Hà Nội address, chooses card and submits: the browser lands on the (fake) Stripe page. */
async function checkoutByCard(page: Page, orders: number, javaScript: boolean) {
  await page.goto("/cart");
  await page.getByRole("link", { name: "Đặt hàng" }).click();
  await fillDeliveryAddress(page, { recipient: "Trần Văn Nam", phone: "0912 345 679", street: "5 Phố Kim Mã" }, { javaScript });
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

test.describe("cancelling, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a buyer cancels a card order still awaiting payment: the stock comes back once; operators have their workspace", async ({ page, browser }) => {
    await signUp(page, { role: "consumer", name: "Trần Văn Nam" });
    const a = await addFirstHit(page, "ca chua");
    const before = await stockShown(page, a.path);
    await checkoutByCard(page, 1, false);
    await page.goto("/orders");
    await page.getByRole("link", { name: /^NSS-/ }).first().click();
    await page.getByRole("link", { name: /thanh toán ngay/ }).click();
    await page.getByRole("button", { name: "Hủy đơn, không thanh toán" }).click();
    await page.getByRole("button", { name: "Vẫn hủy đơn" }).click();
    await expect(page.getByRole("status")).toHaveText("Bạn đã hủy thanh toán: đơn đã hủy và hàng đã trả lại.");
    await expect(page.getByRole("button", { name: "Hủy đơn, không thanh toán" })).toHaveCount(0);
    expect(await stockShown(page, a.path)).toBe(before);
    await page.goto("/orders");
    await expect(page.getByRole("row").nth(1)).toContainText("Đã hủy");

    const operatorContext = await browser.newContext({ javaScriptEnabled: false });
    const operator = await operatorContext.newPage();
    await logIn(operator, "admin@nongsanso.vn");
    await openSiteMenu(operator);
    // One "Vận hành" link in the header; the workspace leads to each page (decision 037).
    await operator.getByRole("link", { name: "Vận hành" }).click();
    await operator.getByRole("link", { name: /Thanh toán thẻ/ }).click();
    await expect(operator.getByRole("heading", { name: "Thanh toán thẻ cần xử lý" })).toBeVisible();
    await expect(operator.getByRole("heading", { name: "Hoàn tiền không thành công" })).toBeVisible();
    await operatorContext.close();
  });
});

test.describe("the payouts ledger, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  const digits = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));

  test("a completed card order credits the farm; an operator pays it out, and cannot pay more than the balance", async ({ page, browser }) => {
    await signUp(page, { role: "consumer", name: "Bếp ăn Trường Tiểu học Kim Đồng" });
    await page.goto("/farms/vuon-rau-ba-lan");
    await page.locator(".listing-card h3").first().click();
    await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
    await checkoutByCard(page, 1, false);
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page.getByRole("status")).toHaveText(/Đã thanh toán/, { timeout: 15_000 });
    await page.getByRole("link", { name: /^NSS-/ }).click();
    const orderUrl = page.url();
    const total = digits(await page.getByRole("row", { name: /Tổng tiền/ }).textContent());

    const farmerContext = await browser.newContext({ javaScriptEnabled: false });
    const farmer = await farmerContext.newPage();
    await logIn(farmer, "0987654321");
    await farmer.goto("/sell/payouts");
    const before = digits(await farmer.getByTestId("balance").textContent());
    await farmer.goto(orderUrl);
    for (const step of ["Nhận đơn", "Đã đóng gói", "Đã gửi hàng", "Đã giao hàng"]) await farmer.getByRole("button", { name: step }).click();
    await page.reload();
    await page.getByRole("button", { name: "Đã nhận được hàng" }).click();
    await expect(page.locator(".state").first()).toHaveText("Hoàn tất");

    // 5% fee, rounded half up to whole đồng.
    const net = total - Math.floor((total * 500 + 5000) / 10000);
    await farmer.goto("/sell/payouts");
    expect(digits(await farmer.getByTestId("balance").textContent())).toBe(before + net);
    await expect(farmer.getByRole("row", { name: /Đơn hoàn tất/ }).first()).toBeVisible();

    const operatorContext = await browser.newContext({ javaScriptEnabled: false });
    const operator = await operatorContext.newPage();
    await logIn(operator, "admin@nongsanso.vn");
    await openSiteMenu(operator);
    await operator.getByRole("link", { name: "Vận hành" }).click();
    await operator.getByRole("link", { name: /Nhà vườn chờ chi trả/ }).click();
    const form = operator.getByRole("form", { name: "Vườn rau Bà Lan" });
    const balance = digits(await form.locator("strong").textContent());
    expect(balance).toBe(before + net);
    await form.getByLabel("Số tiền chuyển (đồng)").fill(String(balance + 1));
    await form.getByLabel("Mã giao dịch ngân hàng").fill("FT26330987654");
    await form.getByRole("button", { name: "Ghi nhận đã trả" }).click();
    const again = operator.getByRole("form", { name: "Vườn rau Bà Lan" });
    await expect(again.getByRole("alert")).toContainText("Số tiền lớn hơn số dư");
    await expect(again.getByLabel("Mã giao dịch ngân hàng")).toHaveValue("FT26330987654");
    await again.getByLabel("Số tiền chuyển (đồng)").fill(String(balance));
    await again.getByRole("button", { name: "Ghi nhận đã trả" }).click();
    await expect(operator.getByRole("status")).toHaveText("Đã ghi nhận khoản trả tiền.");

    await farmer.goto("/sell/payouts");
    expect(digits(await farmer.getByTestId("balance").textContent())).toBe(0);
    await expect(farmer.getByRole("row", { name: /FT26330987654/ })).toBeVisible();
    await expect(farmer.getByRole("listitem").filter({ hasText: "FT26330987654" })).toContainText(String(balance).replace(/\B(?=(\d{3})+(?!\d))/g, "."));
    await farmerContext.close();
    await operatorContext.close();
  });
});
