/** What a buyer sees on a small phone (360 px wide), without JavaScript. */
import { expect, test, type Page } from "@playwright/test";
import { logIn, signUp } from "./helpers";

test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });

async function fitsTheScreen(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

test("a farm whose story holds a 300-letter word does not make the page scroll sideways", async ({ page }) => {
  const word = "Nôngsản".repeat(43).slice(0, 300);
  const slug = `vuon-chu-dai-${Date.now() % 100000}`;
  await signUp(page, { role: "farmer" });
  await page.goto("/sell/farm");
  await page.getByLabel("Tên trang trại / cơ sở").fill(`Vườn ${"Đàlạtxanhmướt".repeat(6)}`);
  await page.getByLabel("Câu chuyện").fill(`Câu chuyện: ${word} và vườn rau.`);
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Tỉnh Lâm Đồng" });
  await page.getByRole("button", { name: "Hiện danh sách xã / phường" }).click();
  await page.getByLabel("Xã / phường").selectOption({ label: "Phường Lâm Viên - Đà Lạt" });
  await page.getByLabel("Thôn, xóm, số nhà").fill("Tổ".repeat(60));
  await page.getByLabel("Địa chỉ trang (không bắt buộc)").fill(slug);
  await page.getByRole("button", { name: "Lưu trang trại" }).click();
  await expect(page).toHaveURL(/\/sell\/listings\/new$/);

  await page.goto(`/farms/${slug}`);
  await expect(page.locator(".story")).toContainText(word.slice(0, 40));
  await fitsTheScreen(page);
});

test("search on a phone shows results first, the filters folded under their summary, and opens them on a tap", async ({ page }) => {
  await page.goto("/search?q=rau&stock=1&province=68");
  const firstCard = page.locator(".listing-card").first();
  await expect(firstCard).toBeVisible();
  expect((await firstCard.boundingBox())!.y).toBeLessThan(740);
  await fitsTheScreen(page);

  const filters = page.getByRole("complementary", { name: "Bộ lọc" });
  const summary = filters.locator("summary");
  await expect(summary).toHaveText(/Bộ lọc \(2\)/);
  await expect(filters.getByLabel("Chứng nhận")).toBeHidden();
  await summary.click();
  await expect(filters.getByLabel("Chứng nhận")).toBeVisible();
  await filters.getByLabel("Chứng nhận").selectOption("vietgap");
  await filters.getByRole("button", { name: "Áp dụng" }).click();
  await expect(page).toHaveURL(/cert=vietgap/);
  await expect(page).toHaveURL(/province=68/);
  await expect(page.locator("details.filters-panel summary")).toHaveText(/Bộ lọc \(3\)/);
});

test("on a wide screen the filters stay open beside the results", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/search?q=rau");
  await expect(page.getByRole("complementary", { name: "Bộ lọc" }).getByLabel("Chứng nhận")).toBeVisible();
});

test("demo listings show pictures, a different one for each kind of produce", async ({ page, request }) => {
  const pictures = new Map<string, string>();
  for (const category of ["ca", "thit-lon", "rau-la", "gao-te", "trung"]) {
    await page.goto(`/search?category=${category}`);
    const src = await page.locator(".listing-card img").first().getAttribute("src");
    expect(src, category).toMatch(/^\/media\/photos\/.+-sm\.webp$/);
    const response = await request.get(src!);
    expect(response.headers()["content-type"]).toBe("image/webp");
    pictures.set(category, (await response.body()).toString("base64"));
  }
  expect(new Set(pictures.values()).size).toBe(pictures.size);
});

test("the demo buyer's completed cash order reads paid, the cash collected at delivery", async ({ page }) => {
  await logIn(page, "0912345678");
  await page.goto("/orders");
  const cash = page.locator("tbody tr").filter({ hasText: "Trả tiền khi nhận hàng" }).filter({ hasText: "Hoàn tất" });
  await expect(cash).toHaveCount(1);
  await expect(cash).toContainText("Trả tiền khi nhận hàng · Đã thanh toán");
  await cash.getByRole("link").first().click();
  await expect(page.locator(".timeline")).toContainText("Đã thu tiền mặt khi giao hàng");
});
