/**
 * API tokens from the page (decision 044), with JavaScript and without: a
 * company's owner makes a token, sees it once, calls the API with it over
 * HTTP, revokes it (asked first), and the API refuses it.
 */
import { expect, test } from "@playwright/test";
import { asNewClient, logIn } from "./helpers";

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("an owner makes a token, uses it, and revokes it", async ({ page, request }) => {
      await asNewClient(page);
      await logIn(page, "bep@truonghoc.vn");
      await page.goto("/business");
      const company = await page.locator('a[href^="/business/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")).find((h) => h && /^\/business\/\d+$/.test(h)));
      await page.goto(`${company}/api`);
      const name = `ERP ${javaScript ? "js" : "html"} ${Date.now()}`;
      await page.getByLabel("Tên khóa").fill(name);
      await page.getByRole("checkbox", { name: /orders:read/ }).check();
      await page.getByRole("checkbox", { name: /orders:write/ }).check();
      await page.getByRole("button", { name: "Tạo khóa" }).click();
      const secret = await page.getByTestId("api-secret").inputValue();
      expect(secret).toMatch(/^nss_[\w-]{43}$/);

      const ok = await request.get("/api/v1/orders", { headers: { Authorization: `Bearer ${secret}` } });
      expect(ok.status()).toBe(200);
      expect(ok.headers()["ratelimit-limit"]).toBe("120");
      expect((await ok.json()).data.length).toBeGreaterThanOrEqual(0);

      // Through the real server: hostile bodies are problems, never a 500.
      const post = (data: string, headers: Record<string, string>) =>
        request.post("/api/v1/orders", { headers: { Authorization: `Bearer ${secret}`, "Idempotency-Key": `k${Date.now()}${Math.random()}`, ...headers }, data: Buffer.from(data) });
      const broken = await post("{", { "Content-Type": "application/json" });
      expect(broken.status()).toBe(400);
      expect(broken.headers()["content-type"]).toBe("application/problem+json");
      expect((await post("lines=1", { "Content-Type": "text/plain" })).status()).toBe(415);
      expect((await post("x".repeat(2_000_000), { "Content-Type": "application/json" })).status()).toBe(413);

      // Listed by its prefix only, never the secret again.
      await page.goto(`${company}/api`);
      expect(await page.content()).not.toContain(secret);
      await page.getByRole("button", { name: `Thu hồi khóa ${name}` }).click();
      await page.getByRole("button", { name: "Thu hồi khóa", exact: true }).click();
      await expect(page.getByRole("status").filter({ hasText: "Đã thu hồi khóa." })).toBeVisible();
      const refused = await request.get("/api/v1/orders", { headers: { Authorization: `Bearer ${secret}` } });
      expect(refused.status()).toBe(401);
      expect(refused.headers()["content-type"]).toBe("application/problem+json");
    });
  });
}

test("the OpenAPI document and its docs page are served; hostile requests get problems", async ({ page, request }) => {
  const bad = await request.post("/api/v1/orders", { headers: { Authorization: "Bearer nss_x", "Content-Type": "application/json" }, data: Buffer.from("x".repeat(2_000_000)) });
  expect(bad.status()).toBe(401);
  expect(bad.headers()["content-type"]).toBe("application/problem+json");
  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect((await doc.json()).openapi).toBe("3.1.0");
  await page.goto("/api/v1/docs");
  await expect(page.getByRole("heading", { name: "POST /api/v1/orders", exact: true })).toBeVisible();
});
