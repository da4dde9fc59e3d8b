/**
 * Standing orders (issue 12, decision 032), with JavaScript on and off: a
 * buyer makes an order a weekly standing order, skips the coming week,
 * pauses and resumes it; the daily job (its model function, run here on the
 * test's database with a clock a week ahead) makes the next week's order;
 * the farm sees the standing order and confirms that week by accepting its
 * order, and the buyer's page shows it accepted.
 */
import { expect, test } from "@playwright/test";
import { DEMO_FARMS } from "../../db/data/demo";
import { addFirstHit, asNewClient, fillDeliveryAddress, logIn, signUp } from "./helpers";

const DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${Number(process.env.E2E_PG_PORT ?? 54400)}/postgres`;
const DAY = 86_400_000;
const WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"];

/** The job's model function, on the e2e database (the server's own pool is another process). */
async function runTheJob(now: Date) {
  process.env.DATABASE_URL = DATABASE_URL;
  const { runStandingOrders } = await import("../../app/models/standing.server");
  return runStandingOrders(now);
}

test.afterAll(async () => {
  const { closeDb } = await import("../../db/client");
  await closeDb();
});

for (const javaScript of [true, false]) {
  test.describe(`JavaScript ${javaScript ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a buyer repeats an order weekly, skips a week; the job makes the next; the farm accepts it", async ({ page, browser }) => {
      test.setTimeout(120_000);
      // Delivery two days from now (Vietnam): the coming week is within the job's lead time.
      const first = new Date(Date.now() + 7 * 3600_000 + 2 * DAY);
      const weekday = WEEKDAYS[(first.getUTCDay() + 6) % 7];

      await signUp(page, { role: "consumer", name: "Phạm Thu Hà" });
      const { farm } = await addFirstHit(page, javaScript ? "ca chua bi" : "gao st25");
      await page.goto("/checkout");
      await fillDeliveryAddress(page, { recipient: "Phạm Thu Hà", phone: "0912345678", street: "12 Phố Đội Cấn" }, { javaScript });
      await page.getByLabel("Trả tiền khi nhận hàng").check();
      await page.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
      await expect(page).toHaveURL(/\/orders\/\d+\?placed=1/);

      // "Repeat every week" on the order page.
      const repeat = page.getByRole("form", { name: "Lặp lại mỗi tuần" });
      await repeat.getByLabel("Giao vào").selectOption({ label: weekday });
      await repeat.getByLabel("Thanh toán").selectOption({ label: "Trả tiền khi nhận hàng" });
      await repeat.getByRole("button", { name: "Đặt định kỳ mỗi tuần" }).click();
      await expect(page).toHaveURL(/\/standing\/\d+$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Mỗi ${weekday} — ${farm}`);
      const standingPath = new URL(page.url()).pathname;

      // Skip the coming week; pause, then resume.
      const weeks = page.locator(".standing-weeks > li");
      await expect(weeks.first()).toContainText("Sắp tới");
      await weeks.first().getByRole("button", { name: /^Bỏ qua tuần này/ }).click();
      await expect(page.getByText("Đã lưu.")).toBeVisible();
      await expect(weeks.first()).toContainText("Bỏ qua");
      await expect(weeks.first().getByRole("button")).toHaveCount(0);
      await page.getByRole("button", { name: "Tạm dừng" }).click();
      await expect(page.locator(".state").first()).toHaveText("Tạm dừng");
      await page.getByRole("button", { name: "Tiếp tục" }).click();
      await expect(page.locator(".state").first()).toHaveText("Đang chạy");

      // The job: nothing this week (skipped); a week later, the next week's order, once however often it runs.
      await runTheJob(new Date());
      await runTheJob(new Date(Date.now() + 7 * DAY));
      await runTheJob(new Date(Date.now() + 7 * DAY));
      await page.goto(standingPath);
      await expect(weeks.nth(0)).toContainText("Bỏ qua");
      await expect(weeks.nth(1)).toContainText("Đã tạo đơn");
      await expect(page.locator(".standing-weeks").getByRole("link", { name: /^Đơn NSS-/ })).toHaveCount(1);
      const orderLink = weeks.nth(1).getByRole("link", { name: /^Đơn NSS-/ });
      const number = ((await orderLink.textContent()) ?? "").replace(/^Đơn /, "");

      // The farm sees the standing order and confirms the week by accepting its order.
      const farmer = await browser.newPage({ javaScriptEnabled: javaScript });
      await asNewClient(farmer);
      await logIn(farmer, DEMO_FARMS.find((f) => f.name === farm)!.phone);
      await farmer.goto("/sell/orders");
      await expect(farmer.getByRole("region", { name: "Đơn định kỳ của khách" }).getByRole("link", { name: new RegExp(`Mỗi ${weekday}`) }).first()).toBeVisible();
      await farmer.getByRole("link", { name: number }).click();
      await farmer.getByRole("button", { name: "Nhận đơn" }).click();
      await expect(farmer.locator(".state").first()).toHaveText("Đã nhận đơn");
      // The farm may see the buyer's page but not act on it.
      await farmer.goto(standingPath);
      await expect(farmer.getByRole("button", { name: "Tạm dừng" })).toHaveCount(0);
      await farmer.close();

      await page.reload();
      await expect(weeks.nth(1)).toContainText("Đã nhận đơn");
    });
  });
}

test("another buyer's standing order is not found, and their forms change nothing", async ({ page, browser }) => {
  await signUp(page, { role: "consumer", name: "Người mua khác" });
  const other = await browser.newPage();
  await asNewClient(other);
  await logIn(other, "bep@truonghoc.vn");
  await other.goto("/standing");
  const path = await other.locator('a[href^="/standing/"]').first().getAttribute("href");
  await other.goto(path!);
  const before = await other.locator("main").textContent();
  const version = await other.locator('input[name="version"]').first().inputValue();
  await other.close();

  expect((await page.goto(path!))?.status()).toBe(404);
  for (const intent of ["pause", "end", "skip"]) {
    const answer = await page.request.post(path!, { form: { intent, version, confirm: "1", date: "2030-01-07" }, headers: { Origin: new URL(page.url()).origin } });
    expect(answer.status(), intent).toBe(404);
  }
  const owner = await browser.newPage();
  await asNewClient(owner);
  await logIn(owner, "bep@truonghoc.vn");
  await owner.goto(path!);
  expect(await owner.locator("main").textContent()).toBe(before);
  await owner.close();
});
