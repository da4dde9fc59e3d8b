import { describe, expect, it } from "vitest";
import { i18nFor } from "~/utils/i18n";
import { translateError } from "./field";

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
