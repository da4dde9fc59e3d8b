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
import { unitOf, unitsOf, WORDS_ELEMENT_ID, type PageWords } from "~/locales/dictionary";
import type { Dictionary } from "~/locales/vi";
import type { Locale } from "./i18n";
import type { Translate } from "./translate";

/** Read by every page's title (app/utils/meta.ts). */
const ALWAYS = ["brand", "meta"];

/** Changes when any word changes: the words route's answers are kept for a year under it. */
export const WORDS_VERSION = createHash("sha256").update(JSON.stringify([vi, en])).digest("base64url").slice(0, 12);

const dictionaries: Record<Locale, Dictionary> = { vi, en };
/** Every unit: namespace, or part of a split one (both dictionaries have the same keys). */
const NAMES = unitsOf(vi);
const UNITS = new Set(NAMES);

/** Unit names as the words route accepts them: "cart", "errors.price". */
export const NAMESPACE = /^[a-zA-Z]\w{0,39}(?:\.[a-zA-Z]\w{0,39})?$/;

/**
 * The named units of a language that exist, as a partial dictionary: a part
 * of a split namespace goes under its namespace ({ errors: { price: … } }).
 * The dictionaries' own objects are never written to.
 */
export function namespacesOf(locale: Locale, names: Iterable<string>): Partial<Dictionary> {
  const dictionary = dictionaries[locale] as unknown as Record<string, Record<string, unknown>>;
  const words: Record<string, Record<string, unknown>> = {};
  const wanted = [...names].filter((name) => UNITS.has(name));
  for (const name of wanted) if (!name.includes(".")) words[name] = dictionary[name];
  for (const name of wanted) {
    const dot = name.indexOf(".");
    if (dot === -1) continue;
    const [namespace, part] = [name.slice(0, dot), name.slice(dot + 1)];
    if (words[namespace] === dictionary[namespace]) continue; // the whole of it is there
    (words[namespace] ??= {})[part] = dictionary[namespace][part];
  }
  return words as Partial<Dictionary>;
}

/** A translator that notes the namespace of every key it is asked for. */
export function recording(translate: Translate): { translate: Translate; used: Set<string> } {
  const used = new Set<string>(ALWAYS);
  return {
    used,
    translate: (key, options) => {
      if (typeof key === "string") used.add(unitOf(key));
      return translate(key, options);
    },
  };
}

/** The namespaces a page carries: what it used, what the matched routes' code can show, and the titles'. Sorted. */
function pageNamespaces(used: Iterable<string>, routeIds: string[], table: Record<string, string[]>): string[] {
  const names = new Set(used);
  for (const name of ALWAYS) names.add(name);
  for (const id of routeIds) for (const name of table[id] ?? []) names.add(name);
  return [...names].sort();
}

/** The page's words: what it used, and what the matched routes' code can show. */
export function wordsForPage(locale: Locale, used: Iterable<string>, routeIds: string[], table: Record<string, string[]>): PageWords {
  return pageWords(locale, pageNamespaces(used, routeIds, table));
}

function pageWords(locale: Locale, names: string[]): PageWords {
  return { locale, version: WORDS_VERSION, words: namespacesOf(locale, names), names: NAMES, units: names.filter((name) => UNITS.has(name)) };
}

/** JSON that cannot end its <script> element or open a comment in it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The words' JSON as bytes, made once per language and set of namespaces:
 * pages of one route ask for the same few sets, and the JSON is ~30 KB. The
 * sets are few (routes × what their renders can use); past MAX_KEPT the
 * memory starts again rather than grow.
 */
const MAX_KEPT = 1000;
const kept = new Map<string, Buffer>();

export function pageWordsJson(locale: Locale, used: Iterable<string>, routeIds: string[], table: Record<string, string[]>): Buffer {
  const names = pageNamespaces(used, routeIds, table);
  const key = `${locale} ${names.join(",")}`;
  let json = kept.get(key);
  if (!json) {
    if (kept.size >= MAX_KEPT) kept.clear();
    json = Buffer.from(scriptJson(pageWords(locale, names)));
    kept.set(key, json);
  }
  return json;
}

const BODY_END = Buffer.from("</body>");

/**
 * The document with the words before its </body> (at its end if it has none),
 * spliced as bytes. The element carries the page's nonce like every script on
 * the page, though a JSON script is never run.
 */
export function withPageWords(document: Uint8Array, words: PageWords | Buffer, nonce: string): Uint8Array<ArrayBuffer> {
  const html = Buffer.from(document.buffer, document.byteOffset, document.byteLength);
  const json = Buffer.isBuffer(words) ? words : Buffer.from(scriptJson(words));
  const nonceAttribute = nonce ? ` nonce="${nonce.replace(/[^A-Za-z0-9+/=_-]/g, "")}"` : "";
  const open = Buffer.from(`<script type="application/json" id="${WORDS_ELEMENT_ID}"${nonceAttribute}>`);
  const close = Buffer.from("</script>");
  const found = html.lastIndexOf(BODY_END);
  const at = found === -1 ? html.length : found;
  return Buffer.concat([html.subarray(0, at), open, json, close, html.subarray(at)]) as Uint8Array<ArrayBuffer>;
}
