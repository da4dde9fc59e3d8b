import { describe, expect, it } from "vitest";
import { csvFile } from "./csv";

describe("CSV files", () => {
  it("start with a byte-order mark, end lines with CRLF, quote what needs it and keep Vietnamese as it is", () => {
    expect(csvFile([["Tỉnh", "Số hộ"], ["Xã Vũ Thư, Tỉnh Hưng Yên", "12"], ['Hộ "Bình"', "3"]])).toBe(
      '\uFEFFTỉnh,Số hộ\r\n"Xã Vũ Thư, Tỉnh Hưng Yên",12\r\n"Hộ ""Bình""",3\r\n',
    );
  });

  it("disarm cells a spreadsheet would read as formulas (= + - @, tab, carriage return)", () => {
    const file = csvFile([["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "a=b"]]);
    expect(file).toBe("\uFEFF\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,'@SUM(A1),'\tx,a=b\r\n");
  });
});
