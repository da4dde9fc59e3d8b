/** The search page's links, without zod (decision 048): search.ts parses, this only writes URLs. */
import type { SearchParams } from "./search";

/** The URL of the search page with some parameters changed (undefined removes one); back to page 1. */
export function searchHref(current: SearchParams, changes: Partial<Record<keyof SearchParams, string | number | undefined>>): string {
  const next: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...current, page: undefined, ...changes })) {
    if (v === undefined || v === "" || (k === "sort" && v === "relevance") || (k === "page" && v === 1)) continue;
    next[k] = String(v);
  }
  const qs = new URLSearchParams(next).toString();
  return qs ? `/search?${qs}` : "/search";
}
