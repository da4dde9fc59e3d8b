/**
 * Turning what a buyer typed into what the engines search: NFC, words,
 * folded words, regional synonyms, typo corrections. Pure functions, shared
 * by both engines so that they understand a query the same way.
 */
import { foldVietnamese } from "./fold";
import { KEPT_AS_TYPED, NOT_INSIDE, ONE_WAY_SYNONYMS, SYNONYM_GROUPS, TITLE_ONLY } from "./synonyms";

/** Meilisearch reads at most 10 query words; both engines keep to that. */
export const MAX_QUERY_WORDS = 10;

export type QueryUnit = {
  /** The words as typed, lower-case NFC. */
  typed: string[];
  /** Folded phrases any of which satisfies this part of the query. */
  alternatives: string[][];
  /** Set when typo correction replaced the typed word. */
  correctedTo?: string;
};

export type ParsedQuery = {
  units: QueryUnit[];
  /** Typed words that carry diacritics: an exact match on them ranks first. */
  exactWords: string[];
};

/** Splits text into lower-case NFC words (letters and digits). */
export function words(text: string): string[] {
  return text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Folded words of a text, as documents and queries are tokenised. */
export function foldedWords(text: string): string[] {
  return foldVietnamese(text.normalize("NFC"))
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Folded text with single spaces between words: what the document columns hold. */
export function foldedText(text: string): string {
  return foldedWords(text).join(" ");
}

const hasMarks = (word: string) => foldVietnamese(word) !== word;

type SynonymIndex = { exact: Map<string, string[][]>; folded: Map<string, string[][][]>; longest: number };

function buildIndex(groups: readonly (readonly string[])[], oneWay: readonly { from: string; to: readonly string[] }[]): SynonymIndex {
  const exact = new Map<string, string[][]>();
  const folded = new Map<string, string[][][]>();
  let longest = 1;
  const add = (phrase: string, alternatives: string[][]) => {
    const typed = words(phrase);
    longest = Math.max(longest, typed.length);
    exact.set(typed.join(" "), alternatives);
    const key = foldedWords(phrase).join(" ");
    folded.set(key, [...(folded.get(key) ?? []), alternatives]);
  };
  for (const group of groups) {
    const alternatives = group.map((phrase) => foldedWords(phrase));
    for (const phrase of group) add(phrase, alternatives);
  }
  for (const { from, to } of oneWay) add(from, [from, ...to].map((phrase) => foldedWords(phrase)));
  for (const phrase of KEPT_AS_TYPED) add(phrase, [foldedWords(phrase)]);
  return { exact, folded, longest };
}

const SYNONYMS = buildIndex(SYNONYM_GROUPS, ONE_WAY_SYNONYMS);

/** How a word brought in by a synonym is held back: never inside these phrases, maybe only in titles. */
type Guard = { notInside: string[][]; titleOnly: boolean };

/** Guards by folded phrase (NOT_INSIDE, TITLE_ONLY in synonyms.ts). */
export const SYNONYM_GUARDS: ReadonlyMap<string, Guard> = (() => {
  const guards = new Map<string, Guard>();
  const guard = (phrase: string) => {
    const key = foldedText(phrase);
    const found = guards.get(key) ?? { notInside: [], titleOnly: false };
    guards.set(key, found);
    return found;
  };
  for (const [phrase, inside] of Object.entries(NOT_INSIDE)) guard(phrase).notInside.push(...inside.map((p) => foldedWords(p)));
  for (const phrase of TITLE_ONLY) guard(phrase).titleOnly = true;
  return guards;
})();

function dedupe(phrases: string[][]): string[][] {
  const seen = new Set<string>();
  return phrases.filter((p) => {
    const key = p.join(" ");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Parses a query. A synonym matches on the exact words typed ("mỳ" → mì);
 * a phrase of several words typed without diacritics also matches on its
 * folded form ("dua leo" → dưa leo, dưa chuột).
 */
export function parseQuery(q: string): ParsedQuery {
  const typed = words(q).slice(0, MAX_QUERY_WORDS);
  const units: QueryUnit[] = [];
  for (let i = 0; i < typed.length; ) {
    let matched: QueryUnit | null = null;
    for (let n = Math.min(SYNONYMS.longest, typed.length - i); n >= 1 && !matched; n--) {
      const slice = typed.slice(i, i + n);
      const phrase = slice.join(" ");
      const exact = SYNONYMS.exact.get(phrase);
      if (exact) {
        matched = { typed: slice, alternatives: exact };
      } else if (n > 1 && !slice.some(hasMarks)) {
        // Typed without marks, one syllable is too ambiguous to expand ("dua" is
        // dừa, dưa or dứa); a phrase is not ("dua leo").
        const groups = SYNONYMS.folded.get(phrase);
        if (groups) matched = { typed: slice, alternatives: dedupe(groups.flat()) };
      }
    }
    if (matched) {
      units.push(matched);
      i += matched.typed.length;
    } else {
      units.push({ typed: [typed[i]], alternatives: [foldedWords(typed[i])] });
      i += 1;
    }
  }
  return {
    units: units.filter((u) => u.alternatives.some((a) => a.length > 0)),
    exactWords: typed.filter(hasMarks),
  };
}

/** Damerau–Levenshtein distance (optimal string alignment), capped early. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
      rows[i][j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length][b.length];
}

/** How many typos a folded word may have: none under 4 letters (Vietnamese syllables are short). */
export function allowedTypos(word: string): number {
  if (word.length < 4) return 0;
  return word.length >= 8 ? 2 : 1;
}

/**
 * Replaces words that no document contains with the most frequent word of
 * the vocabulary within their allowed edit distance. Words under four
 * letters are never changed, so "ca" stays "ca".
 */
export function correctTypos(query: ParsedQuery, vocabulary: Map<string, number>): ParsedQuery {
  const units = query.units.map((unit) => {
    if (unit.alternatives.length !== 1 || unit.alternatives[0].length !== 1) return unit;
    const word = unit.alternatives[0][0];
    const max = allowedTypos(word);
    if (max === 0 || vocabulary.has(word) || /\d/.test(word)) return unit;
    let best: { term: string; distance: number; count: number } | null = null;
    for (const [term, count] of vocabulary) {
      if (Math.abs(term.length - word.length) > max) continue;
      const distance = editDistance(word, term, max);
      if (distance > max) continue;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) {
        best = { term, distance, count };
      }
    }
    return best ? { ...unit, alternatives: [[best.term]], correctedTo: best.term } : unit;
  });
  return { ...query, units };
}

/** The query as corrected, for "showing results for …"; null when nothing was corrected. */
export function correctedText(query: ParsedQuery): string | null {
  if (!query.units.some((u) => u.correctedTo)) return null;
  return query.units.map((u) => u.correctedTo ?? u.typed.join(" ")).join(" ");
}

/**
 * The PostgreSQL tsquery for a parsed query: units joined by AND (or, with
 * `phrase`, each followed by the next), a unit's alternatives by OR, a
 * phrase's words by "followed by". With `prefix`, the
 * last word of the last unit also matches longer words (search as you type).
 * Words are [a-z0-9] only, so the string is safe to give to to_tsquery.
 */
export function toTsQuery(
  query: ParsedQuery,
  options: { prefix: boolean; phrase?: boolean; titleOnly?: boolean },
): string | null {
  const weight = options.titleOnly ? "A" : "";
  if (query.units.length === 0) return null;
  return query.units
    .map((unit, ui) => {
      const isLast = ui === query.units.length - 1;
      // Only the words as typed may be unfinished: a synonym is a whole word
      // ("heo" brings "lon", which as a prefix would bring "long", dragon fruit).
      const typed = foldedWords(unit.typed.join(" ")).join(" ");
      const alts = unit.alternatives.map((phrase) => {
        const own = phrase.join(" ") === typed;
        // A word brought in by a synonym counts where it names the produce: in the
        // title, detail and description, not in farm and place names ("đậu phộng"
        // brings "lạc", not farms in Lạc Dương), and not inside the phrases of its guard.
        const guard = own ? undefined : SYNONYM_GUARDS.get(phrase.join(" "));
        const weights = own ? weight : options.titleOnly || guard?.titleOnly ? "A" : "ABD";
        const text = phrase
          .map((w, wi) => {
            // One letter is a prefix only after other words ("xoai c"), never alone.
            const long = w.length >= 2 || query.units.length > 1 || wi > 0;
            const unfinished = options.prefix && isLast && wi === phrase.length - 1 && own;
            if (unfinished && long) return `${w}:*${weights}`;
            return weights ? `${w}:${weights}` : w;
          })
          .join(" <-> ");
        // Inside a phrase of several units a negation would read as "not followed by": left out there.
        if (!guard || guard.notInside.length === 0 || (options.phrase && query.units.length > 1)) return text;
        return `(${text} & ${guard.notInside.map((p) => `!(${p.join(" <-> ")})`).join(" & ")})`;
      });
      return alts.length === 1 && !(options.phrase && alts[0].includes("<->")) ? alts[0] : `(${alts.join(" | ")})`;
    })
    .join(options.phrase ? " <-> " : " & ");
}
