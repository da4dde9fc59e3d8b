/**
 * Invoices (issue 15, decision 043), with JavaScript on and off: a buyer
 * orders, the farm takes the order through to delivered (its delivery note
 * appears once accepted), the buyer confirms receipt and downloads the
 * invoice through the order page's link; the PDF's bytes are checked (type,
 * Vietnamese text read back). A stranger gets "not found" for both papers.
 */
import { expect, test, type Page } from "@playwright/test";
import { DEMO_FARMS } from "../../db/data/demo";
import { pdfText } from "../support/pdf-text";
import { addFirstHit, asNewClient, fillDeliveryAddress, logIn, signUp } from "./helpers";

/** Fetches a link's target with the page's session, as the browser would on a click, and returns the raw answer. */
async function fetchLink(page: Page, name: string | RegExp) {
  const href = await page.getByRole("link", { name }).getAttribute("href");
  expect(href).toBeTruthy();
  const response = await page.request.get(href!);
  return { href: href!, status: response.status(), type: response.headers()["content-type"], body: await response.body() };
}

for (const javaScript of [true, false]) {
  test.describe(`JavaScript ${javaScript ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a buyer completes an order and downloads its invoice; the driver's delivery note has a signature box", async ({ page, browser }) => {
      test.setTimeout(120_000);
      await asNewClient(page);
      await signUp(page, { role: "consumer", name: "Phạm Thu Hà" });
      const { farm } = await addFirstHit(page, javaScript ? "ca chua bi" : "cai ngot");
      await page.goto("/checkout");
      await fillDeliveryAddress(page, { recipient: "Phạm Thu Hà", phone: "0912345678", street: "12 Phố Đội Cấn" }, { javaScript });
      await page.getByLabel("Trả tiền khi nhận hàng").check();
      await page.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
      await expect(page).toHaveURL(/\/orders\/\d+\?placed=1/);
      const orderPath = new URL(page.url()).pathname;
      // With JavaScript the address changes before the order page is drawn (CI read the checkout's "Đặt hàng"): wait for its heading.
      await expect(page.getByRole("heading", { level: 1 })).toContainText("NSS-");
      const number = (await page.getByRole("heading", { level: 1 }).textContent())!.replace(/^Đơn hàng\s*/, "").trim();
      // Before the farm accepts, there is no paper yet.
      await expect(page.getByRole("link", { name: /Hóa đơn/ })).toHaveCount(0);

      const farmer = await browser.newPage({ javaScriptEnabled: javaScript });
      await asNewClient(farmer);
      await logIn(farmer, DEMO_FARMS.find((f) => f.name === farm)!.phone);
      await farmer.goto(orderPath);
      for (const [button, state] of [
        ["Nhận đơn", "Đã nhận đơn"],
        ["Đã đóng gói", "Đã đóng gói"],
        ["Đã gửi hàng", "Đang giao"],
        ["Đã giao hàng", "Đã giao"],
      ] as const) {
        // With JavaScript a submit within 800 ms of the last one is held back as a double tap (SubmitButton): press again until the move shows.
        await expect(async () => {
          if ((await farmer.locator(".state").first().textContent()) !== state) await farmer.getByRole("button", { name: button, exact: true }).click({ timeout: 2000 });
          await expect(farmer.locator(".state").first()).toHaveText(state, { timeout: 3000 });
        }).toPass({ timeout: 20_000 });
        if (button === "Nhận đơn") {
          const note = await fetchLink(farmer, "Phiếu giao hàng (PDF)");
          expect(note.status).toBe(200);
          expect(note.type).toBe("application/pdf");
          const text = await pdfText(note.body);
          for (const expected of ["PHIẾU GIAO HÀNG", number, farm, "Phạm Thu Hà", "12 Phố Đội Cấn", "Người nhận hàng", "(Ký, ghi rõ họ tên)"]) expect(text).toContain(expected);
        }
      }

      await page.goto(orderPath);
      await expect(page.getByText("Hóa đơn được lập khi người mua xác nhận đã nhận hàng.")).toBeVisible();
      await page.getByRole("button", { name: "Đã nhận được hàng" }).click();
      await expect(page.locator(".state").first()).toHaveText("Hoàn tất");
      const link = page.getByRole("link", { name: /^Hóa đơn NSS-\d+-\d{4}-\d{6} \(PDF\)$/ });
      await expect(link).toBeVisible();
      const invoiceNumber = /NSS-\d+-\d{4}-\d{6}/.exec((await link.textContent())!)![0];
      const invoice = await fetchLink(page, /^Hóa đơn NSS-/);
      expect(invoice.href).toBe(`${orderPath}/invoice.pdf`);
      expect(invoice.status).toBe(200);
      expect(invoice.type).toBe("application/pdf");
      expect(invoice.body.subarray(0, 5).toString()).toBe("%PDF-");
      const text = await pdfText(invoice.body);
      for (const expected of ["HÓA ĐƠN BÁN HÀNG", invoiceNumber, number, farm, "Phạm Thu Hà", "Số tiền viết bằng chữ", " đồng"]) expect(text).toContain(expected);
      expect(text).toMatch(/Số tiền viết bằng chữ: [A-ZĐ][^\n]* đồng/);

      // The farm's list links the invoice too; the farm's export holds it.
      await farmer.goto("/sell/orders?status=completed");
      await expect(farmer.getByRole("row", { name: new RegExp(number) }).getByRole("link", { name: "Hóa đơn" })).toHaveAttribute("href", `${orderPath}/invoice.pdf`);
      const exported = await farmer.request.get("/sell/invoices.json");
      expect(exported.status()).toBe(200);
      expect(((await exported.json()) as { invoices: { number: string }[] }).invoices.map((i) => i.number)).toContain(invoiceNumber);
      await farmer.close();

      // Someone else: not found, for the invoice and the delivery note alike.
      const stranger = await browser.newPage({ javaScriptEnabled: javaScript });
      await asNewClient(stranger);
      await signUp(stranger, { role: "consumer", name: "Người lạ" });
      for (const paper of ["invoice.pdf", "delivery-note.pdf"]) expect((await stranger.request.get(`${orderPath}/${paper}`)).status()).toBe(404);
      await stranger.close();
    });
  });
}

test("a company's member opens the monthly statement from the company page", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "bep@truonghoc.vn");
  await page.goto("/business");
  await page.getByRole("link", { name: "Trường Tiểu học Kim Liên" }).first().click();
  const form = page.getByRole("form", { name: "Bảng kê hằng tháng" });
  const month = await form.getByLabel("Tháng").inputValue();
  expect(month).toMatch(/^\d{4}-\d{2}$/);
  const companyPath = new URL(page.url()).pathname;
  const response = await page.request.get(`${companyPath}/statement.pdf?month=${month}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  const text = await pdfText(await response.body());
  expect(text).toContain(`BẢNG KÊ MUA HÀNG THÁNG ${Number(month.slice(5))}/${month.slice(0, 4)}`);
  expect(text).toContain("Trường Tiểu học Kim Liên");
  expect(text).toContain("Còn phải thanh toán");
  expect((await page.request.get(`${companyPath}/statement.pdf?month=2026-13`)).status()).toBe(400);
});
