import { describe, expect, it } from "vitest";
import { addMember, createCompany } from "../../tests/company-factories";
import { as, checkoutCart, createAccount, createFarmer, listingInput } from "../../tests/factories";
import { pdfText } from "../../tests/support/pdf-text";
import { renderDeliveryNotePdf } from "~/papers/delivery-note-pdf.server";
import { renderStatementPdf } from "~/papers/statement-pdf.server";
import { addToCart } from "./cart.server";
import { invoicesOfOrder, issueCreditNote } from "./invoice.server";
import { createListing } from "./listing.server";
import { transitionOrder } from "./orders/moves.server";
import { companyStatement, currentMonth, deliveryNoteFor, monthBounds } from "./papers.server";

describe("delivery notes and statements", () => {
  it("gives the driver a delivery note once the farm accepted, to the order's people only", async () => {
    const farmer = await createFarmer("Vườn rau Bà Lan");
    const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ title: "Xà lách thủy canh", unit: "kg", stock: "100", minOrderQty: "1" }))).id;
    const buyer = await createAccount(["consumer"]);
    await addToCart(buyer.id, listingId, 3);
    const placed = await checkoutCart(buyer.id);
    if (!placed.ok) throw new Error("refused");
    const [orderId] = placed.orderIds;
    expect(await deliveryNoteFor(as(buyer), orderId)).toBeNull();
    await transitionOrder(orderId, "accept", as(farmer));
    expect(await deliveryNoteFor(as(await createAccount(["consumer"])), orderId)).toBeNull();
    const note = await deliveryNoteFor(as(farmer), orderId);
    expect(note).toMatchObject({ collectVnd: 105_000, farm: { name: "Vườn rau Bà Lan" }, items: [{ title: "Xà lách thủy canh", unit: "kg", quantity: 3 }] });
    const text = await pdfText(await renderDeliveryNotePdf(note!, "https://nongsanso.vn"));
    for (const expected of ["PHIẾU GIAO HÀNG", note!.number, "Vườn rau Bà Lan", "Xà lách thủy canh", "Thu hộ khi giao", "105.000 đ", "Người giao hàng", "Người vận chuyển", "Người nhận hàng", "(Ký, ghi rõ họ tên)"]) {
      expect(text).toContain(expected);
    }
  });

  it("sums a company's month: totals, corrections, paid and open; members only", async () => {
    const farmer = await createFarmer();
    const listingId = (await createListing(as(farmer), farmer.farm.id, listingInput({ priceVnd: "50000", stock: "100", minOrderQty: "1" }))).id;
    const company = await createCompany("Bếp ăn Trường Kim Liên");
    const buyer = await addMember(company.id, "buyer");
    const orderOf = async () => {
      await addToCart(buyer.id, listingId, 2);
      const placed = await checkoutCart(buyer.id, { company: { id: company.id, poNumber: "PO-9" } });
      if (!placed.ok) throw new Error(`refused ${JSON.stringify(placed)}`);
      return placed.orderIds[0];
    };
    const done = await orderOf();
    for (const step of ["accept", "pack", "ship", "deliver"] as const) await transitionOrder(done, step, as(farmer));
    await transitionOrder(done, "complete", as(buyer));
    const { invoice } = (await invoicesOfOrder(as(buyer), done))!;
    await issueCreditNote(as(farmer), invoice!.id, { amountVnd: 20_000, reason: "Thiếu hàng" });
    const open = await orderOf();
    const cancelled = await orderOf();
    await transitionOrder(cancelled, "cancel", as(buyer));

    const month = currentMonth();
    const statement = await companyStatement(as(company.owner), company.id, month);
    // The delivered cash order is paid (collected at delivery); the other waits; the cancelled one is not on it.
    expect(statement.lines.map((l) => [l.id, l.invoiceNumber, l.creditedVnd, l.paidVnd, l.openVnd])).toEqual([
      [done, invoice!.number, 20_000, 100_000, 0],
      [open, null, 0, 0, 100_000],
    ]);
    expect(statement.totals).toEqual({ totalVnd: 200_000, creditedVnd: 20_000, paidVnd: 100_000, openVnd: 100_000 });
    const text = await pdfText(await renderStatementPdf(statement));
    for (const expected of ["BẢNG KÊ MUA HÀNG", "Bếp ăn Trường Kim Liên", invoice!.number, "Còn phải thanh toán", "Một trăm nghìn đồng"]) expect(text).toContain(expected);

    await expect(companyStatement(as(farmer), company.id, month)).rejects.toMatchObject({ kind: "not_found" });
    expect((await companyStatement(as(buyer), company.id, "2020-01")).lines).toEqual([]);
  });

  it("bounds a month in Vietnam time", () => {
    expect(monthBounds("2026-11")).toEqual({ from: new Date("2026-10-31T17:00:00Z"), to: new Date("2026-11-30T17:00:00Z") });
    expect(monthBounds("2026-12").to).toEqual(new Date("2026-12-31T17:00:00Z"));
    expect(currentMonth(new Date("2026-11-30T17:30:00Z"))).toBe("2026-12");
  });
});
