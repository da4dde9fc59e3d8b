/**
 * Net terms end to end (issue 12, decision 031), with JavaScript on and off:
 * a business makes its company; an operator verifies it (refused until the
 * papers are said to be checked) and grants 30-day terms with a limit that
 * fits one cart but not two; the buyer checks out on net terms, is refused
 * the second time with the message on the payment choice and pays that one
 * on delivery instead; the company's page and the operators' list show the
 * amount open.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { addFirstHit, asNewClient, fillDeliveryAddress, logIn, signUp } from "./helpers";

let taxCounter = 0;
/** A valid tax code (MST) unique to this run (decision 029). */
function freshTaxCode(): string {
  for (;;) {
    taxCounter += 1;
    const nine = `02${String(Date.now() % 100_000).padStart(5, "0")}${String(taxCounter).padStart(2, "0")}`;
    const sum = [31, 29, 23, 19, 17, 13, 7, 5, 3].reduce((total, w, i) => total + w * Number(nine[i]), 0);
    if (10 - (sum % 11) < 10) return `${nine}${10 - (sum % 11)}`;
  }
}

async function checkoutOnTerms(page: Page, company: string, phone: string, javaScript: boolean) {
  await page.goto("/checkout");
  await fillDeliveryAddress(page, { recipient: "Bếp ăn", phone, street: "Ngõ 4 Kim Liên" }, { javaScript });
  await page.getByLabel("Mua cho", { exact: true }).selectOption({ label: `Mua cho: ${company}` });
  await page.getByLabel(/Công nợ: chuyển khoản sau khi giao/).check();
  await page.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
}

async function termsFlow(page: Page, browser: Browser, javaScript: boolean) {
  const company = `Bếp ăn Công Nợ ${Date.now() % 100_000}`;
  const { phone } = await signUp(page, { role: "business", name: "Phạm Thị Bếp" });
  await page.goto("/business");
  await page.getByLabel("Tên công ty").fill(company);
  await page.getByLabel("Mã số thuế").fill(freshTaxCode());
  await page.getByLabel("Địa chỉ xuất hóa đơn").fill("Ngõ 4 Kim Liên, Hà Nội");
  await page.getByLabel("Email nhận hóa đơn").fill("ketoan@congno.vn");
  await page.getByRole("button", { name: "Tạo tài khoản công ty" }).click();
  await expect(page).toHaveURL(/\/business\/\d+\?created=1$/);
  const companyPath = new URL(page.url()).pathname;
  await expect(page.getByText("Công ty chưa được xác minh.")).toBeVisible();

  // What one cart costs: the limit is set to hold one such order and not two.
  await addFirstHit(page, "gao st25");
  await page.goto("/checkout");
  const totalText = (await page.locator(".cart-total strong").textContent()) ?? "";
  const total = Number(totalText.replace(/\D/g, ""));
  expect(total).toBeGreaterThan(0);
  const limit = Math.floor(total * 1.5);

  const opsContext = await browser.newContext({ javaScriptEnabled: javaScript });
  const ops = await opsContext.newPage();
  await asNewClient(ops);
  await logIn(ops, "admin@nongsanso.vn");
  await ops.goto(`/ops/companies?q=${encodeURIComponent(company)}`);
  const item = ops.getByRole("listitem", { name: company });
  await expect(item).toContainText("Chưa xác minh");
  // Not verified until the operator says the papers were checked.
  await item.getByRole("button", { name: "Xác minh công ty" }).click();
  await expect(ops.getByRole("listitem", { name: company }).getByText("Hãy đánh dấu rằng bạn đã kiểm tra")).toBeVisible();
  await ops.goto(`/ops/companies?q=${encodeURIComponent(company)}`);
  await ops.getByRole("listitem", { name: company }).getByLabel("Tôi đã kiểm tra mã số thuế và giấy tờ của công ty").check();
  await ops.getByRole("listitem", { name: company }).getByRole("button", { name: "Xác minh công ty" }).click();
  await expect(ops.getByText("Đã xác minh công ty.")).toBeVisible();
  await ops.goto(`/ops/companies?q=${encodeURIComponent(company)}`);
  const verified = ops.getByRole("listitem", { name: company });
  await verified.getByLabel("Số ngày công nợ").selectOption({ label: "30 ngày sau khi giao" });
  await verified.getByLabel("Hạn mức (đồng)").fill("không biết");
  await verified.getByRole("button", { name: "Cấp công nợ" }).click();
  await expect(ops.getByRole("listitem", { name: company }).getByText("Nhập hạn mức bằng số đồng")).toBeVisible();
  await expect(ops.getByRole("listitem", { name: company }).getByLabel("Hạn mức (đồng)")).toHaveValue("không biết");
  // A fresh page (a second tap within a moment of the first is dropped by SubmitButton with JavaScript).
  await ops.goto(`/ops/companies?q=${encodeURIComponent(company)}`);
  await ops.getByRole("listitem", { name: company }).getByLabel("Số ngày công nợ").selectOption({ label: "30 ngày sau khi giao" });
  await ops.getByRole("listitem", { name: company }).getByLabel("Hạn mức (đồng)").fill(String(limit));
  await ops.getByRole("listitem", { name: company }).getByRole("button", { name: "Cấp công nợ" }).click();
  await expect(ops.getByText("Đã lưu công nợ.")).toBeVisible();

  // On terms: placed, and its page says so.
  await checkoutOnTerms(page, company, phone, javaScript);
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1/);
  await expect(page.getByText("Công nợ: chuyển khoản sau khi giao").first()).toBeVisible();

  // Again: past the limit, refused on the payment choice; paid on delivery instead.
  await addFirstHit(page, "gao st25");
  await checkoutOnTerms(page, company, phone, javaScript);
  // Beside the payment choice (and linked from the summary at the top).
  await expect(page.getByRole("group", { name: "Thanh toán" }).getByText(/vượt hạn mức công nợ của công ty .* cần trả trước/)).toBeVisible();
  await expect(page.getByRole("link", { name: /vượt hạn mức công nợ/ })).toBeVisible();
  await expect(page).toHaveURL(/\/checkout/);
  // Sent again at once: the server's answer ended SubmitButton's guard against a double tap.
  await page.getByLabel("Trả tiền khi nhận hàng").check();
  await page.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1/);

  // Both sides see what is open.
  await page.goto(companyPath);
  await expect(page.getByText("Thanh toán chuyển khoản 30 ngày sau khi giao")).toBeVisible();
  await expect(page.getByTestId("terms-open")).toHaveText(totalText);
  await expect(page.getByRole("row", { name: /Tính từ ngày giao/ })).toHaveCount(1);
  await ops.goto(`/ops/companies?q=${encodeURIComponent(company)}`);
  await expect(ops.getByRole("listitem", { name: company })).toContainText(`Đang nợ: ${totalText}`);
  await opsContext.close();
}

test("an operator verifies a company and grants 30-day terms; its buyer orders on terms until the limit, and both see the amount open", async ({ page, browser }) => {
  await termsFlow(page, browser, true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same with plain forms", async ({ page, browser }) => {
    await termsFlow(page, browser, false);
  });
});
