/**
 * The translation function for components: the page's translator
 * (app/utils/translate.ts), which entry.server.tsx and entry.client.tsx give
 * through TranslateProvider for the page's language. The same code reads the
 * same dictionary on both sides, so hydration matches; the browser carries
 * neither i18next nor the other language (decision 048).
 */
import { createContext, useContext, useSyncExternalStore } from "react";
import { dictionaryOf, subscribeWords, wordsSnapshot } from "~/locales/dictionary";
import { DEFAULT_LOCALE } from "./i18n";
import { makeTranslate, type Translate } from "./translate";

export type { Translate };

const TranslateContext = createContext<Translate | null>(null);
export const TranslateProvider = TranslateContext.Provider;

let fallback: Translate | undefined;
const serverSnapshot = () => 0;

export function useT(): Translate {
  // Drawn again when namespaces arrive in the browser (app/locales/dictionary.ts); always 0 on the server.
  useSyncExternalStore(subscribeWords, wordsSnapshot, serverSnapshot);
  const t = useContext(TranslateContext);
  if (t) return t;
  // Outside a provider (a component rendered on its own): the default language.
  fallback ??= makeTranslate(DEFAULT_LOCALE, dictionaryOf(DEFAULT_LOCALE));
  return fallback;
}
