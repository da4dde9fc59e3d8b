/**
 * Approval of company purchases above the threshold (issue 12, decision 033),
 * with JavaScript on and off, on the demo school (threshold 20.000.000 đ):
 * the kitchen (owner) checks out above it → "waiting for approval", the farm
 * does not see the order; the accountant (approver) approves → the farm sees
 * it. A second purchase is rejected: a reason is required, the rejection is
 * asked first, the buyer reads the reason. Someone outside the company
 * posting a decision gets 404 and nothing changes.
 */
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { asNewClient, fillDeliveryAddress, signUp } from "./helpers";

const DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${Number(process.env.E2E_PG_PORT ?? 54400)}/postgres`;
const KITCHEN = "bep@truonghoc.vn";
const ACCOUNTANT = "ketoan@truonghoc.vn";

let sql: postgres.Sql;
test.beforeAll(() => {
  sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
});
test.afterAll(async () => {
  await sql.end();
});

/** A demo listing by the kg with stock for several purchases of 25 million đồng, its farm's login, and the school's id. */
async function bigListing() {
  const [row] = await sql<{ id: number; price: number; farm: string; phone: string | null; email: string | null }[]>`
    select l.id, l.price_vnd::int as price, f.name as farm, u.phone, u.email from listings l
    join farms f on f.id = l.farm_id join users u on u.id = f.owner_id
    where l.state = 'active' and l.deleted_at is null and l.unit = 'kg' and l.stock * l.price_vnd > 200000000
      and not exists (select 1 from listing_price_tiers t where t.listing_id = l.id)
    order by l.id limit 1`;
  const [school] = await sql<{ id: number }[]>`select id from companies where tax_code = '0101234565'`;
  return { ...row, identifier: row.email ?? `0${String(row.phone).slice(2)}`, schoolId: Number(school.id) };
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

/** The kitchen buys about 25 million đồng for the school; returns the order's number and id. */
async function buyAboveThreshold(page: Page, listing: Awaited<ReturnType<typeof bigListing>>, po: string, javaScript: boolean) {
  await logInAs(page, KITCHEN);
  await page.goto(`/listings/${listing.id}`);
  await page.getByLabel("Số lượng (kg)").fill(String(Math.ceil(25_000_000 / listing.price)));
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await expect(page.getByText("Đã thêm vào giỏ.")).toBeVisible();
  await page.goto("/checkout");
  await fillDeliveryAddress(page, { recipient: "Bếp ăn Trường Tiểu học Kim Liên", phone: "0912345678", street: "Số 1 ngõ 4 Kim Liên" }, { javaScript });
  await page.getByLabel("Mua cho", { exact: true }).selectOption({ label: "Mua cho: Trường Tiểu học Kim Liên" });
  await page.getByLabel("Số đơn đặt hàng (PO)").fill(po);
  await page.getByLabel("Trả tiền khi nhận hàng").check();
  await page.getByRole("button", { name: /Đặt \d+ đơn hàng/ }).click();
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1&approval=1$/);
  await expect(page.getByText("đang chờ người duyệt").first()).toBeVisible();
  await expect(page.locator(".state")).toHaveText("Chờ công ty duyệt");
  const number = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").match(/NSS-\d{6}-\w{6}/)![0];
  return { number, orderId: Number(new URL(page.url()).pathname.split("/").pop()) };
}

async function approvalFlow(page: Page, javaScript: boolean) {
  const listing = await bigListing();
  const run = Date.now() % 100_000;
  const first = await buyAboveThreshold(page, listing, `PO-A-${run}`, javaScript);

  // The farm does not see it yet.
  await logInAs(page, listing.identifier);
  await page.goto("/sell/orders");
  await expect(page.getByText(first.number)).toHaveCount(0);

  // The accountant finds it through the company page's count, and approves it.
  await logInAs(page, ACCOUNTANT);
  await page.goto(`/business/${listing.schoolId}`);
  await page.getByRole("link", { name: /đơn chờ duyệt/ }).click();
  await expect(page).toHaveURL(new RegExp(`/business/${listing.schoolId}/approvals$`));
  await expect(page.getByText(`PO-A-${run}`)).toBeVisible();
  await page.getByRole("button", { name: `Duyệt đơn ${first.number}`, exact: true }).click();
  await expect(page.getByText("Đã duyệt: đơn đã gửi tới nhà vườn.")).toBeVisible();
  await expect(page.getByText(`PO-A-${run}`)).toHaveCount(0);

  // Now the farm sees it.
  await logInAs(page, listing.identifier);
  await page.goto("/sell/orders");
  await expect(page.getByText(first.number)).toBeVisible();

  // A second purchase is rejected, with a reason, asked first.
  const second = await buyAboveThreshold(page, listing, `PO-R-${run}`, javaScript);
  await logInAs(page, ACCOUNTANT);
  await page.goto(`/business/${listing.schoolId}/approvals`);
  const reject = page.getByRole("button", { name: `Không duyệt đơn ${second.number}`, exact: true });
  // Without a reason: refused beside the field by the server, nothing changed.
  await reject.click();
  await expect(page.getByText("Nhập lý do không duyệt").first()).toBeVisible();
  await page.locator(`#reason-${second.orderId}`).fill("Tuần này bếp đã đủ gạo");
  await page.getByRole("button", { name: `Không duyệt đơn ${second.number}`, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Không duyệt đơn ${second.number}?` })).toBeVisible();
  // Nothing changed until confirmed.
  const [waiting] = await sql<{ status: string }[]>`select status::text from orders where id = ${second.orderId}`;
  expect(waiting.status).toBe("awaiting_approval");
  await page.locator("[data-confirm]").getByRole("button", { name: "Không duyệt", exact: true }).click();
  await expect(page.getByText("Đã không duyệt: đơn đã hủy, người đặt đã được báo.")).toBeVisible();

  await logInAs(page, KITCHEN);
  await page.goto(`/orders/${second.orderId}`);
  await expect(page.locator(".state")).toHaveText("Đã hủy");
  await expect(page.getByText("Công ty không duyệt: Tuần này bếp đã đủ gạo")).toBeVisible();
}

test("the school's purchase above its threshold waits; the accountant approves one (the farm then sees it) and rejects another with a reason", async ({ page }) => {
  await approvalFlow(page, true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same with plain forms", async ({ page }) => {
    await approvalFlow(page, false);
  });
});

test("someone outside the company posting a decision gets 404, and the purchase still waits", async ({ page }) => {
  const [waiting] = await sql<{ id: number; company_id: number }[]>`
    select id, company_id from orders where status = 'awaiting_approval' order by id limit 1`;
  await signUp(page, { role: "business", name: "Người Ngoài" });
  const posts: Record<string, string>[] = [{ intent: "approve", orderId: String(waiting.id) }, { intent: "reject", orderId: String(waiting.id), reason: "x", confirm: "1" }];
  for (const fields of posts) {
    const response = await page.request.post(`/business/${waiting.company_id}/approvals`, { form: fields, headers: { origin: new URL(page.url()).origin } });
    expect(response.status()).toBe(404);
  }
  expect((await page.request.get(`/business/${waiting.company_id}/approvals`)).status()).toBe(404);
  const [after] = await sql<{ status: string }[]>`select status::text from orders where id = ${waiting.id}`;
  expect(after.status).toBe("awaiting_approval");
});
