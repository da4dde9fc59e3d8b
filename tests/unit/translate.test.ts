/**
 * The pages' translator (app/utils/translate.ts) against i18next itself, the
 * server's translator: every key of both dictionaries, with counts and
 * variables, must read the same — what the server renders with one and the
 * browser would have rendered with the other.
 */
import { describe, expect, it } from "vitest";
import en from "~/locales/en";
import vi from "~/locales/vi";
import type { Dictionary } from "~/locales/vi";
import type { Locale } from "~/utils/i18n";
import { createI18n } from "~/utils/i18n.server";
import { makeTranslate } from "~/utils/translate";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

const dictionaries: Record<Locale, Dictionary> = { vi, en };

describe.each(["vi", "en"] as const)("the pages' translator in %s", (locale) => {
  const i18n = createI18n(locale, { [locale]: dictionaries[locale] });
  const t = makeTranslate(locale, dictionaries[locale]);
  const all = leaves(dictionaries[locale] as unknown as Tree);

  it("reads every key as i18next does, plain, with each variable, and with counts", () => {
    expect(all.length).toBeGreaterThan(1000);
    let compared = 0;
    for (const [path, text] of all) {
      const key = path.replace(/_(zero|one|two|few|many|other)$/, "");
      const variables = Object.fromEntries([...text.matchAll(/\{\{(.+?)\}\}/g)].map((m, i) => [m[1].trim(), i % 2 ? 1234.5 : `«${m[1]}»`]));
      const cases: (Record<string, unknown> | undefined)[] = [undefined, variables, { ...variables, count: 0 }, { ...variables, count: 1 }, { ...variables, count: 2 }, { ...variables, count: 21 }];
      for (const options of cases) {
        expect(t(key, options), `${key} ${JSON.stringify(options)}`).toBe(i18n.t(key, options as never));
        compared += 1;
      }
    }
    expect(compared).toBe(all.length * 6);
  });

  it("answers as i18next for what is not a key: a missing key, a namespace-like key, a missing or undefined variable, null", () => {
    const odd: [string, Record<string, unknown> | undefined][] = [
      ["nope.nothing", undefined],
      ["Stripe: card declined", undefined],
      ["errors", undefined],
      ["a:b:c", undefined],
      ["search.resultsFor", {}],
      ["search.resultsFor", { q: undefined }],
      ["search.resultsFor", { q: null }],
      ["search.resultsFor", { q: 0 }],
      ["search.count", { count: "3" }],
    ];
    for (const [key, options] of odd) {
      expect(t(key, options), `${key} ${JSON.stringify(options)}`).toBe(i18n.t(key, options as never));
    }
  });
});
