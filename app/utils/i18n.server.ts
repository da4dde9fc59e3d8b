/**
 * The server's i18n: both dictionaries, and one i18next instance per
 * language. The browser never loads this module (decision 048).
 */
import type { i18n } from "i18next";
import en from "~/locales/en";
import vi from "~/locales/vi";
import { setDictionary } from "~/locales/dictionary";
import { createI18n, type Locale } from "./i18n";

setDictionary("vi", vi);
setDictionary("en", en);

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

