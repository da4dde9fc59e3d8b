/**
 * The translator pages render with, on the server and in the browser alike
 * (decision 048). It does what the pages ask of i18next — a dotted key into
 * one language's dictionary, plurals by Intl.PluralRules (key_zero for 0,
 * then key_one/key_other…), {{name}} (or {{a.b}}) interpolation without
 * escaping, and the key itself when there is no such word — in 1 KB instead
 * of i18next's 16 KB gzip, which the browser then never downloads. i18next
 * stays on the server for what only the server writes (texts, emails, PDFs:
 * app/utils/i18n.server.ts). tests/unit/translate.test.ts holds this to
 * i18next's answer for every key of both dictionaries.
 */
import type { Dictionary } from "~/locales/vi";
import { unitOf } from "~/locales/dictionary";

export type TranslateOptions = Record<string, unknown>;
export type Translate = (key: string, options?: TranslateOptions) => string;

type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined;
function lookup(tree: Tree, key: string, branch: true): boolean;
function lookup(tree: Tree, key: string, branch = false): string | undefined | boolean {
  let node: string | Tree | undefined = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, part)) return branch ? false : undefined;
    node = node[part];
  }
  if (branch) return typeof node === "object";
  return typeof node === "string" ? node : undefined;
}

/** i18next's test for a key that is a sentence, not a path: a space or , ? ! ; before the first dot. */
const SENTENCE = /[ ,?!;]/;
function seemsSentence(key: string): boolean {
  if (!SENTENCE.test(key)) return false;
  const dot = key.indexOf(".");
  return !(dot > 0 && !SENTENCE.test(key.slice(0, dot)));
}

function valueAt(options: TranslateOptions, path: string): unknown {
  let value: unknown = options;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const PLACEHOLDER = /\{\{(.+?)\}\}/g;

function interpolate(text: string, options: TranslateOptions): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const variable = name.trim();
    const value = valueAt(options, variable);
    // As i18next: a variable passed as undefined is nothing, one not passed at all stays as written.
    if (value === undefined) return Object.hasOwn(options, variable) ? "" : whole;
    return value === null ? "" : String(value);
  });
}

/**
 * A translator for one language's dictionary; it remembers the words of plain
 * keys it has looked up. `whileMissing` is the browser's: told the unit of a
 * word the dictionary lacks (its namespace, or part of a split one), it
 * answers true when that unit is on its way (app/locales/dictionary.ts),
 * and the word is "" until it comes —
 * never the key, which is what the server answers for a word no dictionary has.
 */
export function makeTranslate(locale: string, dictionary: Dictionary, whileMissing?: (unit: string) => boolean): Translate {
  const tree = dictionary as unknown as Tree;
  const plurals = new Intl.PluralRules(locale);
  const plain = new Map<string, string>();
  return (rawKey, options) => {
    if (typeof rawKey !== "string") return String(rawKey);
    if (options === undefined) {
      const known = plain.get(rawKey);
      if (known !== undefined) return known;
    }
    // i18next reads "a:b" as key b of a namespace a (there is none: a missing key, answered
    // with "b"), unless the key reads as a sentence ("Stripe: declined", kept whole).
    if (rawKey.includes(":") && !seemsSentence(rawKey)) return rawKey.split(":").slice(1).join(".");
    const key = rawKey;
    let text: string | undefined;
    const count = options?.count;
    if (count !== undefined && typeof count !== "string") {
      const n = Number(count);
      if (n === 0) text = lookup(tree, `${key}_zero`);
      text ??= lookup(tree, `${key}_${plurals.select(n)}`);
    }
    text ??= lookup(tree, key);
    if (text === undefined) {
      if (whileMissing?.(unitOf(key))) return "";
      return lookup(tree, key, true) ? `key '${key} (${locale})' returned an object instead of string.` : key;
    }
    if (options === undefined) {
      plain.set(rawKey, text);
      return text;
    }
    return interpolate(text, options);
  };
}
