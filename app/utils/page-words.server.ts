/**
 * The words a document carries for the browser (decision 048, "dictionary
 * per route"): the namespaces the page's render looked up, those its route
 * modules can show (the build's table, scripts/route-words.ts) and `brand`
 * and `meta`, which the page titles read. They go at the end of <body> as
 * JSON (`<script type="application/json">`, never run, so the CSP has
 * nothing to say), where app/locales/dictionary.ts reads them.
 */
import { createHash } from "node:crypto";
import en from "~/locales/en";
import vi from "~/locales/vi";
import { WORDS_ELEMENT_ID, type PageWords } from "~/locales/dictionary";
import type { Dictionary } from "~/locales/vi";
import type { Locale } from "./i18n";
import type { Translate } from "./translate";

/** Read by every page's title (app/utils/meta.ts). */
const ALWAYS = ["brand", "meta"];

/** Changes when any word changes: the words route's answers are kept for a year under it. */
export const WORDS_VERSION = createHash("sha256").update(JSON.stringify([vi, en])).digest("base64url").slice(0, 12);

const dictionaries: Record<Locale, Dictionary> = { vi, en };
/** Every namespace (both dictionaries have the same keys). */
const NAMES = Object.keys(vi);

/** Namespace names as the words route accepts them. */
export const NAMESPACE = /^[a-zA-Z]\w{0,39}$/;

/** The named namespaces of a language that exist. */
export function namespacesOf(locale: Locale, names: Iterable<string>): Partial<Dictionary> {
  const dictionary = dictionaries[locale] as unknown as Record<string, unknown>;
  const words: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(dictionary, name)) words[name] = dictionary[name];
  return words as Partial<Dictionary>;
}

/** A translator that notes the namespace of every key it is asked for. */
export function recording(translate: Translate): { translate: Translate; used: Set<string> } {
  const used = new Set<string>(ALWAYS);
  return {
    used,
    translate: (key, options) => {
      if (typeof key === "string") used.add(key.split(".")[0]);
      return translate(key, options);
    },
  };
}

/** The page's words: what it used, and what the matched routes' code can show. */
export function wordsForPage(locale: Locale, used: Iterable<string>, routeIds: string[], table: Record<string, string[]>): PageWords {
  const names = new Set(used);
  for (const name of ALWAYS) names.add(name);
  for (const id of routeIds) for (const name of table[id] ?? []) names.add(name);
  return { locale, version: WORDS_VERSION, words: namespacesOf(locale, [...names].sort()), names: NAMES };
}

/** JSON that cannot end its <script> element or open a comment in it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The document with the words before its </body> (at its end if it has none).
 * The element carries the page's nonce like every script on the page, though
 * a JSON script is never run.
 */
export function withPageWords(document: Uint8Array, words: PageWords, nonce: string): Uint8Array<ArrayBuffer> {
  const html = new TextDecoder().decode(document);
  const nonceAttribute = nonce ? ` nonce="${nonce.replace(/[^A-Za-z0-9+/=_-]/g, "")}"` : "";
  const element = `<script type="application/json" id="${WORDS_ELEMENT_ID}"${nonceAttribute}>${scriptJson(words)}</script>`;
  const at = html.lastIndexOf("</body>");
  const out = at === -1 ? html + element : html.slice(0, at) + element + html.slice(at);
  return new TextEncoder().encode(out) as Uint8Array<ArrayBuffer>;
}
