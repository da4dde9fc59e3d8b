import { describe, expect, it } from "vitest";
import { numberInVietnameseWords, vndInWords } from "./vnd-words";

describe("amounts in Vietnamese words", () => {
  it.each([
    [0, "không"],
    [1, "một"],
    [4, "bốn"],
    [5, "năm"],
    [10, "mười"],
    [11, "mười một"],
    [14, "mười bốn"],
    [15, "mười lăm"],
    [20, "hai mươi"],
    [21, "hai mươi mốt"],
    [24, "hai mươi bốn"],
    [25, "hai mươi lăm"],
    [55, "năm mươi lăm"],
    [99, "chín mươi chín"],
    [100, "một trăm"],
    [101, "một trăm linh một"],
    [105, "một trăm linh năm"],
    [110, "một trăm mười"],
    [111, "một trăm mười một"],
    [115, "một trăm mười lăm"],
    [121, "một trăm hai mươi mốt"],
    [1000, "một nghìn"],
    [1001, "một nghìn không trăm linh một"],
    [1010, "một nghìn không trăm mười"],
    [1015, "một nghìn không trăm mười lăm"],
    [1100, "một nghìn một trăm"],
    [10_000, "mười nghìn"],
    [15_000, "mười lăm nghìn"],
    [21_000, "hai mươi mốt nghìn"],
    [105_000, "một trăm linh năm nghìn"],
    [1_000_000, "một triệu"],
    [1_200_000, "một triệu hai trăm nghìn"],
    [1_005_000, "một triệu không trăm linh năm nghìn"],
    [1_000_005, "một triệu không trăm linh năm"],
    [2_050_000, "hai triệu không trăm năm mươi nghìn"],
    [35_425_000, "ba mươi lăm triệu bốn trăm hai mươi lăm nghìn"],
    [1_000_000_000, "một tỷ"],
    [1_000_000_001, "một tỷ không trăm linh một"],
    [1_234_567_891, "một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt"],
    [2_500_000_000_000, "hai nghìn năm trăm tỷ"],
    [1_000_000_000_000_000, "một triệu tỷ"],
  ])("%i is %s", (value, words) => {
    expect(numberInVietnameseWords(value)).toBe(words);
  });

  it("writes đồng with a capital first letter, as invoices do", () => {
    expect(vndInWords(1_200_000)).toBe("Một triệu hai trăm nghìn đồng");
    expect(vndInWords(0)).toBe("Không đồng");
    expect(vndInWords(45_500)).toBe("Bốn mươi lăm nghìn năm trăm đồng");
  });

  it("refuses what is not a whole amount of đồng", () => {
    expect(() => numberInVietnameseWords(-1)).toThrow(RangeError);
    expect(() => numberInVietnameseWords(1.5)).toThrow(RangeError);
    expect(() => numberInVietnameseWords(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});
