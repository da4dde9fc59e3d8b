/**
 * The farmer's phone on a slow network (issue items 1 and 3): a submit shows
 * that it is working and is not sent twice; photos are shrunk before upload;
 * declining or cancelling an order asks first, with and without JavaScript.
 */
import { expect, test, type Browser, type Page, type Request } from "@playwright/test";
import sharp from "sharp";
import { DEMO_FARMS } from "../../db/data/demo";
import { addFirstHit, createFarm, fillDeliveryAddress, logIn, signUp } from "./helpers";

/** A buyer of their own puts one listing of a demo farm in the cart and checks it out, cash on delivery; returns the order's page. */
async function placeOrder(page: Page, javaScript: boolean) {
  await signUp(page, { role: "consumer", name: "Phạm Thu Hà" });
  const { farm } = await addFirstHit(page, "ca chua bi");
  await page.goto("/checkout");
  await fillDeliveryAddress(page, { recipient: "Phạm Thu Hà", phone: "0912 345 678", street: "12 Phố Đội Cấn" }, { javaScript });
  await page.getByLabel("Trả tiền khi nhận hàng").check();
  await page.getByRole("button", { name: "Đặt 1 đơn hàng" }).click();
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1/);
  // With JavaScript the address changes before the order page is drawn: wait for its heading.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("NSS-");
  const number = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/NSS-\S+/)![0];
  return { url: new URL(page.url()).pathname, number, farmerPhone: DEMO_FARMS.find((f) => f.name === farm)!.phone };
}

async function farmerOf(browser: Browser, phone: string, javaScript: boolean) {
  const farmer = await browser.newPage({ javaScriptEnabled: javaScript });
  await logIn(farmer, phone);
  return farmer;
}

const status = (page: Page) => page.locator(".order-page .state").first();

for (const javaScript of [false, true]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript });

    test("the farmer's decline asks first, apart from accepting; going back changes nothing", async ({ page, browser }) => {
      const order = await placeOrder(page, javaScript);
      const farmer = await farmerOf(browser, order.farmerPhone, javaScript);
      await farmer.goto(order.url);
      const accept = farmer.getByRole("button", { name: "Nhận đơn" });
      const decline = farmer.getByRole("button", { name: "Từ chối" });
      // Not beside "accept": in a form of its own, well below it, not styled as the main action.
      const [a, d] = [(await accept.boundingBox())!, (await decline.boundingBox())!];
      expect(d.y - (a.y + a.height)).toBeGreaterThanOrEqual(32);
      await expect(decline).not.toHaveClass(/primary/);
      expect(await decline.evaluate((b, other) => (b as HTMLButtonElement).form !== (other as HTMLButtonElement).form, await accept.elementHandle())).toBe(true);

      await decline.click();
      const question = farmer.getByRole("heading", { name: `Từ chối đơn ${order.number}?` });
      await expect(question).toBeVisible();
      await expect(farmer.getByText("Không thể hoàn tác.")).toBeVisible();
      if (javaScript) await expect(question).toBeFocused();
      await expect(status(farmer)).toHaveText("Chờ xác nhận");
      await farmer.getByRole("link", { name: "Quay lại" }).click();
      await expect(question).toHaveCount(0);
      await expect(status(farmer)).toHaveText("Chờ xác nhận");

      await farmer.getByRole("button", { name: "Từ chối" }).click();
      await farmer.getByRole("button", { name: "Vẫn từ chối đơn" }).click();
      await expect(status(farmer)).toHaveText("Bị từ chối");
      await expect(farmer.getByRole("alert")).toHaveCount(0);
      await farmer.close();
    });

    test("the buyer's cancel asks first", async ({ page }) => {
      const order = await placeOrder(page, javaScript);
      await page.getByRole("button", { name: "Hủy đơn" }).click();
      await expect(page.getByRole("heading", { name: `Hủy đơn ${order.number}?` })).toBeVisible();
      await expect(status(page)).toHaveText("Chờ xác nhận");
      await page.getByRole("button", { name: "Vẫn hủy đơn" }).click();
      await expect(status(page)).toHaveText("Đã hủy");
    });
  });
}

test("a decline posted without its confirmation changes nothing", async ({ page, browser }) => {
  const order = await placeOrder(page, true);
  const farmer = await farmerOf(browser, order.farmerPhone, true);
  const answer = await farmer.request.post(order.url, { form: { action: "decline" }, maxRedirects: 0 });
  expect(answer.status()).toBe(200);
  expect(await answer.text()).toContain("data-confirm");
  await farmer.goto(order.url);
  await expect(status(farmer)).toHaveText("Chờ xác nhận");
  await farmer.close();
});

/** Counts the POSTs to a path and holds each for `delayMs` before letting it through: a slow network. */
async function slowPosts(page: Page, path: string, delayMs: number) {
  const posts: Request[] = [];
  await page.route(
    (url) => url.pathname === path || url.pathname === `${path}.data`,
    async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      posts.push(route.request());
      await new Promise((r) => setTimeout(r, delayMs));
      await route.continue();
    },
  );
  return posts;
}

test("on a slow network the checkout button shows it is working, and a second tap sends nothing", async ({ page }) => {
  await signUp(page, { role: "consumer", name: "Phạm Thu Hà" });
  await addFirstHit(page, "ca chua bi");
  await page.goto("/checkout");
  await fillDeliveryAddress(page, { recipient: "Phạm Thu Hà", phone: "0912 345 678", street: "12 Phố Đội Cấn" }, { javaScript: true });
  const posts = await slowPosts(page, "/checkout", 2500);
  const place = page.getByRole("button", { name: "Đặt 1 đơn hàng" });
  await place.click();
  const working = page.getByRole("button", { name: "Đang gửi…" });
  await expect(working).toHaveAttribute("aria-busy", "true");
  await expect(working).toBeDisabled();
  // A second tap, and a submit that does not go through the button (Enter in a field, a script).
  await working.click({ force: true });
  await page.getByLabel("Số nhà, đường, thôn xóm").press("Enter");
  await page.locator("form.stack").evaluate((form: HTMLFormElement) => form.requestSubmit());
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1/, { timeout: 15_000 });
  expect(posts).toHaveLength(1);
});

test("on a slow network the farmer's accept shows it is working and is sent once", async ({ page, browser }) => {
  const order = await placeOrder(page, true);
  const farmer = await farmerOf(browser, order.farmerPhone, true);
  await farmer.goto(order.url);
  const posts = await slowPosts(farmer, order.url, 2000);
  await farmer.getByRole("button", { name: "Nhận đơn" }).click();
  await expect(farmer.getByRole("button", { name: "Đang gửi…" })).toHaveAttribute("aria-busy", "true");
  // Every other submit of the page waits too.
  await expect(farmer.getByRole("button", { name: "Từ chối" })).toBeDisabled();
  await farmer.getByRole("button", { name: "Đang gửi…" }).click({ force: true });
  await farmer.getByRole("button", { name: "Từ chối" }).click({ force: true });
  await expect(status(farmer)).toHaveText("Đã nhận đơn", { timeout: 15_000 });
  expect(posts).toHaveLength(1);
  await expect(farmer.getByRole("alert")).toHaveCount(0);
  await farmer.close();
});

test("a large photo is shrunk in the browser to 1600 px before it is sent", async ({ page }) => {
  // 3000 × 2000, with detail (a gradient and stripes) so that its size is a photo's.
  const width = 3000;
  const height = 2000;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = ((x >> 3) + (y >> 3)) % 2 ? 200 : 40;
    }
  const big = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();

  await signUp(page, { role: "farmer" });
  await page.goto("/sell/farm");
  await createFarm(page, `Vườn ảnh lớn ${Date.now() % 10000}`, { javaScript: true });
  await page.getByLabel("Tên sản phẩm").fill("Cà chua ảnh lớn");
  await page.getByLabel("Danh mục").selectOption({ label: "Rau ăn quả" });
  await page.getByLabel("Giá (đồng)", { exact: true }).fill("35.000");
  await page.getByLabel("Số lượng có bán").fill("100");
  await page.getByLabel("Đặt tối thiểu").fill("1");
  // The photos handed to the network, as Remix posts the form (Playwright does not expose a multipart body with files).
  await page.evaluate(() => {
    const sent: { name: string; size: number }[] = ((window as unknown as { sentPhotos: unknown }).sentPhotos = []) as never;
    const original = window.fetch;
    window.fetch = (input, init) => {
      if (init?.body instanceof FormData) for (const f of init.body.getAll("photos")) if (f instanceof File) sent.push({ name: f.name, size: f.size });
      return original(input, init);
    };
  });
  await page.getByLabel("Thêm ảnh").setInputFiles({ name: "ca-chua-lon.jpg", mimeType: "image/jpeg", buffer: big });
  await expect(page.getByText("Đã thu nhỏ ảnh để gửi nhanh hơn.")).toBeVisible();
  // The file the form now holds, read back as bytes (Playwright does not expose a multipart body with files).
  const chosen = await page.getByLabel("Thêm ảnh").evaluate(async (input: HTMLInputElement) => {
    const file = input.files![0];
    return { name: file.name, type: file.type, bytes: [...new Uint8Array(await file.arrayBuffer())] };
  });
  const meta = await sharp(Buffer.from(chosen.bytes)).metadata();
  expect(Math.max(meta.width!, meta.height!)).toBe(1600);
  expect(meta.width! / meta.height!).toBeCloseTo(1.5, 2);
  expect(chosen).toMatchObject({ name: "ca-chua-lon.webp", type: "image/webp" });
  expect(meta.format).toBe("webp");
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page).toHaveURL(/\/sell\/listings\?saved=\d+/);

  // What went to the network: that file, a fraction of the original.
  const sent = await page.evaluate(() => (window as unknown as { sentPhotos: { name: string; size: number }[] }).sentPhotos);
  expect(sent).toEqual([{ name: "ca-chua-lon.webp", size: chosen.bytes.length }]);
  expect(chosen.bytes.length).toBeLessThan(big.length);
  console.log(`photo sent: ${big.length} bytes ${width}×${height} → ${chosen.bytes.length} bytes ${meta.width}×${meta.height} ${meta.format}`);
});
