/**
 * The translation function for components, from the i18next instance that
 * I18nextProvider gives (entry.server.tsx, entry.client.tsx).
 *
 * react-i18next's useTranslation() copies the instance's properties into a
 * new wrapper on every server render (it watches for language changes), and
 * i18next resolves each key anew: on a search page that was 2–3 ms of
 * 10 (docs/decisions/011-search-speed.md). Here an instance never changes
 * language (the language form reloads the document, and the server keeps one
 * instance per language), so each instance has one translator, which
 * remembers the keys it was asked without options. Interpolation, plurals
 * and the rest still go through i18next.
 */
import { useContext } from "react";
import type { i18n as I18n } from "i18next";
import { getI18n, I18nContext, type useTranslation } from "react-i18next";

export type Translate = ReturnType<typeof useTranslation>["t"];

const translators = new WeakMap<I18n, Translate>();

export function useT(): Translate {
  const i18n = useContext(I18nContext)?.i18n ?? getI18n();
  let t = translators.get(i18n);
  if (!t) {
    t = rememberingPlainKeys(i18n.getFixedT(i18n.language) as Translate, (key) => i18n.exists(key));
    translators.set(i18n, t);
  }
  return t;
}

/** Only keys of the dictionaries are remembered: a key made from a request's input must not grow the map. */
function rememberingPlainKeys(t: Translate, known: (key: string) => boolean): Translate {
  const plain = new Map<string, string>();
  const translate = (key: unknown, ...rest: unknown[]): unknown => {
    if (rest.length > 0 || typeof key !== "string") return (t as unknown as (...args: unknown[]) => unknown)(key, ...rest);
    let text = plain.get(key);
    if (text === undefined) {
      text = String(t(key as Parameters<Translate>[0]));
      if (known(key)) plain.set(key, text);
    }
    return text;
  };
  return translate as unknown as Translate;
}
