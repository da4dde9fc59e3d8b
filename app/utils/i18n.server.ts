/**
 * The server's i18n: both dictionaries; one translator per language for the
 * pages (the same as the browser's, app/utils/translate.ts); one i18next
 * instance per language for what only the server writes (texts, emails,
 * PDFs, CSV). The browser never loads this module (decision 048).
 */
import i18next, { type i18n } from "i18next";
import en from "~/locales/en";
import vi from "~/locales/vi";
import type { Dictionary } from "~/locales/vi";
import { setDictionary } from "~/locales/dictionary";
import { DEFAULT_LOCALE, type Locale } from "./i18n";
import { makeTranslate, type Translate } from "./translate";

setDictionary("vi", vi);
setDictionary("en", en);

/** An i18next instance for one language, from the dictionaries given. */
export function createI18n(locale: Locale, dictionaries: Partial<Record<Locale, Dictionary>>): i18n {
  const resources: Record<string, { translation: Dictionary }> = {};
  for (const [lang, translation] of Object.entries(dictionaries)) resources[lang] = { translation };
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    resources,
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

const translators = new Map<Locale, Translate>();
/** The pages' translator for a language (entry.server.tsx): one per language, as its remembered words are. */
export function translateFor(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    t = makeTranslate(locale, locale === "en" ? en : vi);
    translators.set(locale, t);
  }
  return t;
}

// One instance per language, made on first use, for the server: the
// dictionaries are bundled and an instance never changes language, so
// requests (and emails) can share it.
const instances = new Map<Locale, i18n>();
export function i18nFor(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = createI18n(locale, { vi, en });
    instances.set(locale, instance);
  }
  return instance;
}

