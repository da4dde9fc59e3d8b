import { describe, expect, it } from "vitest";
import { approvalThresholdSchema, companySchema, inviteMemberSchema, normalizeTaxCode, taxCodeCheckDigit } from "./company";

/** A valid code from nine digits, by the rule (throws for a prefix whose check is 10). */
function withCheck(firstNine: string): string {
  const check = taxCodeCheckDigit(firstNine);
  if (check === 10) throw new Error(`${firstNine} has no valid check digit`);
  return `${firstNine}${check}`;
}

describe("the tax code (MST)", () => {
  it.each([
    // Published codes: Viettel (Hà Nội) and the example of a Hồ Chí Minh City code with its branch.
    ["0100109106", "0100109106"],
    ["0314409058", "0314409058"],
    ["0314409058-002", "0314409058-002"],
    // Real-looking codes computed by the rule.
    [withCheck("010123456"), withCheck("010123456")],
    [withCheck("030200001"), withCheck("030200001")],
    [`${withCheck("480012345")}-999`, `${withCheck("480012345")}-999`],
    // What people type: spaces and dots are dropped.
    [" 0100 109 106 ", "0100109106"],
    ["0100.109.106", "0100109106"],
    ["0314.409.058 - 002", "0314409058-002"],
  ])("%s is valid (%s)", (input, stored) => {
    expect(normalizeTaxCode(input)).toBe(stored);
    expect(companySchema.shape.taxCode.safeParse(input)).toEqual({ success: true, data: stored });
  });

  it.each([
    ["0100109107", "wrong check digit"],
    ["0100109105", "wrong check digit"],
    ["0314409059", "wrong check digit"],
    ["0314409058-000", "branch 000"],
    ["0314409059-002", "branch of a wrong code"],
    ["010010910", "nine digits"],
    ["01001091066", "eleven digits"],
    ["0314409058-02", "two-digit branch"],
    ["0314409058-0002", "four-digit branch"],
    ["0314409058002", "thirteen digits without the dash"],
    ["03144O9058", "a letter"],
    ["-0314409058", "a leading dash"],
    ["", "empty"],
  ])("%s is refused (%s)", (input) => {
    expect(normalizeTaxCode(input)).toBeNull();
    expect(companySchema.shape.taxCode.safeParse(input).success).toBe(false);
  });

  it("refuses every digit when the first nine call for a check of 10", () => {
    const prefix = Array.from({ length: 1000 }, (_, i) => `010000${String(i).padStart(3, "0")}`).find((p) => taxCodeCheckDigit(p) === 10)!;
    expect(prefix).toBeDefined();
    for (let digit = 0; digit <= 9; digit += 1) expect(normalizeTaxCode(`${prefix}${digit}`)).toBeNull();
  });

  it("names the field in its error", () => {
    const result = companySchema.safeParse({ name: "Bếp ăn", taxCode: "0100109107", invoiceAddress: "Số 1 Kim Liên, Hà Nội", invoiceEmail: "ke.toan@truonghoc.vn" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["taxCode", "errors.taxCode.invalid"]]);
  });
});

describe("the company forms", () => {
  it("reads an invitation's phone or email as stored", () => {
    expect(inviteMemberSchema.parse({ identifier: "0912 345 678", role: "buyer" })).toEqual({ identifier: { kind: "phone", value: "84912345678" }, role: "buyer" });
    expect(inviteMemberSchema.parse({ identifier: " Bep@TruongHoc.vn ", role: "approver" })).toEqual({
      identifier: { kind: "email", value: "bep@truonghoc.vn" },
      role: "approver",
    });
    expect(inviteMemberSchema.safeParse({ identifier: "not a phone", role: "buyer" }).error!.issues[0].path).toEqual(["identifier"]);
    expect(inviteMemberSchema.safeParse({ identifier: "0912345678", role: "admin" }).error!.issues[0].path).toEqual(["role"]);
  });

  it("reads a threshold in đồng, or none", () => {
    expect(approvalThresholdSchema.parse({ threshold: "" })).toEqual({ threshold: null });
    expect(approvalThresholdSchema.parse({ threshold: "5.000.000" })).toEqual({ threshold: 5_000_000 });
    expect(approvalThresholdSchema.safeParse({ threshold: "-1" }).success).toBe(false);
  });
});
