import { expect, test, type Page } from "@playwright/test";
import { createFarm, fixture, signUp } from "./helpers";

// Run with JavaScript off, so that what is checked is the server's answer,
// not the browser-side validation that only makes it quicker.
test.use({ javaScriptEnabled: false });

async function newFarmer(page: Page) {
  await signUp(page, { role: "farmer" });
  await createFarm(page, `Vườn kiểm thử ${Date.now() % 100000}`, { javaScript: false });
}

async function fillListing(page: Page, values: Partial<Record<"title" | "price" | "stock", string>>) {
  await page.getByLabel("Tên sản phẩm").fill(values.title ?? "Bưởi da xanh Bến Tre");
  await page.getByLabel("Danh mục").selectOption({ label: "Cam, quýt, bưởi" });
  await page.getByLabel("Giá (đồng)", { exact: true }).fill(values.price ?? "45000");
  await page.getByLabel("Số lượng có bán").fill(values.stock ?? "300");
}

async function listingCount(page: Page): Promise<number> {
  await page.goto("/sell/listings");
  return page.locator("table.seller-table tbody tr").count();
}

test("each bad listing field gets its own message, the rest is kept, nothing is saved", async ({ page }) => {
  await newFarmer(page);

  // Missing price and negative stock, in one submit.
  await page.goto("/sell/listings/new");
  await fillListing(page, { price: "", stock: "-5" });
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.locator(".field-errors").getByText("Nhập giá.")).toBeVisible();
  await expect(page.locator(".field-errors").getByText("Số lượng không được âm.")).toBeVisible();
  await expect(page.getByLabel("Tên sản phẩm")).toHaveValue("Bưởi da xanh Bến Tre");
  await expect(page.getByLabel("Danh mục")).toHaveValue("qua-co-mui");
  await expect(page.getByLabel("Số lượng có bán")).toHaveValue("-5");

  // Tiers out of order (under "more", folded while nothing there is in error).
  await fillListing(page, {});
  await page.locator("details.more > summary").click();
  await page.getByLabel("Mức 1: từ số lượng").fill("100");
  await page.getByLabel("Mức 1: đơn giá (đồng)").fill("42000");
  await page.getByLabel("Mức 2: từ số lượng").fill("50");
  await page.getByLabel("Mức 2: đơn giá (đồng)").fill("40000");
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.locator(".field-errors").getByText("Số lượng các mức phải tăng dần và lớn hơn mức đặt tối thiểu.")).toBeVisible();
  await expect(page.getByLabel("Mức 1: từ số lượng")).toHaveValue("100");
  await expect(page.getByLabel("Giá (đồng)", { exact: true })).toHaveValue("45000");

  // A tier priced above the base price.
  await page.getByLabel("Mức 2: từ số lượng").fill("500");
  await page.getByLabel("Mức 2: đơn giá (đồng)").fill("46000");
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.locator(".field-errors").getByText("Giá sỉ phải thấp hơn giá gốc và thấp hơn mức trước.")).toBeVisible();

  expect(await listingCount(page)).toBe(0);
});

test("an executable renamed .jpg and a 20 MB photo are refused by name, the form kept", async ({ page }) => {
  await newFarmer(page);
  await page.goto("/sell/listings/new");
  await fillListing(page, { title: "Thanh long ruột đỏ" });
  await page.getByLabel("Thêm ảnh").setInputFiles(fixture("virus.exe.jpg"));
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.locator(".field-errors").getByText("Tệp không phải ảnh JPEG, PNG hoặc WebP.")).toBeVisible();
  await expect(page.getByLabel("Tên sản phẩm")).toHaveValue("Thanh long ruột đỏ");

  await page.getByLabel("Thêm ảnh").setInputFiles(fixture("ruong-lua.jpg"));
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.locator(".field-errors").getByText("Ảnh quá lớn: mỗi ảnh tối đa 8 MB.")).toBeVisible();
  await expect(page.getByLabel("Giá (đồng)", { exact: true })).toHaveValue("45000");

  // A good photo alongside a bad field: the photo is kept for the next try.
  await page.getByLabel("Thêm ảnh").setInputFiles(fixture("ca-chua.jpg"));
  await page.getByLabel("Giá (đồng)", { exact: true }).fill("");
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.locator(".field-errors").getByText("Nhập giá.")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Giữ ảnh này" })).toBeChecked();
  await page.getByLabel("Giá (đồng)", { exact: true }).fill("60000");
  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page).toHaveURL(/\/sell\/listings\?saved=/);
  await page.getByRole("link", { name: "Thanh long ruột đỏ" }).click();
  await expect(page.locator("img.cover")).toBeVisible();
});

test("a commune that does not exist, or is in another province, is refused", async ({ page }) => {
  await signUp(page, { role: "farmer" });
  await page.goto("/sell/farm");
  await page.getByLabel("Tên trang trại / cơ sở").fill("Vườn Địa Chỉ Sai");
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Tỉnh Lâm Đồng" });
  await page.getByRole("button", { name: "Hiện danh sách xã / phường" }).click();
  await page.getByLabel("Xã / phường").selectOption({ label: "Phường Lâm Viên - Đà Lạt" });
  // Now switch province without refreshing the communes: Lâm Viên is not in Hà Nội.
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Thành phố Hà Nội" });
  await page.getByRole("button", { name: "Lưu trang trại" }).click();
  await expect(page.locator(".field-errors").getByText("Xã / phường này không thuộc tỉnh đã chọn.")).toBeVisible();
  await expect(page.getByLabel("Tên trang trại / cơ sở")).toHaveValue("Vườn Địa Chỉ Sai");

  // A crafted request with a commune code that is not in the 2025 list.
  const response = await page.request.post("/sell/farm", {
    multipart: { name: "Vườn Giả Mạo", kind: "household", provinceCode: "68", communeCode: "99999" },
  });
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("errors.commune.unknown");
  await page.goto("/sell");
  await expect(page.getByText("Hãy tạo trang trại trước khi đăng bán.")).toBeVisible();
});

test("tampered hidden values are named on the page, and pasted control characters never reach the database", async ({ page }) => {
  // A sign-up without a role (the radios removed from the request): the role is named.
  const noRole = await page.request.post("/signup", { form: { identifier: "0912000111", displayName: "Lê Văn Tâm", password: "matkhau-bi-mat" } });
  expect(noRole.status()).toBe(200);
  expect(await noRole.text()).toContain("Chọn bạn đến đây để làm gì.");

  await newFarmer(page);
  // A delivery option and a photo id that the form never offered: both named beside their fields.
  const tampered = await page.request.post("/sell/listings/new", {
    multipart: { title: "Cam sành Hàm Yên", categorySlug: "qua-co-mui", unit: "kg", priceVnd: "30000", stock: "100", deliveryOptions: "teleport", photoIds: "not-a-photo" },
  });
  expect(tampered.status()).toBe(200);
  const html = await tampered.text();
  expect(html).toContain("Cách giao nhận không hợp lệ.");
  expect(html).toContain("Ảnh không hợp lệ.");

  // A title with NUL and escape characters (as a paste from another program can carry) is saved without them.
  const pasted = await page.request.post("/sell/listings/new", {
    multipart: { title: "Bưởi\u0000 da\u001b xanh\u0085", categorySlug: "qua-co-mui", unit: "kg", priceVnd: "45000", stock: "100" },
    maxRedirects: 0,
  });
  expect(pasted.status()).toBe(302);
  const listings = await (await page.request.get("/sell/listings")).text();
  expect(listings).toContain(">Bưởi da xanh<");
  // eslint-disable-next-line no-control-regex -- the characters that must not come back
  expect(listings).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);

  // A form posted from another site is refused before anything runs.
  const crossSite = await page.request.post("/sell/listings/new", {
    headers: { Origin: "https://evil.example" },
    multipart: { title: "Cam giả mạo", categorySlug: "qua-co-mui", unit: "kg", priceVnd: "30000", stock: "100" },
  });
  expect(crossSite.status()).toBe(403);
  expect(await listingCount(page)).toBe(1);
});
