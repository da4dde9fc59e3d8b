/**
 * The page memory in the real app (decision 047): an app process of its own
 * with the demo data and PAGE_CACHE_SECONDS on. An anonymous page asked for
 * again comes from memory and still works in the browser (its scripts carry
 * the nonce the repeated CSP names); a signed-in visitor is never answered
 * from it, and what she is shown is never kept for others.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/data/demo";
import { startServerProcess, type Server } from "./server-process";

test.describe.configure({ mode: "serial", timeout: 300_000 });

let dir = "";
let server: Server;
let base = "";
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "nss-page-cache-"));
  server = await startServerProcess(dir, { env: { DEMO_DATA: "true", PAGE_CACHE_SECONDS: "60" }, startSeconds: 240 });
  base = `http://127.0.0.1:${server.port}`;
});
test.afterAll(async () => {
  if (server?.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

test("a page from memory hydrates: its scripts run under the CSP sent with it", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to execute/i.test(m.text())) violations.push(m.text());
  });
  // The home page's fresh listings (the search index fills in the background).
  await fetch(`${base}/`);
  const response = await page.goto(`${base}/`);
  expect(response?.headers()["x-page-cache"]).toBe("hit");
  // Hydrated: a client-side navigation happens without a document request.
  await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
  await page.waitForLoadState("networkidle");
  const documents: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "document") documents.push(r.url());
  });
  await page.locator("a[href^='/listings/']").first().click();
  await expect(page).toHaveURL(/\/listings\/\d+/);
  await expect(page.locator("h1")).toBeVisible();
  expect(documents).toEqual([]);
  expect(violations).toEqual([]);
});

test("signed in, nothing comes from memory, and her page is not kept for others", async () => {
  const her = await playwrightRequest.newContext({ baseURL: base });
  const login = await her.post("/login", { form: { identifier: "0912345678", password: DEMO_PASSWORD, redirectTo: "/" }, maxRedirects: 0 });
  expect(login.status()).toBe(302);
  // Kept by an anonymous visit first: she still gets her own page.
  await fetch(`${base}/`);
  expect((await fetch(`${base}/`)).headers.get("x-page-cache")).toBe("hit");
  const home = await her.get("/");
  expect(home.headers()["x-page-cache"]).toBeUndefined();
  expect(await home.text()).toContain("Phạm Thu Hà");
  // Her visit first, on a page nobody asked for yet: the next anonymous visitor does not get it.
  const fresh = `/search?q=${Date.now()}`;
  expect(await (await her.get(fresh)).text()).toContain("Phạm Thu Hà");
  const guest = await fetch(base + fresh);
  expect(guest.headers.get("x-page-cache")).toBeNull();
  expect(await guest.text()).not.toContain("Phạm Thu Hà");
  await her.dispose();
});
