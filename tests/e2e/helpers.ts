/** Steps the browser tests share: signing up and setting up a farm through the real pages. */
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { lastCodeFromImitation } from "../handlers/esms-edge";

export const FIXTURES = path.resolve("tests/.tmp/fixtures");
export const fixture = (name: string) => path.join(FIXTURES, name);

/**
 * The one-time code the app last texted to `phone` (0912 345 678, 0912345678
 * or 84912345678), as eSMS received it: the server under test sends through
 * the real eSMS adapter to the imitation at /__esms (playwright.config.ts,
 * SMS_FAKE). Waits up to 5 s; with `after`, for a message sent after it
 * (e.g. a re-sent code).
 */
export function lastCodeSentTo(phone: string, options: { after?: Date } = {}): Promise<string> {
  return lastCodeFromImitation(`http://localhost:${Number(process.env.E2E_PORT ?? 3100)}`, phone, options);
}

let counter = 0;
/** A phone number unique to this run: 09 + 8 digits. */
export function uniquePhone(): string {
  counter += 1;
  const tail = `${Date.now() % 1_000_000}`.padStart(6, "0") + String(counter % 100).padStart(2, "0");
  return `09${tail}`;
}

/**
 * Makes the page's context a client of its own: the server trusts a proxy on
 * loopback (TRUST_PROXY), so it takes the address from X-Forwarded-For. Each
 * test that signs up is then one more visitor rather than the 50th signup
 * from 127.0.0.1 (limited to 10 an hour). Addresses from 198.18.0.0/15.
 */
export async function asNewClient(page: Page): Promise<string> {
  const n = Math.floor(Math.random() * 2 ** 17);
  const address = `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
  await page.context().setExtraHTTPHeaders({ "x-forwarded-for": address });
  return address;
}

export async function signUp(page: Page, options: { role?: "farmer" | "consumer" | "business"; name?: string } = {}) {
  await asNewClient(page);
  const phone = uniquePhone();
  const password = "matkhau-bi-mat";
  await page.goto("/signup");
  await page.getByLabel("Số điện thoại hoặc email").fill(phone);
  await page.getByLabel("Họ tên hoặc tên cơ sở").fill(options.name ?? "Nguyễn Thị Lan");
  await page.getByLabel("Mật khẩu").fill(password);
  const roleName = { farmer: /Nhà vườn/, consumer: /Người mua/, business: /Doanh nghiệp/ }[options.role ?? "farmer"];
  await page.getByRole("radio", { name: roleName }).check();
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page).not.toHaveURL(/\/signup/);
  return { phone, password };
}

/** Creates the signed-in farmer's farm in Lâm Đồng, Phường Lâm Viên - Đà Lạt. */
export async function createFarm(page: Page, name: string, options: { javaScript: boolean }) {
  await page.goto("/sell/farm");
  await page.getByLabel("Tên trang trại / cơ sở").fill(name);
  await page.getByLabel("Câu chuyện").fill("Gia đình tôi trồng rau và cà chua theo VietGAP trên đồi Lâm Viên.");
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Tỉnh Lâm Đồng" });
  if (!options.javaScript) {
    await page.getByRole("button", { name: "Hiện danh sách xã / phường" }).click();
    await expect(page.getByLabel("Tên trang trại / cơ sở")).toHaveValue(name);
  }
  await page.getByLabel("Xã / phường").selectOption({ label: "Phường Lâm Viên - Đà Lạt" });
  await page.getByLabel("Thôn, xóm, số nhà").fill("Tổ 5");
  await page.getByRole("button", { name: "Lưu trang trại" }).click();
  await expect(page).toHaveURL(/\/sell\/listings\/new$/);
}

/**
 * Opens the header's menu where it is folded (a phone-sized window, as in these tests): the
 * account's links, the logout and language buttons live in it (docs/decisions/021-phone-layout.md).
 */
export async function openSiteMenu(page: Page) {
  const menu = page.locator("details.site-menu");
  if ((await menu.count()) === 0) return;
  const summary = menu.locator("> summary");
  const folded = await menu.evaluate((details) => !(details as HTMLDetailsElement).open);
  if (folded && (await summary.isVisible())) {
    await summary.click();
    await expect(menu).toHaveAttribute("open", "");
  }
}

/** Logs in a demo account (password nongsan123). */
export async function logIn(page: Page, identifier: string) {
  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill(identifier);
  await page.getByLabel("Mật khẩu").fill("nongsan123");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await openSiteMenu(page);
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
}

/**
 * Adds the first in-stock search hit for a query (from a farm other than
 * `farmNot`) at its minimum quantity; returns its farm and its page's path.
 */
export async function addFirstHit(page: Page, query: string, farmNot?: string, farmIn?: readonly string[]): Promise<{ farm: string; path: string }> {
  await page.goto(`/search?q=${encodeURIComponent(query)}&stock=1`);
  const cards = page.locator(".listing-card");
  const count = await cards.count();
  for (let i = 0; i < count; i++) {
    const farm = (await cards.nth(i).locator(".meta a").textContent()) ?? "";
    if (farmNot && farm === farmNot) continue;
    // Only farms the test knows (e.g. the demo farms, whose logins it has): other specs make farms of their own.
    if (farmIn && !farmIn.includes(farm)) continue;
    await cards.nth(i).locator("h3").click();
    const path = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
    await expect(page.getByText("Đã thêm vào giỏ.")).toBeVisible();
    return { farm, path };
  }
  throw new Error(`no hit for ${query}`);
}

/** Fills the checkout's delivery address in Hà Nội (without JavaScript, the communes come by a button). */
export async function fillDeliveryAddress(page: Page, address: { recipient: string; phone: string; street: string }, options: { javaScript: boolean }) {
  await page.getByLabel("Người nhận").fill(address.recipient);
  await page.getByLabel("Số điện thoại").fill(address.phone);
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Thành phố Hà Nội" });
  if (!options.javaScript) await page.getByRole("button", { name: "Hiện danh sách xã / phường" }).click();
  await page.getByLabel("Xã / phường").selectOption({ label: "Phường Ba Đình" });
  await page.getByLabel("Số nhà, đường, thôn xóm").fill(address.street);
}
