import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditEvents, companies, farms, invoiceLines, invoices, users } from "../../db/schema";
import { addMember, createCompany } from "../../tests/company-factories";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { pdfText } from "../../tests/support/pdf-text";
import { renderInvoicePdf } from "~/papers/invoice-pdf.server";
import { addToCart } from "./cart.server";
import { farmInvoices, invoiceFor, invoiceNumber, invoicesOfOrder, issueCreditNote, issueInvoice, vatInside, vietnamYear } from "./invoice.server";
import { createListing } from "./listing.server";
import { markOrderPaid, transitionOrder } from "./orders/moves.server";
import { refundPaidOrder } from "./refund.server";

type Farmer = Awaited<ReturnType<typeof createFarmer>>;

async function listingOf(farmer: Farmer, overrides: Record<string, string> = {}) {
  return (await createListing(as(farmer), farmer.farm.id, listingInput({ stock: "5000", minOrderQty: "1", ...overrides }))).id;
}

/** An order of `quantity` of the listing, cash on delivery, taken to delivered (the buyer has yet to confirm). */
async function deliveredOrder(farmer: Farmer, listingId: number, buyer: { id: number }, quantity = 2, company?: { id: number }) {
  await addToCart(buyer.id, listingId, quantity);
  const placed = await checkoutCart(buyer.id, company ? { company: { id: company.id, poNumber: "PO-77" } } : {});
  if (!placed.ok) throw new Error(`checkout refused: ${JSON.stringify(placed)}`);
  const [orderId] = placed.orderIds;
  for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(orderId, step, as(farmer))).ok).toBe(true);
  return orderId;
}

describe("invoices", () => {
  it("issues the invoice in the completing transaction: seller, buyer, lines, the total in figures and words", async () => {
    const farmer = await createFarmer("Vườn rau Bà Lan");
    const listingId = await listingOf(farmer, { title: "Cải bó xôi Đà Lạt", priceVnd: "40000" });
    const buyer = await createAccount(["consumer"]);
    const [{ displayName }] = await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, buyer.id));
    const orderId = await deliveredOrder(farmer, listingId, buyer, 30);
    expect(await invoicesOfOrder(as(buyer), orderId)).toEqual({ invoice: null, creditNotes: [], remainingVnd: 0 });

    expect(await transitionOrder(orderId, "complete", as(buyer))).toEqual({ ok: true, status: "completed" });
    const papers = await invoicesOfOrder(as(buyer), orderId);
    const invoice = papers!.invoice!;
    const year = vietnamYear(new Date());
    expect(invoice).toMatchObject({
      kind: "invoice",
      number: `NSS-${farmer.farm.id}-${year}-000001`,
      sequence: 1,
      seller: { name: "Vườn rau Bà Lan", taxCode: null, vatRegistered: false },
      buyer: { name: displayName, taxCode: null, companyId: null },
      vatPercent: null,
      subtotalVnd: 1_200_000,
      vatVnd: 0,
      totalVnd: 1_200_000,
      totalWords: "Một triệu hai trăm nghìn đồng",
      lines: [{ position: 1, description: "Cải bó xôi Đà Lạt", unit: "kg", quantity: 30, unitPriceVnd: 40_000, amountVnd: 1_200_000 }],
    });
    expect(invoice.seller.address).toMatch(/Lâm Đồng/);
    expect(invoice.buyer.address).toMatch(/Hà Nội/);

    // The PDF reads back with its Vietnamese intact.
    const text = await pdfText(await renderInvoicePdf(invoice, "https://nongsanso.vn"));
    for (const expected of ["HÓA ĐƠN BÁN HÀNG", invoice.number, "Vườn rau Bà Lan", displayName, "Cải bó xôi Đà Lạt", "1.200.000 đ", "40.000 đ", "Một triệu hai trăm nghìn đồng", "không thuộc diện chịu thuế giá trị gia tăng", "Người mua hàng", "Người bán hàng"]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("Thuế suất GTGT");
  });

  it("numbers 50 concurrent completions of one farm 1 to 50, no gap, no duplicate", async () => {
    const farmer = await createFarmer();
    const listingId = await listingOf(farmer, { priceVnd: "10000" });
    const buyer = await createAccount(["consumer"]);
    const orderIds: number[] = [];
    for (let i = 0; i < 50; i++) orderIds.push(await deliveredOrder(farmer, listingId, buyer, 1));
    // Another farm completing at the same time has a series of its own.
    const other = await createFarmer();
    const otherOrder = await deliveredOrder(other, await listingOf(other), buyer, 1);

    // Each completion is its own transaction on its own pooled connection, all started at once.
    const results = await Promise.all([...orderIds, otherOrder].map((id) => transitionOrder(id, "complete", as(buyer))));
    expect(results.every((r) => r.ok)).toBe(true);

    const issued = await db().select({ orderId: invoices.orderId, sequence: invoices.sequence, number: invoices.number }).from(invoices).where(eq(invoices.farmId, farmer.farm.id)).orderBy(asc(invoices.sequence));
    expect(issued.map((i) => i.sequence)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(issued.map((i) => i.orderId))).toEqual(new Set(orderIds));
    expect(new Set(issued.map((i) => i.number)).size).toBe(50);
    const [otherInvoice] = await db().select({ sequence: invoices.sequence }).from(invoices).where(eq(invoices.farmId, other.farm.id));
    expect(otherInvoice.sequence).toBe(1);
  });

  it("leaves no gap when the completing transaction rolls back", async () => {
    const farmer = await createFarmer();
    const listingId = await listingOf(farmer);
    const buyer = await createAccount(["consumer"]);
    const first = await deliveredOrder(farmer, listingId, buyer);
    const second = await deliveredOrder(farmer, listingId, buyer);
    await expect(
      db().transaction(async (tx) => {
        await issueInvoice(tx, first, buyer.id);
        throw new Error("the completion failed after issuing");
      }),
    ).rejects.toThrow("the completion failed");
    expect(await transitionOrder(second, "complete", as(buyer))).toMatchObject({ ok: true });
    const [row] = await db().select({ sequence: invoices.sequence }).from(invoices).where(eq(invoices.orderId, second));
    expect(row.sequence).toBe(1);
  });

  it("bills a company with its name, tax code and invoice address, and splits VAT out of the total where the seller is registered", async () => {
    const farmer = await createFarmer("HTX Rau an toàn Đơn Dương");
    await db().update(farms).set({ taxCode: "5800123456", vatRateCode: "5" }).where(eq(farms.id, farmer.farm.id));
    const listingId = await listingOf(farmer, { title: "Cà rốt", priceVnd: "21000" });
    const company = await createCompany("Trường Tiểu học Kim Liên");
    await db().update(companies).set({ invoiceAddress: "Số 1 ngõ Kim Liên, Phường Kim Liên, Hà Nội" }).where(eq(companies.id, company.id));
    const buyer = await addMember(company.id, "buyer");
    const orderId = await deliveredOrder(farmer, listingId, buyer, 5, company);
    expect((await transitionOrder(orderId, "complete", as(buyer))).ok).toBe(true);
    const { invoice } = (await invoicesOfOrder(as(company.owner), orderId))!;
    const [{ taxCode }] = await db().select({ taxCode: companies.taxCode }).from(companies).where(eq(companies.id, company.id));
    // 105.000 paid: 5.000 of it is VAT at 5% (105.000 × 5 / 105).
    expect(invoice).toMatchObject({
      seller: { name: "HTX Rau an toàn Đơn Dương", taxCode: "5800123456", vatRegistered: true },
      buyer: { name: "Trường Tiểu học Kim Liên", taxCode, address: "Số 1 ngõ Kim Liên, Phường Kim Liên, Hà Nội", companyId: company.id },
      vatPercent: 5,
      subtotalVnd: 100_000,
      vatVnd: 5_000,
      totalVnd: 105_000,
      totalWords: "Một trăm linh năm nghìn đồng",
    });
    const text = await pdfText(await renderInvoicePdf(invoice!, "https://nongsanso.vn"));
    for (const expected of ["HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "Trường Tiểu học Kim Liên", taxCode, "5800123456", "Thuế suất GTGT", "5%", "5.000 đ", "100.000 đ", "Một trăm linh năm nghìn đồng"]) {
      expect(text).toContain(expected);
    }
  });

  it("makes a credit note of money given back: a refund before completion with the invoice, a refund after it at once (review finding)", async () => {
    const farmer = await createFarmer();
    const listingId = await listingOf(farmer, { title: "Xoài cát", priceVnd: "50000" });
    const buyer = await createAccount(["consumer"]);
    const operator = await createAccount(["operator"]);
    // Paid by bank transfer to the platform, delivered; two kilos were spoiled: the operator gives 100,000 đ back before the buyer confirms.
    await addToCart(buyer.id, listingId, 20);
    const placed = await checkoutCart(buyer.id, { paymentMethod: "bank_transfer" });
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const [orderId] = placed.orderIds;
    expect(await markOrderPaid(orderId, as(operator, ["operator"]))).toMatchObject({ ok: true });
    for (const step of ["accept", "pack", "ship", "deliver"] as const) expect((await transitionOrder(orderId, step, as(farmer))).ok).toBe(true);
    expect(await refundPaidOrder(orderId, operator.id, "FT2611", { amountVnd: 100_000, reason: "Hai ký dập" })).toEqual({ ok: true });
    expect(await transitionOrder(orderId, "complete", as(buyer))).toMatchObject({ ok: true });
    let papers = (await invoicesOfOrder(as(buyer), orderId))!;
    expect(papers.invoice!.totalVnd).toBe(1_000_000);
    expect(papers.creditNotes.map((c) => c.totalVnd)).toEqual([100_000]);
    expect(papers.remainingVnd).toBe(900_000);
    // Later, the rest goes back too: its credit note is issued with the refund, never past what the invoice stands for.
    expect(await refundPaidOrder(orderId, operator.id, "FT2612")).toEqual({ ok: true });
    papers = (await invoicesOfOrder(as(buyer), orderId))!;
    expect(papers.creditNotes.map((c) => c.totalVnd)).toEqual([100_000, 900_000]);
    expect(papers.remainingVnd).toBe(0);
  });

  it("splits VAT to the đồng, rounding half up", () => {
    expect(vatInside(105_000, 5)).toBe(5_000);
    expect(vatInside(10_000, 5)).toBe(476); // 476.19
    expect(vatInside(21, 5)).toBe(1); // 1.0
    expect(vatInside(10_800, 8)).toBe(800);
    expect(vatInside(1_000, null)).toBe(0);
    expect(invoiceNumber("credit_note", 7, 2026, 4)).toBe("NSS-7-2026-DC-000004");
    // 17:30 UTC on 31 December is the next year in Vietnam.
    expect(vietnamYear(new Date("2026-12-31T17:30:00Z"))).toBe(2027);
  });

  it("refuses any change to an issued invoice or its lines", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const orderId = await deliveredOrder(farmer, await listingOf(farmer), buyer);
    await transitionOrder(orderId, "complete", as(buyer));
    const { invoice } = (await invoicesOfOrder(as(buyer), orderId))!;
    const never = { cause: { message: expect.stringMatching(/issued invoices never change/) } };
    await expect(db().update(invoices).set({ totalVnd: 1 }).where(eq(invoices.id, invoice!.id))).rejects.toMatchObject(never);
    await expect(db().update(invoiceLines).set({ amountVnd: 1 }).where(eq(invoiceLines.invoiceId, invoice!.id))).rejects.toMatchObject(never);
    await expect(db().delete(invoices).where(eq(invoices.id, invoice!.id))).rejects.toMatchObject(never);
    await expect(db().execute(sql`truncate invoice_lines`)).rejects.toMatchObject(never);
    // Issuing again returns the same paper, not a second one.
    const again = await db().transaction((tx) => issueInvoice(tx, orderId, null));
    expect(again.number).toBe(invoice!.number);
    expect((await invoicesOfOrder(as(buyer), orderId))!.invoice).toEqual(invoice);
  });

  it("corrects with credit notes of their own series, up to what remains, by the farm's owner only", async () => {
    const farmer = await createFarmer();
    const buyer = await createAccount(["consumer"]);
    const orderId = await deliveredOrder(farmer, await listingOf(farmer, { priceVnd: "35000" }), buyer, 4);
    await transitionOrder(orderId, "complete", as(buyer));
    const { invoice } = (await invoicesOfOrder(as(buyer), orderId))!;
    const stranger = await createAccount(["farmer"]);

    await expect(issueCreditNote(as(stranger), invoice!.id, { amountVnd: 1000, reason: "x" })).rejects.toMatchObject({ kind: "not_found" });
    await expect(issueCreditNote(as(buyer), invoice!.id, { amountVnd: 1000, reason: "x" })).rejects.toMatchObject({ kind: "not_found" });
    await expect(issueCreditNote(as(farmer), invoice!.id, { amountVnd: 140_001, reason: "x" })).rejects.toMatchObject({ kind: "invalid", field: "amountVnd", code: "invoices.errors.overRemaining" });

    const note = await issueCreditNote(as(farmer), invoice!.id, { amountVnd: 35_000, reason: "Một ký bị dập" });
    expect(note).toMatchObject({
      kind: "credit_note",
      number: `NSS-${farmer.farm.id}-${vietnamYear(new Date())}-DC-000001`,
      credits: { id: invoice!.id, number: invoice!.number },
      totalVnd: 35_000,
      totalWords: "Ba mươi lăm nghìn đồng",
      reason: "Một ký bị dập",
      buyer: invoice!.buyer,
    });
    // Two at once cannot both spend the remainder (105.000 left: 60.000 twice is 120.000).
    const both = await Promise.allSettled([60_000, 60_000].map((amountVnd) => issueCreditNote(as(farmer), invoice!.id, { amountVnd, reason: "Trả lại hàng" })));
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await invoicesOfOrder(as(buyer), orderId))!.remainingVnd).toBe(45_000);

    const text = await pdfText(await renderInvoicePdf(note, "https://nongsanso.vn"));
    for (const expected of ["PHIẾU ĐIỀU CHỈNH GIẢM HÓA ĐƠN", note.number, invoice!.number, "Một ký bị dập", "Ba mươi lăm nghìn đồng"]) expect(text).toContain(expected);
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.action, "invoice.credit")).orderBy(asc(auditEvents.id)).limit(1);
    expect(event).toMatchObject({ actorId: farmer.id, farmId: farmer.farm.id, after: { number: note.number, amountVnd: 35_000 } });

    // The farm's export holds the invoice and both credit notes; the papers are the order's viewers' only.
    const year = new Date(Date.UTC(vietnamYear(new Date()), 0, 1));
    expect((await farmInvoices(farmer.farm.id, year, new Date(Date.now() + 86_400_000))).map((p) => p.kind)).toEqual(["invoice", "credit_note", "credit_note"]);
    expect(await invoicesOfOrder(as(stranger), orderId)).toBeNull();
    expect(await invoiceFor(as(stranger), invoice!.id)).toBeNull();
    expect((await invoiceFor(as(farmer), invoice!.id))?.number).toBe(invoice!.number);
  });
});
