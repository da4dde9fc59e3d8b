import { describe, expect, it } from "vitest";
import { i18nFor } from "~/utils/i18n.server";
import { describedBy, errorIdOf, hintIdOf, summaryOf, translateError } from "./field";

describe("translateError", () => {
  const t = i18nFor("vi").t.bind(i18nFor("vi")) as (key: string, options?: Record<string, string>) => string;

  it("translates a key, with the value after the first bar", () => {
    expect(translateError(t, "errors.cart.aboveStock|12,5")).toContain("12,5");
    expect(translateError(t, "errors.cart.aboveStock|12,5")).not.toContain("errors.");
  });

  it("keeps a value that holds bars of its own whole (a farm named with a bar)", () => {
    expect(translateError(t, "staleEdit.farmNow|Vườn A | B")).toContain("Vườn A | B");
  });
});

describe("describedBy", () => {
  it("names the error only while there is one, then the hint only when there is one", () => {
    expect(describedBy("f-price", { invalid: true, hint: true })).toBe("f-price-error f-price-description");
    expect(describedBy("f-price", { invalid: false, hint: true })).toBe("f-price-description");
    expect(describedBy("f-price", { invalid: true, hint: false })).toBe("f-price-error");
    expect(describedBy("f-price", { invalid: false, hint: false })).toBeUndefined();
  });

  it("uses the ids Field gives its error and hint", () => {
    expect(describedBy("x", { invalid: true, hint: true })).toBe(`${errorIdOf("x")} ${hintIdOf("x")}`);
  });
});

describe("summaryOf", () => {
  it("lists the form's own errors first, then each field's error linked to its control", () => {
    expect(
      summaryOf("f", { "": ["errors.form.x"], priceVnd: ["errors.price.invalid"], "tiers[0].priceVnd": ["errors.price.invalid"] }, ["errors.form.x"]),
    ).toEqual([
      { message: "errors.form.x" },
      { message: "errors.price.invalid", controlId: "f-priceVnd" },
      { message: "errors.price.invalid", controlId: "f-tiers[0].priceVnd" },
    ]);
  });

  it("sends a field's errors to another control, or to none (said once)", () => {
    expect(summaryOf("f", { photoIds: ["errors.photos.tooMany"], intent: ["errors.form.tampered"] }, ["errors.form.tampered"], { photoIds: "photos", intent: null })).toEqual([
      { message: "errors.form.tampered" },
      { message: "errors.photos.tooMany", controlId: "f-photos" },
    ]);
  });
});
