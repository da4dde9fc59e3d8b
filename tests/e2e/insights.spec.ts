/**
 * The adoption dashboard (issue 13 §5), with JavaScript on and off: the
 * administrator opens the country's figures (server-drawn charts, tables, an
 * "as of" time), drills down to Hưng Yên and to the commune of Vũ Thư, and
 * downloads a table as CSV (UTF-8 with a byte-order mark, naming the place).
 * The demo's Hưng Yên analyst follows the header's link to their province and gets 404 on
 * another province's pages and files.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { asNewClient, logIn, openSiteMenu } from "./helpers";

async function adminDrillsDown(page: Page) {
  await asNewClient(page);
  await logIn(page, "admin@nongsanso.vn");
  await page.goto("/ops/insights");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Số liệu chuyển đổi số nông nghiệp: Cả nước");
  await expect(page.getByText(/^Số liệu tính đến \d/)).toBeVisible();
  // The charts are images with a title and a summary, in the HTML itself.
  await expect(page.getByRole("img", { name: /Số hộ sản xuất đăng ký/ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Doanh số theo tuần (đồng)" })).toBeVisible();
  // Every province is a row of the table.
  await expect(page.getByRole("region", { name: "Theo tỉnh" }).getByRole("row")).toHaveCount(35);

  await page.getByRole("link", { name: "Tỉnh Hưng Yên", exact: true }).click();
  await expect(page).toHaveURL(/\/ops\/insights\/33$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Số liệu chuyển đổi số nông nghiệp: Tỉnh Hưng Yên");
  const helped = page.locator(".key-figures > div", { hasText: "Hộ được tổ hỗ trợ" }).locator("dd");
  await expect(helped).toHaveText(/^\d+$/);
  expect(Number(await helped.textContent())).toBeGreaterThan(0);

  await page.getByRole("link", { name: "Xã Vũ Thư", exact: true }).click();
  await expect(page).toHaveURL(/\/ops\/insights\/33\/13192$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Số liệu chuyển đổi số nông nghiệp: Xã Vũ Thư, Tỉnh Hưng Yên");
  await expect(page.getByRole("region", { name: "Theo tuần" }).getByRole("row")).toHaveCount(27);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải về bảng này (CSV, mở bằng Excel)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("so-lieu-xa-vu-thu-tinh-hung-yen-theo-tuan.csv");
  const text = await readFile((await download.path())!, "utf8");
  expect(text.startsWith("\uFEFFĐịa bàn,Tuần,Từ thứ Hai,Hộ mới đăng ký,Đơn hàng,Doanh số (đồng)")).toBe(true);
  const lines = text.trim().split("\r\n");
  expect(lines).toHaveLength(27);
  expect(lines[1]).toMatch(/^"Xã Vũ Thư, Tỉnh Hưng Yên",\d{4}-W\d{2},\d{4}-\d{2}-\d{2},\d+,\d+,\d+,\d+,\d+$/);
}

async function analystStaysInTheirProvince(page: Page) {
  await asNewClient(page);
  await logIn(page, "thongke.hungyen@nongsanso.vn");
  // The header's "Vận hành" link leads the analyst to their province (through /ops and /ops/insights).
  await page.goto("/");
  await openSiteMenu(page);
  await page.getByRole("link", { name: "Vận hành", exact: true }).click();
  await expect(page).toHaveURL(/\/ops\/insights\/33$/);
  await page.goto("/ops/insights");
  await expect(page).toHaveURL(/\/ops\/insights\/33$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tỉnh Hưng Yên");
  const own = await page.request.get("/ops/insights/33/csv?table=areas");
  expect(own.status()).toBe(200);
  expect(await own.text()).toContain("Tỉnh Hưng Yên,Xã Vũ Thư,13192,");
  for (const path of ["/ops/insights/01", "/ops/insights/01/00004", "/ops/insights/33/00004"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  for (const path of ["/ops/insights/csv?table=areas", "/ops/insights/01/csv?table=areas", "/ops/insights/01/csv?table=weeks", "/ops/insights/01/00004/csv?table=weeks"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).not.toContain("Phường Ba Đình");
  }
}

test("the administrator drills down from the country to a commune and downloads its weeks as CSV", async ({ page }) => {
  // The charts are drawn on the server; the browser must draw the same (no hydration mismatch).
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await adminDrillsDown(page);
  expect(errors).toEqual([]);
});

test("a province's analyst is sent to their province and gets 404 on another's pages and CSV", async ({ page }) => {
  await analystStaysInTheirProvince(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the administrator drills down and downloads, with plain links", async ({ page }) => {
    await adminDrillsDown(page);
  });
  test("the analyst's 404s, the same", async ({ page }) => {
    await analystStaysInTheirProvince(page);
  });
});
