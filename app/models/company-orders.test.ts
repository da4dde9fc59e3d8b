/**
 * Buying for a company (issue 12) on real PostgreSQL: checkout with "Buy
 * for: <company>" and a PO number, checked against the buyer's part in the
 * company in the checkout's transaction; the company's members see its
 * orders (a buyer makes the buyer's moves, an approver only looks); the
 * company-wide history and its CSV file, byte for byte.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { cartItems, companyMembers, orders } from "../../db/schema";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { DomainError } from "~/policy/errors";
import { taxCodeCheckDigit } from "~/validation/company";
import { addToCart } from "./cart.server";
import { acceptInvite, changeMemberRole, companyOrders, companyOrdersCsv, createCompany, inviteMember, type CompanyOrderRow } from "./company.server";
import { createListing } from "./listing.server";
import { transitionOrder } from "./orders/moves.server";
import { getOrderFor } from "./orders/queries.server";

let sequence = 0;
function nextTaxCode(): string {
  for (;;) {
    sequence += 1;
    const nine = `48${String(process.pid % 100).padStart(2, "0")}${String(sequence).padStart(5, "0")}`;
    if (taxCodeCheckDigit(nine) < 10) return `${nine}${taxCodeCheckDigit(nine)}`;
  }
}
const e164 = (phone: string) => `84${phone.slice(1)}`;

/** A company with an owner, a buyer and an approver (each joined by invitation), and a farm selling rice. */
async function kitchen() {
  const ownerAccount = await createAccount(["consumer"]);
  const owner = as(ownerAccount);
  const company = await createCompany(owner, { name: "Bếp ăn Kim Liên", taxCode: nextTaxCode(), invoiceAddress: "Kim Liên, Hà Nội", invoiceEmail: "kt@kimlien.vn" });
  const join = async (role: "buyer" | "approver") => {
    const account = await createAccount(["consumer"]);
    const { token } = await inviteMember(owner, company.id, { identifier: { kind: "phone", value: e164(account.phone) }, role });
    await acceptInvite(as(account), token);
    return account;
  };
  const buyerAccount = await join("buyer");
  const approverAccount = await join("approver");
  const farmer = await createFarmer("HTX Gạo Thái Bình");
  const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Gạo ST25", stock: "1000", minOrderQty: "1", priceVnd: "38000" }))).id;
  return { company, owner, ownerAccount, buyerAccount, approverAccount, farmer, listingId };
}

describe("buying for a company", () => {
  it("places the buyer's orders for the company with its PO number", async () => {
    const k = await kitchen();
    await addToCart(k.buyerAccount.id, k.listingId, 50);
    const result = await checkoutCart(k.buyerAccount.id, { company: { id: k.company.id, poNumber: "PO-2026/017" } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const placed = await db().select({ companyId: orders.companyId, poNumber: orders.poNumber, buyerId: orders.buyerId }).from(orders).where(inArray(orders.id, result.orderIds));
    expect(placed).toEqual([{ companyId: k.company.id, poNumber: "PO-2026/017", buyerId: k.buyerAccount.id }]);
  });

  it("refuses an approver and a stranger buying for the company: no order, the cart kept", async () => {
    const k = await kitchen();
    const stranger = await createAccount(["consumer"]);
    for (const account of [k.approverAccount, stranger]) {
      await addToCart(account.id, k.listingId, 2);
      const result = await checkoutCart(account.id, { company: { id: k.company.id, poNumber: null } });
      expect(result).toEqual({ ok: false, reason: "company" });
      expect(await db().select().from(orders).where(eq(orders.buyerId, account.id))).toEqual([]);
      expect(await db().select().from(cartItems).where(eq(cartItems.userId, account.id))).toHaveLength(1);
    }
  });

  it("shows the company's order to its members: the owner may cancel it, the approver only sees it, a stranger nothing", async () => {
    const k = await kitchen();
    await addToCart(k.buyerAccount.id, k.listingId, 10);
    const result = await checkoutCart(k.buyerAccount.id, { company: { id: k.company.id, poNumber: null } });
    if (!result.ok) throw new Error("checkout refused");
    const [orderId] = result.orderIds;
    expect((await getOrderFor(as(k.approverAccount), orderId))?.viewer).toBe("company");
    expect((await getOrderFor(k.owner, orderId))?.viewer).toBe("buyer");
    expect(await getOrderFor(as(await createAccount(["consumer"])), orderId)).toBeNull();
    expect(await transitionOrder(orderId, "cancel", as(k.approverAccount))).toEqual({ ok: false, reason: "not_allowed" });
    expect(await transitionOrder(orderId, "cancel", as(await createAccount(["consumer"])))).toEqual({ ok: false, reason: "not_found" });
    expect((await transitionOrder(orderId, "cancel", k.owner)).ok).toBe(true);
  });

  it("lists the company's orders for its members only", async () => {
    const k = await kitchen();
    await addToCart(k.buyerAccount.id, k.listingId, 10);
    await checkoutCart(k.buyerAccount.id, { company: { id: k.company.id, poNumber: "PO-1" } });
    // The buyer's own order, not for the company, is not in its history.
    await addToCart(k.buyerAccount.id, k.listingId, 1);
    await checkoutCart(k.buyerAccount.id);
    const rows = await companyOrders(as(k.approverAccount), k.company.id);
    expect(rows.map((r) => [r.poNumber, r.farmName, r.totalVnd, r.placedBy, r.status])).toEqual([["PO-1", "HTX Gạo Thái Bình", 380_000, expect.stringMatching(/^Người dùng \d+$/), "placed"]]);
    const error = await companyOrders(as(await createAccount(["consumer"])), k.company.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(404);
  });

  it("lets a checkout and a role change of its buyer meet without a deadlock", async () => {
    // The checkout holds the member row FOR SHARE, then inserts orders (the foreign key takes KEY SHARE on
    // the company row); the role change locks the company row, then updates the member row. Taken FOR
    // UPDATE, the company lock would block the checkout's insert while the update waits for the checkout.
    const k = await kitchen();
    await addToCart(k.buyerAccount.id, k.listingId, 5);
    const waiting = async () => (await db().execute(sql`select count(*)::int as n from pg_locks where not granted`))[0].n as number;
    const until = async (n: number) => {
      for (let i = 0; i < 500 && (await waiting()) < n; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await waiting()).toBe(n);
    };
    let release!: () => void;
    const cartHeld = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    // A third transaction holds the buyer's cart: the checkout stops there, its member row already held.
    const holder = db().transaction(async (tx) => {
      await tx.select().from(cartItems).where(eq(cartItems.userId, k.buyerAccount.id)).for("update");
      holding();
      await cartHeld;
    });
    await held;
    const checkout = checkoutCart(k.buyerAccount.id, { company: { id: k.company.id, poNumber: "PO-1" } });
    await until(1);
    const roleChange = changeMemberRole(k.owner, k.company.id, k.buyerAccount.id, "owner");
    await until(2);
    release();
    const [placed, changed] = await Promise.allSettled([checkout, roleChange, holder]);
    // On a deadlock PostgreSQL aborts one of the two ("deadlock detected") after a second.
    const outcome = (r: PromiseSettledResult<unknown>) => (r.status === "rejected" ? String((r.reason as { cause?: unknown }).cause ?? r.reason) : "done");
    expect([outcome(placed), outcome(changed)]).toEqual(["done", "done"]);
    expect(placed).toMatchObject({ value: { ok: true } });
    const [member] = await db().select({ role: companyMembers.role }).from(companyMembers).where(and(eq(companyMembers.companyId, k.company.id), eq(companyMembers.userId, k.buyerAccount.id)));
    expect(member.role).toBe("owner");
  });
});

describe("the CSV file", () => {
  const row = (over: Partial<CompanyOrderRow>): CompanyOrderRow => ({
    id: 1,
    number: "NSS-260112-ABCDEF",
    poNumber: null,
    farmName: "HTX Gạo Thái Bình",
    status: "placed",
    totalVnd: 1_900_000,
    placedBy: "Nguyễn Văn An",
    createdAt: new Date("2026-01-12T02:30:00Z"),
    ...over,
  });
  const labels = { header: ["Mã đơn", "Số PO", "Nhà vườn", "Trạng thái", "Tổng tiền (đồng)", "Người đặt", "Ngày đặt"], status: (s: string) => (s === "placed" ? "Đã đặt" : s) };

  it("is UTF-8 with a byte-order mark, a header row, CRLF lines and amounts in whole đồng", () => {
    const csv = companyOrdersCsv([row({ poNumber: "PO-17" })], labels);
    const bytes = Buffer.from(csv, "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe(
      "Mã đơn,Số PO,Nhà vườn,Trạng thái,Tổng tiền (đồng),Người đặt,Ngày đặt\r\n" + "NSS-260112-ABCDEF,PO-17,HTX Gạo Thái Bình,Đã đặt,1900000,Nguyễn Văn An,2026-01-12 09:30\r\n",
    );
    // "đ" is two bytes in UTF-8 (c4 91), not one of a code page.
    expect(bytes.includes(Buffer.from([0xc4, 0x91]))).toBe(true);
  });

  it("quotes commas, quotes and line breaks, and defuses cells that would start a formula", () => {
    const csv = companyOrdersCsv([row({ poNumber: '=HYPERLINK("x")', farmName: 'Vườn "Xanh", Đà Lạt', placedBy: "-2+3" })], labels);
    expect(csv.split("\r\n")[1]).toBe(`NSS-260112-ABCDEF,"'=HYPERLINK(""x"")","Vườn ""Xanh"", Đà Lạt",Đã đặt,1900000,'-2+3,2026-01-12 09:30`);
  });
});
