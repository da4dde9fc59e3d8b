/**
 * The delivery note (phiếu giao hàng) as PDF: what the driver carries —
 * sender, recipient, the goods and quantities (no prices: the driver and the
 * kitchen count, the invoice bills), cash to collect when the order is paid
 * on delivery, a QR code to the order, and boxes for the signatures of who
 * hands over, who carries and who receives.
 */
import type { DeliveryNote } from "~/models/papers.server";
import { i18nFor } from "~/utils/i18n.server";
import { formatPhone } from "~/validation/auth";
import { drawQr, newPdf, pdfBytes } from "~/utils/pdf.server";
import { day, drawSignatureBoxes, drawTable, fact, money, quantity } from "./layout.server";

export async function renderDeliveryNotePdf(note: DeliveryNote, origin: string): Promise<Buffer> {
  const t = i18nFor("vi").t;
  const doc = newPdf({ title: `Phiếu giao hàng ${note.number}` });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  drawQr(doc, `${origin}/orders/${note.orderId}`, left + width - 86, doc.page.margins.top - 10, 86);
  doc.font("bold").fontSize(16).text("PHIẾU GIAO HÀNG", left, doc.page.margins.top, { width: width - 90 });
  doc.moveDown(0.3);
  fact(doc, "Đơn hàng", note.number);
  if (note.poNumber) fact(doc, "Số đơn mua hàng", note.poNumber);
  fact(doc, "Ngày đặt", day(note.createdAt));
  fact(doc, "Cách giao", t(`delivery.${note.deliveryOption}`, { defaultValue: note.deliveryOption }));
  doc.moveDown(0.6);
  doc.font("bold").fontSize(11).text("Bên giao");
  fact(doc, "Nhà vườn", note.farm.name);
  fact(doc, "Địa chỉ", note.farm.address);
  if (note.farm.phone) fact(doc, "Điện thoại", formatPhone(note.farm.phone));
  doc.moveDown(0.5);
  doc.font("bold").fontSize(11).text("Bên nhận");
  fact(doc, "Người nhận", note.recipient.name);
  fact(doc, "Điện thoại", formatPhone(note.recipient.phone));
  fact(doc, "Địa chỉ giao", note.recipient.address);
  doc.moveDown(0.6);
  drawTable(
    doc,
    [
      { header: "STT", width: 32, align: "center" },
      { header: "Tên hàng", width: width - 32 - 70 - 80 - 90 },
      { header: "Đơn vị tính", width: 70, align: "center" },
      { header: "Số lượng", width: 80, align: "right" },
      { header: "Thực nhận", width: 90 },
    ],
    note.items.map((item, i) => [String(i + 1), item.title, t(`units.${item.unit}`), quantity(item.quantity), ""]),
  );
  fact(doc, "Thu hộ khi giao", note.collectVnd > 0 ? money(note.collectVnd) : "Không (đã thanh toán hoặc trả sau)");
  doc.moveDown(0.8);
  drawSignatureBoxes(doc, ["Người giao hàng", "Người vận chuyển", "Người nhận hàng"]);
  return pdfBytes(doc);
}
