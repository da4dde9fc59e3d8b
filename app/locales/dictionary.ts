/**
 * Which dictionaries this process has (decision 048). The server has both
 * (app/utils/i18n.server.ts puts them here when it loads); the browser has
 * only the visitor's language, which app/entry.client.tsx loads as its own
 * chunk before hydrating — the other language's words are never downloaded.
 * Code that runs in both places (meta functions, components) reads the words
 * through `dictionaryOf`, never by importing vi.ts or en.ts.
 */
import type { Dictionary } from "./vi";
import type { Locale } from "~/utils/i18n";

const loaded: Partial<Record<Locale, Dictionary>> = {};

export function setDictionary(locale: Locale, dictionary: Dictionary): void {
  loaded[locale] = dictionary;
}

/** The dictionary of a language this process has: in the browser, the page's language. */
export function dictionaryOf(locale: Locale): Dictionary {
  const dictionary = loaded[locale] ?? Object.values(loaded)[0];
  if (!dictionary) throw new Error("no dictionary loaded: import ~/utils/i18n.server (server) or call loadDictionary (browser)");
  return dictionary;
}

/** The browser's way to a dictionary: each language is its own chunk, fetched only for a visitor who reads it. */
export async function loadDictionary(locale: Locale): Promise<Dictionary> {
  const dictionary = locale === "en" ? (await import("./en")).default : (await import("./vi")).default;
  setDictionary(locale, dictionary);
  return dictionary;
}
