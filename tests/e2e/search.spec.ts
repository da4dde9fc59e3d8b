import { expect, test, type Page } from "@playwright/test";
import { openSiteMenu } from "./helpers";

/** On a phone the filters are folded under their summary: unfold them unless they already are. */
async function openFilters(page: Page) {
  const panel = page.locator("details.filters-panel");
  if ((await panel.getAttribute("open")) === null) await panel.locator("summary").click();
}

async function searchFlow(page: Page, javaScript: boolean) {
  await page.goto("/");
  const box = page.getByRole("combobox", { name: "Tìm nông sản" }).last();
  await box.fill("ca chua");
  if (javaScript) {
    // Suggestions appear as the buyer types, before any page load.
    await expect(page.getByRole("listbox", { name: "Gợi ý" }).getByRole("option").first()).toContainText(/Cà chua/);
  }
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=ca\+chua/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kết quả cho “ca chua”");
  const titles = page.locator(".listing-card h3");
  await expect(titles.first()).toContainText("Cà chua");

  // Narrow by province and certification, then sort by price.
  const filters = page.getByRole("complementary", { name: "Bộ lọc" });
  await openFilters(page);
  await filters.getByLabel("Tỉnh / thành phố").selectOption("68");
  if (!javaScript) await filters.getByRole("button", { name: "Áp dụng" }).click();
  await expect(page).toHaveURL(/province=68/);
  await expect(page.locator(".listing-card .meta").first()).toContainText("Tỉnh Lâm Đồng");

  await page.goto("/search?q=rau");
  await openFilters(page);
  await filters.getByLabel("Chứng nhận").selectOption("vietgap");
  if (!javaScript) await filters.getByRole("button", { name: "Áp dụng" }).click();
  await expect(page).toHaveURL(/cert=vietgap/);
  await openFilters(page);
  await filters.getByLabel("Sắp xếp").selectOption("price_asc");
  if (!javaScript) await filters.getByRole("button", { name: "Áp dụng" }).click();
  await expect(page).toHaveURL(/sort=price_asc/);
  await expect(page).toHaveURL(/cert=vietgap/);
  const prices = await page.locator(".listing-card .price").allTextContents();
  const values = prices.map((p) => Number(p.replace(/\D/g, "")));
  expect(values.length).toBeGreaterThan(1);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  await expect(page.getByRole("status").filter({ hasText: "sản phẩm" })).toBeVisible();
}

test("a buyer types ca chua, finds cà chua, narrows by province and certification, sorts by price", async ({ page }) => {
  await searchFlow(page, true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same search works with plain forms", async ({ page }) => {
    await searchFlow(page, false);
  });
});

test("a listing created by a farmer becomes findable, and leaves when paused", async ({ page }) => {
  // Uses the demo farmer of Vườn rau Bà Lan.
  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill("0987654321");
  await page.getByLabel("Mật khẩu").fill("nongsan123");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await openSiteMenu(page);
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  await page.goto("/sell/listings/new");
  const title = `Su su Đà Lạt ${Date.now() % 100000}`;
  await page.getByLabel("Tên sản phẩm").fill(title);
  await page.getByLabel("Danh mục").selectOption({ label: "Rau ăn quả" });
  await page.getByLabel("Giá (đồng)", { exact: true }).fill("12000");
  await page.getByLabel("Số lượng có bán").fill("300");
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page).toHaveURL(/saved=/);

  await expect(async () => {
    await page.goto(`/search?q=${encodeURIComponent("su su da lat")}`);
    await expect(page.locator(".listing-card h3").first()).toHaveText(title, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  await page.goto("/sell/listings");
  await page.getByRole("row", { name: new RegExp(title) }).getByRole("button", { name: "Tạm ngừng" }).click();
  await expect(page.getByText("Đã tạm ngừng bán.")).toBeVisible();
  await expect(async () => {
    await page.goto(`/search?q=${encodeURIComponent(title)}`);
    await expect(page.locator(".listing-card h3", { hasText: title })).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
});

test.describe("what people type (decision 017), without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a long sentence shows the closest listings and says so; punctuation alone browses", async ({ page }) => {
    await page.goto(`/search?q=${encodeURIComponent("vải thiều lục ngạn chín đỏ tươi ngon giao tận nhà nhanh")}`);
    await expect(page.getByRole("status").filter({ hasText: "Không có kết quả cho cả câu; đây là các kết quả khớp nhiều từ nhất." })).toBeVisible();
    await expect(page.locator(".listing-card h3").first()).toContainText("Vải thiều Lục Ngạn");

    const response = await page.goto(`/search?q=${encodeURIComponent("%_")}`);
    expect(await response!.text()).not.toContain("Kết quả cho “%_”");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tìm nông sản");
    await expect(page.locator(".listing-card").first()).toBeVisible();
  });
});
