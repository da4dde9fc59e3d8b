/**
 * Buyer–farm messages (issue 14 §2, decision 041), with JavaScript on and
 * off: a buyer asks a demo farm from its listing ("Hỏi nhà vườn"), the farm's
 * owner sees the unread mark and answers, the buyer sees the unread count in
 * the header and the answer. A stranger asking for the conversation gets 404
 * and the raw page holds nothing of it.
 */
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { asNewClient, openSiteMenu, signUp } from "./helpers";

const DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${Number(process.env.E2E_PG_PORT ?? 54400)}/postgres`;

let sql: postgres.Sql;
test.beforeAll(() => {
  sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
});
test.afterAll(async () => {
  await sql.end();
});

/** A demo farm with an active listing, and how its owner logs in (demo password). */
async function demoFarm(offset: number) {
  const [farm] = await sql<{ name: string; phone: string | null; email: string | null; listing_id: number }[]>`
    select f.name, u.phone, u.email, min(l.id) as listing_id from farms f
    join users u on u.id = f.owner_id and u.password_set_at is not null and u.suspended_at is null
    join listings l on l.farm_id = f.id and l.state = 'active' and l.deleted_at is null and l.hidden_at is null
    group by f.id, u.id order by f.id limit 1 offset ${offset}`;
  return { name: farm.name, listingId: Number(farm.listing_id), identifier: farm.email ?? `0${String(farm.phone).slice(2)}` };
}

async function logInAs(page: Page, identifier: string, password: string) {
  await page.context().clearCookies();
  await asNewClient(page);
  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill(identifier);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

for (const javaScript of [true, false]) {
  test.describe(`JavaScript ${javaScript ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test("a buyer asks from a listing, the farm answers, the buyer sees the unread count and the answer", async ({ page }) => {
      test.setTimeout(90_000);
      const farm = await demoFarm(javaScript ? 0 : 1);
      const buyerName = `Chị Mai ${javaScript ? "có" : "không"} JS`;
      const buyer = await signUp(page, { role: "consumer", name: buyerName });
      const question = `Cà chua còn không ạ? <b>giao</b> thứ Bảy ${javaScript ? 1 : 2}`;
      const answer = `Còn ạ, vườn giao sáng thứ Bảy ${javaScript ? 1 : 2}.`;

      // The buyer asks from the listing; an empty message is refused with its reason, visibly.
      await page.goto(`/listings/${farm.listingId}`);
      await page.getByRole("link", { name: "Hỏi nhà vườn" }).click();
      await expect(page).toHaveURL(new RegExp(`/messages/new\\?listing=${farm.listingId}$`));
      await expect(page.getByRole("heading", { name: `Hỏi ${farm.name}` })).toBeVisible();
      await page.getByRole("button", { name: "Gửi", exact: true }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Nhập nội dung tin nhắn." })).toBeVisible();
      await page.getByLabel("Nội dung").fill(question);
      await page.getByRole("button", { name: "Gửi", exact: true }).click();
      await expect(page).toHaveURL(/\/messages\/\d+/);
      const conversationPath = new URL(page.url()).pathname;
      await expect(page.locator(".message-thread")).toContainText(question);

      // The farm's owner: the unread mark in the header and the inbox; the answer.
      await logInAs(page, farm.identifier, "nongsan123");
      await openSiteMenu(page);
      await expect(page.getByRole("link", { name: /^Tin nhắn \(\d+ chưa đọc\)$/ })).toBeVisible();
      await page.goto("/messages");
      const row = page.locator(".conversation-list li", { hasText: `${buyerName} hỏi ${farm.name}` });
      await expect(row).toContainText("Chưa đọc");
      await row.getByRole("link").click();
      await expect(page).toHaveURL(new RegExp(`${conversationPath}$`));
      await expect(page.locator(".message-thread")).toContainText(question);
      await page.getByLabel("Nội dung").fill(answer);
      await page.getByRole("button", { name: "Gửi", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${conversationPath}(#latest)?$`));
      await expect(page.locator(".message-thread li").last()).toContainText(answer);

      // The buyer: one unread conversation in the header, the answer on its page, then nothing unread.
      await logInAs(page, buyer.phone, buyer.password);
      await openSiteMenu(page);
      await page.getByRole("link", { name: "Tin nhắn (1 chưa đọc)" }).click();
      await expect(page).toHaveURL(/\/messages$/);
      await page.getByRole("link", { name: `Bạn hỏi ${farm.name}` }).click();
      await expect(page.locator(".message-thread li").last()).toContainText(answer);
      await page.getByRole("link", { name: "Tải lại để xem tin mới" }).click();
      await openSiteMenu(page);
      await expect(page.getByRole("link", { name: "Tin nhắn", exact: true })).toBeVisible();

      // The bytes: the markup typed is text, not markup.
      const raw = await (await page.request.get(conversationPath)).text();
      expect(raw).toContain("Cà chua còn không ạ? &lt;b&gt;giao&lt;/b&gt;");

      // A stranger asking for the conversation: 404, and nothing of it in the answer.
      await page.context().clearCookies();
      await signUp(page, { role: "consumer", name: "Người lạ" });
      const stranger = await page.request.get(conversationPath);
      expect(stranger.status()).toBe(404);
      expect(await stranger.text()).not.toContain("Cà chua còn không ạ?");
      const posted = await page.request.post(conversationPath, { form: { body: "Xen vào" }, headers: { origin: new URL(page.url()).origin } });
      expect(posted.status()).toBe(404);
      const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from conversation_messages where body = 'Xen vào'`;
      expect(n).toBe(0);
    });
  });
}
