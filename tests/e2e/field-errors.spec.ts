/**
 * Errors tied to their fields, without JavaScript (the server's answer as
 * sent): a summary at the top of the form links to each field in error, a
 * field's error comes before its hint, every aria-describedby names ids that
 * are on the page, and the folded "more" section opens only for an error of
 * its own.
 */
import { expect, test, type Page } from "@playwright/test";
import { asNewClient, logIn } from "./helpers";

test.use({ javaScriptEnabled: false });

/** Every id named by an aria-describedby on the page that no element has. */
async function danglingDescribedBy(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("[aria-describedby]")].flatMap((el) =>
      (el.getAttribute("aria-describedby") ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .filter((id) => !document.getElementById(id))
        .map((id) => `${el.getAttribute("name") ?? el.tagName} → #${id}`),
    ),
  );
}

async function fillListing(page: Page, price: string) {
  await page.getByLabel("Tên sản phẩm").fill("Cà chua bi Đà Lạt");
  await page.getByLabel("Danh mục").selectOption({ index: 1 });
  await page.getByLabel("Giá (đồng)", { exact: true }).fill(price);
  await page.getByLabel("Số lượng có bán").fill("50");
}

test.beforeEach(async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0987654321");
  await page.goto("/sell/listings/new");
});

test("a bad price: the summary links to the price, its error comes before its hint, the folded section stays closed", async ({ page }) => {
  await fillListing(page, "hai mươi nghìn");
  await page.getByRole("button", { name: "Đăng bán" }).click();

  const price = page.getByLabel("Giá (đồng)", { exact: true });
  const priceId = await price.getAttribute("id");
  expect(priceId).toBeTruthy();
  await expect(price).toHaveAttribute("aria-invalid", "true");

  // The summary: first thing in the form, a link to the price's box.
  const summary = page.locator("form.listing-form .form-errors");
  await expect(summary).toHaveAttribute("role", "alert");
  const link = summary.locator(`a[href="#${priceId}"]`);
  await expect(link).toHaveCount(1);
  await expect(link).toHaveText(/.+/);
  const summaryFirst = await page.evaluate(() => {
    const form = document.querySelector("form.listing-form")!;
    const summaryEl = form.querySelector(".form-errors")!;
    const firstControl = form.querySelector("input:not([type=hidden]), select, textarea")!;
    return Boolean(summaryEl.compareDocumentPosition(firstControl) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(summaryFirst).toBe(true);

  // The price names its error, then its hint; both exist; the error comes first on the page.
  const describedBy = (await price.getAttribute("aria-describedby"))?.split(" ") ?? [];
  expect(describedBy).toEqual([`${priceId}-error`, `${priceId}-description`]);
  const order = await page.evaluate(([errorId, hintId]) => {
    const error = document.getElementById(errorId);
    const hint = document.getElementById(hintId);
    if (!error || !hint) return "missing";
    return error.compareDocumentPosition(hint) & Node.DOCUMENT_POSITION_FOLLOWING ? "error first" : "hint first";
  }, describedBy);
  expect(order).toBe("error first");
  await expect(page.locator(`[id="${priceId}-error"]`)).toHaveText(/.+/);

  expect(await danglingDescribedBy(page)).toEqual([]);
  // Nothing in error under "more": it stays folded.
  await expect(page.locator("details.more")).not.toHaveAttribute("open", /.*/);
  // What was typed stays, and the link takes the focus's target to the box.
  await expect(price).toHaveValue("hai mươi nghìn");
  await link.click();
  await expect(page).toHaveURL(new RegExp(`#${priceId}$`));
});

test("an error inside the folded section opens it, and the summary links into it", async ({ page }) => {
  await fillListing(page, "20000");
  await page.locator("details.more > summary").click();
  await page.getByLabel("Mức 1: đơn giá (đồng)").fill("không biết");
  await page.getByLabel("Mức 1: từ số lượng").fill("10");
  await page.getByRole("button", { name: "Đăng bán" }).click();

  await expect(page.locator("details.more")).toHaveAttribute("open", "");
  const tierPrice = page.getByLabel("Mức 1: đơn giá (đồng)");
  await expect(tierPrice).toHaveAttribute("aria-invalid", "true");
  const id = await tierPrice.getAttribute("id");
  await expect(page.locator(`.form-errors a[href="#${id}"]`)).toHaveCount(1);
  expect(await danglingDescribedBy(page)).toEqual([]);
});

test("the farm form refused by the server: every aria-describedby names an element on the page", async ({ page }) => {
  await page.goto("/sell/farm");
  const name = page.getByLabel("Tên trang trại / cơ sở");
  await name.fill("");
  await page.getByRole("button", { name: "Lưu trang trại" }).click();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  const id = await name.getAttribute("id");
  await expect(page.locator(`.form-errors a[href="#${id}"]`)).toHaveCount(1);
  expect(await danglingDescribedBy(page)).toEqual([]);
});
