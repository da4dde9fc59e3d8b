/**
 * Which words this process has (decision 048). The server has both whole
 * dictionaries (app/utils/i18n.server.ts puts them here when it loads). The
 * browser has only the page's language, and of it only the namespaces
 * (top-level keys: "cart", "checkout", …) it has needed so far:
 * - the document carries the namespaces the page drew and its route modules
 *   can show (`<script type="application/json" id="nss-words">`, written by
 *   app/entry.server.tsx);
 * - a route module reached by a link first awaits its own (`needWords`,
 *   which the build puts at the top of every route module: scripts/route-words.ts),
 *   so the page it draws has its words;
 * - a word whose namespace has still not come (a message sent by the server
 *   after a form, say) is asked for then (`requestNamespace`) and drawn when it
 *   arrives: the translator answers "" meanwhile, never the key, and useT
 *   draws again (`subscribeWords`).
 * Code that runs in both places reads the words through `dictionaryOf` or
 * the translator, never by importing vi.ts or en.ts.
 */
import type { Dictionary } from "./vi";
import type { Locale } from "~/utils/i18n";

/** The element that carries the page's words in the document. */
export const WORDS_ELEMENT_ID = "nss-words";

/**
 * What the document carries: the words, their language, the dictionaries'
 * version (for the words route's cache) and the names of all namespaces (a
 * word of no namespace is answered with its key at once, as on the server).
 */
export type PageWords = { locale: Locale; version: string; words: Partial<Dictionary>; names: string[]; units: string[] };

/**
 * The parts the words travel in ("units"): a namespace ("cart"), except that
 * the namespaces named here travel by their second level ("errors.form",
 * "errors.price"): every page can show a few of the errors, few show many,
 * and all of them are 17 KB. The whole namespace ("errors") is a unit too,
 * for code that builds its keys from a field's name (validation/fields.ts).
 */
const SPLIT = new Set(["errors"]);

/** The unit a key's word is in: "cart.title" → "cart", "errors.price.required" → "errors.price". */
export function unitOf(key: string): string {
  const dot = key.indexOf(".");
  if (dot === -1) return key;
  const namespace = key.slice(0, dot);
  if (!SPLIT.has(namespace)) return namespace;
  const next = key.indexOf(".", dot + 1);
  return next === -1 ? key : key.slice(0, next);
}

/** Every unit of a dictionary: each namespace, and each part of a split one. */
export function unitsOf(dictionary: Dictionary): string[] {
  const units: string[] = [];
  for (const [name, value] of Object.entries(dictionary)) {
    units.push(name);
    if (SPLIT.has(name) && typeof value === "object" && value !== null) for (const part of Object.keys(value)) units.push(`${name}.${part}`);
  }
  return units;
}

/** Whether a set of units holds a unit: itself, or the whole namespace it is part of. */
export function holds(units: Set<string>, unit: string): boolean {
  if (units.has(unit)) return true;
  const dot = unit.indexOf(".");
  return dot !== -1 && units.has(unit.slice(0, dot));
}

const loaded: Partial<Record<Locale, Dictionary>> = {};

export function setDictionary(locale: Locale, dictionary: Dictionary): void {
  loaded[locale] = dictionary;
}

/** The dictionary of a language this process has: in the browser, the page's language, with the namespaces it has so far. */
export function dictionaryOf(locale: Locale): Dictionary {
  const dictionary = loaded[locale] ?? Object.values(loaded)[0] ?? (typeof document === "undefined" ? undefined : pageWords().dictionary);
  if (!dictionary) throw new Error("no dictionary loaded: import ~/utils/i18n.server (server), or the page has no words (browser)");
  return dictionary;
}

// ---- the browser ------------------------------------------------------------

type PageState = { locale: Locale; version: string; dictionary: Dictionary; names: Set<string>; units: Set<string> };
let page: PageState | null = null;
/** After a failed fetch, words are asked for again this long after (when something draws them). */
const RETRY_MS = 3_000;
/** Bumped when namespaces arrive after the page was drawn; 0 until then, as on the server. */
let wordsVersion = 0;
const listeners = new Set<() => void>();
const requested = new Map<string, Promise<void>>();

/**
 * The page's words, read once from the document. Remix's route modules run
 * from an async module script, which may run before the browser has read
 * the end of <body> where the words are: `wordsReady` waits for them.
 */
export function pageWords(): PageState {
  if (page) return page;
  const element = document.getElementById(WORDS_ELEMENT_ID);
  const data = element?.textContent ? (JSON.parse(element.textContent) as PageWords) : null;
  const locale = data?.locale ?? (document.documentElement.lang === "en" ? "en" : "vi");
  const dictionary = (data?.words ?? {}) as Dictionary;
  const state: PageState = { locale, version: data?.version ?? "", dictionary, names: new Set(data?.names ?? []), units: new Set(data?.units ?? []) };
  // Kept only once the document has been read: an early look must not leave the page without its words.
  if (data || document.readyState !== "loading") {
    loaded[locale] = dictionary;
    page = state;
  }
  return state;
}

/** The page's words once the document holding them has been read. */
export function wordsReady(): Promise<PageState> {
  if (page || document.getElementById(WORDS_ELEMENT_ID) || document.readyState !== "loading") return Promise.resolve(pageWords());
  return new Promise((resolve) => document.addEventListener("DOMContentLoaded", () => resolve(pageWords()), { once: true }));
}

/** Adds a unit's words, as the words route sent them (a partial dictionary), to the page's. */
function add(dictionary: Dictionary, unit: string, words: Record<string, unknown>): void {
  const tree = dictionary as unknown as Record<string, Record<string, unknown>>;
  const dot = unit.indexOf(".");
  if (dot === -1) {
    // A whole namespace: what came, over any parts of it the page had (the same words).
    tree[unit] = { ...(tree[unit] ?? {}), ...((words[unit] as Record<string, unknown> | undefined) ?? {}) };
    return;
  }
  const [namespace, part] = [unit.slice(0, dot), unit.slice(dot + 1)];
  tree[namespace] ??= {};
  tree[namespace][part] = (words[namespace] as Record<string, unknown> | undefined)?.[part] ?? {};
}

/** Fetches units of the page's language from the words route and adds them; each one is asked for once. */
function fetchNamespaces(namespaces: string[]): Promise<void> {
  const { locale, version, dictionary, units } = pageWords();
  const missing = namespaces.filter((ns) => !holds(units, ns) && !requested.has(ns));
  const waits = namespaces.map((ns) => requested.get(ns)).filter((p): p is Promise<void> => p !== undefined);
  if (missing.length > 0) {
    const url = `/words/${locale}?ns=${missing.map(encodeURIComponent).join(",")}&v=${encodeURIComponent(version)}`;
    const arrival = fetch(url, { credentials: "omit" })
      .then((response) => (response.ok ? (response.json() as Promise<Record<string, unknown>>) : Promise.reject(new Error(`${url}: ${response.status}`))))
      .then((words) => {
        // A unit the server does not have comes as nothing: marked as had, its keys read as keys (as on the server).
        for (const ns of missing) {
          add(dictionary, ns, words);
          units.add(ns);
        }
        wordsVersion++;
        for (const listener of listeners) listener();
      })
      .catch((error: unknown) => {
        // Offline: a moment later, what shows "" is drawn again, which asks again.
        setTimeout(() => {
          for (const ns of missing) requested.delete(ns);
          for (const listener of listeners) listener();
        }, RETRY_MS);
        throw error;
      });
    for (const ns of missing) requested.set(ns, arrival);
    waits.push(arrival);
  }
  return Promise.all(waits).then(() => undefined);
}

/**
 * What a route module awaits before it runs (put there by the build): its
 * namespaces, fetched if the page does not have them. A failed fetch does
 * not stop the page — its words are asked for again when drawn.
 */
export async function needWords(namespaces: string[]): Promise<void> {
  if (typeof document === "undefined") return;
  const { units } = await wordsReady();
  if (namespaces.every((ns) => holds(units, ns))) return;
  await fetchNamespaces(namespaces).catch(() => undefined);
}

/** The translator's answer to a word the page lacks: true while its namespace is on its way (the word is drawn when it comes). */
export function requestNamespace(namespace: string): boolean {
  if (typeof document === "undefined") return false;
  const { units, names } = pageWords();
  // A key of no unit ("Required", a sentence): its key, as the server drew it.
  if (holds(units, namespace) || !names.has(namespace)) return false;
  fetchNamespaces([namespace]).catch(() => undefined);
  return true;
}

/** For useSyncExternalStore: components that show words draw again when namespaces arrive. */
export function subscribeWords(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function wordsSnapshot(): number {
  return wordsVersion;
}
