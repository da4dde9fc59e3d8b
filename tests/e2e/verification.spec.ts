/**
 * Farm verification (issue 13, decision 036), with JavaScript on and off:
 * a farmer lists produce and sends the farm's household registration with
 * a photo of the paper (a first try without the photo is refused beside the
 * field, what was typed kept); a moderator finds it in the queue, a
 * rejection without a reason is refused, then approves it; the farm page,
 * the listing page and the search card show the verified badge, and the
 * "verified farms" filter finds the listing within a few seconds.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { asNewClient, createFarm, fixture, logIn, signUp } from "./helpers";

async function verificationFlow(page: Page, browser: Browser, javaScript: boolean) {
  const suffix = `${javaScript ? "JS" : "không JS"} ${Date.now() % 100000}`;
  const farmName = `Vườn xác minh ${suffix}`;
  const title = `Su su Tam Đảo xác minh ${suffix}`;
  const number = `XN-${Date.now() % 1000000}`;
  await signUp(page, { role: "farmer" });
  await createFarm(page, farmName, { javaScript });
  await page.getByLabel("Tên sản phẩm").fill(title);
  await page.getByLabel("Danh mục").selectOption({ label: "Rau ăn quả" });
  await page.getByLabel("Giá (đồng)", { exact: true }).fill("20.000");
  await page.getByLabel("Số lượng có bán").fill("100");
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page).toHaveURL(/\/sell\/listings\?saved=\d+/);

  // The farm's papers, from the seller's home.
  await page.goto("/sell");
  await page.getByRole("link", { name: "Chưa xác minh" }).click();
  await expect(page).toHaveURL(/\/sell\/verification$/);
  await page.getByLabel("Loại giấy tờ").selectOption({ label: "Giấy xác nhận hộ sản xuất" });
  await page.getByLabel("Số giấy tờ").fill(number);
  await page.getByLabel("Nơi cấp").fill("UBND phường Lâm Viên");
  await page.getByLabel("Ngày cấp").fill("2024-05-20");
  // No photo: refused beside the photo field, what was typed kept.
  await page.getByRole("button", { name: "Gửi giấy tờ" }).click();
  await expect(page.getByText("Chụp ảnh giấy tờ và tải lên cùng biểu mẫu.").first()).toBeVisible();
  await expect(page.getByLabel("Số giấy tờ")).toHaveValue(number);
  await page.getByLabel("Ảnh chụp giấy tờ").setInputFiles(fixture("ca-chua.jpg"));
  // Sent again at once: the server's answer ended SubmitButton's guard against a double tap.
  await page.getByRole("button", { name: "Gửi giấy tờ" }).click();
  await expect(page.getByText("Đã gửi giấy tờ.")).toBeVisible();
  await expect(page.locator(".farm-standing")).toContainText("Đang chờ xác minh");
  const paper = page.locator(".document-list > li", { hasText: number });
  await expect(paper).toContainText("Đang chờ duyệt");

  // The moderator, in a browser of their own.
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const moderator = await context.newPage();
  await asNewClient(moderator);
  await logIn(moderator, "moderator@nongsanso.vn");
  await moderator.goto("/ops/verification");
  const item = moderator.locator(".queue-item", { hasText: farmName });
  await expect(item).toContainText("Phường Lâm Viên - Đà Lạt");
  await expect(item.locator("img")).toHaveAttribute("src", /-sm\.webp$/);
  await item.getByRole("button", { name: `Từ chối giấy tờ số ${number} của ${farmName}` }).click();
  await expect(moderator.locator(".queue-item", { hasText: farmName }).getByText("Nhập lý do từ chối: nhà vườn sẽ đọc lý do này.")).toBeVisible();
  await moderator.locator(".queue-item", { hasText: farmName }).getByRole("button", { name: `Duyệt giấy tờ số ${number} của ${farmName}` }).click();
  // The queue page reloads after the move; on a loaded machine that can take a while.
  await expect(moderator.getByText("Đã duyệt giấy tờ.")).toBeVisible({ timeout: 20_000 });
  await expect(moderator.locator(".queue-item", { hasText: farmName })).toHaveCount(0);
  await context.close();

  // The farm sees it approved; its pages carry the badge.
  await page.goto("/sell/verification");
  await expect(paper).toContainText("Đã duyệt");
  await expect(page.locator(".farm-standing")).toContainText("Đã xác minh");
  await page.goto("/sell/listings");
  await page.getByRole("link", { name: title }).click();
  await expect(page.locator(".badge-verified")).toBeVisible();
  await page.getByRole("link", { name: farmName }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(farmName);
  await expect(page.locator(".badge-verified").first()).toBeVisible();

  // Search follows through the outbox within seconds: the card's badge, and the filter.
  await expect(async () => {
    await page.goto(`/search?q=${encodeURIComponent(title)}&verified=1`);
    const card = page.locator(".listing-card", { hasText: title });
    await expect(card).toHaveCount(1);
    await expect(card.locator(".badge-verified")).toBeVisible();
  }).toPass({ timeout: 5000 });
  await expect(page.getByRole("link", { name: "Chỉ trang trại đã xác minh ✕" })).toBeVisible();
}

test("a farm sends its paper, a moderator approves it, the badge shows", async ({ page, browser }) => {
  await verificationFlow(page, browser, true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same with plain forms", async ({ page, browser }) => {
    await verificationFlow(page, browser, false);
  });
});
