/**
 * A lot's label sheet (issue 14): one A4 page of 24 labels (3 columns × 8
 * rows, 70 × 37 mm — the common self-adhesive sheet), each with the product,
 * the farm, the lot code, the harvest date and the lot's QR code. Text is
 * drawn inside each label's box (shortened with an ellipsis, never spilling
 * onto the next label or a second page).
 */
import { drawQr, newPdf, pdfBytes } from "~/utils/pdf.server";

export const LABEL_COLUMNS = 3;
export const LABEL_ROWS = 8;

export type LabelContent = {
  product: string;
  farmName: string;
  code: string;
  /** Already formatted for the reader ("12/11/2026"), or null when not harvested yet. */
  harvested: string | null;
  url: string;
  words: { lot: string; harvested: string; notHarvested: string };
};

export async function lotLabelSheet(label: LabelContent): Promise<Buffer> {
  const doc = newPdf({ title: `${label.product} · ${label.code}`, margin: 0 });
  const width = doc.page.width / LABEL_COLUMNS;
  const height = doc.page.height / LABEL_ROWS;
  const pad = 8;
  const qrSize = height - 2 * pad + 8;
  for (let row = 0; row < LABEL_ROWS; row++) {
    for (let col = 0; col < LABEL_COLUMNS; col++) {
      const x = col * width;
      const y = row * height;
      drawQr(doc, label.url, x + pad - 4, y + pad - 4, qrSize);
      const textX = x + qrSize + pad - 4;
      const textWidth = width - (textX - x) - pad;
      const line = (text: string, font: "regular" | "bold", size: number, top: number, lines = 1) =>
        doc.font(font).fontSize(size).text(text.normalize("NFC"), textX, y + top, { width: textWidth, height: size * 1.6 * lines, ellipsis: true, lineBreak: lines > 1 });
      line(label.product, "bold", 9, pad, 2);
      line(label.farmName, "regular", 7, pad + 27, 2);
      line(`${label.words.lot}: ${label.code}`, "bold", 8, pad + 50);
      line(label.harvested ? `${label.words.harvested}: ${label.harvested}` : label.words.notHarvested, "regular", 7, pad + 64);
    }
  }
  return pdfBytes(doc);
}
