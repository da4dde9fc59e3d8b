/**
 * Issue 11 end to end, with JavaScript and without: an operator makes a team
 * in Hưng Yên and an invitation link; a helper joins, registers a household,
 * the household's consent code is caught where eSMS receives it, the helper
 * acts for the household and lists produce for it. The household claims its
 * login with its phone, reads who did what on its farm and withdraws its
 * consent; the helper's next action is refused.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { asNewClient, lastCodeSentTo, logIn, signUp, uniquePhone } from "./helpers";

async function newPage(browser: Browser, javaScript: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, baseURL: `http://localhost:${Number(process.env.E2E_PORT ?? 3100)}` });
  const page = await context.newPage();
  await asNewClient(page);
  return page;
}

const BASE = `http://localhost:${Number(process.env.E2E_PORT ?? 3100)}`;

/** A buyer (raw HTTP, a visitor of its own) orders the listing, cash on delivery. */
async function orderFrom(listingId: number): Promise<void> {
  const headers = { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `198.51.100.${100 + Math.floor(Math.random() * 100)}`, origin: BASE };
  const signup = await fetch(`${BASE}/signup`, {
    method: "POST",
    headers,
    body: new URLSearchParams({ identifier: uniquePhone(), displayName: "Bếp ăn Trường Mầm non Hoa Sen", password: "matkhau-mua-hang", role: "business" }).toString(),
    redirect: "manual",
  });
  const cookie = signup.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${BASE}${path}`, { method: "POST", headers: { ...headers, cookie }, body: new URLSearchParams(fields).toString(), redirect: "manual" });
  expect((await post("/cart", { intent: "add", listingId: String(listingId), quantity: "4" })).status).toBe(302);
  const placed = await post("/checkout", {
    checkoutKey: randomUUID(),
    recipient: "Bếp ăn Trường Mầm non Hoa Sen",
    phone: "0912345678",
    provinceCode: "01",
    communeCode: "00004",
    street: "12 Phố Đội Cấn",
    paymentMethod: "cod",
  });
  expect(placed.headers.get("location")).toMatch(/\/orders\/\d+/);
}

async function journey(browser: Browser, javaScript: boolean) {
  const suffix = `${javaScript ? "JS" : "noJS"} ${Date.now() % 100000}`;
  const teamName = `Tổ công nghệ số Phố Hiến ${suffix}`;

  // The operator makes the team and an invitation link.
  const operator = await newPage(browser, javaScript);
  await logIn(operator, "admin@nongsanso.vn");
  await operator.goto("/ops/teams");
  await operator.getByLabel("Tên tổ").fill(teamName);
  await operator.getByLabel("Tỉnh / thành phố").selectOption({ label: "Tỉnh Hưng Yên" });
  if (!javaScript) {
    await operator.getByRole("button", { name: "Hiện danh sách xã / phường" }).click();
    await expect(operator.getByLabel("Tên tổ")).toHaveValue(teamName);
  }
  await operator.getByLabel("Xã / phường").selectOption({ label: "Phường Phố Hiến" });
  await operator.getByRole("button", { name: "Lập tổ" }).click();
  await expect(operator.getByText("Đã lập tổ.")).toBeVisible();
  const card = operator.locator(".team-list > li", { has: operator.getByRole("heading", { name: teamName }) });
  await card.getByRole("button", { name: "Tạo đường dẫn mời" }).click();
  const link = await operator.locator(".team-list > li", { has: operator.getByRole("heading", { name: teamName }) }).getByLabel("Đường dẫn mời").inputValue();
  expect(link).toMatch(/\/join\/[\w-]{40,}$/);

  // A helper joins and registers a household.
  const helper = await newPage(browser, javaScript);
  await signUp(helper, { role: "consumer", name: "Phạm Văn Hỗ Trợ" });
  await helper.goto(new URL(link).pathname);
  await helper.getByRole("button", { name: "Tham gia tổ" }).click();
  await expect(helper).toHaveURL(/\/help\?joined=1$/);
  await helper.getByRole("link", { name: "Đăng ký hộ mới" }).click();
  const householdPhone = uniquePhone();
  const householdName = `Hộ bà Nguyễn Thị Nhãn ${suffix}`;
  await helper.getByLabel("Tên chủ hộ").fill(householdName);
  await helper.getByLabel("Số điện thoại của hộ").fill(householdPhone);
  await helper.getByLabel("Thôn", { exact: true }).fill("Thôn Đông");
  await helper.getByLabel("Tên trang trại / vườn").fill(`Vườn nhãn bà Nhãn ${suffix}`);
  await helper.getByLabel("Hộ trồng, nuôi gì").fill("Nhãn lồng, vải");
  await helper.getByRole("button", { name: "Đăng ký hộ" }).click();
  await expect(helper.getByText("Đã đăng ký hộ.")).toBeVisible();
  await expect(helper.getByText("Chờ hộ xác nhận đồng ý")).toBeVisible();

  // The printable form is its own page (not the household's page drawn again).
  const householdUrl = helper.url();
  await helper.getByRole("link", { name: "In giấy đồng ý" }).click();
  await expect(helper.getByRole("heading", { level: 1, name: "Giấy đồng ý cho tổ công nghệ số bán hàng giúp hộ" })).toBeVisible();
  await expect(helper.locator(".consent-sheet")).toContainText(householdName);
  await helper.goto(householdUrl);

  // Consent by code: texted through eSMS, read back by the household, typed by the helper.
  const sentAt = new Date();
  await helper.getByRole("button", { name: "Gửi mã", exact: true }).click();
  await expect(helper.getByText("Đã gửi mã tới điện thoại của hộ.")).toBeVisible();
  const code = await lastCodeSentTo(householdPhone, { after: new Date(sentAt.getTime() - 1000) });
  await helper.getByLabel("Mã xác nhận (6 số)").fill(code);
  await helper.getByRole("button", { name: "Xác nhận", exact: true }).click();
  await expect(helper.getByText("Hộ đã đồng ý.")).toBeVisible();

  // Acting for the household: the banner, then a listing on its farm.
  await helper.goto("/help");
  await helper.getByRole("button", { name: `Thao tác cho ${householdName}` }).click();
  await expect(helper).toHaveURL(/\/sell$/);
  await expect(helper.getByText(`Đang thao tác cho: ${householdName}`)).toBeVisible();
  await helper.goto("/sell/listings/new");
  const title = `Nhãn lồng Phố Hiến ${suffix}`;
  await helper.getByLabel("Tên sản phẩm").fill(title);
  await helper.getByLabel("Danh mục").selectOption({ label: "Rau ăn quả" });
  await helper.getByLabel("Giá (đồng)", { exact: true }).fill("60.000");
  await helper.getByLabel("Số lượng có bán").fill("500");
  await helper.getByLabel("Đặt tối thiểu").fill("2");
  await helper.getByRole("button", { name: "Đăng bán" }).click();
  await expect(helper).toHaveURL(/\/sell\/listings\?saved=\d+/);
  const listingId = Number(/saved=(\d+)/.exec(helper.url())![1]);
  await expect(helper.getByRole("row", { name: new RegExp(title) })).toContainText("Đang bán");

  // A second product for the household on the quick form.
  const farmName = `Vườn nhãn bà Nhãn ${suffix}`;
  await helper.goto("/help/list");
  // Options read "farm — commune": pick the household's by its farm's name.
  const householdSelect = helper.getByLabel("Hộ", { exact: true });
  await householdSelect.selectOption((await householdSelect.locator("option", { hasText: farmName }).getAttribute("value"))!);
  await helper.getByLabel("Sản phẩm", { exact: true }).selectOption("rau-la");
  await helper.getByLabel("Số lượng có bán").fill("30");
  await helper.getByLabel("Giá (đồng)").fill("15k");
  await helper.getByLabel("Thu hoạch từ ngày").fill("2026-12-01");
  await helper.getByRole("button", { name: "Đăng bán" }).click();
  await expect(helper.getByRole("status").filter({ hasText: `Đã đăng: Rau ăn lá cho ${farmName}.` })).toBeVisible();

  // A school kitchen orders; the helper accepts for the household from the one inbox.
  await orderFrom(listingId);
  await helper.goto("/help/inbox");
  const waiting = helper.locator("li.inbox-order", { hasText: farmName });
  await waiting.getByRole("button", { name: "Nhận đơn" }).click();
  await expect(helper.getByRole("status").filter({ hasText: "Đã chuyển đơn sang: Đã nhận đơn." })).toBeVisible();

  // The household claims its login with its phone.
  const household = await newPage(browser, javaScript);
  await household.goto("/claim");
  await household.getByLabel("Số điện thoại của hộ").fill(householdPhone);
  const claimAt = new Date();
  await household.getByRole("button", { name: "Gửi mã", exact: true }).click();
  await expect(household.getByText("chúng tôi đã gửi mã qua tin nhắn")).toBeVisible();
  const claimCode = await lastCodeSentTo(householdPhone, { after: new Date(claimAt.getTime() - 1000) });
  await household.getByLabel("Mã xác nhận (6 số)").fill(claimCode);
  await household.getByLabel("Mật khẩu mới").fill("mat-khau-cua-ho-nhan");
  await household.getByRole("button", { name: "Đặt mật khẩu và đăng nhập" }).click();
  await expect(household).toHaveURL(/\/sell\?claimed=1$/);

  // Who did what on its farm.
  await household.goto("/sell/activity");
  const listed = household.locator(".activity-list > li", { hasText: "đăng tin bán" }).filter({ hasText: title });
  await expect(listed).toContainText("Phạm Văn Hỗ Trợ");
  await expect(listed).toContainText("thay mặt hộ");
  await expect(listed).toContainText(title);
  await expect(household.locator(".activity-list > li", { hasText: "Rau ăn lá" })).toContainText("thay mặt hộ");
  await expect(household.locator(".activity-list > li", { hasText: "nhận đơn" })).toContainText("Phạm Văn Hỗ Trợ");
  await expect(household.locator(".activity-list > li > p", { hasText: /— hộ đồng ý$/ })).toHaveCount(1);

  // Withdrawing asks first, then ends the helper's access.
  await household.goto("/sell/consent");
  await household.getByRole("button", { name: `Rút sự đồng ý với ${teamName}` }).click();
  await expect(household.getByRole("heading", { name: `Rút sự đồng ý với ${teamName}?` })).toBeVisible();
  await household.getByRole("button", { name: "Vẫn rút sự đồng ý" }).click();
  await expect(household.getByText("Đã rút sự đồng ý.")).toBeVisible();
  await expect(household.getByText("Hộ đã rút sự đồng ý")).toBeVisible();

  // The helper's next action is refused, saying why, which ends the acting; they are back in their own account.
  await helper.goto("/sell/listings/new");
  await expect(helper.getByRole("heading", { level: 1, name: "403" })).toBeVisible();
  await expect(helper.getByRole("alert").filter({ hasText: "Bạn không còn được thao tác cho hộ này" }).first()).toBeVisible();
  await helper.goto("/help/list");
  await expect(helper.getByLabel("Hộ", { exact: true }).locator("option", { hasText: farmName })).toHaveCount(0);
  await helper.goto("/help");
  await expect(helper.getByText("Đang thao tác cho:")).toHaveCount(0);
  await expect(helper.getByText("Hộ đã rút sự đồng ý")).toBeVisible();

  for (const page of [operator, helper, household]) await page.context().close();
}

test("a helper onboards a household with its consent by code, lists for it; the household claims its login and withdraws", async ({ browser }) => {
  test.setTimeout(120_000);
  await journey(browser, true);
});

test("the same without JavaScript", async ({ browser }) => {
  test.setTimeout(120_000);
  await journey(browser, false);
});
