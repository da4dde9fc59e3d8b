import { describe, expect, it } from "vitest";
import { ACTIVE_INGREDIENTS, addDays, bannedOn, phiViolation } from "./phi";

describe("the pre-harvest interval table", () => {
  it("has unique keys, whole positive intervals and a source for every row", () => {
    expect(new Set(ACTIVE_INGREDIENTS.map((a) => a.key)).size).toBe(ACTIVE_INGREDIENTS.length);
    for (const a of ACTIVE_INGREDIENTS) {
      expect(Number.isInteger(a.days) && a.days > 0, a.key).toBe(true);
      expect(a.source.length, a.key).toBeGreaterThan(10);
      expect(a.key).toMatch(/^[a-z-]+$/);
    }
  });

  it("knows the common ingredients the brief names, and marks those Vietnam removed from its list", () => {
    const keys = ACTIVE_INGREDIENTS.map((a) => a.key);
    for (const k of ["abamectin", "emamectin-benzoate", "chlorpyrifos-ethyl", "cypermethrin", "imidacloprid", "mancozeb", "azoxystrobin", "hexaconazole", "fipronil", "glyphosate"]) {
      expect(keys).toContain(k);
    }
    const banned = ACTIVE_INGREDIENTS.filter((a) => a.bannedInVietnam).map((a) => a.key).sort();
    expect(banned).toEqual(["chlorpyrifos-ethyl", "fipronil", "glyphosate"]);
    expect(bannedOn("chlorpyrifos-ethyl", "2021-02-11")).toBe(false);
    expect(bannedOn("chlorpyrifos-ethyl", "2021-02-12")).toBe(true);
    expect(bannedOn("abamectin", "2030-01-01")).toBe(false);
  });
});

describe("phiViolation", () => {
  it("adds calendar days across months and leap years", () => {
    expect(addDays("2024-02-25", 7)).toBe("2024-03-03");
    expect(addDays("2023-12-28", 8)).toBe("2024-01-05");
  });

  it("refuses a harvest inside the interval, naming the ingredient, the days and the earliest date", () => {
    const sprays = [{ activeIngredient: "abamectin", appliedOn: "2026-11-01" }];
    expect(phiViolation(sprays, "2026-11-05")).toEqual({
      activeIngredient: "abamectin",
      name: "Abamectin",
      appliedOn: "2026-11-01",
      days: 7,
      earliest: "2026-11-09",
    });
    // The last day inside the interval is still refused; the day after is allowed.
    expect(phiViolation(sprays, "2026-11-08")?.earliest).toBe("2026-11-09");
    expect(phiViolation(sprays, "2026-11-09")).toBeNull();
  });

  it("names the spray that binds longest, and ignores sprays after the harvest", () => {
    const sprays = [
      { activeIngredient: "glyphosate", appliedOn: "2026-10-20" }, // earliest 2026-11-04
      { activeIngredient: "mancozeb", appliedOn: "2026-10-30" }, // earliest 2026-11-07
      { activeIngredient: "abamectin", appliedOn: "2026-11-20" }, // after the harvest
    ];
    expect(phiViolation(sprays, "2026-11-03")).toMatchObject({ activeIngredient: "mancozeb", earliest: "2026-11-07" });
    expect(phiViolation(sprays, "2026-11-07")).toBeNull();
    expect(phiViolation([], "2026-11-07")).toBeNull();
  });
});
