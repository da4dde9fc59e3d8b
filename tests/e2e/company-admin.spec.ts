/**
 * A company's owner edits its details and its members' roles (issue 12,
 * decision 033), with JavaScript on and off, on the demo school: an edit
 * saved in one tab makes the other tab's form stale — refused, what was
 * typed kept, the field changed meanwhile named with its value now — and
 * the next save goes through; the only owner cannot demote themself.
 */
import { expect, test, type Browser } from "@playwright/test";
import { asNewClient } from "./helpers";

async function staleEdit(browser: Browser, javaScript: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const first = await context.newPage();
  await asNewClient(first);
  await first.goto("/login");
  await first.getByLabel("Số điện thoại hoặc email").fill("bep@truonghoc.vn");
  await first.getByLabel("Mật khẩu").fill("nongsan123");
  await first.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(first).not.toHaveURL(/\/login/);
  await first.goto("/business");
  await first.getByRole("link", { name: "Trường Tiểu học Kim Liên" }).first().click();
  await expect(first).toHaveURL(/\/business\/\d+$/);
  const companyPath = new URL(first.url()).pathname;

  // The only owner cannot demote themself.
  await first.getByRole("combobox", { name: "Vai trò của Bếp ăn Trường Tiểu học Kim Liên" }).selectOption({ label: "Người mua" });
  await first.getByRole("button", { name: "Đổi vai trò của Bếp ăn Trường Tiểu học Kim Liên" }).click();
  await expect(first.getByText("Không thể bỏ chủ tài khoản cuối cùng").first()).toBeVisible();

  await first.getByRole("link", { name: "Sửa thông tin công ty" }).click();
  await expect(first).toHaveURL(new RegExp(`${companyPath}/edit$`));
  await expect(first.getByText("Mã số thuế 0101234565 không đổi được")).toBeVisible();
  const second = await context.newPage();
  await second.goto(`${companyPath}/edit`);

  const run = Date.now() % 100_000;
  const address = `Số 1 ngõ 4 Kim Liên, Hà Nội (${run})`;
  await first.getByLabel("Địa chỉ xuất hóa đơn").fill(address);
  await first.getByRole("button", { name: "Lưu thông tin" }).click();
  await expect(first).toHaveURL(new RegExp(`${companyPath}\\?saved=1$`));

  const email = `ketoan${run}@truonghoc.vn`;
  await second.getByLabel("Email nhận hóa đơn").fill(email);
  await second.getByRole("button", { name: "Lưu thông tin" }).click();
  await expect(second.getByText("Thông tin công ty vừa được người khác sửa").first()).toBeVisible();
  await expect(second.getByText(`Vừa được người khác sửa thành: ${address}`).first()).toBeVisible();
  await expect(second.getByLabel("Email nhận hóa đơn")).toHaveValue(email);
  // Saving again, deliberately: the stale form's address goes back to what this tab showed, so take the new one.
  await second.getByLabel("Địa chỉ xuất hóa đơn").fill(address);
  await second.getByRole("button", { name: "Lưu thông tin" }).click();
  await expect(second).toHaveURL(new RegExp(`${companyPath}\\?saved=1$`));
  await expect(second.getByText(address)).toBeVisible();
  await expect(second.getByText(email)).toBeVisible();
  await context.close();
}

test("an owner's stale edit of the company is refused with what changed, then saved; the last owner keeps the role", async ({ browser }) => {
  await staleEdit(browser, true);
});

test("the same without JavaScript", async ({ browser }) => {
  await staleEdit(browser, false);
});
