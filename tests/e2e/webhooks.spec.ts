/**
 * Webhooks out (issue 15, decision 045), with JavaScript on and off, on the
 * demo school: its owner registers an endpoint (a real HTTP server this spec
 * starts on 127.0.0.1), buys for the school, sees the delivery in the log,
 * and replays it. The receiver checks each message's signature with the
 * Standard Webhooks reference library and the secret the page shows; the
 * replay carries the same webhook-id. Another company's owner gets 404 on
 * the endpoint's page.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { Webhook } from "standardwebhooks";
import { asNewClient, fillDeliveryAddress, signUp } from "./helpers";

const DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${Number(process.env.E2E_PG_PORT ?? 54400)}/postgres`;
const KITCHEN = "bep@truonghoc.vn";

type Received = { path: string; headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
let server: Server;
let base = "";
let sql: postgres.Sql;

test.beforeAll(async () => {
  sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body });
      response.writeHead(200, { "content-type": "text/plain" }).end("cảm ơn");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await sql.end();
  await new Promise((resolve) => server.close(resolve));
});

/** A cheap demo listing by the kg (no price tiers), and the school's id. */
async function cheapListing() {
  const [row] = await sql<{ id: number; min: string }[]>`
    select l.id, l.min_order_qty::text as min from listings l
    where l.state = 'active' and l.deleted_at is null and l.hidden_at is null and l.unit = 'kg'
      and l.price_vnd * l.min_order_qty < 2000000 and l.stock >= l.min_order_qty * 20
      and not exists (select 1 from listing_price_tiers t where t.listing_id = l.id)
    order by l.id limit 1`;
  const [school] = await sql<{ id: number }[]>`select id from companies where tax_code = '0101234565'`;
  return { id: row.id, quantity: String(Number(row.min)), schoolId: Number(school.id) };
}

async function logInAs(page: Page, identifier: string) {
  await page.context().clearCookies();
  await asNewClient(page);
  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill(identifier);
  await page.getByLabel("Mật khẩu").fill("nongsan123");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function buyForSchool(page: Page, listing: Awaited<ReturnType<typeof cheapListing>>, javaScript: boolean) {
  await page.goto(`/listings/${listing.id}`);
  await page.getByLabel("Số lượng (kg)").fill(listing.quantity);
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await expect(page.getByText("Đã thêm vào giỏ.")).toBeVisible();
  await page.goto("/checkout");
  await fillDeliveryAddress(page, { recipient: "Bếp ăn Trường Tiểu học Kim Liên", phone: "0912345678", street: "Số 1 ngõ 4 Kim Liên" }, { javaScript });
  await page.getByLabel("Mua cho", { exact: true }).selectOption({ label: "Mua cho: Trường Tiểu học Kim Liên" });
  await page.getByLabel("Trả tiền khi nhận hàng").check();
  await page.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
  await expect(page).toHaveURL(/\/orders/);
}

const hits = (path: string) => received.filter((r) => r.path === path);

for (const javaScript of [true, false]) {
  test.describe(`webhooks, JavaScript ${javaScript ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test("register an endpoint, buy, see the delivery in the log, replay it", async ({ page, browser }) => {
      const listing = await cheapListing();
      const path = `/erp-${javaScript ? "js" : "nojs"}`;
      await logInAs(page, KITCHEN);
      await page.goto(`/business/${listing.schoolId}`);
      await page.getByRole("link", { name: "Webhook" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Webhook" })).toBeVisible();

      // A refusal first: http to a public address; what was typed stays.
      await page.getByLabel("Địa chỉ (https://…)").fill("http://erp.example.vn/hooks");
      await page.getByRole("checkbox", { name: /Có đơn mới/ }).check();
      await page.getByRole("button", { name: "Thêm điểm nhận" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Địa chỉ phải bắt đầu bằng https://." }).first()).toBeVisible();
      await expect(page.getByLabel("Địa chỉ (https://…)")).toHaveValue("http://erp.example.vn/hooks");

      await page.getByLabel("Địa chỉ (https://…)").fill(`${base}${path}`);
      await page.getByLabel("Ghi chú").fill("Phần mềm mua hàng");
      await page.getByRole("checkbox", { name: /Có đơn mới/ }).check();
      await page.getByRole("button", { name: "Thêm điểm nhận" }).click();
      await expect(page.getByText("Đã thêm điểm nhận.")).toBeVisible();
      const endpointUrl = page.url().replace(/\?.*$/, "");
      const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
      expect(secret).toMatch(/^whsec_/);

      await buyForSchool(page, listing, javaScript);
      await expect.poll(() => hits(path).length, { timeout: 15_000 }).toBe(1);
      const first = hits(path)[0];
      const payload = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as { type: string; data: { order: { companyId: number } } };
      expect(payload.type).toBe("order.placed");
      expect(payload.data.order.companyId).toBe(listing.schoolId);

      await page.goto(endpointUrl);
      const log = page.locator(".webhook-log > li");
      await expect(log).toHaveCount(1);
      await expect(log.first()).toContainText("Có đơn mới");
      await expect(log.first()).toContainText("đã nhận");
      await expect(log.first()).toContainText("Lần 1: HTTP 200");
      await expect(log.first()).toContainText("cảm ơn");

      await log.first().getByRole("button", { name: "Gửi lại" }).click();
      await expect(page.getByText("Đã gửi lại: xem nhật ký.")).toBeVisible();
      await expect.poll(() => hits(path).length, { timeout: 15_000 }).toBe(2);
      expect(hits(path)[1].headers["webhook-id"]).toBe(first.headers["webhook-id"]);
      new Webhook(secret).verify(hits(path)[1].body, hits(path)[1].headers as Record<string, string>);
      await expect(async () => {
        await page.reload();
        await expect(page.locator(".webhook-log > li").first()).toContainText("gửi lại");
        await expect(page.locator(".webhook-log > li").first()).toContainText("đã nhận");
      }).toPass({ timeout: 15_000 });

      // Another company's owner: the endpoint's page and its replay are "not found".
      const other = await browser.newPage({ javaScriptEnabled: javaScript });
      await asNewClient(other);
      await signUp(other, { role: "business" });
      const response = await other.goto(endpointUrl);
      expect(response?.status()).toBe(404);
      const replay = await other.request.post(endpointUrl, { form: { intent: "replay", deliveryId: "1" } });
      expect(replay.status()).toBe(404);
      await other.close();
      expect(hits(path)).toHaveLength(2);
    });
  });
}
