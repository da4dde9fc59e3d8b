import { describe, expect, it } from "vitest";
import { foldVietnamese } from "./fold";
import { correctedText, correctTypos, editDistance, foldedWords, parseQuery, toTsQuery } from "./query";

describe("folding", () => {
  it("drops tones and marks, turns đ into d, lower-cases", () => {
    expect(foldVietnamese("Cà chua Đà Lạt")).toBe("ca chua da lat");
    expect(foldVietnamese("ĐƯỜNG")).toBe("duong");
    expect(foldVietnamese("Dừa")).toBe(foldVietnamese("dưa"));
    // Decomposed input folds the same as composed input.
    expect(foldVietnamese("Ca\u0300 chua")).toBe("ca chua");
    expect(foldedWords("Gạo ST25 — loại 1!")).toEqual(["gao", "st25", "loai", "1"]);
  });
});

describe("query parsing", () => {
  it("expands regional words both ways", () => {
    expect(parseQuery("heo").units[0].alternatives).toEqual([["lon"], ["heo"]]);
    expect(parseQuery("thịt lợn").units.map((u) => u.alternatives)).toEqual([
      [["thit"]],
      [["lon"], ["heo"]],
    ]);
    expect(parseQuery("khóm").units[0].alternatives).toEqual([["dua"], ["thom"], ["khom"]]);
    expect(parseQuery("dưa leo").units[0].alternatives).toEqual([
      ["dua", "chuot"],
      ["dua", "leo"],
    ]);
  });

  it("matches synonyms on the words typed, so dừa is not taken for dưa", () => {
    // "dừa leo" is no phrase: it stays two words.
    expect(parseQuery("dừa leo").units).toHaveLength(2);
    // Typed without diacritics, "dua leo" may mean dưa leo.
    expect(parseQuery("dua leo").units[0].alternatives).toContainEqual(["dua", "chuot"]);
  });

  it("keeps the words with diacritics for exact ranking", () => {
    expect(parseQuery("dừa xiêm ngon").exactWords).toEqual(["dừa", "xiêm"]);
    expect(parseQuery("dua xiem").exactWords).toEqual([]);
  });

  it("reads at most 10 words", () => {
    expect(parseQuery("a b c d e f g h i j k l m").units).toHaveLength(10);
  });

  it("builds a safe tsquery, with a prefix on the last word when asked", () => {
    expect(toTsQuery(parseQuery("cà rốt tươi"), { prefix: false })).toBe("ca & rot & tuoi");
    expect(toTsQuery(parseQuery("gạo st"), { prefix: true })).toBe("gao & st:*");
    expect(toTsQuery(parseQuery("dưa leo"), { prefix: false })).toBe("(dua:ABD <-> chuot:ABD | dua <-> leo)");
    expect(toTsQuery(parseQuery("'); drop table listings; --"), { prefix: false })).toBe("drop & table & listings");
    expect(toTsQuery(parseQuery("   "), { prefix: false })).toBeNull();
  });
});

describe("typo correction", () => {
  const vocabulary = new Map([
    ["xanh", 40],
    ["xoai", 30],
    ["buoi", 25],
    ["robusta", 8],
    ["ca", 500],
    ["cam", 50],
  ]);

  it("corrects one typo in words of 4 to 7 letters, two from 8", () => {
    expect(editDistance("xnah", "xanh", 1)).toBe(1);
    const q = correctTypos(parseQuery("bưởi da xnah"), vocabulary);
    expect(q.units[2].alternatives).toEqual([["xanh"]]);
    expect(correctedText(q)).toBe("bưởi da xanh");
    expect(correctTypos(parseQuery("robustaaa"), vocabulary).units[0].alternatives).toEqual([["robusta"]]);
  });

  it("never corrects short syllables or known words", () => {
    expect(correctTypos(parseQuery("cx"), vocabulary).units[0].alternatives).toEqual([["cx"]]);
    expect(correctTypos(parseQuery("caa"), vocabulary).units[0].alternatives).toEqual([["caa"]]);
    expect(correctedText(correctTypos(parseQuery("xoai"), vocabulary))).toBeNull();
  });
});

describe("suggestion queries", () => {
  it("match a title's words in order, the last one unfinished", () => {
    expect(toTsQuery(parseQuery("xoai c"), { prefix: true, phrase: true, titleOnly: true })).toBe("xoai:A <-> c:*A");
    expect(toTsQuery(parseQuery("thit heo"), { prefix: true, phrase: true })).toBe("thit <-> (lon:ABD | heo:*)");
    expect(toTsQuery(parseQuery("dưa leo"), { prefix: false, phrase: true })).toBe("(dua:ABD <-> chuot:ABD | dua <-> leo)");
  });
});
