/**
 * axe-core on every kind of page, JavaScript on, as a visitor, a buyer, a
 * farmer and an operator would see it (WCAG 2.1 A and AA rules): no violation
 * of impact "critical" or "serious" may remain. Failures print each rule with
 * the elements it found, so the fix can start from the message.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addFirstHit, asNewClient, logIn } from "./helpers";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const grave = violations.filter((v) => v.impact === "critical" || v.impact === "serious");
  const report = grave
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help}\n` +
        v.nodes.map((n) => `    at ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ") ?? ""}`).join("\n"),
    )
    .join("\n");
  expect(grave.length, `${what} (${page.url()}):\n${report}`).toBe(0);
}

async function visit(page: Page, path: string, what = path) {
  const response = await page.goto(path);
  expect(response?.status(), what).toBeLessThan(400);
  await expectAccessible(page, what);
}

test("a visitor's pages: home, search, listing, farm, signup, login, and forms refused by the server", async ({ page }) => {
  await asNewClient(page);
  await visit(page, "/", "home");
  await visit(page, "/search?q=rau", "search with results");
  await expect(page.locator(".listing-card").first()).toBeVisible();
  await page.locator(".listing-card h3").first().click();
  await expect(page).toHaveURL(/\/listings\//);
  await expectAccessible(page, "listing");
  await page.locator(".farm-box a").first().click();
  await expect(page).toHaveURL(/\/farms\//);
  await expectAccessible(page, "farm");
  await visit(page, "/signup", "signup");
  await visit(page, "/login", "login");

  // Refused by the server (not by the browser's checks): a phone that has an account, a wrong password.
  await page.goto("/signup");
  await page.getByLabel("Số điện thoại hoặc email").fill("0987654321");
  await page.getByLabel("Họ tên hoặc tên cơ sở").fill("Bà Lan");
  await page.getByLabel("Mật khẩu").fill("mot-mat-khau-dai");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.locator(".form-errors")).toBeVisible();
  await expectAccessible(page, "signup refused by the server");

  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill("0987654321");
  await page.getByLabel("Mật khẩu").fill("sai-mat-khau");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.locator(".form-errors")).toBeVisible();
  await expectAccessible(page, "login refused by the server");
});

test("the search suggestions, open", async ({ page }) => {
  await asNewClient(page);
  await page.goto("/");
  await page.locator("#home-q").pressSequentially("rau", { delay: 30 });
  await expect(page.getByRole("listbox")).toBeVisible();
  await page.locator("#home-q").press("ArrowDown");
  await expectAccessible(page, "suggestions open");
});

test("a buyer's pages: cart with an item, checkout, orders, an order, notifications", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0912345678");
  await addFirstHit(page, "rau");
  await visit(page, "/cart", "cart with an item");
  await visit(page, "/checkout", "checkout");
  await visit(page, "/orders", "orders");
  const order = page.locator('a[href^="/orders/"]').first();
  const href = await order.getAttribute("href");
  expect(href).toBeTruthy();
  await visit(page, href!, "an order");
  await visit(page, "/notifications", "notifications");
  // The demo buyer's cart is shared with the buying journeys that follow: leave it as it was found.
  await page.goto("/cart");
  const remove = page.getByRole("button", { name: "Xóa", exact: true });
  while (await remove.count()) {
    await remove.first().click();
    await page.waitForLoadState("networkidle");
  }
});

test("a farmer's pages: sell, farm, listings, new, edit, orders, payouts, a completed order's papers", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0987654321");
  await visit(page, "/sell", "sell");
  await visit(page, "/sell/farm", "farm form");
  await visit(page, "/sell/listings", "listings");
  const edit = await page.locator('a[href$="/edit"]').first().getAttribute("href");
  expect(edit).toBeTruthy();
  await visit(page, "/sell/listings/new", "new listing");
  await visit(page, edit!, "edit listing");
  await visit(page, "/sell/orders", "sales");
  await visit(page, "/sell/payouts", "payouts");
  // A completed sale: its invoice link in the list; its papers and the credit note form on its page (decision 043).
  await visit(page, "/sell/orders?status=completed", "completed sales");
  const completed = await page.locator('.seller-table a[href^="/orders/"]:not([href$=".pdf"])').first().getAttribute("href");
  expect(completed).toBeTruthy();
  await visit(page, completed!, "a completed sale with its papers");
  await expect(page.getByRole("form", { name: "Điều chỉnh giảm hóa đơn" })).toBeVisible();
  await visit(page, "/sell/api", "API tokens");
});

test("the API documentation and a company's API tokens (decision 044)", async ({ page }) => {
  await visit(page, "/api/v1/docs", "API docs");
  await asNewClient(page);
  await logIn(page, "bep@truonghoc.vn");
  await page.goto("/business");
  const company = await page.locator('a[href^="/business/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")).find((h) => h && /^\/business\/\d+$/.test(h)));
  await visit(page, `${company}/api`, "company API tokens");
  // The form refused, and a token made (its secret shown once).
  await page.getByRole("button", { name: "Tạo khóa" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expectAccessible(page, "token form with errors");
  await page.getByLabel("Tên khóa").fill("Phần mềm kho");
  await page.getByRole("checkbox", { name: /orders:read/ }).check();
  await page.getByRole("button", { name: "Tạo khóa" }).click();
  await expect(page.getByTestId("api-secret")).toHaveValue(/^nss_/);
  await expectAccessible(page, "token made");
});

test("an operator's pages: payouts and payments", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "admin@nongsanso.vn");
  await visit(page, "/ops/payouts", "ops payouts");
  await visit(page, "/ops/payments", "ops payments");
});

test("a community helper's pages: households, a household, registering one, acting for it, the quick form, the inbox, figures, a card", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0966200301");
  await visit(page, "/help", "the helper's households");
  const household = await page.locator('a[href^="/help/households/"]:not([href$="/new"])').first().getAttribute("href");
  expect(household).toBeTruthy();
  await visit(page, household!, "a household and its consent");
  await visit(page, "/help/households/new", "registering a household");
  await visit(page, "/help/list", "the quick listing form");
  await visit(page, "/help/inbox", "the inbox");
  await visit(page, "/help/figures", "team figures");
  await visit(page, `${household}/card`, "a household's card");
  await page.goto("/help");
  await page.getByRole("button", { name: /^Thao tác cho / }).first().click();
  await expect(page.getByText("Đang thao tác cho:")).toBeVisible();
  await expectAccessible(page, "acting for a household (the banner)");
  await visit(page, "/sell/activity", "the household's activity, seen by its helper");
  await page.getByRole("button", { name: "Về tài khoản của tôi" }).click();
  await expect(page.getByText("Đang thao tác cho:")).toHaveCount(0);
});

test("a household's own pages: its activity and its consents; claiming a login", async ({ page }) => {
  await asNewClient(page);
  await visit(page, "/claim", "claiming a login");
  await logIn(page, "0388300401");
  await visit(page, "/sell/activity", "the household's activity");
  await visit(page, "/sell/consent", "the household's consents");
});

test("a company kitchen's standing orders: the list and one (decision 032)", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "bep@truonghoc.vn");
  await visit(page, "/standing", "standing orders");
  const one = await page.locator('a[href^="/standing/"]').first().getAttribute("href");
  expect(one).toBeTruthy();
  await visit(page, one!, "a standing order");
});

test("an operator's teams page", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "admin@nongsanso.vn");
  await visit(page, "/ops/teams", "ops teams");
});

test("farm verification: the farm's papers and the form with its errors, the moderators' queue", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0987654321");
  await visit(page, "/sell/verification", "a farm's papers");
  await page.getByLabel("Số giấy tờ").fill("");
  await page.getByRole("button", { name: "Gửi giấy tờ" }).click();
  await expect(page.locator(".form-errors")).toBeVisible();
  await expectAccessible(page, "the paper form refused");
  await page.context().clearCookies();
  await asNewClient(page);
  await logIn(page, "moderator@nongsanso.vn");
  await visit(page, "/ops/verification", "the verification queue");
});

test("lots (issue 14): the farm's lots, a new lot, a lot with its QR code and a refused harvest, the public page", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0987654321");
  await visit(page, "/sell/lots", "the farm's lots");
  await visit(page, "/sell/lots/new", "a new lot");
  await page.goto("/sell/lots");
  await page.getByRole("link", { name: /^[0-9A-Z]{10}$/ }).last().click();
  await expect(page.locator("img.qr-image")).toBeVisible();
  await expectAccessible(page, "a lot");
  // A harvest the day of the last spray: refused beside the field, with the reason.
  const lastSpray = await page.locator(".lot-inputs li strong").last().textContent();
  expect(lastSpray).toBeTruthy();
  const [d, m, y] = lastSpray!.split("/").map(Number);
  await page.getByLabel("Ngày thu hoạch").fill(`${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  await page.getByRole("button", { name: "Lưu lô" }).click();
  await expect(page.locator(".form-errors")).toBeVisible();
  await expectAccessible(page, "a lot's harvest refused");
  const publicPage = await page.getByRole("link", { name: "Trang công khai của lô" }).getAttribute("href");
  await visit(page, publicPage!, "a lot's public page");
});

test("an operator's companies page (net terms)", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "admin@nongsanso.vn");
  await visit(page, "/ops/companies", "ops companies");
  await visit(page, "/ops/companies?q=Kim%20Li%C3%AAn", "ops companies, searched");
});

test("a company's page with its net terms (the demo school: 30 days, 50,000,000 đ)", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "bep@truonghoc.vn");
  await page.goto("/business");
  const company = await page.locator('a[href^="/business/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")).find((h) => h && /^\/business\/\d+$/.test(h)));
  expect(company).toBeTruthy();
  await visit(page, company!, "a company and its net terms");
  await expect(page.getByRole("heading", { name: "Công nợ" })).toBeVisible();
});

test("a company approver's pages: the company and its purchases awaiting approval (decision 033)", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "ketoan@truonghoc.vn");
  await page.goto("/business");
  await page.getByRole("link", { name: "Trường Tiểu học Kim Liên" }).first().click();
  await expect(page).toHaveURL(/\/business\/\d+$/);
  const companyPath = new URL(page.url()).pathname;
  await expectAccessible(page, "the company page");
  await visit(page, `${companyPath}/approvals`, "the purchases awaiting approval");
  await expect(page.getByRole("button", { name: /^Duyệt đơn/ }).first()).toBeVisible();
  // The reason refused beside its field.
  await page.getByRole("button", { name: /^Không duyệt đơn/ }).first().click();
  await expect(page.getByText("Nhập lý do không duyệt").first()).toBeVisible();
  await expectAccessible(page, "a rejection without its reason");
});

test("moderation (issue 13): the /ops workspace, the reports queue, accounts, a report form; the moderator's view too", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "admin@nongsanso.vn");
  await visit(page, "/ops", "ops workspace (administrator)");
  await visit(page, "/ops/reports", "the moderators' queue");
  // A listing the demo reports name (db/seed-moderation.ts).
  const listing = await page.locator('.moderation-item a[href^="/listings/"]').first().getAttribute("href");
  await visit(page, "/ops/accounts", "accounts: the suspended ones");
  await visit(page, "/ops/accounts?q=0912345678", "accounts: a search");
  expect(listing).toBeTruthy();
  const id = /\/listings\/(\d+)/.exec(listing!)![1];
  await visit(page, `/report?type=listing&id=${id}`, "the report form");
  await page.context().clearCookies();
  await asNewClient(page);
  await logIn(page, "moderator@nongsanso.vn");
  await visit(page, "/ops", "ops workspace (moderator)");
});

test("the adoption dashboard: the country, a province, a commune (issue 13)", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "admin@nongsanso.vn");
  await visit(page, "/ops/insights", "insights, the country");
  await visit(page, "/ops/insights/33", "insights, a province");
  await visit(page, "/ops/insights/33/13192", "insights, a commune");
});

test("reviews (issue 14): a farm page with reviews, an order's review, the farm's reviews with a reply form, a review's report form, a review in the queue", async ({ page }) => {
  await asNewClient(page);
  // The demo consumer reviewed both completed demo orders (db/seed-reviews.ts).
  await logIn(page, "0912345678");
  await page.goto("/orders");
  const orderLinks = await page.locator('a[href^="/orders/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  let reviewed: string | null = null;
  for (const href of orderLinks) {
    const response = await page.goto(`${href}/review`);
    if (response?.ok() && (await page.locator(".review").count()) > 0) {
      reviewed = href;
      break;
    }
  }
  expect(reviewed, "a reviewed demo order").toBeTruthy();
  await expectAccessible(page, "an order's review with the farm's reply");
  const farmPath = await page.locator('a[href^="/farms/"]').first().getAttribute("href");
  await visit(page, farmPath!, "a farm page with reviews");
  await expect(page.locator(".farm-rating .rating")).toBeVisible();
  const reviewId = (await page.locator(".review").first().getAttribute("id"))!.replace("review-", "");
  await visit(page, `/report?type=review&id=${reviewId}`, "a review's report form");
  await page.getByLabel("Lý do").selectOption({ label: "Nội dung xúc phạm" });
  await page.getByRole("button", { name: "Gửi báo cáo" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  await visit(page, "/search?sort=best_rated&rating=4", "search, best rated with at least 4 stars");

  await page.context().clearCookies();
  await asNewClient(page);
  await logIn(page, "0987654321");
  await visit(page, "/sell/reviews", "the farm's reviews with a reply form");
  await page.getByRole("button", { name: "Gửi trả lời" }).first().click();
  await expect(page.getByText("Nhập câu trả lời.").first()).toBeVisible();
  await expectAccessible(page, "a reply refused beside its field");

  await page.context().clearCookies();
  await asNewClient(page);
  await logIn(page, "moderator@nongsanso.vn");
  await visit(page, "/ops/reports", "the moderators' queue with a reported review");
  await expect(page.getByRole("button", { name: "Ẩn đánh giá" })).toBeVisible();
});

test("buyer–farm messages (decision 041): asking a farm, a refusal, the conversation, the inbox", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0912345678");
  await page.goto("/search?q=rau");
  await page.locator(".listing-card h3").first().click();
  await expect(page).toHaveURL(/\/listings\//);
  await page.getByRole("link", { name: "Hỏi nhà vườn" }).click();
  await expect(page).toHaveURL(/\/messages\/(new|\d+)/);
  if (page.url().includes("/messages/new")) {
    await expectAccessible(page, "asking a farm");
    await page.getByRole("button", { name: "Gửi", exact: true }).click();
    await expect(page.locator(".field-errors")).toBeVisible();
    await expectAccessible(page, "asking a farm, refused by the server");
    await page.getByLabel("Nội dung").fill("Rau còn tươi không ạ?");
    await page.getByRole("button", { name: "Gửi", exact: true }).click();
  }
  await expect(page).toHaveURL(/\/messages\/\d+/);
  await expectAccessible(page, "a conversation");
  await visit(page, "/messages", "the inbox");
});

test("webhook pages (decision 045): a company's and a farm's list, a refused form, an endpoint with its secret and log", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "bep@truonghoc.vn");
  await page.goto("/business");
  await page.getByRole("link", { name: "Trường Tiểu học Kim Liên" }).first().click();
  await expect(page).toHaveURL(/\/business\/\d+$/);
  const webhooks = `${new URL(page.url()).pathname}/webhooks`;
  await visit(page, webhooks, "a company's webhook endpoints");
  await page.getByRole("button", { name: "Thêm điểm nhận" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expectAccessible(page, "the endpoint form refused");
  await page.getByLabel("Địa chỉ (https://…)").fill("http://127.0.0.1:9/axe");
  await page.getByRole("checkbox", { name: /Có đơn mới/ }).check();
  await page.getByRole("button", { name: "Thêm điểm nhận" }).click();
  await expect(page.getByTestId("webhook-secret")).toBeVisible();
  await expectAccessible(page, "an endpoint: secret, log, edit form");
  await page.getByRole("button", { name: "Tạo khoá mới" }).click();
  await expect(page.getByRole("heading", { name: "Tạo khoá ký mới?" })).toBeVisible();
  await expectAccessible(page, "the new-secret question");

  await page.context().clearCookies();
  await asNewClient(page);
  await logIn(page, "0987654321");
  await visit(page, "/sell/webhooks", "a farm's webhook endpoints");
});
