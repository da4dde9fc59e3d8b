/**
 * What routes call to search: the engine in use, behind the port, with
 * photos turned into URLs.
 */
import { photoView, type PhotoView } from "~/models/photo.server";
import { searchEngine } from "./engine.server";
import type { SearchHit, SearchQuery, SearchResult } from "./port";

export type SearchCard = Omit<SearchHit, "photo"> & { photo: PhotoView | null };

export async function searchListings(query: SearchQuery): Promise<Omit<SearchResult, "hits"> & { hits: SearchCard[] }> {
  const result = await searchEngine().search(query);
  return { ...result, hits: result.hits.map((h) => ({ ...h, photo: h.photo ? photoView(h.photo) : null })) };
}

export async function suggestListings(prefix: string): Promise<{ id: number; title: string; url: string }[]> {
  const q = prefix.trim();
  if (q.length < 2) return [];
  const rows = await searchEngine().suggest(q, 8);
  return rows.map((r) => ({ id: r.id, title: r.title, url: `/listings/${r.id}/${r.slug}` }));
}

export function searchHealth() {
  return searchEngine().health();
}
