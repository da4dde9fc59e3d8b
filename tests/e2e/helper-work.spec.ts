/**
 * A community helper at work (issue 11 §5), with JavaScript on and off: lists
 * produce for a household on the compact form (a photo from the camera input,
 * '22k' as the price), sees "listed … for …" with the household still chosen,
 * and accepts the household's order from the one inbox. With JavaScript, what
 * was typed survives a reload (the draft kept in the browser until saved).
 *
 * The team, the helper's membership and the household's consent are written
 * straight into the database (the onboarding pages are built elsewhere); the
 * household is one of the demo farms.
 */
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { fixture, signUp } from "./helpers";

const BASE = `http://localhost:${Number(process.env.E2E_PORT ?? 3100)}`;
const DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${Number(process.env.E2E_PG_PORT ?? 54400)}/postgres`;

let sql: postgres.Sql;
test.beforeAll(() => {
  sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
});
test.afterAll(async () => {
  await sql.end();
});

/** Makes the signed-up person a helper of a new team that the demo farm at `offset` consented to. */
async function teamWithHousehold(phone: string, offset: number) {
  const [helper] = await sql`select id from users where phone = ${`84${phone.slice(1)}`}`;
  await sql`insert into user_roles (user_id, role) values (${helper.id}, 'helper') on conflict do nothing`;
  const [team] = await sql`insert into teams (name, province_code, commune_code) values ('Tổ công nghệ số thử', '68', '24778') returning id`;
  await sql`insert into team_members (team_id, user_id) values (${team.id}, ${helper.id})`;
  const [farm] = await sql`select id, name from farms order by id offset ${offset} limit 1`;
  await sql`insert into consents (farm_id, team_id, scopes, method, recorded_by, granted_at, expires_at)
    values (${farm.id}, ${team.id}, '{listings,orders}', 'code', ${helper.id}, now(), now() + interval '365 days')`;
  return { farmId: Number(farm.id), farmName: String(farm.name) };
}

/** A buyer (raw HTTP, a visitor of its own) orders the listing, cash on delivery; returns the order's number. */
async function orderOf(listingId: number): Promise<string> {
  const headers = { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `198.51.100.${100 + Math.floor(Math.random() * 100)}`, origin: BASE };
  const phone = `09${String(Date.now() % 100_000_000).padStart(8, "0")}`;
  const signup = await fetch(`${BASE}/signup`, {
    method: "POST",
    headers,
    body: new URLSearchParams({ identifier: phone, displayName: "Phạm Thu Hà", password: "matkhau-mua-hang", role: "consumer" }).toString(),
    redirect: "manual",
  });
  const cookie = signup.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${BASE}${path}`, { method: "POST", headers: { ...headers, cookie }, body: new URLSearchParams(fields).toString(), redirect: "manual" });
  expect((await post("/cart", { intent: "add", listingId: String(listingId), quantity: "2" })).status).toBe(302);
  const placed = await post("/checkout", {
    checkoutKey: randomUUID(),
    recipient: "Phạm Thu Hà",
    phone: "0912345678",
    provinceCode: "01",
    communeCode: "00004",
    street: "12 Phố Đội Cấn",
    paymentMethod: "cod",
  });
  const orderId = Number(/\/orders\/(\d+)/.exec(placed.headers.get("location") ?? "")?.[1]);
  expect(orderId).toBeGreaterThan(0);
  const [order] = await sql`select number from orders where id = ${orderId}`;
  return String(order.number);
}

/** No WCAG A/AA violation of impact critical or serious (as tests/e2e/axe.spec.ts). */
async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const grave = violations.filter((v) => v.impact === "critical" || v.impact === "serious");
  expect(grave.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), what).toEqual([]);
}

for (const javaScript of [true, false]) {
  test.describe(`JavaScript ${javaScript ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a helper lists for a household on the compact form and accepts its order from the inbox", async ({ page }) => {
      const helper = await signUp(page, { role: "consumer", name: "Trần Văn Hỗ Trợ" });
      const { farmId, farmName } = await teamWithHousehold(helper.phone, javaScript ? 0 : 1);

      await page.goto("/help/list");
      await page.getByLabel("Hộ", { exact: true }).selectOption(String(farmId));
      await page.getByLabel("Sản phẩm", { exact: true }).selectOption("rau-la");
      await page.getByLabel("Số lượng có bán").fill("40");
      await page.getByLabel("Giá (đồng)").fill("22k");
      await page.getByLabel("Thu hoạch từ ngày").fill("2026-12-01");
      if (javaScript) {
        // A dropped connection, a reload: what was typed comes back from the draft.
        await page.reload();
        await expect(page.getByLabel("Giá (đồng)")).toHaveValue("22k");
        await expect(page.getByLabel("Hộ", { exact: true })).toHaveValue(String(farmId));
        await expect(page.getByLabel("Sản phẩm", { exact: true })).toHaveValue("rau-la");
      }
      await page.getByLabel("Thêm ảnh").setInputFiles(fixture("ca-chua.jpg"));
      const started = Date.now();
      await page.getByRole("button", { name: "Đăng bán" }).click();
      await expect(page.getByRole("status").filter({ hasText: `Đã đăng: Rau ăn lá cho ${farmName}.` })).toBeVisible();
      console.info(`compact listing save (JavaScript ${javaScript ? "on" : "off"}): ${Date.now() - started} ms to the next form`);
      // The same form again, for the next product: the household still chosen, the rest blank.
      await expect(page.getByLabel("Hộ", { exact: true })).toHaveValue(String(farmId));
      await expect(page.getByLabel("Giá (đồng)")).toHaveValue("");
      const [listing] = await sql`select id, title, price_vnd, (select count(*) from photos p where p.listing_id = l.id)::int as photos
        from listings l where farm_id = ${farmId} and title = 'Rau ăn lá' order by id desc limit 1`;
      expect({ price: Number(listing.price_vnd), photos: listing.photos }).toEqual({ price: 22_000, photos: 1 });
      if (javaScript) {
        // Saved: the draft is gone, a reload shows a blank form.
        await page.reload();
        await expect(page.getByLabel("Giá (đồng)")).toHaveValue("");
      }

      const number = await orderOf(Number(listing.id));
      await page.goto("/help/inbox");
      const card = page.locator("li.inbox-order", { hasText: number });
      await expect(card).toContainText(farmName);
      await card.getByRole("button", { name: "Nhận đơn" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Đã chuyển đơn sang: Đã nhận đơn." })).toBeVisible();
      const [order] = await sql`select status from orders where number = ${number}`;
      expect(order.status).toBe("accepted");

      if (javaScript) {
        await expectAccessible(page, "inbox");
        await page.goto("/help/list");
        await page.getByLabel("Giá (đồng)").fill("hai mươi");
        await page.getByRole("button", { name: "Đăng bán" }).click();
        await expect(page.locator("#help-list-priceVnd-error")).toBeVisible();
        await expectAccessible(page, "compact form, refused");
        await page.goto(`/help/households/${farmId}/card`);
        await expect(page.getByRole("heading", { name: farmName })).toBeVisible();
        await expect(page.locator(".household-card-contact")).toContainText("Trần Văn Hỗ Trợ");
        // Printed, the card is one A6 page (105 × 148 mm = 297.6 × 419.5 pt).
        const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
        expect([...pdf.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))])).toEqual([[298, 420]]);
        await expectAccessible(page, "household card");
        await page.goto("/help/figures");
        await expect(page.getByRole("row", { name: /Tổ công nghệ số thử/ }).first()).toBeVisible();
        await expectAccessible(page, "figures");
      }
    });
  });
}

test("with JavaScript, leaving a field of the compact form sends nothing; the price is checked when the form is sent", async ({ page }) => {
  const helper = await signUp(page, { role: "consumer", name: "Trần Văn Hỗ Trợ" });
  await teamWithHousehold(helper.phone, 2);
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(new URL(request.url()).pathname);
  });
  await page.goto("/help/list");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Số lượng có bán").fill("40");
  await page.getByLabel("Giá (đồng)").fill("hai mươi");
  await page.getByLabel("Thu hoạch từ ngày").focus();
  await page.getByLabel("Số lượng có bán").focus();
  // A blur check would have been sent at once (it was, before: the whole form, photos included);
  // an absence is only seen by waiting a moment.
  await page.waitForTimeout(500);
  expect(posts).toEqual([]);
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.locator("#help-list-priceVnd-error")).toBeVisible();
  expect(posts).toHaveLength(1);
  await expect(page.getByLabel("Giá (đồng)")).toHaveValue("hai mươi");
});
