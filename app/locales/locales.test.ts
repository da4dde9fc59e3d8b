import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en";
import vi from "./vi";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".test.ts") ? [file] : [];
  });
}

describe("dictionaries", () => {
  const viKeys = flatten(vi as Tree);
  const enKeys = flatten(en as Tree);

  it("have the same keys in Vietnamese and English, none empty", () => {
    expect([...enKeys.keys()].sort()).toEqual([...viKeys.keys()].sort());
    for (const [key, value] of [...viKeys, ...enKeys]) expect(value.trim(), key).not.toBe("");
  });

  it("are in NFC", () => {
    for (const value of viKeys.values()) expect(value).toBe(value.normalize("NFC"));
  });

  it("hold every literal key the code uses", () => {
    // t("…") must name a message; a bare "errors.…" string is either a message or, passed to a
    // field helper (vndField("errors.price")), the prefix its messages hang under.
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (const file of sourceFiles(path.resolve("app"))) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z][\w.-]*)"/g)) used.add(m[1]);
      for (const m of text.matchAll(/"(errors\.[a-zA-Z.]+)"/g)) if (!used.has(m[1])) prefixes.add(m[1]);
    }
    const isMessage = (k: string) => viKeys.has(k) || viKeys.has(`${k}_other`);
    const isPrefix = (k: string) => [...viKeys.keys()].some((key) => key.startsWith(`${k}.`));
    expect([...used].filter((k) => !isMessage(k))).toEqual([]);
    expect([...prefixes].filter((k) => !isMessage(k) && !isPrefix(k))).toEqual([]);
    expect(prefixes.has("errors.price")).toBe(true);
    expect(used.size).toBeGreaterThan(100);
  });

  it("hold the keys built from a field name in the form schemas", () => {
    for (const field of ["price"]) {
      for (const kind of ["required", "notNumber", "positive", "tooLarge"]) expect(viKeys.has(`errors.${field}.${kind}`)).toBe(true);
    }
    for (const field of ["stock", "minOrderQty"]) {
      for (const kind of ["required", "notNumber", "negative", "positive", "tooLarge"]) {
        expect(viKeys.has(`errors.${field}.${kind}`), `errors.${field}.${kind}`).toBe(true);
      }
    }
    for (const field of ["story", "addressLine", "description", "variety", "grade"]) expect(viKeys.has(`errors.${field}.tooLong`)).toBe(true);
  });
});
