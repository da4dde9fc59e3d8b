import { describe, expect, it } from "vitest";
import { gtin14, lotInputSchema, lotSchema } from "./lot";

describe("gtin14", () => {
  it("accepts GTINs with a right check digit, as 14 digits", () => {
    expect(gtin14("8934567000017")).toBe("08934567000017");
    expect(gtin14("08934567000017")).toBe("08934567000017");
    expect(gtin14("96385074")).toBe("00000096385074");
    expect(gtin14("036000291452")).toBe("00036000291452");
  });
  it("refuses a wrong check digit, letters and odd lengths", () => {
    expect(gtin14("8934567000018")).toBeNull();
    expect(gtin14("893456700001")).toBeNull();
    expect(gtin14("89345670000１7")).toBeNull();
    expect(gtin14("abc")).toBeNull();
  });
});

describe("lotSchema", () => {
  it("keeps text NFC and refuses a harvest before sowing beside the harvest date", () => {
    const ok = lotSchema.safeParse({ product: "Xoa\u0300i cát", sownOn: "2026-01-01", harvestedOn: "2026-05-01" });
    expect(ok.success && ok.data.product).toBe("Xoài cát");
    const bad = lotSchema.safeParse({ product: "Xoài", sownOn: "2026-06-01", harvestedOn: "2026-05-01" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["harvestedOn"], message: "errors.lot.harvestBeforeSowing" });
  });
  it("names a bad GTIN and an unknown certification", () => {
    const bad = lotSchema.safeParse({ product: "Xoài", gtin: "1234", certifications: ["bogus"] });
    expect(bad.error?.issues.map((i) => `${i.path.join(".")}:${i.message}`).sort()).toEqual(["certifications:errors.form.tampered", "gtin:errors.lot.gtin"]);
  });
});

describe("lotInputSchema", () => {
  it("asks a pesticide for its active ingredient from the table", () => {
    const missing = lotInputSchema.safeParse({ kind: "pesticide", name: "Vertimec", appliedOn: "2026-11-01" });
    expect(missing.error?.issues[0]).toMatchObject({ path: ["activeIngredient"], message: "errors.lot.activeIngredientRequired" });
    const unknown = lotInputSchema.safeParse({ kind: "pesticide", name: "X", activeIngredient: "ddt", appliedOn: "2026-11-01" });
    expect(unknown.error?.issues[0]).toMatchObject({ path: ["activeIngredient"], message: "errors.lot.activeIngredient" });
    const fertiliser = lotInputSchema.safeParse({ kind: "fertiliser", name: "NPK", activeIngredient: "abamectin", appliedOn: "2026-11-01" });
    expect(fertiliser.success && fertiliser.data.activeIngredient).toBeNull();
  });
});
