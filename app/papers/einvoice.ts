/**
 * Legal e-invoices (Decree 123/2020/NĐ-CP, Circular 78/2021/TT-BTC) are
 * issued through providers licensed by the General Department of Taxation
 * (VNPT, Viettel, MISA, BKAV…), each with its own API. This is the port
 * (decision 043): our issued invoice in one provider-neutral shape — the same
 * shape as the JSON export — and the interface an adapter implements. The
 * only adapter here writes to the console; a real provider is out of scope.
 */
import type { IssuedInvoice } from "~/models/invoice.server";

/** One invoice or credit note, in the fields e-invoice providers ask for (amounts in whole đồng). */
export type EInvoiceDocument = {
  kind: "invoice" | "credit_note";
  number: string;
  series: { farmId: number; year: number; sequence: number };
  issuedAt: string;
  orderNumber: string;
  currency: "VND";
  seller: { name: string; address: string; taxCode: string | null; vatRegistered: boolean };
  buyer: { name: string; address: string; taxCode: string | null };
  lines: { position: number; description: string; unit: string | null; quantity: number | null; unitPriceVnd: number | null; amountVnd: number }[];
  /** Null: no VAT on the paper (the seller is not registered, or the goods are not subject). */
  vatPercent: number | null;
  subtotalVnd: number;
  vatVnd: number;
  totalVnd: number;
  totalInWords: string;
  /** A credit note: the number of the invoice it corrects, and why. */
  adjusts: string | null;
  reason: string | null;
};

export function eInvoiceDocument(invoice: IssuedInvoice): EInvoiceDocument {
  return {
    kind: invoice.kind,
    number: invoice.number,
    series: { farmId: invoice.farmId, year: invoice.year, sequence: invoice.sequence },
    issuedAt: invoice.issuedAt.toISOString(),
    orderNumber: invoice.orderNumber,
    currency: "VND",
    seller: { name: invoice.seller.name, address: invoice.seller.address, taxCode: invoice.seller.taxCode, vatRegistered: invoice.seller.vatRegistered },
    buyer: { name: invoice.buyer.name, address: invoice.buyer.address, taxCode: invoice.buyer.taxCode },
    lines: invoice.lines.map((l) => ({ position: l.position, description: l.description, unit: l.unit, quantity: l.quantity, unitPriceVnd: l.unitPriceVnd, amountVnd: l.amountVnd })),
    vatPercent: invoice.vatPercent,
    subtotalVnd: invoice.subtotalVnd,
    vatVnd: invoice.vatVnd,
    totalVnd: invoice.totalVnd,
    totalInWords: invoice.totalWords,
    adjusts: invoice.credits?.number ?? null,
    reason: invoice.reason,
  };
}

const CSV_COLUMNS = ["kind", "number", "issuedAt", "orderNumber", "adjusts", "sellerName", "sellerTaxCode", "buyerName", "buyerTaxCode", "buyerAddress", "vatPercent", "subtotalVnd", "vatVnd", "totalVnd", "totalInWords", "reason"] as const;

function csvCell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  // Quoted when needed; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The export as CSV: one row per paper (its lines are in the JSON), UTF-8 with a byte-order mark for spreadsheets. */
export function eInvoiceCsv(documents: EInvoiceDocument[]): string {
  const rows = documents.map((d) =>
    [d.kind, d.number, d.issuedAt, d.orderNumber, d.adjusts, d.seller.name, d.seller.taxCode, d.buyer.name, d.buyer.taxCode, d.buyer.address, d.vatPercent, d.subtotalVnd, d.vatVnd, d.totalVnd, d.totalInWords, d.reason].map(csvCell).join(","),
  );
  return `\uFEFF${[CSV_COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}

/** What a licensed provider's adapter does: register our paper with the tax authority's system and give its reference. */
export interface EInvoiceProvider {
  readonly name: string;
  submit(document: EInvoiceDocument): Promise<{ providerReference: string }>;
}

/** The adapter for development: writes the document to the console, registers nothing. */
export const consoleEInvoiceProvider: EInvoiceProvider = {
  name: "console",
  async submit(document) {
    console.info(`[e-invoice:console] ${document.kind} ${document.number} ${document.totalVnd} VND`);
    return { providerReference: `console-${document.number}` };
  },
};

/** The provider in use: none is licensed yet, so the console adapter (decision 043). */
export function eInvoiceProvider(): EInvoiceProvider {
  return consoleEInvoiceProvider;
}
