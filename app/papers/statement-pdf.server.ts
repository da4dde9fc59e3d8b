/**
 * A company's monthly statement as PDF: each order placed that month that
 * went ahead, its invoice, corrections, what was paid and what is open, and
 * the month's totals (the last in words).
 */
import type { CompanyStatement } from "~/models/papers.server";
import { i18nFor } from "~/utils/i18n.server";
import { newPdf, pdfBytes } from "~/utils/pdf.server";
import { vndInWords } from "~/utils/vnd-words";
import { day, drawTable, fact, money } from "./layout.server";

export function statementMonthLabel(month: string): string {
  const [year, m] = month.split("-");
  return `tháng ${Number(m)}/${year}`;
}

export async function renderStatementPdf(statement: CompanyStatement): Promise<Buffer> {
  const t = i18nFor("vi").t;
  const label = statementMonthLabel(statement.month);
  const doc = newPdf({ title: `Bảng kê ${label} — ${statement.company.name}` });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font("bold").fontSize(16).text(`BẢNG KÊ MUA HÀNG ${label.toUpperCase()}`, { width });
  doc.moveDown(0.3);
  fact(doc, "Đơn vị", statement.company.name);
  fact(doc, "Mã số thuế", statement.company.taxCode);
  if (statement.company.invoiceAddress) fact(doc, "Địa chỉ", statement.company.invoiceAddress);
  doc.moveDown(0.6);
  if (statement.lines.length === 0) {
    doc.font("regular").fontSize(10).text(`Không có đơn hàng nào trong ${label}.`);
  } else {
    // Amounts get 64 pt each (up to "100.000.000 đ"); the order, its invoice and farm share one cell.
    drawTable(
      doc,
      [
        { header: "Ngày", width: 52 },
        { header: "Đơn hàng, hóa đơn", width: width - 52 - 4 * 64 },
        { header: "Tổng tiền", width: 64, align: "right" },
        { header: "Điều chỉnh", width: 64, align: "right" },
        { header: "Đã trả", width: 64, align: "right" },
        { header: "Còn nợ", width: 64, align: "right" },
      ],
      statement.lines.map((line) => [
        day(line.createdAt),
        [
          `${line.number}${line.poNumber ? ` (PO ${line.poNumber})` : ""}`,
          line.invoiceNumber ? `Hóa đơn ${line.invoiceNumber}` : "Chưa có hóa đơn",
          `${line.farm} · ${t(`orderStatus.${line.status}`)}`,
        ].join("\n"),
        money(line.totalVnd),
        line.creditedVnd ? `-${money(line.creditedVnd)}` : "",
        money(line.paidVnd),
        money(line.openVnd),
      ]),
      { fontSize: 8.5 },
    );
  }
  fact(doc, "Tổng tiền hàng", money(statement.totals.totalVnd));
  fact(doc, "Điều chỉnh giảm", money(statement.totals.creditedVnd));
  fact(doc, "Đã thanh toán", money(statement.totals.paidVnd));
  fact(doc, "Còn phải thanh toán", money(statement.totals.openVnd));
  fact(doc, "Bằng chữ", vndInWords(statement.totals.openVnd));
  return pdfBytes(doc);
}
