/**
 * The search port: what routes and models may ask of a search engine, and
 * the one result shape both engines return. Nothing outside app/search knows
 * which engine answers.
 */
import type { Executor } from "../../db/client";
import type { Unit } from "~/models/units";

// "best_rated" (decision 040): the listing's average stars, then how many rated it; listings without reviews last.
export const SORTS = ["relevance", "price_asc", "price_desc", "newest", "nearest", "best_rated"] as const;
export type Sort = (typeof SORTS)[number];

export type SearchQuery = {
  q: string;
  /** A category slug: a leaf, or a top-level group meaning all its leaves. */
  category?: string;
  province?: string;
  cert?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  bulk?: boolean;
  /** Only listings of verified farms (decision 036). */
  verified?: boolean;
  /** Only listings whose average stars reach this (decision 040); a listing without reviews has none. */
  minRating?: number;
  sort: Sort;
  /** For "nearest": a point; when absent, the centre of `near province`. */
  near?: [number, number];
  page: number;
  perPage: number;
};

/** What is indexed for one listing that can be found. */
export type ListingDocument = {
  id: number;
  title: string;
  slug: string;
  variety: string;
  grade: string;
  description: string;
  categorySlug: string;
  categoryParent: string;
  categoryNames: string;
  farmId: number;
  farmName: string;
  farmSlug: string;
  provinceCode: string;
  provinceName: string;
  communeName: string;
  priceVnd: number;
  unit: Unit;
  inStock: boolean;
  bulk: boolean;
  availableFrom: string | null;
  certs: string[];
  /** The farm is verified (decision 036): a badge on the card and a search filter. */
  verifiedFarm: boolean;
  latitude: number;
  longitude: number;
  photo: { id: string; storageKey: string; width: number; height: number } | null;
  createdAt: string;
  /** Reviews (decision 040): average stars rounded to one decimal (0 without reviews; hidden reviews do not count), and how many rated it. */
  ratingAverage: number;
  ratingCount: number;
};

export type SearchHit = Pick<
  ListingDocument,
  "id" | "title" | "slug" | "priceVnd" | "unit" | "farmName" | "farmSlug" | "provinceName" | "photo" | "bulk" | "availableFrom" | "inStock" | "verifiedFarm"
> & { rating: { average: number; count: number } | null };

/** A hit's figures from a document's: none without reviews. */
export function hitRating(average: number | null | undefined, count: number | null | undefined): SearchHit["rating"] {
  return count ? { average: Number(average ?? 0), count } : null;
}

/** `verified`: how many of the matches are of verified farms (decision 036). */
export type Facets = { category: Record<string, number>; province: Record<string, number>; cert: Record<string, number>; verified: number };

export type SearchResult = {
  hits: SearchHit[];
  total: number;
  facets: Facets;
  page: number;
  perPage: number;
  /** The query as searched after typo correction, when it changed. */
  correctedQuery: string | null;
  /**
   * No listing has every word of the query: these are the listings with the
   * most of its words (docs/decisions/017-search-words.md).
   */
  partial: boolean;
};

/**
 * Relevance-sorted results end after this many hits (12 pages of 24), in both
 * engines: refine or sort to go further. It sets the cost of broad searches:
 * finding the newest 300 matches of a word that one listing in ten has reads
 * about 3,000 rows (docs/decisions/011-search-speed.md).
 */
export const RELEVANCE_LIMIT = 300;

export type EngineHealth = { engine: string; ok: boolean; latencyMs?: number; error?: string };

export interface SearchEngine {
  readonly name: "postgres" | "meilisearch";
  search(query: SearchQuery): Promise<SearchResult>;
  /** Title suggestions as the person types: few, fast, prefix-matching. */
  suggest(prefix: string, limit: number): Promise<{ id: number; title: string; slug: string }[]>;
  /**
   * Writes documents. `executor` is the outbox drain's transaction: the
   * PostgreSQL engine writes through it (so its index commits with the
   * drain); an external engine ignores it.
   */
  upsert(documents: ListingDocument[], executor?: Executor): Promise<void>;
  remove(listingIds: number[], executor?: Executor): Promise<void>;
  /** Rebuilds the whole index so that searches never see it half-built. */
  replaceAll(batches: AsyncIterable<ListingDocument[]>, onProgress?: (done: number) => void): Promise<number>;
  health(): Promise<EngineHealth>;
  /** Makes the index ready (settings applied); safe to call again. */
  prepare(): Promise<void>;
}
