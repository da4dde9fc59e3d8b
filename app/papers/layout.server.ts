/**
 * What the papers share (decision 043): Vietnamese text (the language the
 * papers are filed in), amounts as "1.200.000 đ", dates as "01/12/2026"
 * (Vietnam time), tables of columns that wrap, and the signature boxes.
 */
import type { Pdf } from "~/utils/pdf.server";

const amountFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
const quantityFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 3 });

export const money = (vnd: number) => `${amountFormat.format(vnd)} đ`;
export const quantity = (q: number) => quantityFormat.format(q);

/** "01/12/2026", the day in Vietnam. */
export function day(at: Date): string {
  const vn = new Date(at.getTime() + 7 * 3600_000);
  return `${String(vn.getUTCDate()).padStart(2, "0")}/${String(vn.getUTCMonth() + 1).padStart(2, "0")}/${vn.getUTCFullYear()}`;
}

export type Column = { header: string; width: number; align?: "left" | "right" | "center" };

/** A table from the cursor down: a bold header row, then one row per entry, each as tall as its tallest cell; a new page when one would not fit. */
export function drawTable(doc: Pdf, columns: Column[], rows: string[][], options: { fontSize?: number } = {}): void {
  const size = options.fontSize ?? 9.5;
  const left = doc.page.margins.left;
  const pad = 3;
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? "bold" : "regular").fontSize(size);
    const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i].width - 2 * pad }));
    const height = Math.max(...heights) + 2 * pad;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.rect(x, top, columns[i].width, height).lineWidth(0.5).stroke();
      doc.text(cell, x + pad, top + pad, { width: columns[i].width - 2 * pad, align: columns[i].align ?? "left" });
      x += columns[i].width;
    });
    doc.x = left;
    doc.y = top + height;
  };
  drawRow(
    columns.map((c) => c.header),
    true,
  );
  for (const row of rows) drawRow(row, false);
  doc.moveDown(0.5);
}

/** Signature boxes side by side: a title, "(Ký, ghi rõ họ tên)" and room to sign. */
export function drawSignatureBoxes(doc: Pdf, titles: string[], height = 90): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const boxWidth = width / titles.length;
  if (doc.y + height + 10 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y + 6;
  titles.forEach((title, i) => {
    const x = left + i * boxWidth;
    doc.rect(x + 4, top, boxWidth - 8, height).lineWidth(0.5).stroke();
    doc.font("bold").fontSize(10).text(title, x + 4, top + 6, { width: boxWidth - 8, align: "center" });
    doc.font("regular").fontSize(8.5).text("(Ký, ghi rõ họ tên)", x + 4, top + 20, { width: boxWidth - 8, align: "center" });
  });
  doc.x = left;
  doc.y = top + height + 6;
}

/** A label in bold, then its value, on one line that wraps. */
export function fact(doc: Pdf, label: string, value: string): void {
  doc.font("bold").fontSize(10).text(`${label}: `, { continued: true }).font("regular").text(value);
}
