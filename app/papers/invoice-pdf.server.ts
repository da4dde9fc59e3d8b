/**
 * An invoice or a credit note as PDF (decision 043), from the issued
 * snapshot alone: what was issued is what prints, however the farm or the
 * company changed since. The caller has checked who may see it (order.view):
 * the order page's resource route, and the JSON API's invoice endpoint
 * (`renderInvoicePdf(invoice, origin)` with an invoice it authorized).
 */
import type { IssuedInvoice } from "~/models/invoice.server";
import { i18nFor } from "~/utils/i18n.server";
import { drawQr, newPdf, pdfBytes } from "~/utils/pdf.server";
import { day, drawSignatureBoxes, drawTable, fact, money, quantity } from "./layout.server";

/** The paper's title: a seller registered for VAT issues a VAT invoice, anyone else a sales invoice. */
export function invoiceTitle(invoice: Pick<IssuedInvoice, "kind" | "seller">): string {
  if (invoice.kind === "credit_note") return "PHIẾU ĐIỀU CHỈNH GIẢM HÓA ĐƠN";
  return invoice.seller.vatRegistered ? "HÓA ĐƠN GIÁ TRỊ GIA TĂNG" : "HÓA ĐƠN BÁN HÀNG";
}

export function invoiceFileName(invoice: Pick<IssuedInvoice, "kind" | "number">): string {
  return `${invoice.kind === "credit_note" ? "Phiếu điều chỉnh" : "Hóa đơn"} ${invoice.number}.pdf`;
}

export async function renderInvoicePdf(invoice: IssuedInvoice, origin: string): Promise<Buffer> {
  const t = i18nFor("vi").t;
  const title = invoiceTitle(invoice);
  const doc = newPdf({ title: `${title} ${invoice.number}`, subject: `Đơn hàng ${invoice.orderNumber}` });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const orderUrl = `${origin}/orders/${invoice.orderId}`;
  drawQr(doc, orderUrl, left + width - 86, doc.page.margins.top - 10, 86);

  doc.font("bold").fontSize(16).text(title, left, doc.page.margins.top, { width: width - 90, align: "left" });
  doc.font("regular").fontSize(9).text("Chứng từ bán hàng trên Nông Sản Số; hóa đơn điện tử theo Nghị định 123/2020/NĐ-CP do nhà cung cấp được cấp phép lập.", { width: width - 100 });
  doc.moveDown(0.4);
  fact(doc, "Số", invoice.number);
  fact(doc, "Ngày", day(invoice.issuedAt));
  fact(doc, "Đơn hàng", invoice.orderNumber);
  if (invoice.credits) fact(doc, "Điều chỉnh cho hóa đơn", invoice.credits.number);
  if (invoice.reason) fact(doc, "Lý do", invoice.reason);
  doc.moveDown(0.6);

  doc.font("bold").fontSize(11).text("Người bán");
  fact(doc, "Tên", invoice.seller.name);
  fact(doc, "Địa chỉ", invoice.seller.address);
  fact(doc, "Mã số thuế", invoice.seller.taxCode ?? "—");
  if (!invoice.seller.vatRegistered) doc.font("regular").fontSize(9.5).text("Hộ sản xuất tự bán sản phẩm của mình: không thuộc diện chịu thuế giá trị gia tăng.");
  doc.moveDown(0.5);
  doc.font("bold").fontSize(11).text("Người mua");
  fact(doc, invoice.buyer.companyId !== null ? "Tên đơn vị" : "Họ tên", invoice.buyer.name);
  if (invoice.buyer.taxCode) fact(doc, "Mã số thuế", invoice.buyer.taxCode);
  fact(doc, "Địa chỉ", invoice.buyer.address);
  doc.moveDown(0.6);

  drawTable(
    doc,
    [
      { header: "STT", width: 32, align: "center" },
      { header: "Tên hàng hóa, dịch vụ", width: width - 32 - 52 - 62 - 84 - 94 },
      { header: "Đơn vị tính", width: 52, align: "center" },
      { header: "Số lượng", width: 62, align: "right" },
      { header: "Đơn giá", width: 84, align: "right" },
      { header: "Thành tiền", width: 94, align: "right" },
    ],
    invoice.lines.map((line) => [
      String(line.position),
      line.description,
      line.unit ? t(`units.${line.unit}`) : "",
      line.quantity === null ? "" : quantity(line.quantity),
      line.unitPriceVnd === null ? "" : money(line.unitPriceVnd),
      money(line.amountVnd),
    ]),
  );

  if (invoice.seller.vatRegistered) {
    fact(doc, "Cộng tiền hàng", money(invoice.subtotalVnd));
    fact(doc, "Thuế suất GTGT", invoice.vatPercent === null ? "Không chịu thuế" : `${invoice.vatPercent}%`);
    fact(doc, "Tiền thuế GTGT", money(invoice.vatVnd));
  }
  fact(doc, invoice.kind === "credit_note" ? "Tổng số tiền điều chỉnh giảm" : "Tổng cộng tiền thanh toán", money(invoice.totalVnd));
  fact(doc, "Số tiền viết bằng chữ", invoice.totalWords);
  doc.moveDown(0.8);
  drawSignatureBoxes(doc, ["Người mua hàng", "Người bán hàng"]);
  doc.font("regular").fontSize(8.5).text(`Tra cứu đơn hàng: ${orderUrl}`);
  return pdfBytes(doc);
}
