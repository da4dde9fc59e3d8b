import { describe, expect, it } from "vitest";
import { certificationsInForce } from "./trust";

describe("certifications in force (decision 036)", () => {
  it("keeps those without an expiry and those valid through today; drops those past their date", () => {
    const items = [
      { type: "vietgap", expiresOn: "2026-11-30" },
      { type: "organic", expiresOn: "2026-12-01" },
      { type: "globalgap", expiresOn: null },
      { type: "ocop", expiresOn: "2027-01-01" },
    ];
    expect(certificationsInForce(items, "2026-12-01").map((c) => c.type)).toEqual(["organic", "globalgap", "ocop"]);
    expect(certificationsInForce(items, "2027-01-02").map((c) => c.type)).toEqual(["globalgap"]);
  });
});
