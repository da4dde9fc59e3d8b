import { expect, test, type Page } from "@playwright/test";
import { DEMO_FARMS } from "../../db/data/demo";
import { addFirstHit, fillDeliveryAddress, logIn, openSiteMenu, signUp } from "./helpers";

async function checkoutFlow(page: Page, javaScript: boolean) {
  await signUp(page, { role: "consumer", name: "Phạm Thu Hà" });
  const farmA = (await addFirstHit(page, "gao st25")).farm;
  const farmB = (await addFirstHit(page, "xoai cat hoa loc", farmA)).farm;
  expect(farmB).not.toBe(farmA);

  await page.goto("/cart");
  await expect(page.getByRole("region", { name: farmA })).toBeVisible();
  await expect(page.getByRole("region", { name: farmB })).toBeVisible();
  await page.getByRole("link", { name: "Đặt hàng" }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await fillDeliveryAddress(page, { recipient: "Phạm Thu Hà", phone: "0912 345 678", street: "12 Phố Đội Cấn" }, { javaScript });
  await page.getByLabel("Trả tiền khi nhận hàng").check();
  await page.getByRole("button", { name: "Đặt 2 đơn hàng" }).click();
  await expect(page).toHaveURL(/\/orders\?placed=2/);
  await expect(page.getByRole("row")).toHaveCount(3);
  await expect(page.getByRole("row", { name: new RegExp(farmA) })).toContainText("Chờ xác nhận");
  await expect(page.getByRole("row", { name: new RegExp(farmB) })).toContainText("Chờ xác nhận");
  return { farmA, farmB };
}

test("a consumer checks out two farms' listings with cash on delivery; each farmer accepts theirs", async ({ page, browser }) => {
  const { farmA, farmB } = await checkoutFlow(page, true);
  for (const farm of [farmA, farmB]) {
    const number = (await page.getByRole("row", { name: new RegExp(farm) }).getByRole("link").textContent())!;
    const phone = DEMO_FARMS.find((f) => f.name === farm)!.phone;
    const farmer = await browser.newPage();
    await logIn(farmer, phone);
    await farmer.goto("/sell/orders?status=placed");
    await farmer.getByRole("link", { name: number }).click();
    await farmer.getByRole("button", { name: "Nhận đơn" }).click();
    await expect(farmer.locator(".state").first()).toHaveText("Đã nhận đơn");
    await farmer.close();
  }
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(farmA) })).toContainText("Đã nhận đơn");
  await expect(page.getByRole("row", { name: new RegExp(farmB) })).toContainText("Đã nhận đơn");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same checkout works with plain forms", async ({ page }) => {
    await checkoutFlow(page, false);
  });
});

test("a bank-transfer order shows its VietQR code; an operator records the transfer and the farmer accepts", async ({ page, browser }) => {
  await logIn(page, "0912345678");
  await page.goto("/cart");
  const { farm } = await addFirstHit(page, "ca chua bi");
  await page.goto("/checkout");
  await fillDeliveryAddress(page, { recipient: "Phạm Thu Hà", phone: "0912345678", street: "12 Phố Đội Cấn" }, { javaScript: true });
  await page.getByLabel("Chuyển khoản ngân hàng (VietQR)").check();
  await page.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1/);
  await expect(page.getByRole("img", { name: "Mã VietQR để chuyển khoản" }).locator("svg")).toBeVisible();
  const note = await page.locator(".bank-transfer code").textContent();
  expect(note).toMatch(/^NSS-/);
  expect(farm).toBe("Vườn rau Bà Lan");

  // The transfer reaches the platform's account: an operator records it (a farmer cannot).
  const orderUrl = page.url();
  const operator = await browser.newPage();
  await logIn(operator, "admin@nongsanso.vn");
  await operator.goto(orderUrl);
  await operator.getByRole("button", { name: "Đã nhận tiền chuyển khoản" }).click();
  await expect(operator.getByText("Đã thanh toán")).toBeVisible();
  await operator.close();

  // The farmer of Vườn rau Bà Lan sees it in the inbox, paid, and accepts it.
  const farmer = await browser.newPage();
  await logIn(farmer, "0987654321");
  await openSiteMenu(farmer);
  await expect(farmer.getByRole("link", { name: /Thông báo \([1-9]\d* chưa đọc\)/ })).toBeVisible();
  await farmer.goto("/sell/orders?status=placed");
  await farmer.getByRole("link", { name: note! }).click();
  await expect(farmer.getByRole("button", { name: "Đã nhận tiền chuyển khoản" })).toHaveCount(0);
  await farmer.getByRole("button", { name: "Nhận đơn" }).click();
  await expect(farmer.locator(".state").first()).toHaveText("Đã nhận đơn");

  await page.reload();
  await expect(page.getByText("Đã thanh toán")).toBeVisible();
  await expect(page.locator(".state").first()).toHaveText("Đã nhận đơn");
  await expect(page.getByRole("button", { name: "Hủy đơn" })).toHaveCount(0);
});
