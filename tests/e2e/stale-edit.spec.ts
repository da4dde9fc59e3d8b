import { expect, test, type Browser } from "@playwright/test";
import { createFarm, fillDeliveryAddress, signUp } from "./helpers";

/** The farmer's edit form is opened, a buyer (another browser) buys 4 of 10, the farmer saves. */
async function staleSave(browser: Browser, javaScript: boolean) {
  const farmer = await browser.newPage({ javaScriptEnabled: javaScript });
  await signUp(farmer, { role: "farmer", name: "Bà Lan" });
  await createFarm(farmer, `Vườn bơ Bà Lan ${Date.now() % 100000}`, { javaScript });
  const title = `Bơ sáp Đắk Lắk ${Date.now() % 100000}`;
  await farmer.getByLabel("Tên sản phẩm").fill(title);
  await farmer.getByLabel("Danh mục").selectOption({ label: "Trái cây đặc sản vùng" });
  await farmer.getByLabel("Giá (đồng)", { exact: true }).fill("35.000");
  await farmer.getByLabel("Số lượng có bán").fill("10");
  await farmer.getByLabel("Đặt tối thiểu").fill("1");
  await farmer.getByRole("button", { name: "Đăng bán" }).click();
  await expect(farmer).toHaveURL(/saved=(\d+)/);
  const listingId = new URL(farmer.url()).searchParams.get("saved")!;

  // The farmer opens the edit form (stock 10) and types a new price.
  await farmer.goto(`/sell/listings/${listingId}/edit`);
  await expect(farmer.getByLabel("Số lượng có bán")).toHaveValue("10");
  await farmer.getByLabel("Giá (đồng)", { exact: true }).fill("38.000");

  // Meanwhile a buyer, in a browser of their own, buys 4.
  const buyer = await browser.newPage({ javaScriptEnabled: false });
  await signUp(buyer, { role: "consumer", name: "Phạm Thu Hà" });
  await buyer.goto(`/listings/${listingId}`);
  await buyer.getByLabel("Số lượng (kg)").fill("4");
  await buyer.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await expect(buyer.getByText("Đã thêm vào giỏ.")).toBeVisible();
  await buyer.goto("/checkout");
  await fillDeliveryAddress(buyer, { recipient: "Phạm Thu Hà", phone: "0912345678", street: "12 Phố Đội Cấn" }, { javaScript: false });
  await buyer.getByLabel("Trả tiền khi nhận hàng").check();
  await buyer.getByRole("button", { name: "Đặt 1 đơn hàng" }).click();
  await expect(buyer).toHaveURL(/\/orders/);

  // The farmer saves the form as it was: nothing saved, and told why.
  await farmer.getByRole("button", { name: "Lưu thay đổi" }).click();
  const notice = farmer.getByRole("alert").filter({ hasText: "Tin bán đã thay đổi từ lúc bạn mở trang này" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("Đã bán (hoặc bớt) 4 kg từ lúc bạn mở trang: nay còn 6 kg.");
  await expect(farmer.getByLabel("Giá (đồng)", { exact: true })).toHaveValue("38.000");
  await expect(farmer.getByLabel("Số lượng có bán")).toHaveValue("6");
  await expect(farmer).toHaveURL(new RegExp(`/sell/listings/${listingId}/edit$`));

  // Nothing was saved: the public page still says 35.000 ₫ and 6 kg.
  const check = await browser.newPage();
  await check.goto(`/listings/${listingId}`);
  await expect(check.locator(".price.big")).toContainText("35.000 ₫");
  await expect(check.locator("dd").filter({ hasText: /^\s*6 kg\s*$/ })).toHaveCount(1);

  // Saved again, deliberately: the new price, and still 6 kg.
  await farmer.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(farmer).toHaveURL(/\/sell\/listings\?saved=/);
  const row = farmer.getByRole("row", { name: new RegExp(title) });
  await expect(row).toContainText("38.000");
  await expect(row.getByRole("cell", { name: "6 kg", exact: true })).toBeVisible();
  await check.reload();
  await expect(check.locator(".price.big")).toContainText("38.000 ₫");
  await expect(check.locator("dd").filter({ hasText: /^\s*6 kg\s*$/ })).toHaveCount(1);
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a farmer saves an edit form opened before a sale: told what sold, typed price kept, sold units not put back", async ({ browser }) => {
    await staleSave(browser, false);
  });
});

test("the same with JavaScript: the form is redrawn with what is left, not the stock it showed", async ({ browser }) => {
  await staleSave(browser, true);
});

test.describe("the farm form, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("saved from a tab opened before another tab renamed the farm: refused, the new name shown, typed values kept", async ({ page, context }) => {
    await signUp(page, { role: "farmer", name: "Anh Tư" });
    const name = `Vườn tiêu Anh Tư ${Date.now() % 100000}`;
    await createFarm(page, name, { javaScript: false });
    await page.goto("/sell/farm");
    await page.getByLabel("Thôn, xóm, số nhà").fill("Tổ 9");

    const other = await context.newPage();
    await other.goto("/sell/farm");
    await other.getByLabel("Tên trang trại / cơ sở").fill(`${name} mới`);
    await other.getByRole("button", { name: "Lưu trang trại" }).click();
    await expect(other).toHaveURL(/\/sell\?saved=farm/);

    await page.getByRole("button", { name: "Lưu trang trại" }).click();
    await expect(page.getByText("Trang trại đã được sửa ở nơi khác từ lúc bạn mở trang này")).toBeVisible();
    await expect(page.locator(".field-errors").getByText(`Trang trại hiện ghi: “${name} mới”.`)).toBeVisible();
    await expect(page.locator(".field-errors").getByText("Trang trại hiện ghi: “Tổ 5”.")).toBeVisible();
    await expect(page.getByLabel("Thôn, xóm, số nhà")).toHaveValue("Tổ 9");
    await expect(page.getByLabel("Tên trang trại / cơ sở")).toHaveValue(name);

    // Saved again, deliberately.
    await page.getByRole("button", { name: "Lưu trang trại" }).click();
    await expect(page).toHaveURL(/\/sell\?saved=farm/);
    await page.goto("/sell/farm");
    await expect(page.getByLabel("Tên trang trại / cơ sở")).toHaveValue(name);
    await expect(page.getByLabel("Thôn, xóm, số nhà")).toHaveValue("Tổ 9");
  });
});
