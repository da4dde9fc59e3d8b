/**
 * Money and quantities the ways Vietnamese people write them: one row per
 * way, the value it means or null when it is refused
 * (docs/decisions/023-amounts-as-people-write-them.md).
 */
import { describe, expect, it } from "vitest";
import { MAX_VND, parseQuantityInput, parseVnd, vndField } from "./fields";

const MONEY: [string, number | null][] = [
  // digits and thousands separators
  ["25000", 25_000],
  ["25.000", 25_000],
  ["25,000", 25_000],
  ["25 000", 25_000],
  ["25\u00a0000", 25_000],
  ["1.250.000", 1_250_000],
  ["1,250,000", 1_250_000],
  ["1 250 000 đ", 1_250_000],
  ["  25000  ", 25_000],
  ["25.500", 25_500],
  // currency after the amount
  ["25000đ", 25_000],
  ["25000 đ", 25_000],
  ["25.000 ₫", 25_000],
  ["25.000\u00a0₫", 25_000], // as Intl vi-VN writes it, copied back
  ["25000 vnđ", 25_000],
  ["25000 VND", 25_000],
  ["25.000 đồng", 25_000],
  // thousands
  ["25k", 25_000],
  ["25K", 25_000],
  ["25 k", 25_000],
  ["25 nghìn", 25_000],
  ["25 ngàn", 25_000],
  ["25 ng", 25_000],
  ["25 nghin", 25_000],
  ["25 ngan", 25_000],
  ["25 NGHÌN", 25_000],
  ["25 nghìn đồng", 25_000],
  ["25kđ", 25_000],
  ["2,5k", 2_500],
  ["2.5k", 2_500],
  ["12,75k", 12_750],
  ["25k5", 25_500],
  ["25 nghìn rưỡi", 25_500],
  ["25 nghìn 500", 25_500],
  ["500k", 500_000],
  // millions
  ["1tr", 1_000_000],
  ["1 tr", 1_000_000],
  ["1TR", 1_000_000],
  ["1 triệu", 1_000_000],
  ["1 trieu", 1_000_000],
  ["1,5 triệu", 1_500_000],
  ["1.5tr", 1_500_000],
  ["1tr5", 1_500_000],
  ["1tr2", 1_200_000],
  ["1tr25", 1_250_000],
  ["1tr250", 1_250_000],
  ["1tr05", 1_050_000],
  ["2 triệu 500", 2_500_000],
  ["2 triệu 500 nghìn", 2_500_000],
  ["2 triệu 500 nghìn đồng", 2_500_000],
  ["2tr500k", 2_500_000],
  ["2 triệu rưỡi", 2_500_000],
  ["2 triệu 50 nghìn", 2_050_000],
  ["3 triệu 200 nghìn 500", 3_200_500],
  // billions (the form's maximum is checked after: MAX_VND)
  ["1 tỷ", 1_000_000_000],
  ["1 tỉ", 1_000_000_000],
  ["1 ty", 1_000_000_000],
  ["1,2 tỷ", 1_200_000_000],
  ["1 tỷ 200 triệu", 1_200_000_000],
  ["1000 tỷ", MAX_VND],
  ["5000 tỷ", 5_000_000_000_000],
  // refused: ambiguous
  ["25.5", null], // 25,5 đồng does not exist; 255 is a guess
  ["1,5", null],
  ["25.50", null],
  ["1.250,000", null], // two kinds of separator
  ["2.50.000", null], // groups not of three
  ["25.0000", null],
  ["1.500k", null], // 1,5k or 1.500k?
  ["1,5 triệu 200", null],
  ["1,5tr2", null],
  ["1tr2500", null], // a tail of four digits
  // refused: odd
  ["25kk", null],
  ["k", null],
  ["tr5", null],
  ["nghìn", null],
  ["25 nghìn 2 triệu", null], // parts must descend
  ["2 triệu 1500 nghìn", null], // a part as big as the one before
  ["2 nghìn 3 nghìn", null],
  ["25 ngh", null],
  ["25 đô", null],
  ["25$", null],
  ["", null],
  ["   ", null],
  ["đ", null],
  ["abc", null],
  ["12a", null],
  // refused: not decimal digits (decision 014)
  ["0x10", null],
  ["1e3", null],
  ["1e3k", null],
  ["Infinity", null],
  ["NaN", null],
  ["-5", null],
  ["-5k", null],
  ["+5000", null],
  ["２５０００", null], // full-width digits: no Vietnamese keyboard types them
  ["٢٥", null],
  ["99999999999999999999", null], // beyond a safe integer
];

describe("parseVnd: the ways people write money", () => {
  it.each(MONEY)("%j → %s", (input, expected) => {
    expect(parseVnd(input)).toBe(expected);
  });

  it("the form field refuses zero and more than MAX_VND by name", () => {
    const field = vndField("errors.price");
    expect(field.safeParse("1 tỷ").data).toBe(1_000_000_000);
    expect(field.safeParse("0k").error?.issues[0]?.message).toBe("errors.price.positive");
    expect(field.safeParse("1001 tỷ").error?.issues[0]?.message).toBe("errors.price.tooLarge");
    expect(field.safeParse("25kk").error?.issues[0]?.message).toBe("errors.price.notNumber");
  });
});

const QUANTITIES: [string, number | null][] = [
  ["12", 12],
  ["12,5", 12.5],
  ["12.5", 12.5],
  ["1,5", 1.5],
  ["1.5", 1.5],
  [" 12 ", 12],
  ["0,25", 0.25],
  ["12.125", 12.125], // how the edit form writes 12.125 back
  ["1.500", 1.5], // the form echoes "= 1,5 kg" as it is typed
  ["1 500", 1_500],
  ["1.500.000", 1_500_000],
  ["1,500,000", 1_500_000],
  ["0", 0],
  ["1.2345", null],
  ["1,2,3", null],
  ["1.500,5", null],
  ["-1", null],
  ["+1", null],
  ["1e3", null],
  ["0x10", null],
  ["Infinity", null],
  ["nửa", null],
  ["1,5 tạ", null], // the unit is chosen beside the number
  ["12kg", null],
  ["", null],
  ["１２", null],
];

describe("parseQuantityInput: quantities stay plain numbers", () => {
  it.each(QUANTITIES)("%j → %s", (input, expected) => {
    expect(parseQuantityInput(input)).toBe(expected);
  });
});
