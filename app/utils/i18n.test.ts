import { describe, expect, it } from "vitest";
import { formatDate, formatInstant, formatQuantity, formatVnd } from "./i18n";

describe("formatting", () => {
  it("reads as each language writes it, the same on every call (formatters are kept per locale)", () => {
    for (let round = 0; round < 2; round++) {
      expect(formatVnd(125000, "vi")).toBe("125.000\u00a0₫");
      expect(formatVnd(125000, "en")).toBe("₫125,000");
      expect(formatQuantity(12.5, "vi")).toBe("12,5");
      expect(formatQuantity(1234.5678, "en")).toBe("1,234.568");
      expect(formatDate("2026-12-01", "vi")).toBe("1/12/2026");
      expect(formatDate("2026-12-01T23:00:00Z", "en")).toBe("1 Dec 2026");
    }
  });

  it("shows an instant on Vietnam's clock, as toLocaleString would", () => {
    const instant = "2026-11-30T18:30:00Z"; // 01:30 on 1 December in Hà Nội
    for (const locale of ["vi", "en"] as const) {
      const intl = locale === "vi" ? "vi-VN" : "en-GB";
      expect(formatInstant(instant, locale)).toBe(new Date(instant).toLocaleDateString(intl, { timeZone: "Asia/Ho_Chi_Minh" }));
      expect(formatInstant(instant, locale, { time: true })).toBe(
        new Date(instant).toLocaleString(intl, { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short", timeStyle: "short" }),
      );
    }
    expect(formatInstant(instant, "en")).toBe("01/12/2026");
  });
});
