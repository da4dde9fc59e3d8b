import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { drawQr, newPdf, pdfBytes, pdfResponse } from "~/utils/pdf.server";
import { pdfText } from "../support/pdf-text";
import { decodeQr } from "../support/qr-decode";

// Every letter of the Vietnamese alphabet with every tone, lower and upper case.
const VOWELS = "aăâeêioôơuưy";
const TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
const LETTERS = [...VOWELS].flatMap((v) => TONES.map((t) => (v + t).normalize("NFC"))).join("") + "đ";

describe("papers as PDF", () => {
  it("carries every Vietnamese letter, in both weights, and reads back intact", async () => {
    expect(LETTERS).toHaveLength(12 * 6 + 1);
    const doc = newPdf({ title: "Hóa đơn thử" });
    doc.font("regular").fontSize(11).text(LETTERS);
    doc.text(LETTERS.toUpperCase());
    doc.font("bold").text("Một triệu hai trăm nghìn đồng");
    const text = await pdfText(await pdfBytes(doc));
    expect(text.replace(/\s+/g, "")).toContain(LETTERS);
    expect(text.replace(/\s+/g, "")).toContain(LETTERS.toUpperCase());
    expect(text).toContain("Một triệu hai trăm nghìn đồng");
  });

  it("draws a QR code that a reader decodes", async () => {
    const url = "https://nongsanso.vn/t/ABC123";
    // The same modules as drawQr draws, rasterised as a phone would see them.
    const png = await QRCode.toBuffer(url, { margin: 4, scale: 6 });
    expect(await decodeQr(png)).toBe(url);
    const doc = newPdf({ title: "QR" });
    drawQr(doc, url, 48, 48, 120);
    const bytes = await pdfBytes(doc);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("answers with a file name in both forms and no shared caching", async () => {
    const response = pdfResponse(Buffer.from("%PDF-1.7"), "Hóa đơn 0001.pdf");
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(
      `inline; filename="Hoa-don-0001.pdf"; filename*=UTF-8''${encodeURIComponent("Hóa đơn 0001.pdf")}`,
    );
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  });
});
