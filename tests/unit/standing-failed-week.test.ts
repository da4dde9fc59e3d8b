/**
 * A failed week of a standing order says why (review item 9): short stock,
 * or the refusal's own message (net terms, a suspended buyer …), in both languages.
 */
import { describe, expect, it } from "vitest";
import en from "~/locales/en";
import vi from "~/locales/vi";
import { failedWeekKey } from "~/components/standing";

function lookup(dict: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), dict);
}

describe("a failed week's reason", () => {
  it.each(["stock", "errors.terms.overLimit", "errors.terms.notGranted", "errors.blocked.buyerSuspended", "errors.blocked.notBuyer", "errors.blocked.farmSuspended"])(
    "%s is shown by a message of its own in vi and en",
    (reason) => {
      const key = failedWeekKey(reason);
      expect(key).toBe(reason === "stock" ? "standing.failedStock" : reason);
      expect(typeof lookup(vi, key)).toBe("string");
      expect(typeof lookup(en, key)).toBe("string");
    },
  );
  it("falls back to short stock for a week without a reason", () => {
    expect(failedWeekKey(null)).toBe("standing.failedStock");
  });
});
