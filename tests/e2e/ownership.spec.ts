import { expect, test } from "@playwright/test";
import { createFarm, signUp } from "./helpers";

test.use({ javaScriptEnabled: false });

test("a farmer cannot read, change, pause or delete another farmer's listing", async ({ browser }) => {
  const owner = await browser.newPage();
  await signUp(owner, { role: "farmer", name: "Chủ vườn" });
  await createFarm(owner, `Vườn chính chủ ${Date.now() % 100000}`, { javaScript: false });
  await owner.getByLabel("Tên sản phẩm").fill("Xoài cát Hòa Lộc");
  await owner.getByLabel("Danh mục").selectOption({ label: "Trái cây đặc sản vùng" });
  await owner.getByLabel("Giá (đồng)", { exact: true }).fill("65000");
  await owner.getByLabel("Số lượng có bán").fill("400");
  await owner.getByRole("button", { name: "Đăng bán" }).click();
  await expect(owner).toHaveURL(/saved=(\d+)/);
  const listingId = new URL(owner.url()).searchParams.get("saved")!;

  const intruder = await browser.newPage();
  await signUp(intruder, { role: "farmer", name: "Người lạ" });
  await createFarm(intruder, `Vườn người lạ ${Date.now() % 100000}`, { javaScript: false });

  // Reading the editor: not found, and nothing of the listing revealed.
  const edit = await intruder.goto(`/sell/listings/${listingId}/edit`);
  expect(edit?.status()).toBe(404);
  await expect(intruder.getByText("Xoài cát Hòa Lộc")).toHaveCount(0);

  // Posting an edit with the other farmer's id in the URL.
  const post = await intruder.request.post(`/sell/listings/${listingId}/edit`, {
    multipart: { title: "Bị sửa trộm", categorySlug: "rau-la", unit: "kg", priceVnd: "1000", stock: "1", intent: "publish" },
  });
  expect(post.status()).toBe(404);

  // Pause and delete with the other farmer's id in the body.
  for (const command of ["pause", "delete"]) {
    const r = await intruder.request.post("/sell/listings", { form: { listingId, command } });
    expect(r.status()).toBe(404);
  }

  // The owner's listing is untouched.
  await owner.goto(`/listings/${listingId}`);
  await expect(owner.getByRole("heading", { level: 1, name: "Xoài cát Hòa Lộc" })).toBeVisible();
  await expect(owner.locator(".price.big")).toContainText("65.000");
  await expect(owner.locator(".state")).toHaveCount(0);
});

test("seller pages send a visitor to log in and back", async ({ page }) => {
  await page.goto("/sell/listings/new");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsell%2Flistings%2Fnew/);
});
