/**
 * A company account end to end (issue 12), with JavaScript on and off: the
 * owner creates the company, invites a member by phone, the member accepts
 * the link, buys for the company with a PO number at checkout, and both see
 * the order in the company's order history; the owner downloads it as CSV.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { addFirstHit, fillDeliveryAddress, signUp } from "./helpers";

let taxCounter = 0;
/** A valid tax code (MST) unique to this run: nine digits and their check digit (decision 029). */
function freshTaxCode(): string {
  for (;;) {
    taxCounter += 1;
    const nine = `01${String(Date.now() % 100_000).padStart(5, "0")}${String(taxCounter).padStart(2, "0")}`;
    const sum = [31, 29, 23, 19, 17, 13, 7, 5, 3].reduce((total, w, i) => total + w * Number(nine[i]), 0);
    if (10 - (sum % 11) < 10) return `${nine}${10 - (sum % 11)}`;
  }
}

async function companyFlow(page: Page, browser: Browser, javaScript: boolean) {
  const company = `Bếp ăn Thử ${Date.now() % 100_000}`;
  await signUp(page, { role: "business", name: "Trần Văn Chủ" });
  await page.goto("/business");
  await page.getByLabel("Tên công ty").fill(company);
  // A wrong check digit first: refused beside the field (on leaving it with JavaScript, by the server
  // without), what was typed kept.
  await page.getByLabel("Mã số thuế").fill("0100109107");
  await page.getByLabel("Địa chỉ xuất hóa đơn").fill("Ngõ 4 Kim Liên, Hà Nội");
  await page.getByLabel("Email nhận hóa đơn").fill("ketoan@thu.vn");
  if (javaScript) await page.getByLabel("Mã số thuế").blur();
  else await page.getByRole("button", { name: "Tạo tài khoản công ty" }).click();
  await expect(page.getByText("Mã số thuế không đúng").first()).toBeVisible();
  await expect(page.getByLabel("Tên công ty")).toHaveValue(company);
  await page.getByLabel("Mã số thuế").fill(freshTaxCode());
  await page.getByRole("button", { name: "Tạo tài khoản công ty" }).click();
  await expect(page).toHaveURL(/\/business\/\d+\?created=1$/);
  const companyPath = new URL(page.url()).pathname;

  const memberContext = await browser.newContext({ javaScriptEnabled: javaScript });
  const member = await memberContext.newPage();
  const { phone } = await signUp(member, { role: "consumer", name: "Lê Thị Mua" });

  await page.getByLabel("Số điện thoại hoặc email người được mời").fill(phone);
  await page.getByLabel("Vai trò", { exact: true }).selectOption({ label: "Người mua" });
  await page.getByRole("button", { name: "Tạo lời mời" }).click();
  const link = await page.getByLabel("Đường dẫn mời").inputValue();
  expect(link).toMatch(/\/business\/join\/[\w-]{43}$/);

  await member.goto(new URL(link).pathname);
  await expect(member.getByRole("heading", { name: `Tham gia ${company}` })).toBeVisible();
  await member.getByRole("button", { name: "Tham gia", exact: true }).click();
  await expect(member).toHaveURL(new RegExp(`${companyPath}$`));
  await expect(member.getByText("Lê Thị Mua · Người mua")).toBeVisible();
  // A buyer is shown no owner's forms.
  await expect(member.getByRole("button", { name: "Tạo lời mời" })).toHaveCount(0);

  const { farm } = await addFirstHit(member, "gao st25");
  await member.goto("/checkout");
  await fillDeliveryAddress(member, { recipient: "Lê Thị Mua", phone, street: "Ngõ 4 Kim Liên" }, { javaScript });
  await member.getByLabel("Mua cho", { exact: true }).selectOption({ label: `Mua cho: ${company}` });
  await member.getByLabel("Số đơn đặt hàng (PO)").fill("PO-2026/017");
  await member.getByLabel("Trả tiền khi nhận hàng").check();
  await member.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
  await expect(member).toHaveURL(/\/orders\/\d+\?placed=1/);
  await expect(member.getByText("Số đơn đặt hàng (PO): PO-2026/017")).toBeVisible();

  for (const viewer of [page, member]) {
    await viewer.goto(`${companyPath}/orders`);
    const row = viewer.getByRole("row", { name: /PO-2026\/017/ });
    await expect(row).toContainText(farm);
    await expect(row).toContainText("Lê Thị Mua");
  }
  // The download link gives the file, not the page (a resource route).
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải về tệp CSV (mở bằng Excel)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^don-hang-cong-ty-\d+\.csv$/);
  const lines = (await readFile((await download.path())!, "utf8")).split("\r\n");
  expect(lines[0]).toBe("\uFEFFMã đơn,Số PO,Nhà vườn,Trạng thái,Tổng tiền (đồng),Người đặt,Ngày đặt");
  expect(lines[1]).toMatch(/^NSS-[\w-]+,PO-2026\/017,.+,\d+,Lê Thị Mua,\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  expect(lines[1]).toContain(farm);
  expect(lines.slice(2)).toEqual([""]);
  await memberContext.close();
}

test("a company's owner invites a buyer by phone, who buys for the company with a PO number; both see the order", async ({ page, browser }) => {
  await companyFlow(page, browser, true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same with plain forms", async ({ page, browser }) => {
    await companyFlow(page, browser, false);
  });
});
