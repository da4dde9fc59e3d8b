/**
 * The Meilisearch engine, used when MEILI_HOST is set. It translates between
 * our documents and queries and Meilisearch's: settings (searchable,
 * filterable and sortable attributes, synonyms, typo tolerance, _geo),
 * filter expressions, sorts and facets. Every task is awaited and its status
 * checked: a failed task resolves in the client, so it is turned into an
 * error here. Meilisearch folds tones at index time ("dừa" = "dưa"), so
 * exact-diacritic matches are re-ranked first by the application.
 */
import { Meilisearch, type EnqueuedTaskPromise, type Settings } from "meilisearch";
import { hitRating, RELEVANCE_LIMIT, type EngineHealth, type ListingDocument, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult } from "./port";
import { foldedText, parseQuery, MAX_QUERY_WORDS, SYNONYM_GUARDS, words } from "./query";
import { ONE_WAY_SYNONYMS, SYNONYM_GROUPS } from "./synonyms";
import { foldVietnamese } from "./fold";
import { PROVINCE_CENTRES, VIETNAM_CENTRE } from "./geo";

const TASK_TIMEOUT_MS = 60_000;
const RERANK_WINDOW = RELEVANCE_LIMIT;

type MeiliDocument = Omit<ListingDocument, "latitude" | "longitude"> & {
  createdAtTs: number;
  _geo: { lat: number; lng: number };
};

export function toMeiliDocument(d: ListingDocument): MeiliDocument {
  const { latitude, longitude, ...rest } = d;
  return { ...rest, createdAtTs: Date.parse(d.createdAt), _geo: { lat: latitude, lng: longitude } };
}

/**
 * Synonyms as Meilisearch wants them: each phrase maps to the others in its
 * group (and a one-way phrase to its targets), with and without marks.
 * Meilisearch cannot keep a synonym out of a phrase, so a guarded word
 * (SYNONYM_GUARDS: "bắp" would find bắp cải) is never a target here; its
 * unambiguous phrases ("bắp nếp") are.
 */
export function meiliSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const link = (phrase: string, targets: readonly string[]) => {
    const safe = targets.filter((p) => p !== phrase && !SYNONYM_GUARDS.has(foldedText(p)));
    for (const key of new Set([phrase, foldVietnamese(phrase)])) {
      const merged = [...new Set([...(out[key] ?? []), ...safe, ...safe.map(foldVietnamese)])].filter((p) => p !== key);
      if (merged.length > 0) out[key] = merged;
    }
  };
  for (const group of SYNONYM_GROUPS) for (const phrase of group) link(phrase, group);
  for (const { from, to } of ONE_WAY_SYNONYMS) link(from, to);
  return out;
}

export function indexSettings(): Settings {
  return {
    searchableAttributes: ["title", "variety", "categoryNames", "farmName", "provinceName", "communeName", "grade", "description"],
    filterableAttributes: ["categorySlug", "categoryParent", "provinceCode", "certs", "priceVnd", "inStock", "bulk", "verifiedFarm", "ratingAverage", "ratingCount", "_geo"],
    sortableAttributes: ["priceVnd", "createdAtTs", "_geo", "ratingAverage", "ratingCount"],
    synonyms: meiliSynonyms(),
    // Vietnamese syllables are short: no typos under 5 letters, so "ca" stays "ca".
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    pagination: { maxTotalHits: 100_000 },
    faceting: { maxValuesPerFacet: 200 },
  };
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Our filters as Meilisearch filter expressions (an array is AND). */
export function filterExpressions(query: SearchQuery): string[] {
  const out: string[] = [];
  if (query.category) out.push(`(categorySlug = ${quote(query.category)} OR categoryParent = ${quote(query.category)})`);
  if (query.province) out.push(`provinceCode = ${quote(query.province)}`);
  if (query.cert) out.push(`certs = ${quote(query.cert)}`);
  if (query.minPrice !== undefined) out.push(`priceVnd >= ${Math.trunc(query.minPrice)}`);
  if (query.maxPrice !== undefined) out.push(`priceVnd <= ${Math.trunc(query.maxPrice)}`);
  if (query.inStock) out.push("inStock = true");
  if (query.bulk) out.push("bulk = true");
  if (query.verified) out.push("verifiedFarm = true");
  // Decision 040: documents carry the average rounded to one decimal, as the cards show it.
  if (query.minRating !== undefined) out.push(`ratingCount > 0 AND ratingAverage >= ${Math.trunc(query.minRating)}`);
  return out;
}

export function sortExpressions(query: SearchQuery, centre: [number, number] | undefined): string[] | undefined {
  switch (query.sort) {
    case "price_asc":
      return ["priceVnd:asc"];
    case "price_desc":
      return ["priceVnd:desc"];
    case "newest":
      return ["createdAtTs:desc"];
    case "best_rated":
      return ["ratingAverage:desc", "ratingCount:desc", "createdAtTs:desc"];
    case "nearest": {
      const [lat, lng] = query.near ?? centre ?? VIETNAM_CENTRE;
      return [`_geo(${lat}, ${lng}):asc`];
    }
    default:
      return undefined;
  }
}

/** How many of the words typed with diacritics a hit has exactly. */
function exactHits(hit: MeiliDocument, exactWords: string[]): number {
  if (exactWords.length === 0) return 0;
  const text = `${hit.title} ${hit.variety} ${hit.categoryNames}`.normalize("NFC").toLowerCase();
  return exactWords.filter((w) => text.includes(w)).length;
}

async function succeeded(task: EnqueuedTaskPromise, what: string): Promise<void> {
  const done = await task.waitTask({ timeout: TASK_TIMEOUT_MS, interval: 50 });
  if (done.status !== "succeeded") {
    throw new Error(`Meilisearch task ${done.uid} (${what}) ${done.status}: ${done.error?.message ?? "no reason given"}`);
  }
}

export class MeilisearchEngine implements SearchEngine {
  readonly name = "meilisearch" as const;
  private readonly client: Meilisearch;
  private readonly indexUid: string;
  private prepared: Promise<void> | null = null;

  constructor(options: { host: string; apiKey?: string; index: string }) {
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey });
    this.indexUid = options.index;
  }

  /** Creates the index if needed and applies the settings; done once per process. */
  prepare(): Promise<void> {
    this.prepared ??= (async () => {
      const exists = await this.client
        .index(this.indexUid)
        .getRawInfo()
        .then(
          () => true,
          (error: { cause?: { code?: string } }) => {
            if (error.cause?.code === "index_not_found") return false;
            throw error;
          },
        );
      if (!exists) await succeeded(this.client.createIndex(this.indexUid, { primaryKey: "id" }), "create index");
      await succeeded(this.client.index(this.indexUid).updateSettings(indexSettings()), "settings");
    })().catch((error) => {
      this.prepared = null;
      throw error;
    });
    return this.prepared;
  }

  async upsert(documents: ListingDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.prepare();
    await succeeded(this.client.index(this.indexUid).addDocuments(documents.map(toMeiliDocument), { primaryKey: "id" }), "add documents");
  }

  async remove(listingIds: number[]): Promise<void> {
    if (listingIds.length === 0) return;
    await this.prepare();
    await succeeded(this.client.index(this.indexUid).deleteDocuments(listingIds), "delete documents");
  }

  /** Builds a new index beside the live one, then swaps them atomically and drops the old. */
  async replaceAll(batches: AsyncIterable<ListingDocument[]>, onProgress?: (done: number) => void): Promise<number> {
    await this.prepare();
    const next = `${this.indexUid}_${Date.now()}`;
    await succeeded(this.client.createIndex(next, { primaryKey: "id" }), "create index");
    let done = 0;
    try {
      await succeeded(this.client.index(next).updateSettings(indexSettings()), "settings");
      for await (const batch of batches) {
        await succeeded(this.client.index(next).addDocuments(batch.map(toMeiliDocument), { primaryKey: "id" }), "add documents");
        done += batch.length;
        onProgress?.(done);
      }
      await succeeded(this.client.swapIndexes([{ indexes: [this.indexUid, next], rename: false }]), "swap indexes");
    } finally {
      // After the swap `next` holds the old documents; before it, the half-built ones.
      await succeeded(this.client.deleteIndex(next), "delete index").catch(() => {});
    }
    return done;
  }

  async health(): Promise<EngineHealth> {
    const started = performance.now();
    try {
      const health = await this.client.health();
      return { engine: this.name, ok: health.status === "available", latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { engine: this.name, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  async suggest(prefix: string, limit: number): Promise<{ id: number; title: string; slug: string }[]> {
    const q = words(prefix).slice(0, MAX_QUERY_WORDS).join(" ");
    if (!q) return [];
    const response = await this.client
      .index<MeiliDocument>(this.indexUid)
      .search(q, { limit: limit * 4, attributesToRetrieve: ["id", "title", "slug", "variety", "categoryNames"] });
    const exactWords = parseQuery(prefix).exactWords;
    return stableSortBy(response.hits, (h) => -exactHits(h, exactWords))
      .slice(0, limit)
      .map((h) => ({ id: h.id, title: h.title, slug: h.slug }));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const q = words(query.q).slice(0, MAX_QUERY_WORDS).join(" ");
    const exactWords = parseQuery(query.q).exactWords;
    const rerank = query.sort === "relevance" && exactWords.length > 0;
    const offset = (query.page - 1) * query.perPage;
    const window = rerank ? Math.min(RERANK_WINDOW, offset + query.perPage) : query.perPage;
    const request = {
      filter: filterExpressions(query),
      sort: sortExpressions(query, query.province ? PROVINCE_CENTRES[query.province] : undefined),
      facets: ["categorySlug", "provinceCode", "certs", "verifiedFarm"],
      offset: rerank ? 0 : offset,
      limit: window,
    };
    const index = this.client.index<MeiliDocument>(this.indexUid);
    // Every word first, as the PostgreSQL engine does; when that finds nothing,
    // the listings with the most words, dropping the commonest first.
    let response = await index.search(q, { ...request, matchingStrategy: "all" });
    let partial = false;
    if ((response.estimatedTotalHits ?? response.hits.length) === 0 && q.includes(" ")) {
      response = await index.search(q, { ...request, matchingStrategy: "frequency" });
      partial = (response.estimatedTotalHits ?? response.hits.length) > 0;
    }
    const ordered = rerank
      ? stableSortBy(response.hits, (h) => -exactHits(h, exactWords)).slice(offset, offset + query.perPage)
      : response.hits;
    const distribution = response.facetDistribution ?? {};
    return {
      hits: ordered.map(toHit),
      total: response.estimatedTotalHits ?? ordered.length,
      facets: {
        category: distribution.categorySlug ?? {},
        province: distribution.provinceCode ?? {},
        cert: distribution.certs ?? {},
        verified: distribution.verifiedFarm?.true ?? 0,
      },
      page: query.page,
      perPage: query.perPage,
      correctedQuery: null,
      partial,
    };
  }
}

function toHit(d: MeiliDocument): SearchHit {
  return {
    id: d.id,
    title: d.title,
    slug: d.slug,
    priceVnd: d.priceVnd,
    unit: d.unit,
    farmName: d.farmName,
    farmSlug: d.farmSlug,
    provinceName: d.provinceName,
    photo: d.photo,
    bulk: d.bulk,
    availableFrom: d.availableFrom,
    inStock: d.inStock,
    // Documents indexed before decision 036 have no such field: not verified until reindexed.
    verifiedFarm: d.verifiedFarm ?? false,
    // Documents indexed before decision 040 have no figures: no rating until reindexed.
    rating: hitRating(d.ratingAverage, d.ratingCount),
  };
}

function stableSortBy<T>(items: T[], key: (item: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i, k: key(item) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.item);
}
