/**
 * The main pages on a 360 × 740 phone, without JavaScript (the farmer's phone issue, items 2, 4
 * and 5; docs/decisions/021-phone-layout.md). On every page:
 *  - the document and every table fit the screen's width;
 *  - the page's main action (or first result) starts on the first screen;
 *  - every visible control of the header and the page is at least 44 × 44 px: links, buttons,
 *    inputs, selects, summaries, and for a checkbox or radio button the label row that holds it.
 *    No exceptions: links in running text are made 44 px tall too.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { asNewClient, logIn, openSiteMenu, signUp } from "./helpers";

const SCREEN = { width: 360, height: 740 };
test.use({ javaScriptEnabled: false, viewport: SCREEN });

/** The controls of the header and the page that are smaller than 44 × 44 px, described. */
async function smallControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = ["a[href]", "button", "input", "select", "textarea", "summary"].flatMap((c) => [`header ${c}`, `main ${c}`]).join(", ");
    const targets = new Set<Element>();
    for (const element of document.querySelectorAll(selector)) {
      if (element instanceof HTMLInputElement && element.type === "hidden") continue;
      // A checkbox or radio button is tapped through the label row that holds it.
      const choice = element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio");
      targets.add(choice ? (element.closest("label") ?? element) : element);
    }
    return [...targets].flatMap((element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === "hidden") return [];
      if (box.width >= 43.5 && box.height >= 43.5) return [];
      const name = (element.getAttribute("aria-label") ?? element.textContent ?? element.getAttribute("name") ?? "").trim().slice(0, 30);
      return [`${element.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`];
    });
  });
}

/** The checks every page passes; `main` is the page's main action or first result. */
async function fitsAPhone(page: Page, main: Locator) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const widths = await page.evaluate(() => ({
    screen: document.documentElement.clientWidth,
    document: document.documentElement.scrollWidth,
    // Where each table ends: a table in a scrolling box may be cut at the screen's edge without widening the page.
    tables: [...document.querySelectorAll("table")].map((t) => Math.ceil(t.getBoundingClientRect().right)),
    header: document.querySelector("header")!.getBoundingClientRect().height,
  }));
  const where = new URL(page.url()).pathname;
  expect.soft(widths.document, `${where}: the page is wider than the screen`).toBeLessThanOrEqual(widths.screen);
  for (const right of widths.tables) expect.soft(right, `${where}: a table reaches past the screen's edge`).toBeLessThanOrEqual(widths.screen);
  expect.soft(widths.header, `${where}: the header takes more than one row`).toBeLessThanOrEqual(64);
  const box = await main.first().boundingBox({ timeout: 5000 }).catch(() => null);
  expect.soft(box, `${where}: the main action is not shown`).not.toBeNull();
  if (box) expect.soft(box.y, `${where}: the main action starts below the first screen`).toBeLessThan(SCREEN.height);
  expect.soft(await smallControls(page), `${where}: controls under 44 × 44 px`).toEqual([]);
}

/** Whether a table row shows its status cell above its first cell (as a card). */
async function statusFirst(row: Locator): Promise<boolean> {
  return row.evaluate((tr) => {
    const status = tr.querySelector(".status-cell");
    const first = tr.querySelector("td");
    return status !== null && first !== null && status.getBoundingClientRect().bottom <= first.getBoundingClientRect().top;
  });
}

test("home: the sell call and the first listings on the first screen, two cards a row", async ({ page }) => {
  await page.goto("/");
  await fitsAPhone(page, page.getByRole("link", { name: "Bắt đầu bán hàng" }));
  await fitsAPhone(page, page.locator(".listing-card"));
  const [first, second] = await Promise.all([0, 1].map((i) => page.locator(".listing-card").nth(i).boundingBox()));
  expect.soft(second!.y, "two cards a row").toBe(first!.y);
  expect.soft(first!.width, "two cards a row").toBeLessThan(SCREEN.width / 2);
});

test("search: the first result on the first screen, the filters' controls 44 px once opened", async ({ page }) => {
  await page.goto("/search?q=rau");
  await fitsAPhone(page, page.locator(".listing-card"));
  await page.locator("details.filters-panel > summary").click();
  expect(await smallControls(page), "the search filters, opened").toEqual([]);
});

test("a listing: add to cart on the first screen; its farm's listings too", async ({ page }) => {
  await page.goto("/search?q=rau&stock=1");
  await page.locator(".listing-card h3").first().click();
  await fitsAPhone(page, page.getByRole("button", { name: "Thêm vào giỏ" }));
  await page.locator(".farm-box h2 a").click();
  await fitsAPhone(page, page.locator(".listing-card"));
});

test("the header is one row with a skip link first and a menu that opens to 44 px rows", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0987654321");
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Bỏ qua đến nội dung chính" });
  await expect(skip).toBeFocused();
  const box = (await skip.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.height).toBeGreaterThanOrEqual(44);
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  await openSiteMenu(page);
  for (const name of ["Bán hàng", "Đơn bán", "Đơn mua"]) await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  expect(await smallControls(page), "the header's menu, opened").toEqual([]);
  await fitsAPhone(page, page.locator(".listing-card"));
});

test("a buyer's pages: cart, checkout, orders and an order", async ({ page, browser }) => {
  await signUp(page, { role: "consumer" });
  await page.goto("/search?q=rau&stock=1");
  await page.locator(".listing-card h3").first().click();
  await page.getByRole("button", { name: "Thêm vào giỏ" }).click();
  await page.goto("/cart");
  await fitsAPhone(page, page.getByRole("link", { name: "Đặt hàng" }));
  await page.goto("/checkout");
  await fitsAPhone(page, page.getByRole("button", { name: /^Đặt / }));

  // The demo buyer has three orders.
  const buyer = await browser.newPage({ viewport: SCREEN, javaScriptEnabled: false });
  await asNewClient(buyer);
  await logIn(buyer, "0912345678");
  await buyer.goto("/orders");
  await fitsAPhone(buyer, buyer.locator("main tbody tr"));
  await buyer.locator("main tbody tr a").first().click();
  await fitsAPhone(buyer, buyer.locator("main .state"));
  await buyer.close();
});

test("a farmer's pages: selling, listings, the new listing form, orders, an order and payouts", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "0987654321");
  await page.goto("/sell");
  await fitsAPhone(page, page.getByRole("link", { name: "Đăng bán sản phẩm mới" }));
  await page.goto("/sell/listings");
  await fitsAPhone(page, page.locator("main tbody tr"));
  // Each listing is a card that starts with its state.
  const card = page.locator("main tbody tr").first();
  expect.soft(await statusFirst(card), "/sell/listings: a listing's state comes first").toBe(true);
  await page.goto("/sell/listings/new");
  await fitsAPhone(page, page.getByRole("button", { name: "Đăng bán", exact: true }));

  await page.goto("/sell/orders");
  await fitsAPhone(page, page.locator("main tbody tr"));
  const order = page.locator("main tbody tr").first();
  expect.soft(await statusFirst(order), "/sell/orders: an order's status comes first").toBe(true);
  // A cell's caption is drawn, not named: its accessible name is its own text.
  await expect(order.getByRole("cell").first()).toHaveAccessibleName(/^NSS-/);
  await page.goto("/sell/orders?status=placed");
  await page.locator("main tbody tr a").first().click();
  await fitsAPhone(page, page.getByRole("button", { name: "Nhận đơn" }));

  await page.goto("/sell/payouts");
  await fitsAPhone(page, page.getByTestId("balance"));
  // What the farm receives, on the screen (its caption comes from the cell's data-label).
  const net = await page.locator("main tbody tr").first().evaluate((row) => {
    const cell = [...row.querySelectorAll("td")][4];
    return cell ? cell.getBoundingClientRect().right : Infinity;
  });
  expect.soft(net, "/sell/payouts: what the farm receives is on the screen").toBeLessThanOrEqual(SCREEN.width);
});

test("an operator's payouts", async ({ page }) => {
  await asNewClient(page);
  await logIn(page, "admin@nongsanso.vn");
  await page.goto("/ops/payouts");
  await fitsAPhone(page, page.getByRole("button", { name: "Ghi nhận đã trả" }));
});
