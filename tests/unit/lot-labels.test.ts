import { describe, expect, it } from "vitest";
import { lotLabelSheet } from "~/models/lot-labels.server";
import { pdfPages } from "../support/pdf-text";

describe("a lot's label sheet", () => {
  it("is one A4 page of 24 labels, each with the product, farm, code and harvest date, Vietnamese intact", async () => {
    const bytes = await lotLabelSheet({
      product: "Bưởi da xanh",
      farmName: "Vườn bưởi Bến Tre — Nguyễn Thị Ánh",
      code: "7K3QX9M2TA",
      harvested: "12/11/2026",
      url: "https://nongsanso.vn/01/08934567000017/10/7K3QX9M2TA",
      words: { lot: "Lô", harvested: "Thu hoạch", notHarvested: "Chưa thu hoạch" },
    });
    const pages = await pdfPages(bytes);
    expect(pages).toHaveLength(1);
    // A name wrapped onto two lines inside its label reads back with a line break.
    const text = pages[0].replace(/\s+/g, " ");
    const count = (needle: string) => text.split(needle).length - 1;
    expect(count("Bưởi da xanh")).toBe(24);
    expect(count("Vườn bưởi Bến Tre — Nguyễn Thị Ánh")).toBe(24);
    expect(count("Lô: 7K3QX9M2TA")).toBe(24);
    expect(count("Thu hoạch: 12/11/2026")).toBe(24);
    const mediaBox = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(bytes.toString("latin1"));
    expect(mediaBox?.slice(1).map(Number)).toEqual([595.28, 841.89]);
  });

  it("shortens a long product name inside its label instead of adding a page", async () => {
    const bytes = await lotLabelSheet({
      product: "Xoài cát Hòa Lộc loại một ".repeat(8),
      farmName: "Hợp tác xã Mỹ Xương",
      code: "ABCDEFGH12",
      harvested: null,
      url: "https://nongsanso.vn/t/ABCDEFGH12",
      words: { lot: "Lô", harvested: "Thu hoạch", notHarvested: "Chưa thu hoạch" },
    });
    const pages = await pdfPages(bytes);
    expect(pages).toHaveLength(1);
    expect(pages[0].split("Chưa thu hoạch").length - 1).toBe(24);
  });
});
