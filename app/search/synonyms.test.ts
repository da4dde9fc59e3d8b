/**
 * The synonym list itself (decision 017): large enough, one meaning per
 * phrase, written as the engines read it.
 */
import { describe, expect, it } from "vitest";
import { foldedText, parseQuery, words } from "./query";
import { KEPT_AS_TYPED, NOT_INSIDE, ONE_WAY_SYNONYMS, SYNONYM_GROUPS, TITLE_ONLY } from "./synonyms";

const allPhrases = [...SYNONYM_GROUPS.flat(), ...ONE_WAY_SYNONYMS.flatMap((o) => [o.from, ...o.to]), ...Object.entries(NOT_INSIDE).flat(2), ...TITLE_ONLY];

describe("the synonym list", () => {
  it("has at least 150 groups of two or more names, none repeated", () => {
    expect(SYNONYM_GROUPS.length).toBeGreaterThanOrEqual(150);
    expect(SYNONYM_GROUPS.every((g) => g.length >= 2)).toBe(true);
    const keys = SYNONYM_GROUPS.map((g) => [...g].sort().join("|"));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it("puts each phrase in one group at most, and never also as a one-way name", () => {
    const seen = new Map<string, number>();
    for (const phrase of [...SYNONYM_GROUPS.flat(), ...ONE_WAY_SYNONYMS.map((o) => o.from), ...KEPT_AS_TYPED]) {
      const key = words(phrase).join(" ");
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it("is written in NFC lower case, words separated by single spaces", () => {
    for (const phrase of allPhrases) {
      expect(phrase, phrase).toBe(phrase.normalize("NFC"));
      expect(phrase, phrase).toBe(words(phrase).join(" "));
    }
  });

  it("leaves out the words that mean different things in different regions", () => {
    // mận: plum (north), wax apple (south); củ sắn: cassava root or jicama.
    for (const ambiguous of ["mận", "củ sắn", "bánh đa", "ruốc"]) {
      expect(SYNONYM_GROUPS.flat(), ambiguous).not.toContain(ambiguous);
      expect(ONE_WAY_SYNONYMS.map((o) => o.from), ambiguous).not.toContain(ambiguous);
      // Typed, they find what they say: "củ sắn" does not bring khoai mì through "sắn".
      expect(parseQuery(ambiguous).units.every((u) => u.alternatives.length === 1), ambiguous).toBe(true);
    }
  });

  it("guards only words that some name brings in, with phrases that contain them", () => {
    const targets = new Set([...SYNONYM_GROUPS.flat(), ...ONE_WAY_SYNONYMS.flatMap((o) => o.to)].map(foldedText));
    for (const [word, phrases] of Object.entries(NOT_INSIDE)) {
      expect(targets.has(foldedText(word)), word).toBe(true);
      for (const phrase of phrases) expect(` ${foldedText(phrase)} `, phrase).toContain(` ${foldedText(word)} `);
    }
    for (const word of TITLE_ONLY) expect(targets.has(foldedText(word)), word).toBe(true);
  });
});
