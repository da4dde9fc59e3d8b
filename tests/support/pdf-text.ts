/**
 * Reads a PDF back as the reader of the file would: the text of each page
 * through unpdf (Mozilla's PDF.js), in NFC. Papers' tests compare this with
 * what they expected to print.
 */
import { extractText, getDocumentProxy } from "unpdf";

export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  return text.map((page) => page.normalize("NFC"));
}

export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfPages(bytes)).join("\n");
}
