import { expect, test } from "@playwright/test";
import { asNewClient, openSiteMenu, signUp, uniquePhone } from "./helpers";

test("sign up, log out, log in with the +84 form of the same number", async ({ page }) => {
  const { phone, password } = await signUp(page, { role: "consumer", name: "Trần Văn Minh" });
  await openSiteMenu(page);
  await expect(page.getByText("Trần Văn Minh")).toBeVisible();
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await openSiteMenu(page);
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();

  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill(`+84 ${phone.slice(1)}`);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await openSiteMenu(page);
  await expect(page.getByText("Trần Văn Minh")).toBeVisible();

  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "nss_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
});

test.describe("sign-up errors, as the server renders them", () => {
  test.use({ javaScriptEnabled: false });

  test("a taken number and a bad number get their own messages; the password is never sent back", async ({ page }) => {
  const { phone } = await signUp(page, { role: "consumer" });
  await page.context().clearCookies();
  await page.goto("/signup");
  await page.getByLabel("Số điện thoại hoặc email").fill(phone);
  await page.getByLabel("Họ tên hoặc tên cơ sở").fill("Người thứ hai");
  await page.getByLabel("Mật khẩu").fill("matkhau-khac-123");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.locator(".field-errors").getByText("Số điện thoại hoặc email này đã có tài khoản.")).toBeVisible();
  await expect(page.getByLabel("Họ tên hoặc tên cơ sở")).toHaveValue("Người thứ hai");
  await expect(page.getByLabel("Mật khẩu")).toHaveValue("");

  await page.getByLabel("Số điện thoại hoặc email").fill("0123");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.locator(".field-errors").getByText(/Số điện thoại di động .* không hợp lệ/)).toBeVisible();
  });
});

test.describe("login limits", () => {
  test.use({ javaScriptEnabled: false });

  test("too many wrong passwords stop that address, not the owner logging in from another", async ({ page }) => {
    const { phone, password } = await signUp(page, { role: "consumer", name: "Chủ Tài Khoản" });
    await page.context().clearCookies();
    await asNewClient(page); // the attacker's address
    for (let i = 0; i < 5; i++) {
      await page.goto("/login");
      await page.getByLabel("Số điện thoại hoặc email").fill(phone);
      await page.getByLabel("Mật khẩu").fill(`sai-mat-khau-${i}`);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await expect(page.getByText("Sai số điện thoại/email hoặc mật khẩu.")).toBeVisible();
    }
    // From the attacker's address even the right password now waits.
    await page.getByLabel("Mật khẩu").fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByText(/Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút\./)).toBeVisible();
    await expect(page).toHaveURL(/\/login/);

    // The owner, from another address, gets in at once.
    await asNewClient(page);
    await page.goto("/login");
    await page.getByLabel("Số điện thoại hoặc email").fill(phone);
    await page.getByLabel("Mật khẩu").fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page).not.toHaveURL(/\/login/);
    await openSiteMenu(page);
    await expect(page.getByText("Chủ Tài Khoản")).toBeVisible();
  });

  test("an address that made ten accounts this hour is told to wait; another address is not", async ({ page }) => {
    await asNewClient(page);
    for (let i = 0; i < 10; i++) {
      const response = await page.request.post("/signup", {
        form: { identifier: uniquePhone(), displayName: `Khách ${i}`, password: "matkhau-bi-mat", role: "consumer" },
        maxRedirects: 0,
      });
      expect(response.status()).toBe(302);
    }
    await page.context().clearCookies();
    await page.goto("/signup");
    await page.getByLabel("Số điện thoại hoặc email").fill(uniquePhone());
    await page.getByLabel("Họ tên hoặc tên cơ sở").fill("Khách thứ mười một");
    await page.getByLabel("Mật khẩu").fill("matkhau-bi-mat");
    await page.getByRole("button", { name: "Đăng ký" }).click();
    await expect(page.getByText(/Đã có quá nhiều tài khoản được tạo từ địa chỉ mạng này\. Vui lòng thử lại sau \d+ phút\./)).toBeVisible();
    await expect(page.getByLabel("Họ tên hoặc tên cơ sở")).toHaveValue("Khách thứ mười một");

    await asNewClient(page);
    await expect(page.getByLabel("Mật khẩu")).toHaveValue("");
    await page.getByLabel("Mật khẩu").fill("matkhau-bi-mat");
    await page.getByRole("button", { name: "Đăng ký" }).click();
    await expect(page).not.toHaveURL(/\/signup/);
  });

  test("?redirectTo with dot segments lands on this site after login", async ({ page, baseURL }) => {
    const { phone, password } = await signUp(page, { role: "consumer" });
    await page.context().clearCookies();
    await page.goto(`/login?redirectTo=${encodeURIComponent("/.//evil.example/steal")}`);
    await page.getByLabel("Số điện thoại hoặc email").fill(phone);
    await page.getByLabel("Mật khẩu").fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page).not.toHaveURL(/\/login/);
    await openSiteMenu(page);
    await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    expect(new URL(page.url()).pathname).toBe("/");
  });
});

test("the language is Vietnamese by default, English by choice, and remembered", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nông sản tận vườn, khắp Việt Nam");
  await openSiteMenu(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Straight from the farm, all over Vietnam");
  await page.goto("/signup");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create an account");
  await expect(page).toHaveTitle("Sign up · Nông Sản Số");
  await openSiteMenu(page);
  await page.getByRole("button", { name: "Tiếng Việt" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tạo tài khoản");
});

test("liveness and readiness answer JSON; readiness with the database state", async ({ request }) => {
  const live = await request.get("/healthz");
  expect(live.status()).toBe(200);
  expect(await live.json()).toMatchObject({ status: "ok" });
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ database: { ok: true }, search: { ok: true } });
});
