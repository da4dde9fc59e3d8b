import { expect, test, type Page } from "@playwright/test";
import { createFarm, fixture, signUp } from "./helpers";

async function farmerListsProduce(page: Page, javaScript: boolean) {
  const suffix = javaScript ? "JS" : "không JS";
  const farmName = `Vườn cà chua Bà Lan ${suffix} ${Date.now() % 10000}`;
  await signUp(page, { role: "farmer" });
  await expect(page).toHaveURL(/\/sell$/);
  await page.getByRole("link", { name: "Tạo trang trại" }).click();
  await createFarm(page, farmName, { javaScript });

  const title = `Cà chua bi Đà Lạt ${suffix}`;
  await page.getByLabel("Tên sản phẩm").fill(title);
  await page.getByLabel("Danh mục").selectOption({ label: "Rau ăn quả" });
  await page.getByLabel("Giá (đồng)", { exact: true }).fill("35.000");
  await page.getByLabel("Số lượng có bán").fill("250,5");
  await page.getByLabel("Đặt tối thiểu").fill("2");
  await page.getByText("Thêm thông tin: giống, giá sỉ, mùa vụ, chứng nhận").click();
  await page.getByLabel("Mức 1: từ số lượng").fill("50");
  await page.getByLabel("Mức 1: đơn giá (đồng)").fill("32000");
  await page.getByLabel("Loại chứng nhận").first().selectOption("vietgap");
  await page.getByLabel("Số chứng nhận").first().fill("VG-68-0012");
  await page.getByLabel("Thêm ảnh").setInputFiles(fixture("ca-chua.jpg"));
  await page.getByRole("button", { name: "Đăng bán" }).click();

  await expect(page).toHaveURL(/\/sell\/listings\?saved=\d+/);
  await expect(page.getByText("Đã lưu tin bán.")).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(title) });
  await expect(row).toContainText("35.000");
  await expect(row).toContainText("Đang bán");

  await row.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(/\/listings\/\d+\/ca-chua-bi-da-lat/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".price.big")).toContainText("35.000 ₫");
  await expect(page.getByText("250,5 kg")).toBeVisible();
  await expect(page.getByRole("table", { name: "Giá theo số lượng" })).toContainText("32.000 ₫");
  await expect(page.getByText("VietGAP")).toBeVisible();
  const cover = page.locator("img.cover");
  // Both stored widths, the browser picking one (decision 049); the large one answers as WebP.
  await expect(cover).toHaveAttribute("srcset", /^\/media\/photos\/\S+-sm\.webp 400w, \/media\/photos\/\S+-lg\.webp \d+w$/);
  const large = /(\S+-lg\.webp)/.exec((await cover.getAttribute("srcset"))!)![1];
  const photo = await page.request.get(large);
  expect(photo.status()).toBe(200);
  expect(photo.headers()["content-type"]).toContain("image/webp");

  await page.getByRole("link", { name: farmName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(farmName);
  await expect(page.getByText("Phường Lâm Viên - Đà Lạt, Tỉnh Lâm Đồng")).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toBeVisible();
}

test("a farmer signs up, creates a farm and lists produce with a photo", async ({ page }) => {
  await farmerListsProduce(page, true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same journey works with plain forms", async ({ page }) => {
    await farmerListsProduce(page, false);
  });
});
