/**
 * Lots and traceability (issue 14, decision 042), with JavaScript on and
 * off: a farm records a lot, a spray of abamectin, and a harvest four days
 * later — refused beside the harvest date with the reason (the active
 * ingredient, the days required, the earliest allowed date), what was typed
 * kept — then fixes the date; a new listing points to the lot (its page links
 * to the lot's page); the lot's QR
 * code, decoded from a screenshot of the rendered image, opens the lot's
 * public page (through GS1 Digital Link when the lot has a GTIN), whose scan
 * count goes up with each visit; the label sheet is a PDF.
 */
import { expect, test, type Page } from "@playwright/test";
import { pdfPages } from "../support/pdf-text";
import { decodeQr } from "../support/qr-decode";
import { createFarm, signUp } from "./helpers";

async function lotFlow(page: Page, javaScript: boolean) {
  const suffix = `${javaScript ? "JS" : "không JS"} ${Date.now() % 100000}`;
  const product = `Xoài cát Hòa Lộc ${suffix}`;
  await signUp(page, { role: "farmer" });
  await createFarm(page, `Vườn xoài ${suffix}`, { javaScript });

  // The lot, from the seller's home.
  await page.goto("/sell");
  await page.getByRole("link", { name: "Lô hàng" }).click();
  await expect(page).toHaveURL(/\/sell\/lots$/);
  await page.getByRole("link", { name: "Ghi lô mới" }).click();
  await page.getByLabel("Sản phẩm", { exact: true }).fill(product);
  await page.getByLabel("Thửa/vườn").fill("Thửa số 3, vườn sau nhà");
  await page.getByLabel("Ngày gieo trồng").fill("2026-06-01");
  await page.getByRole("checkbox", { name: "VietGAP" }).check();
  await page.getByRole("button", { name: "Ghi lô" }).click();
  await expect(page).toHaveURL(/\/sell\/lots\/\d+\?saved=1$/);
  await expect(page.getByText("Đã lưu lô hàng.")).toBeVisible();
  const lotId = /\/sell\/lots\/(\d+)/.exec(page.url())![1];
  const code = (await page.getByRole("heading", { level: 1 }).textContent())!.split(" · ").pop()!.trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);

  // A spray of abamectin on 1 November.
  await page.getByLabel("Loại vật tư").selectOption({ label: "Thuốc bảo vệ thực vật" });
  await page.getByLabel("Tên thương phẩm").fill("Vertimec 1.8EC");
  await page.getByLabel("Hoạt chất (thuốc BVTV)").selectOption({ label: "Abamectin — cách ly 7 ngày" });
  await page.getByLabel("Liều lượng").fill("8 ml/bình 16 lít");
  await page.getByLabel("Ngày bón/phun").fill("2026-11-01");
  await page.getByRole("button", { name: "Ghi vật tư" }).click();
  await expect(page.getByText("Đã ghi vật tư.")).toBeVisible();
  await expect(page.locator(".lot-inputs li")).toContainText(["1/11/2026 · Thuốc bảo vệ thực vật · Vertimec 1.8EC · Abamectin (cách ly 7 ngày) · 8 ml/bình 16 lít"]);

  // Harvested four days later: refused, with the reason, beside the date; what was typed stays.
  await page.getByLabel("Ngày thu hoạch").fill("2026-11-05");
  if (javaScript) await page.getByLabel("Mã vạch GTIN (nếu có)").fill("8934567000017");
  await page.getByRole("button", { name: "Lưu lô" }).click();
  const reason = "Chưa được thu hoạch: còn trong thời gian cách ly của Abamectin (phun ngày 1/11/2026, cần 7 ngày); sớm nhất được thu hoạch ngày 9/11/2026.";
  await expect(page.locator(".field-errors", { hasText: reason })).toBeVisible();
  await expect(page.getByLabel("Ngày thu hoạch")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Ngày thu hoạch")).toHaveValue("2026-11-05");
  await expect(page.getByLabel("Sản phẩm", { exact: true })).toHaveValue(product);

  // Fixed: the earliest day allowed.
  await page.getByLabel("Ngày thu hoạch").fill("2026-11-09");
  await page.getByRole("button", { name: "Lưu lô" }).click();
  await expect(page.getByText("Đã lưu lô hàng.")).toBeVisible();
  await expect(page.getByLabel("Ngày thu hoạch")).toHaveValue("2026-11-09");

  // A listing of the lot.
  await page.goto("/sell/listings/new");
  await page.getByLabel("Tên sản phẩm").fill(product);
  await page.getByLabel("Danh mục").selectOption({ label: "Rau ăn quả" });
  await page.getByLabel("Giá (đồng)", { exact: true }).fill("60.000");
  await page.getByLabel("Số lượng có bán").fill("200");
  await page.getByText("Thêm thông tin: giống, giá sỉ, mùa vụ, chứng nhận").click();
  await page.getByLabel("Lô hàng").selectOption({ label: `${product} · ${code}` });
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page).toHaveURL(/\/sell\/listings\?saved=\d+/);
  const listingId = /saved=(\d+)/.exec(page.url())![1];
  await page.goto(`/sell/listings/${listingId}/edit`);
  await expect(page.getByLabel("Lô hàng")).toHaveValue(lotId);
  // Its buyers see where it comes from (not followed here: each visit of the lot's page counts).
  await page.goto(`/listings/${listingId}`);
  await expect(page.getByRole("link", { name: `Xem nguồn gốc lô ${code}` })).toHaveAttribute("href", `/t/${code}`);

  // The QR code as rendered, read like a phone's camera would.
  await page.goto(`/sell/lots/${lotId}`);
  const qr = page.getByTestId("lot-qr");
  await expect(qr).toBeVisible();
  const url = await decodeQr(await qr.screenshot());
  const base = new URL(page.url()).origin;
  expect(url).toBe(javaScript ? `${base}/01/08934567000017/10/${code}` : `${base}/t/${code}`);

  // The public page: a visitor's (no session), counting each visit.
  const visitor = await page.context().browser()!.newContext({ javaScriptEnabled: javaScript });
  const phone = await visitor.newPage();
  await phone.goto(url!);
  await expect(phone).toHaveURL(new RegExp(`/t/${code}$`));
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText(`Nguồn gốc lô ${code}`);
  await expect(phone.locator(".lead")).toContainText(product);
  await expect(phone.locator(".facts")).toContainText("Phường Lâm Viên - Đà Lạt");
  await expect(phone.locator(".facts")).toContainText("9/11/2026");
  await expect(phone.locator(".facts")).toContainText("VietGAP");
  await expect(phone.locator(".lot-inputs")).toContainText("Vertimec 1.8EC");
  await expect(phone.locator(".lot-journey")).toContainText("Thu hoạch: 9/11/2026");
  await expect(phone.getByTestId("lot-scans")).toHaveText("Trang này đã được xem 1 lần.");
  await phone.reload();
  await expect(phone.getByTestId("lot-scans")).toHaveText("Trang này đã được xem 2 lần.");
  await visitor.close();
  await page.reload();
  await expect(page.locator(".lot-qr")).toContainText("Lượt quét: 2");

  // The label sheet: one A4 page of 24 labels.
  const pdf = await page.request.get(`/sell/lots/${lotId}/labels`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const [sheet, ...more] = await pdfPages(await pdf.body());
  expect(more).toHaveLength(0);
  expect(sheet.split(`Lô: ${code}`).length - 1).toBe(24);
  expect(sheet.split("Thu hoạch: 9/11/2026").length - 1).toBe(24);
}

test("a farm records a lot, a too-early harvest is refused with the reason, the QR code opens the lot's page", async ({ page }) => {
  await lotFlow(page, true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same with plain forms", async ({ page }) => {
    await lotFlow(page, false);
  });
});
