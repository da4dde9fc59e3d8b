/**
 * Reviews (issue 14, decision 040), with JavaScript on and off: a buyer
 * orders from a demo farm, the farm delivers it, the buyer confirms it
 * received and reviews it (a refused first try keeps what was typed; a
 * photo goes with it); the farm replies once; the average shows on the farm
 * page and on the listing's card in search ("best rated", at least 4 stars).
 * With JavaScript, the review is reported and a moderator hides it: it
 * leaves the farm page and its average.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_FARMS } from "../../db/data/demo";
import { addFirstHit, asNewClient, fillDeliveryAddress, fixture, logIn, signUp } from "./helpers";

// Whole journeys of three or four people: longer than the default minute on a busy machine.
test.setTimeout(150_000);

async function farmerPage(browser: Browser, javaScript: boolean, phone: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width: 412, height: 915 }, locale: "vi-VN" });
  const page = await context.newPage();
  await asNewClient(page);
  await logIn(page, phone);
  return page;
}

async function reviewJourney(page: Page, browser: Browser, javaScript: boolean, query: string) {
  await signUp(page, { role: "consumer", name: javaScript ? "Trần Thu Hương" : "Lê Văn Nam" });
  const { farm } = await addFirstHit(page, query, undefined, DEMO_FARMS.map((f) => f.name));
  // On the listing's page now (added to the cart): its id.
  const id = /\/listings\/(\d+)\//.exec(new URL(page.url()).pathname)?.[1];
  expect(id).toBeTruthy();
  const listingTitle = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
  await page.goto("/checkout");
  await fillDeliveryAddress(page, { recipient: "Trần Thu Hương", phone: "0912 345 678", street: "8 Phố Huế" }, { javaScript });
  await page.getByLabel("Trả tiền khi nhận hàng").check();
  await page.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
  // One order: its page straight away.
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1$/);
  const orderUrl = page.url().replace(/\?.*$/, "");
  // Not completed yet: the review page says why, and offers no form.
  await page.goto(`${orderUrl}/review`);
  await expect(page.getByRole("alert")).toContainText("Chỉ đánh giá được khi đơn đã hoàn tất");
  await expect(page.getByRole("button", { name: "Gửi đánh giá" })).toHaveCount(0);

  // The farm delivers it.
  const phone = DEMO_FARMS.find((f) => f.name === farm)!.phone;
  const farmer = await farmerPage(browser, javaScript, phone);
  await farmer.goto(orderUrl);
  // Each move waits for the order to reach its status. With JavaScript, SubmitButton drops a submit of the same
  // form less than 0.8 s after the last one (a double tap): a robot's next click comes sooner, so it clicks again.
  for (const [move, status] of [["Nhận đơn", "Đã nhận đơn"], ["Đã đóng gói", "Đã đóng gói"], ["Đã gửi hàng", "Đang giao"], ["Đã giao hàng", "Đã giao"]]) {
    await expect(async () => {
      const button = farmer.getByRole("button", { name: move });
      if (await button.count()) await button.click({ timeout: 2000 });
      await expect(farmer.locator(".state").first()).toHaveText(status, { timeout: 2000 });
    }).toPass({ timeout: 20_000 });
  }

  // The buyer confirms it received, then reviews it.
  await page.goto(orderUrl);
  await page.getByRole("button", { name: "Đã nhận được hàng" }).click();
  await page.getByRole("link", { name: "Đánh giá đơn hàng" }).click();
  await expect(page).toHaveURL(/\/orders\/\d+\/review$/);
  const body = `Giao nhanh, hàng tươi ngon (${javaScript ? "có" : "không"} JavaScript).`;
  await page.getByLabel("Nhận xét").fill(body);
  await page.getByLabel("Ảnh (không bắt buộc)").setInputFiles(fixture("ca-chua.jpg"));
  // No stars: refused beside the field, the words kept, the photo kept.
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Chọn số sao từ 1 đến 5." })).toBeVisible();
  await expect(page.getByLabel("Nhận xét")).toHaveValue(body);
  await expect(page.getByText("Đã giữ 1 ảnh bạn tải lên.")).toBeVisible();
  await page.getByLabel("Số sao cho nhà vườn").selectOption({ label: "5 sao" });
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByRole("status")).toContainText("Cảm ơn bạn! Đánh giá đã được đăng.");
  await expect(page.getByText(body)).toBeVisible();
  await expect(page.locator(".review-photos img")).toHaveCount(1);
  // Once: the form is gone, and posting again is refused.
  await expect(page.getByRole("button", { name: "Gửi đánh giá" })).toHaveCount(0);
  const again = await page.request.post(`${orderUrl}/review`, { form: { stars: "1", body: "lần hai" } });
  expect(again.status()).toBe(409);

  // The farm replies, once.
  await farmer.goto("/sell/reviews");
  const mine = farmer.locator(".review").filter({ hasText: body });
  await mine.getByRole("button", { name: "Gửi trả lời" }).click();
  await expect(farmer.getByRole("alert").filter({ hasText: "Nhập câu trả lời." })).toBeVisible();
  const reply = "Cảm ơn anh chị đã ủng hộ vườn!";
  await farmer.locator(".review").filter({ hasText: body }).getByLabel("Trả lời (chỉ một lần)").fill(reply);
  await farmer.locator(".review").filter({ hasText: body }).getByRole("button", { name: "Gửi trả lời" }).click();
  await expect(farmer.getByRole("status")).toContainText("Đã gửi câu trả lời.");
  await expect(farmer.locator(".review").filter({ hasText: body }).getByRole("button", { name: "Gửi trả lời" })).toHaveCount(0);
  await farmer.context().close();

  // The buyer reads the reply; the farm page shows the review and its average.
  await page.reload();
  await expect(page.getByText(reply)).toBeVisible();
  const farmLink = page.getByRole("link", { name: farm }).first();
  await farmLink.click();
  await expect(page.locator(".farm-rating")).toContainText(/\d\.\d \(\d+ đánh giá\)/);
  await expect(page.locator(".review").filter({ hasText: body })).toContainText(reply);
  const farmPath = new URL(page.url()).pathname;
  expect(farmPath).toMatch(/^\/farms\//);

  // The listing's card in search, best rated first with at least 4 stars (through the outbox: a moment).
  await expect(async () => {
    await page.goto(`/search?q=${encodeURIComponent(listingTitle)}&sort=best_rated&rating=4`);
    await expect(page.locator(`.listing-card:has(a[href^="/listings/${id}/"]) .rating`)).toContainText(/5\.0 \(1 đánh giá\)/, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByLabel("Đánh giá tối thiểu")).toHaveValue("4");
  return { body, farmPath };
}

test("a buyer reviews a completed order, the farm replies, the average shows; a reported review is hidden by a moderator", async ({ page, browser }) => {
  const { body, farmPath } = await reviewJourney(page, browser, true, "xoai cat hoa loc");

  // Another buyer reports it; a moderator hides it with a reason.
  await page.context().clearCookies();
  await signUp(page, { role: "consumer", name: "Người báo cáo" });
  await page.goto(farmPath);
  await page.locator(".review").filter({ hasText: body }).getByRole("link", { name: "Báo cáo đánh giá này" }).click();
  await page.getByLabel("Lý do").selectOption({ label: "Nội dung xúc phạm" });
  await page.getByRole("button", { name: "Gửi báo cáo" }).click();
  await expect(page.getByRole("status")).toBeVisible();

  await page.context().clearCookies();
  await asNewClient(page);
  await logIn(page, "moderator@nongsanso.vn");
  await page.goto("/ops/reports");
  const item = page.locator(".moderation-item").filter({ hasText: body });
  await item.getByLabel("Lý do ẩn").fill("Đánh giá thử nghiệm, không phải trải nghiệm thật");
  await item.getByRole("button", { name: "Ẩn đánh giá" }).click();
  await expect(page.getByRole("status")).toContainText("Đã ẩn đánh giá.");
  await page.goto(farmPath);
  await expect(page.getByText(body)).toHaveCount(0);
  // It was the farm's only review: no average is left.
  await expect(page.locator(".farm-rating .rating")).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same review and reply work with plain forms", async ({ page, browser }) => {
    await reviewJourney(page, browser, false, "gao st25");
  });
});
