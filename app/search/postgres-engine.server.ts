/**
 * The PostgreSQL search engine, the default: the search_documents table with
 * folded text in a weighted tsvector (GIN), exact-diacritic words ranked
 * first, regional synonyms and typo corrections from app/search/query.ts,
 * and facet counts in one pass over the matches.
 */
import { sql, type SQL } from "drizzle-orm";
import { unprepared, type Database, type Executor } from "../../db/client";
import { LONGITUDE_SCALE, searchDocuments } from "../../db/schema";
import { PROVINCE_CENTRES, VIETNAM_CENTRE } from "./geo";
import { pgIntArray } from "./documents.server";
import { SEARCH_DRAIN_LOCK } from "./locks";
import { RELEVANCE_LIMIT, type EngineHealth, type Facets, type ListingDocument, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult } from "./port";
import { correctedText, correctTypos, foldedText, foldedWords, parseQuery, toTsQuery, type ParsedQuery } from "./query";

const VOCABULARY_TTL_MS = 60_000;

/** The first words of a description are searched; the rest would only make rows wider. */
const DESCRIPTION_WORDS = 40;

export function documentRow(d: ListingDocument) {
  const title = foldedText(d.title);
  const detail = foldedText(`${d.variety} ${d.grade} ${d.categoryNames}`);
  const place = foldedText(`${d.farmName} ${d.communeName} ${d.provinceName}`);
  const description = foldedWords(d.description).slice(0, DESCRIPTION_WORDS).join(" ");
  return {
    listingId: d.id,
    title: d.title,
    slug: d.slug,
    exactText: `${d.title} ${d.variety} ${d.categoryNames}`.normalize("NFC").toLowerCase(),
    tsv: sql`setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${detail}), 'B') ||
             setweight(to_tsvector('simple', ${place}), 'C') || setweight(to_tsvector('simple', ${description}), 'D')`,
    categorySlug: d.categorySlug,
    categoryParent: d.categoryParent,
    farmId: d.farmId,
    farmName: d.farmName,
    farmSlug: d.farmSlug,
    provinceCode: d.provinceCode,
    provinceName: d.provinceName,
    priceVnd: d.priceVnd,
    unit: d.unit,
    inStock: d.inStock,
    bulk: d.bulk,
    availableFrom: d.availableFrom,
    certs: d.certs,
    latitude: d.latitude,
    longitude: d.longitude,
    photo: d.photo,
    createdAt: new Date(d.createdAt),
  };
}

type HitRow = {
  listing_id: number;
  title: string;
  slug: string;
  price_vnd: string | number;
  unit: SearchHit["unit"];
  farm_name: string;
  farm_slug: string;
  province_name: string;
  photo: SearchHit["photo"];
  bulk: boolean;
  available_from: string | null;
  in_stock: boolean;
};

export class PostgresSearchEngine implements SearchEngine {
  readonly name = "postgres" as const;
  private vocabulary: { terms: Map<string, number>; loadedAt: number } | null = null;
  private readonly facetCache = new VersionedCache<{ facets: Facets; total: number }>(() => indexVersion(this.database()), 500);
  private vocabularyLoading: Promise<Map<string, number>> | null = null;

  constructor(private readonly database: () => Database) {}

  async upsert(documents: ListingDocument[], executor: Executor = this.database()): Promise<void> {
    if (documents.length === 0) return;
    const rows = documents.map(documentRow);
    for (let i = 0; i < rows.length; i += 1000) {
      await executor
        .insert(searchDocuments)
        .values(rows.slice(i, i + 1000))
        .onConflictDoUpdate({ target: searchDocuments.listingId, set: excludedColumns() });
    }
    await bumpVersion(executor);
    this.vocabularyIsStale();
  }

  async remove(listingIds: number[], executor: Executor = this.database()): Promise<void> {
    if (listingIds.length === 0) return;
    await executor.execute(sql`delete from search_documents where listing_id = any(${intArray(listingIds)})`);
    await bumpVersion(executor);
  }

  /** One transaction: other sessions keep seeing the old index until it commits. */
  async replaceAll(batches: AsyncIterable<ListingDocument[]>, onProgress?: (done: number) => void): Promise<number> {
    let done = 0;
    await this.database().transaction(async (tx) => {
      // Waits for a running outbox drain, and keeps the next one out until this commits.
      await tx.execute(sql`select pg_advisory_xact_lock(${SEARCH_DRAIN_LOCK})`);
      await tx.execute(sql`delete from search_documents`);
      await bumpVersion(tx);
      for await (const batch of batches) {
        await this.upsert(batch, tx);
        done += batch.length;
        onProgress?.(done);
      }
    });
    this.vocabulary = null;
    return done;
  }

  async prepare(): Promise<void> {
    // The table and its indexes come with the migrations.
  }

  async health(): Promise<EngineHealth> {
    const started = performance.now();
    try {
      await this.database().execute(sql`select 1 from search_documents limit 1`);
      return { engine: this.name, ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { engine: this.name, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  async suggest(prefix: string, limit: number): Promise<{ id: number; title: string; slug: string }[]> {
    const parsed = parseQuery(prefix);
    // As the person types a title: its words in order, the last one unfinished.
    const tsq = toTsQuery(parsed, { prefix: true, phrase: true, titleOnly: true });
    if (!tsq) return [];
    const rows = await unprepared(this.database()).execute<{ listing_id: number; title: string; slug: string }>(sql`
      select listing_id, title, slug from search_documents
      where tsv @@ to_tsquery('simple', ${tsq})
      order by ${exactHits(parsed)} desc, ts_rank(tsv, to_tsquery('simple', ${tsq})) desc, listing_id
      limit ${limit}`);
    return rows.map((r) => ({ id: r.listing_id, title: r.title, slug: r.slug }));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const parsed = await this.corrected(parseQuery(query.q));
    const prefix = lastWordIsLong(parsed);
    const tsq = toTsQuery(parsed, { prefix });
    // Several words typed together usually name one thing ("ca chua" is
    // tomatoes, not fish in sour soup): documents with the words side by side
    // rank first, before those that have them apart.
    const phrase = parsed.units.length > 1 ? toTsQuery(parsed, { prefix, phrase: true }) : null;
    const where = sql.join([tsq ? sql`tsv @@ to_tsquery('simple', ${tsq})` : sql`true`, ...filters(query)], sql` and `);
    const offset = (query.page - 1) * query.perPage;
    // Planned for the words searched: see unprepared().
    const db = unprepared(this.database());

    const beyondWindow = query.sort === "relevance" && tsq !== null && offset >= RELEVANCE_WINDOW;
    const facetKey = `${tsq}|${JSON.stringify([query.category, query.province, query.cert, query.minPrice, query.maxPrice, query.inStock, query.bulk])}`;
    const [hits, counted] = await Promise.all([
      db.execute<HitRow>(sql`
        select listing_id, title, slug, price_vnd, unit, farm_name, farm_slug, province_name, photo, bulk,
               available_from::text as available_from, in_stock
        from ${candidates(query, tsq, where)} as search_documents
        where ${beyondWindow ? sql`false` : sql`true`}
        order by ${orderBy(query, parsed, tsq, phrase)}
        limit ${query.perPage} offset ${offset}`),
      this.facetCache.get(facetKey, () => countFacets(db, query, tsq, where)),
    ]);
    const { facets, total } = counted;

    return {
      hits: hits.map((r) => ({
        id: r.listing_id,
        title: r.title,
        slug: r.slug,
        priceVnd: Number(r.price_vnd),
        unit: r.unit,
        farmName: r.farm_name,
        farmSlug: r.farm_slug,
        provinceName: r.province_name,
        photo: r.photo,
        bulk: r.bulk,
        availableFrom: r.available_from,
        inStock: r.in_stock,
      })),
      total,
      facets,
      page: query.page,
      perPage: query.perPage,
      correctedQuery: correctedText(parsed),
    };
  }

  /**
   * The query with typos corrected from the dictionary. The dictionary may be
   * a minute old, so a word that looks unknown may belong to a listing just
   * added: when the query as typed finds something, it is kept as typed.
   */
  private async corrected(typed: ParsedQuery): Promise<ParsedQuery> {
    const fixed = correctTypos(typed, await this.terms());
    if (!correctedText(fixed)) return fixed;
    const asTyped = toTsQuery(typed, { prefix: false });
    if (!asTyped) return fixed;
    const found = await unprepared(this.database()).execute(sql`select 1 from search_documents where tsv @@ to_tsquery('simple', ${asTyped}) limit 1`);
    return found.length > 0 ? typed : fixed;
  }

  /** The words documents contain, with how many documents contain each: the typo dictionary. */
  async terms(): Promise<Map<string, number>> {
    const cached = this.vocabulary;
    if (cached && Date.now() - cached.loadedAt < VOCABULARY_TTL_MS) return cached.terms;
    this.vocabularyLoading ??= this.database()
      .execute<{ word: string; ndoc: number }>(sql`select word, ndoc from ts_stat('select tsv from search_documents')`)
      .then((rows) => {
        const terms = new Map(rows.map((r) => [r.word, Number(r.ndoc)]));
        this.vocabulary = { terms, loadedAt: Date.now() };
        return terms;
      })
      .finally(() => {
        this.vocabularyLoading = null;
      });
    // A stale dictionary is still good for typos: refresh it in the background.
    return cached ? cached.terms : this.vocabularyLoading;
  }

  private vocabularyIsStale() {
    if (this.vocabulary) this.vocabulary.loadedAt = 0;
  }
}

/**
 * Ranking every match of a broad word ("gạo" is in one listing of six) costs
 * more than the rest of a search. For relevance, the newest RELEVANCE_WINDOW
 * matches are the candidates, and only they are ranked: produce is
 * perishable, so the newest listings are the ones worth ranking. PostgreSQL
 * finds them by reading the date index newest first until the window is full
 * (common words: the table is written in date order, so these rows are
 * neighbours) or, for rarer words, by a bitmap scan of all their matches; it
 * chooses for each query's words, which is why searches are not prepared
 * statements. Relevance pages end at the window (as with Meilisearch, whose
 * exact-diacritic re-ranking has the same window); other sorts page on.
 */
export const RELEVANCE_WINDOW = RELEVANCE_LIMIT;

function candidates(query: SearchQuery, tsq: string | null, where: SQL): SQL {
  if (query.sort !== "relevance" || !tsq) {
    return sql`(select * from search_documents where ${where})`;
  }
  return sql`(select * from search_documents where ${where} order by created_at desc limit ${RELEVANCE_WINDOW})`;
}

function lastWordIsLong(parsed: ParsedQuery): boolean {
  const last = parsed.units[parsed.units.length - 1];
  const word = last?.alternatives[0]?.[last.alternatives[0].length - 1] ?? "";
  return word.length >= 3 && !last.correctedTo;
}

function excludedColumns() {
  const columns = [
    "title", "slug", "exact_text", "tsv",
    "category_slug", "category_parent", "farm_id", "farm_name", "farm_slug", "province_code", "province_name",
    "price_vnd", "unit", "in_stock", "bulk", "available_from", "certs", "latitude", "longitude", "photo", "created_at",
  ];
  const camel = (c: string) => c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase());
  return Object.fromEntries(columns.map((c) => [camel(c), sql.raw(`excluded.${c}`)]));
}

function intArray(ids: number[]): SQL {
  return sql`${pgIntArray(ids)}::int[]`;
}

function filters(query: SearchQuery): SQL[] {
  const out: SQL[] = [];
  if (query.category) out.push(sql`(category_slug = ${query.category} or category_parent = ${query.category})`);
  if (query.province) out.push(sql`province_code = ${query.province}`);
  if (query.cert) out.push(sql`certs @> array[${query.cert}]::text[]`);
  if (query.minPrice !== undefined) out.push(sql`price_vnd >= ${query.minPrice}`);
  if (query.maxPrice !== undefined) out.push(sql`price_vnd <= ${query.maxPrice}`);
  if (query.inStock) out.push(sql`in_stock`);
  if (query.bulk) out.push(sql`bulk`);
  return out;
}

/** How many of the words typed with diacritics the document has exactly: "dừa" ranks coconut above melon. */
function exactHits(parsed: ParsedQuery): SQL {
  // A cast, so that ORDER BY does not read a bare 0 as a column position.
  if (parsed.exactWords.length === 0) return sql`0::int`;
  return sql.join(
    parsed.exactWords.map((w) => sql`(position(${w} in exact_text) > 0)::int`),
    sql` + `,
  );
}

function orderBy(query: SearchQuery, parsed: ParsedQuery, tsq: string | null, phrase: string | null): SQL {
  switch (query.sort) {
    case "price_asc":
      return sql`price_vnd asc, listing_id asc`;
    case "price_desc":
      return sql`price_vnd desc, listing_id asc`;
    case "newest":
      return sql`created_at desc, listing_id desc`;
    case "nearest": {
      const [lat, lng] = query.near ?? (query.province ? PROVINCE_CENTRES[query.province] : undefined) ?? VIETNAM_CENTRE;
      // A k-nearest-neighbour scan of the GiST index on the scaled map point.
      return sql`geo <-> point(${lng * LONGITUDE_SCALE}, ${lat})`;
    }
    case "relevance":
    default:
      if (!tsq) return sql`created_at desc, listing_id desc`;
      return sql`${exactHits(parsed)} desc,
        ${phrase ? sql`(tsv @@ to_tsquery('simple', ${phrase}))::int desc,` : sql``}
        ts_rank(tsv, to_tsquery('simple', ${tsq})) desc, created_at desc, listing_id desc`;
  }
}

/**
 * Total and facet counts: the matches grouped in one pass by facet_key (one
 * number naming their facet columns' values, see db/schema/search.ts), named
 * by search_facet_counts, rolled up here. Without words or a price range the
 * groups are search_facet_counts itself (a few thousand rows kept by
 * triggers) instead of up to every document; the filters read the same
 * column names there.
 */
async function countFacets(db: Database, query: SearchQuery, tsq: string | null, where: SQL): Promise<{ facets: Facets; total: number }> {
  type GroupRow = { category_slug: string; province_code: string; certs: string[]; n: number };
  const grouped = sql`select c.category_slug, c.province_code, c.certs, m.n
    from (select facet_key, count(*)::int as n from search_documents where ${where} group by facet_key) m
    join search_facet_counts c using (facet_key)`;
  let rows: GroupRow[];
  if (tsq === null && query.minPrice === undefined && query.maxPrice === undefined) {
    rows = await db.execute<GroupRow>(sql`
      select category_slug, province_code, certs, sum(documents)::int as n from search_facet_counts where ${where} group by 1, 2, 3`);
  } else if (tsq !== null) {
    // PostgreSQL prices a tsvector match as a cheap operator, so for a word in
    // one listing of five it plans a sequential scan that matches every row:
    // twice the time of a bitmap scan of the GIN index, which checks only
    // the rows it found, and only for phrases (gạo, rau, dừa at 100,000
    // listings: 75–80 ms against 35–40). Only for this count, in its own
    // transaction: two more round trips, on the first run of a query only.
    rows = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return tx.execute<GroupRow>(grouped);
    });
  } else {
    rows = await db.execute<GroupRow>(grouped);
  }
  const facets: Facets = { category: {}, province: {}, cert: {} };
  let total = 0;
  for (const row of rows) {
    total += row.n;
    facets.category[row.category_slug] = (facets.category[row.category_slug] ?? 0) + row.n;
    facets.province[row.province_code] = (facets.province[row.province_code] ?? 0) + row.n;
    for (const cert of row.certs) facets.cert[cert] = (facets.cert[cert] ?? 0) + row.n;
  }
  return { facets, total };
}

async function bumpVersion(executor: Executor): Promise<void> {
  await executor.execute(sql`update search_index_state set version = version + 1 where id = 1`);
}

async function indexVersion(db: Database): Promise<number> {
  const [row] = await db.execute<{ version: string | number }>(sql`select version from search_index_state where id = 1`);
  return Number(row?.version ?? 0);
}

/**
 * Results that stay true while the index version does not change: facet
 * counts of broad queries are the costly part of a search, and browse pages
 * repeat. The version is read before computing, so a cached value is never
 * older than the version it is filed under.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();
  constructor(
    private readonly currentVersion: () => Promise<number>,
    private readonly capacity: number,
  ) {}

  async get(key: string, compute: () => Promise<T>): Promise<T> {
    const version = await this.currentVersion();
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = await compute();
    this.entries.set(key, { version, value });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
