import { describe, expect, it } from "vitest";
import { lineTotalVnd, tiersAreValid, unitPriceFor } from "./pricing";
import { convertQuantity, isWeightUnit, parseQuantity, quantityToSql } from "./units";

describe("unit conversion", () => {
  it("converts among weight units", () => {
    expect(convertQuantity(1, "tan", "kg")).toBe(1000);
    expect(convertQuantity(3, "ta", "yen")).toBe(30);
    expect(convertQuantity(25, "kg", "yen")).toBe(2.5);
    expect(convertQuantity(1, "kg", "tan")).toBe(0.001);
    expect(convertQuantity(1234, "kg", "ta")).toBe(12.34);
  });

  it("refuses to convert counted units or across kinds", () => {
    expect(convertQuantity(1, "bo", "kg")).toBeNull();
    expect(convertQuantity(1, "kg", "lit")).toBeNull();
    expect(convertQuantity(1, "chuc", "qua")).toBeNull();
    expect(convertQuantity(7, "hop", "hop")).toBe(7);
    expect(isWeightUnit("yen")).toBe(true);
    expect(isWeightUnit("con")).toBe(false);
  });

  it("keeps three decimals exactly", () => {
    expect(parseQuantity("12.500")).toBe(12.5);
    expect(quantityToSql(0.1 + 0.2)).toBe("0.300");
    expect(() => parseQuantity("abc")).toThrow();
  });
});

describe("volume pricing", () => {
  const tiers = [
    { minQty: 100, priceVnd: 20000 },
    { minQty: 500, priceVnd: 18000 },
  ];

  it("uses the highest tier the quantity reaches", () => {
    expect(unitPriceFor(22000, tiers, 10)).toBe(22000);
    expect(unitPriceFor(22000, tiers, 99.999)).toBe(22000);
    expect(unitPriceFor(22000, tiers, 100)).toBe(20000);
    expect(unitPriceFor(22000, tiers, 499)).toBe(20000);
    expect(unitPriceFor(22000, tiers, 2000)).toBe(18000);
    expect(unitPriceFor(22000, [...tiers].reverse(), 2000)).toBe(18000);
  });

  it("rounds line totals to whole đồng", () => {
    expect(lineTotalVnd(35000, 2.5)).toBe(87500);
    expect(lineTotalVnd(33333, 0.333)).toBe(11100);
    expect(lineTotalVnd(15_000_000, 2)).toBe(30_000_000);
  });

  it("validates tiers: quantities rising above the minimum, prices falling", () => {
    expect(tiersAreValid(22000, 10, tiers)).toBe(true);
    expect(tiersAreValid(22000, 100, tiers)).toBe(false);
    expect(tiersAreValid(19000, 10, tiers)).toBe(false);
    expect(tiersAreValid(22000, 10, [tiers[1], tiers[0]])).toBe(false);
    expect(tiersAreValid(22000, 10, [])).toBe(true);
  });
});
