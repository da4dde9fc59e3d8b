/**
 * Papers as PDF (decision 039): pdfkit on the server with Be Vietnam Pro
 * embedded, a typeface drawn for Vietnamese that carries every letter with
 * every tone as its own glyph (text is NFC; Noto Sans, tried first, splits
 * ẹ ị ọ ụ into two glyphs and they read back wrong), subset into each file by
 * fontkit, with a ToUnicode map so the text can be searched, copied and read
 * back (tests do: tests/support/pdf-text.ts).
 *
 * Every paper starts from newPdf() and ends with pdfBytes() → pdfResponse().
 * Fonts: "regular" and "bold". Sizes are in PDF points (1/72 inch; A4 is
 * 595.28 × 841.89).
 */
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve("@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf"),
} as const;

export type Pdf = PDFKit.PDFDocument;

export function newPdf(options: { title: string; subject?: string; margin?: number; lang?: "vi" | "en" }): Pdf {
  const doc = new PDFDocument({
    size: "A4",
    margin: options.margin ?? 48,
    // Starting on our own font: pdfkit's default (Helvetica) has no Vietnamese letters.
    font: FONTS.regular,
    lang: options.lang ?? "vi",
    displayTitle: true,
    info: {
      Title: options.title.normalize("NFC"),
      ...(options.subject ? { Subject: options.subject.normalize("NFC") } : {}),
      Author: "Nông Sản Số",
      Creator: "Nông Sản Số",
    },
    bufferPages: true,
  });
  doc.registerFont("regular", FONTS.regular);
  doc.registerFont("bold", FONTS.bold);
  doc.font("regular");
  return doc;
}

/** Ends the document and gives its bytes. */
export function pdfBytes(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/**
 * A QR code drawn as vector squares (sharp at any print size), with the quiet
 * zone of 4 modules the standard asks for inside `size`.
 */
export function drawQr(doc: Pdf, text: string, x: number, y: number, size: number, errorCorrectionLevel: "L" | "M" | "Q" | "H" = "M"): void {
  const qr = QRCode.create(text, { errorCorrectionLevel });
  const count = qr.modules.size;
  const cell = size / (count + 8);
  doc.save().fillColor("black");
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + 4) * cell, y + (row + 4) * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

/**
 * The answer for a PDF: shown in the browser (inline) with a file name in
 * both the plain and the RFC 6266 UTF-8 form; never cached by a shared cache
 * (papers are personal).
 */
export function pdfResponse(bytes: Buffer, fileName: string, init: { download?: boolean; headers?: HeadersInit } = {}): Response {
  const ascii = fileName.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/[^A-Za-z0-9._-]+/g, "-");
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/pdf");
  headers.set("Content-Length", String(bytes.byteLength));
  headers.set("Content-Disposition", `${init.download ? "attachment" : "inline"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.normalize("NFC"))}`);
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-store");
  return new Response(new Uint8Array(bytes), { status: 200, headers });
}
