import { describe, expect, it } from "vitest";
import type { IssuedInvoice } from "~/models/invoice.server";
import { consoleEInvoiceProvider, eInvoiceCsv, eInvoiceDocument } from "./einvoice";

const invoice: IssuedInvoice = {
  id: 9,
  kind: "invoice",
  number: "NSS-3-2026-000012",
  farmId: 3,
  orderId: 41,
  orderNumber: "NSS-261130-ABCDEF",
  year: 2026,
  sequence: 12,
  issuedAt: new Date("2026-11-30T03:00:00Z"),
  seller: { farmId: 3, name: "HTX Rau an toàn \"Đơn Dương\"", address: "Xã Đơn Dương, Lâm Đồng", taxCode: "5800123456", vatRegistered: true },
  buyer: { name: "=HYPERLINK(\"x\")", address: "Số 1, Kim Liên\nHà Nội", taxCode: "0101234567", companyId: 5 },
  vatPercent: 5,
  subtotalVnd: 100_000,
  vatVnd: 5_000,
  totalVnd: 105_000,
  totalWords: "Một trăm linh năm nghìn đồng",
  credits: null,
  reason: null,
  lines: [{ position: 1, description: "Cà rốt", unit: "kg", quantity: 5, unitPriceVnd: 21_000, amountVnd: 105_000 }],
};

describe("the e-invoice export and port", () => {
  it("carries what a provider asks for, in one neutral shape", () => {
    expect(eInvoiceDocument(invoice)).toMatchObject({
      kind: "invoice",
      number: "NSS-3-2026-000012",
      series: { farmId: 3, year: 2026, sequence: 12 },
      issuedAt: "2026-11-30T03:00:00.000Z",
      currency: "VND",
      seller: { taxCode: "5800123456", vatRegistered: true },
      buyer: { taxCode: "0101234567" },
      vatPercent: 5,
      subtotalVnd: 100_000,
      vatVnd: 5_000,
      totalVnd: 105_000,
      totalInWords: "Một trăm linh năm nghìn đồng",
      adjusts: null,
      lines: [{ description: "Cà rốt", unit: "kg", quantity: 5, unitPriceVnd: 21_000, amountVnd: 105_000 }],
    });
  });

  it("writes CSV a spreadsheet opens safely: a byte-order mark, quoted cells, no formula run", () => {
    const csv = eInvoiceCsv([eInvoiceDocument(invoice)]);
    expect(csv.startsWith("\uFEFFkind,number,issuedAt")).toBe(true);
    const row = csv.split("\r\n")[1];
    expect(row).toContain('"HTX Rau an toàn ""Đơn Dương"""');
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain('"Số 1, Kim Liên\nHà Nội"');
    expect(row).toContain(",5,100000,5000,105000,Một trăm linh năm nghìn đồng,");
  });

  it("has a console adapter that registers nothing and answers a reference", async () => {
    expect(await consoleEInvoiceProvider.submit(eInvoiceDocument(invoice))).toEqual({ providerReference: "console-NSS-3-2026-000012" });
  });
});
