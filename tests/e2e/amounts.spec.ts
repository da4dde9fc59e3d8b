/**
 * The listing form takes amounts the ways farmers write them and says what it
 * understood; it suggests the category from the title; required fields are
 * marked. With JavaScript (echo as they type, one-tap category) and without
 * (the server chooses the category and echoes the amount on the returned form).
 */
import { expect, test } from "@playwright/test";
import { asNewClient, logIn } from "./helpers";

test("with JavaScript: the price is echoed as typed and the title's category is one tap away", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0987654321");
  await page.goto("/sell/listings/new");
  await expect(page.getByText("Mục có dấu * là bắt buộc.")).toBeVisible();
  const star = (label: string) =>
    page.locator(".field", { hasText: label }).first().locator(".field-label").evaluate((el) => getComputedStyle(el, "::after").content);
  expect(await star("Tên sản phẩm")).toContain("*");
  expect(await star("Giống")).toBe("none"); // optional: no star

  const title = `Cà chua bi Đà Lạt ${Date.now() % 10000}`;
  await page.getByLabel("Tên sản phẩm").fill(title);
  const use = page.getByRole("button", { name: "Dùng: Rau ăn quả" });
  await use.click();
  await expect(page.getByLabel("Danh mục")).toHaveValue("rau-qua");
  await expect(use).toBeHidden();

  const price = page.getByLabel("Giá (đồng)", { exact: true });
  const echo = page.locator('[data-echo="priceVnd"]');
  await expect(echo).toHaveAttribute("aria-live", "polite");
  await price.fill("25k");
  await expect(echo).toHaveText("= 25.000 ₫/kg");
  await page.getByLabel("Đơn vị").selectOption("bo");
  await expect(echo).toHaveText("= 25.000 ₫/bó");
  await price.fill("25kk");
  await expect(echo).toContainText("Chưa hiểu số tiền này");
  await price.fill("1tr5");
  await expect(echo).toHaveText("= 1.500.000 ₫/bó");
  await price.fill("2 triệu 500");
  await expect(echo).toHaveText("= 2.500.000 ₫/bó");
  await page.getByLabel("Đơn vị").selectOption("kg");
  await price.fill("25 nghìn");
  await expect(echo).toHaveText("= 25.000 ₫/kg");

  await page.getByLabel("Số lượng có bán").fill("1.500");
  await expect(page.locator('[data-echo="stock"]')).toHaveText("= 1,5 kg");
  await page.getByLabel("Số lượng có bán").fill("1 500");
  await expect(page.locator('[data-echo="stock"]')).toHaveText("= 1.500 kg");

  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page).toHaveURL(/\/sell\/listings\?saved=\d+/);
  const row = page.getByRole("row", { name: new RegExp(title) });
  await expect(row).toContainText("25.000");
});

test("the category offer lands in room kept for it: nothing below the title moves under the farmer's finger", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0987654321");
  await page.goto("/sell/listings/new");
  // The offer's answer is held until the form has been measured, as a slow network would hold it.
  let asked!: () => void;
  const asking = new Promise<void>((resolve) => (asked = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/sell\/category-suggest/, async (route) => {
    asked();
    await released;
    await route.continue();
  });
  const more = page.getByText("Thêm thông tin: giống, giá sỉ, mùa vụ, chứng nhận");
  await page.getByLabel("Tên sản phẩm").fill(`Cà chua bi ${Date.now() % 10000}`);
  await asking; // typed and debounced: whatever the keystroke changes on the page has been drawn
  const before = (await more.boundingBox())!.y;
  release();
  await expect(page.getByRole("button", { name: "Dùng: Rau ăn quả" })).toBeVisible();
  expect((await more.boundingBox())!.y).toBe(before);
  // And the fold opens at the first tap.
  await more.click();
  await expect(page.getByLabel("Giống")).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a form sent without a category comes back with the title's category chosen and the amount echoed", async ({ page }) => {
    await asNewClient(page);
    await logIn(page, "0987654321");
    await page.goto("/sell/listings/new");
    const title = `Trứng gà ta ${Date.now() % 10000}`;
    await page.getByLabel("Tên sản phẩm").fill(title);
    await page.getByLabel("Giá (đồng)", { exact: true }).fill("3,5k");
    await page.getByLabel("Đơn vị").selectOption("qua");
    await page.getByLabel("Số lượng có bán").fill("300");
    await page.getByRole("button", { name: "Đăng bán" }).click();

    // Beside the field (the summary at the top repeats it).
    await expect(page.locator(".field-errors").getByText("Gợi ý: Trứng — hãy kiểm tra rồi gửi lại.")).toBeVisible();
    await expect(page.getByLabel("Danh mục")).toHaveValue("trung");
    await expect(page.getByLabel("Giá (đồng)", { exact: true })).toHaveValue("3,5k");
    await expect(page.locator('[data-echo="priceVnd"]')).toHaveText("= 3.500 ₫/quả");

    await page.getByRole("button", { name: "Đăng bán" }).click();
    await expect(page).toHaveURL(/\/sell\/listings\?saved=\d+/);
    await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("3.500");
  });
});
