/**
 * Requests for quotation (issue 12, decision 030), with JavaScript on and
 * off: a company's buyer posts a request; three farms quote — two by their
 * owners, one by a community helper acting for the household; the buyer
 * accepts two, splitting the quantity, and two orders appear for the two
 * farms at their quoted prices.
 *
 * The company and its membership, the helper's team and the household's
 * consent are written straight into the database (their pages are built
 * elsewhere); the farms are demo farms with listings in one category.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { asNewClient, signUp } from "./helpers";

const DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${Number(process.env.E2E_PG_PORT ?? 54400)}/postgres`;

let sql: postgres.Sql;
test.beforeAll(() => {
  sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
});
test.afterAll(async () => {
  await sql.end();
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Three demo farms selling in one category, and how their owners log in. */
async function threeFarms(offset: number) {
  const [group] = await sql<{ slug: string }[]>`
    select l.category_slug as slug from listings l
    where l.state = 'active' and l.deleted_at is null
    group by l.category_slug having count(distinct l.farm_id) >= 3
    order by count(distinct l.farm_id) desc, l.category_slug limit 1 offset ${offset}`;
  const farms = await sql<{ id: number; name: string; phone: string | null; email: string | null }[]>`
    select f.id, f.name, u.phone, u.email from farms f join users u on u.id = f.owner_id
    where exists (select 1 from listings l where l.farm_id = f.id and l.category_slug = ${group.slug} and l.state = 'active' and l.deleted_at is null)
    order by f.id limit 3`;
  return { category: group.slug, farms: farms.map((f) => ({ id: Number(f.id), name: f.name, identifier: f.email ?? `0${String(f.phone).slice(2)}` })) };
}

async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const grave = violations.filter((v) => v.impact === "critical" || v.impact === "serious");
  expect(grave.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), what).toEqual([]);
}

async function logInAs(page: Page, identifier: string, password = "nongsan123") {
  await page.context().clearCookies();
  await asNewClient(page);
  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill(identifier);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function quote(page: Page, requestId: number, price: string, quantity: string) {
  await page.goto(`/sell/requests/${requestId}`);
  await page.getByLabel("Sản phẩm chào bán").selectOption({ index: 1 });
  await page.getByLabel("Giá mỗi đơn vị (đồng)").fill(price);
  await page.getByLabel(/Số lượng có thể cung cấp/).fill(quantity);
  await page.getByRole("button", { name: "Gửi báo giá" }).click();
  await expect(page).toHaveURL(/saved=1/);
  await expect(page.getByText("Đã gửi")).toBeVisible();
}

for (const javaScript of [true, false]) {
  test.describe(`JavaScript ${javaScript ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a company buyer posts a request, three farms quote (one through a helper), the buyer accepts two splitting the quantity", async ({ page }) => {
      test.setTimeout(120_000);
      const { category, farms } = await threeFarms(javaScript ? 0 : 1);
      const [first, second, household] = farms;

      // The buyer and the company.
      const buyer = await signUp(page, { role: "business", name: "Chị Hạnh bếp trưởng" });
      const [buyerRow] = await sql`select id from users where phone = ${`84${buyer.phone.slice(1)}`}`;
      const [company] = await sql`insert into companies (name, tax_code, created_by)
        values ('Bếp ăn thử nghiệm', ${`08${String(Date.now() % 100000000).padStart(8, "0")}`}, ${buyerRow.id}) returning id`;
      await sql`insert into company_members (company_id, user_id, role) values (${company.id}, ${buyerRow.id}, 'buyer')`;

      await page.goto(`/business/requests/new?company=${company.id}`);
      if (javaScript) await expectAccessible(page, "the new-request form");
      await page.getByLabel("Nhóm hàng").selectOption(category);
      await page.getByLabel("Sản phẩm cần mua").fill("Hàng cho bếp ăn trường");
      await page.getByLabel("Số lượng").fill("300");
      await page.getByLabel("Người nhận").fill("Chị Hạnh");
      await page.getByLabel("Số điện thoại").fill("0912345678");
      await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Thành phố Hà Nội" });
      if (!javaScript) await page.getByRole("button", { name: "Hiện danh sách xã / phường" }).click();
      await page.getByLabel("Xã / phường").selectOption({ label: "Phường Ba Đình" });
      await page.getByLabel("Địa chỉ (số nhà, đường)").fill("12 Phố Đội Cấn");
      await page.getByLabel("Giao từ ngày").fill(inDays(4));
      await page.getByLabel("Đến ngày").fill(inDays(10));
      await page.getByLabel("Hạn nhận báo giá (giờ Việt Nam)").fill(new Date(Date.now() + 7 * 3600_000 + 2 * 86_400_000).toISOString().slice(0, 16));
      await page.getByLabel(/Nhận báo giá từ nhà vườn ở mọi tỉnh/).check();
      await page.getByRole("button", { name: "Đăng yêu cầu" }).click();
      await expect(page).toHaveURL(/\/business\/requests\/\d+$/);
      const requestId = Number(/requests\/(\d+)/.exec(page.url())![1]);
      await expect(page.getByText("Chưa có báo giá nào.")).toBeVisible();

      // Two farms quote by their owners.
      await logInAs(page, first.identifier);
      await quote(page, requestId, "21000", "200");
      await logInAs(page, second.identifier);
      await quote(page, requestId, "22000", "150");

      // A helper quotes for the third, a household whose consent covers its orders.
      await page.context().clearCookies();
      const helper = await signUp(page, { role: "consumer", name: "Anh Tuấn tổ công nghệ số" });
      const [helperRow] = await sql`select id from users where phone = ${`84${helper.phone.slice(1)}`}`;
      await sql`insert into user_roles (user_id, role) values (${helperRow.id}, 'helper') on conflict do nothing`;
      const [team] = await sql`insert into teams (name, province_code, commune_code) values ('Tổ công nghệ số thử báo giá', '68', '24778') returning id`;
      await sql`insert into team_members (team_id, user_id) values (${team.id}, ${helperRow.id})`;
      await sql`insert into consents (farm_id, team_id, scopes, method, recorded_by, granted_at, expires_at)
        values (${household.id}, ${team.id}, '{orders}', 'code', ${helperRow.id}, now(), now() + interval '365 days')`;
      // The helper's inbox lists the request for the household; its button acts for the household and opens it (decision 034).
      await page.goto("/help/inbox");
      const card = page.locator("li", { has: page.locator(`input[name="next"][value="/sell/requests/${requestId}"]`) });
      await expect(card).toContainText("Hàng cho bếp ăn trường");
      await card.getByRole("button", { name: `Báo giá thay ${household.name}` }).click();
      await expect(page).toHaveURL(new RegExp(`/sell/requests/${requestId}$`));
      if (javaScript) await expectAccessible(page, "the seller's request page");
      await quote(page, requestId, "20000", "120");
      const [byHelper] = await sql`select created_by from quotes where request_id = ${requestId} and farm_id = ${household.id}`;
      expect(Number(byHelper.created_by)).toBe(Number(helperRow.id));

      // The buyer compares and accepts two, splitting 300 as 180 + 120.
      await logInAs(page, buyer.phone, buyer.password);
      await page.goto(`/business/requests/${requestId}`);
      await expect(page.locator(".quotes-table tbody tr")).toHaveCount(3);
      if (javaScript) await expectAccessible(page, "the buyer's request page");
      await page.getByLabel(`Lấy bao nhiêu từ ${first.name}`).fill("180");
      await page.getByLabel(`Lấy bao nhiêu từ ${household.name}`).fill("120");
      await page.getByLabel("Tôi xác nhận đặt hàng theo các báo giá đã chọn").check();
      await page.getByRole("button", { name: "Chấp nhận và tạo đơn" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Đã chốt");
      await expect(page.getByRole("link", { name: "Xem đơn" })).toHaveCount(2);

      const orders = await sql`select farm_id, total_vnd, payment_method from orders where company_id = ${company.id} order by farm_id`;
      expect(orders.map((o) => [Number(o.farm_id), Number(o.total_vnd)])).toEqual(
        [
          [first.id, 180 * 21000],
          [household.id, 120 * 20000],
        ].sort((a, b) => a[0] - b[0]),
      );
      const [declined] = await sql`select state from quotes where request_id = ${requestId} and farm_id = ${second.id}`;
      expect(declined.state).toBe("declined");
    });

    test("a request chosen for another province reaches a farm there, says how it repeats, closes at its deadline, and is still awarded", async ({ page }) => {
      test.setTimeout(240_000);
      // A demo farm outside Hà Nội with an active listing, and its category.
      const [farm] = await sql<{ id: number; name: string; province: string; category: string; phone: string | null; email: string | null }[]>`
        select f.id, f.name, p.name as province, l.category_slug as category, u.phone, u.email
        from farms f join provinces p on p.code = f.province_code join users u on u.id = f.owner_id
        join lateral (select category_slug from listings where farm_id = f.id and state = 'active' and deleted_at is null order by id limit 1) l on true
        where f.province_code <> '01' order by f.id limit 1 offset ${javaScript ? 2 : 3}`;
      const identifier = farm.email ?? `0${String(farm.phone).slice(2)}`;

      const buyer = await signUp(page, { role: "business", name: "Anh Minh phụ trách mua" });
      const [buyerRow] = await sql`select id from users where phone = ${`84${buyer.phone.slice(1)}`}`;
      const [company] = await sql`insert into companies (name, tax_code, created_by)
        values ('Chuỗi bếp thử tỉnh khác', ${`07${String((Date.now() + 7) % 100000000).padStart(8, "0")}`}, ${buyerRow.id}) returning id`;
      await sql`insert into company_members (company_id, user_id, role) values (${company.id}, ${buyerRow.id}, 'buyer')`;

      await page.goto(`/business/requests/new?company=${company.id}`);
      await page.getByLabel("Nhóm hàng").selectOption(farm.category);
      await page.getByLabel("Sản phẩm cần mua").fill("Hàng giao Hà Nội từ tỉnh xa");
      await page.getByLabel("Số lượng").fill("300");
      await page.getByLabel("Người nhận").fill("Anh Minh");
      await page.getByLabel("Số điện thoại").fill("0912345678");
      await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Thành phố Hà Nội" });
      if (!javaScript) await page.getByRole("button", { name: "Hiện danh sách xã / phường" }).click();
      await page.getByLabel("Xã / phường").selectOption({ label: "Phường Ba Đình" });
      await page.getByLabel("Địa chỉ (số nhà, đường)").fill("5 Phố Kim Mã");
      await page.getByLabel("Giao từ ngày").fill(inDays(4));
      await page.getByLabel("Đến ngày").fill(inDays(10));
      await page.getByLabel("Hạn nhận báo giá (giờ Việt Nam)").fill(new Date(Date.now() + 7 * 3600_000 + 2 * 86_400_000).toISOString().slice(0, 16));
      await page.getByLabel("Lặp lại", { exact: true }).selectOption("weekly");
      // A repeat-until date before the first delivery is refused by name, and what was typed stays.
      await page.getByLabel(/Lặp lại tới hết ngày/).fill(inDays(2));
      await page.getByLabel(farm.province, { exact: true }).check();
      await page.getByRole("button", { name: "Đăng yêu cầu" }).click();
      await expect(page.getByText("Ngày lặp lại cuối không được trước ngày bắt đầu giao.").first()).toBeVisible();
      await expect(page.getByLabel("Sản phẩm cần mua")).toHaveValue("Hàng giao Hà Nội từ tỉnh xa");
      await expect(page.getByLabel(farm.province, { exact: true })).toBeChecked();
      await page.getByLabel(/Lặp lại tới hết ngày/).fill(inDays(60));
      // Sent again at once: typing after a submit the browser refused ends SubmitButton's guard against a double tap.
      if (!javaScript) {
        // Without JavaScript the page came back from the server: the commune list is there again.
        await expect(page.getByLabel("Xã / phường")).toHaveValue(/\d+/);
      }
      await page.getByRole("button", { name: "Đăng yêu cầu" }).click();
      await expect(page).toHaveURL(/\/business\/requests\/\d+$/, { timeout: 30_000 });
      const requestId = Number(/requests\/(\d+)/.exec(page.url())![1]);
      await expect(page.getByText(`Nhận báo giá từ: Thành phố Hà Nội, ${farm.province}`)).toBeVisible();
      await expect(page.getByText(/Lặp lại hằng tuần, mỗi tuần một lần giao, đến hết ngày/)).toBeVisible();

      // The farm's owner is texted (through eSMS's imitation), once.
      if (farm.phone) {
        await expect
          .poll(async () => {
            const answer = await page.request.get(`/__esms/messages?phone=${farm.phone}`);
            const { messages } = (await answer.json()) as { messages: { content: string }[] };
            return messages.filter((m) => m.content.includes(`/sell/requests/${requestId}`)).length;
          }, { timeout: 20_000 })
          .toBe(1);
      }

      // The farm, in another province, sees the request and quotes.
      await logInAs(page, identifier);
      await page.goto("/sell/requests");
      await expect(page.locator(`a[href="/sell/requests/${requestId}"]`)).toContainText("Hàng giao Hà Nội từ tỉnh xa");
      await quote(page, requestId, "23000", "200");

      // The deadline passes: the job closes the request (it runs every minute).
      await sql`update quote_requests set deadline = now() - interval '1 minute' where id = ${requestId}`;
      await expect.poll(async () => (await sql`select state from quote_requests where id = ${requestId}`)[0].state, { timeout: 150_000, intervals: [2000] }).toBe("closed");

      // The buyer is told, sees where the farm is, and may still accept the valid quote.
      await logInAs(page, buyer.phone, buyer.password);
      const [told] = await sql`select params from notifications where user_id = ${buyerRow.id} and kind = 'rfq_closed'`;
      expect(told.params).toMatchObject({ requestId: String(requestId), count: "1" });
      await page.goto(`/business/requests/${requestId}`);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Đã hết hạn");
      await expect(page.getByText("Đã hết hạn nhận báo giá. Bạn vẫn có thể chấp nhận các báo giá còn hiệu lực.")).toBeVisible();
      await expect(page.locator(".quotes-table tbody tr").first()).toContainText(`Tỉnh khác: ${farm.province}`);
      if (javaScript) await expectAccessible(page, "the buyer's closed request page");
      await page.getByLabel(`Lấy bao nhiêu từ ${farm.name}`).fill("150");
      await page.getByLabel("Tôi xác nhận đặt hàng theo các báo giá đã chọn").check();
      await page.getByRole("button", { name: "Chấp nhận và tạo đơn" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Đã chốt");
      const orders = await sql`select farm_id, total_vnd from orders where company_id = ${company.id}`;
      expect(orders.map((o) => [Number(o.farm_id), Number(o.total_vnd)])).toEqual([[Number(farm.id), 150 * 23000]]);
    });
  });
}
