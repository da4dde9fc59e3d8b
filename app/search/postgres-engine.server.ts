/**
 * The PostgreSQL search engine, the default: the search_documents table with
 * folded text in a weighted tsvector (GIN), exact-diacritic words ranked
 * first, regional synonyms and typo corrections from app/search/query.ts,
 * and facet counts in one pass over the matches.
 */
import { sql, type SQL } from "drizzle-orm";
import { unprepared, type Database, type Executor } from "../../db/client";
import { LONGITUDE_SCALE } from "../../db/schema";
import { PROVINCE_CENTRES, VIETNAM_CENTRE } from "./geo";
import { pgIntArray } from "./documents.server";
import { SEARCH_DRAIN_LOCK } from "./locks";
import { hitRating, RELEVANCE_LIMIT, type EngineHealth, type Facets, type ListingDocument, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult } from "./port";
import { correctedText, correctTypos, foldedText, foldedWords, parseQuery, toTsQuery, type ParsedQuery, type QueryUnit } from "./query";

const VOCABULARY_TTL_MS = 60_000;

/**
 * A verified farm's documents carry this mark among their certs (decision
 * 036): the filter and its facet count then ride on the certs column, which
 * the facet-count tables and facet_key already follow, instead of a column of
 * its own in three tables and their triggers. Never shown as a certification.
 */
export const VERIFIED_FARM_MARK = "farm_verified";

/** The first words of a description are searched; the rest would only make rows wider. */
const DESCRIPTION_WORDS = 40;

/**
 * A document as the row the upsert reads (see DOCUMENT_COLUMNS): the words
 * folded here, made a weighted tsvector by PostgreSQL.
 */
export function documentRow(d: ListingDocument) {
  return {
    listing_id: d.id,
    created_at: new Date(d.createdAt).toISOString(),
    price_vnd: d.priceVnd,
    farm_id: d.farmId,
    in_stock: d.inStock,
    bulk: d.bulk,
    latitude: d.latitude,
    longitude: d.longitude,
    province_code: d.provinceCode,
    category_slug: d.categorySlug,
    category_parent: d.categoryParent,
    certs: d.verifiedFarm ? [...d.certs, VERIFIED_FARM_MARK] : d.certs,
    title_words: foldedText(d.title),
    detail_words: foldedText(`${d.variety} ${d.grade} ${d.categoryNames}`),
    place_words: foldedText(`${d.farmName} ${d.communeName} ${d.provinceName}`),
    description_words: foldedWords(d.description).slice(0, DESCRIPTION_WORDS).join(" "),
    exact_text: `${d.title} ${d.variety} ${d.categoryNames}`.normalize("NFC").toLowerCase(),
    title: d.title,
    slug: d.slug,
    farm_name: d.farmName,
    farm_slug: d.farmSlug,
    province_name: d.provinceName,
    unit: d.unit,
    available_from: d.availableFrom,
    photo: d.photo,
    rating_average: d.ratingAverage,
    rating_count: d.ratingCount,
  };
}

/**
 * The columns of search_documents the writer sets, with their types (the
 * generated facet_key and geo follow). Documents are written as one JSON
 * parameter per thousand rows read by json_to_recordset, not as a VALUES
 * list of 24 parameters a row: building that list (24,000 parameters a
 * batch) in the query builder took half of a full reindex's time and most of
 * its garbage (decision 050).
 */
const DOCUMENT_COLUMNS = [
  ["listing_id", "int"], ["created_at", "timestamptz"], ["price_vnd", "bigint"], ["farm_id", "int"], ["in_stock", "boolean"],
  ["bulk", "boolean"], ["latitude", "float8"], ["longitude", "float8"], ["province_code", "text"], ["category_slug", "text"],
  ["category_parent", "text"], ["certs", "text[]"], ["exact_text", "text"], ["title", "text"], ["slug", "text"],
  ["farm_name", "text"], ["farm_slug", "text"], ["province_name", "text"], ["unit", "text"], ["available_from", "date"],
  ["photo", "jsonb"], ["rating_average", "real"], ["rating_count", "int"],
] as const;
const FOLDED_COLUMNS = ["title_words", "detail_words", "place_words", "description_words"] as const;

const UPSERT_DOCUMENTS = (() => {
  const names = DOCUMENT_COLUMNS.map(([c]) => c);
  const record = [...DOCUMENT_COLUMNS.map(([c, t]) => `${c} ${t}`), ...FOLDED_COLUMNS.map((c) => `${c} text`)].join(", ");
  return {
    head: sql.raw(`insert into search_documents (${names.join(", ")}, tsv)
      select ${names.map((c) => `d.${c}`).join(", ")},
             setweight(to_tsvector('simple', d.title_words), 'A') || setweight(to_tsvector('simple', d.detail_words), 'B') ||
             setweight(to_tsvector('simple', d.place_words), 'C') || setweight(to_tsvector('simple', d.description_words), 'D')
      from json_to_recordset(`),
    tail: sql.raw(`::json) as d(${record})
      on conflict (listing_id) do update set ${[...names.filter((c) => c !== "listing_id"), "tsv"].map((c) => `${c} = excluded.${c}`).join(", ")}`),
  };
})();

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
  verified_farm: boolean;
  rating_average: number;
  rating_count: number;
};

export class PostgresSearchEngine implements SearchEngine {
  readonly name = "postgres" as const;
  private vocabulary: { terms: Map<string, number>; loadedAt: number } | null = null;
  private readonly facetCache = new VersionedCache<{ facets: Facets; total: number }>(500);
  private vocabularyLoading: Promise<Map<string, number>> | null = null;

  /**
   * `probe` sets when and where the relevance window is first looked for
   * among the newest documents (RECENT_PROBE_MIN_MATCHES, recentProbeRows,
   * and whether a first search counts before it looks when that is cheap):
   * tests set it to take either way on a small index. `partial` sets which
   * words bring a partial match's candidates (CANDIDATE_WORD_LIMIT), for the
   * same reason.
   */
  constructor(
    private readonly database: () => Database,
    private readonly probe: { minMatches: number; rows: (documents: number) => number; countFirst: boolean } = {
      minMatches: RECENT_PROBE_MIN_MATCHES,
      rows: recentProbeRows,
      countFirst: true,
    },
    private readonly partial: { wordLimit: number } = { wordLimit: CANDIDATE_WORD_LIMIT },
  ) {}

  async upsert(documents: ListingDocument[], executor: Executor = this.database()): Promise<void> {
    if (documents.length === 0) return;
    for (let i = 0; i < documents.length; i += 1000) {
      const rows = JSON.stringify(documents.slice(i, i + 1000).map(documentRow));
      await executor.execute(sql`${UPSERT_DOCUMENTS.head}${rows}${UPSERT_DOCUMENTS.tail}`);
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
      // Word and facet counts are made once at the end, not followed batch by batch (see the migrations).
      await tx.execute(sql`select set_config('nss.search_rebuild', 'on', true)`);
      await tx.execute(sql`delete from search_documents`);
      await bumpVersion(tx);
      for await (const batch of batches) {
        await this.upsert(batch, tx);
        done += batch.length;
        onProgress?.(done);
      }
      await tx.execute(sql`select set_config('nss.search_rebuild', 'off', true)`);
      await tx.execute(sql`select search_term_counts_rebuild()`);
      await tx.execute(sql`select search_term_postings_rebuild()`);
      await tx.execute(sql`select search_facet_counts_rebuild()`);
      await tx.execute(sql`select search_price_bands_rebuild()`);
      // Its plans read the new counts' statistics, not those of the table it replaced.
      await tx.execute(sql`analyze search_term_counts`);
      await tx.execute(sql`analyze search_term_postings`);
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
    const result = await this.searchParsed(query, parsed, null);
    if (result.total > 0 || parsed.units.length < 2) return result;
    // No listing has every word ("vải thiều lục ngạn chín đỏ tươi ngon giao tận
    // nhà nhanh"): the listings with the most of them, ranked by how many.
    const some = await this.mostWords(query, parsed);
    return some ? { ...(await this.searchParsed(query, parsed, some)), partial: true } : result;
  }

  /**
   * For a query whose words no listing has all of: the listings that have
   * some (any word of `tsq`), and how many of the query's words a listing
   * needs to be shown — half as many as the listing with the most, so that
   * one common word ("nhà", "ngon") does not list the catalogue. Only words
   * in at most `partial.wordLimit` listings (CANDIDATE_WORD_LIMIT unless a
   * test sets it) bring candidates (the commonest
   * still count in the ranking): this runs only when the whole query found
   * nothing, and should not read a large part of the index when it does.
   */
  private async mostWords(query: SearchQuery, parsed: ParsedQuery): Promise<PartialMatch | null> {
    const vocabulary = await this.terms();
    // A unit is as common as its commonest alternative; a phrase as its rarest word.
    const frequency = (u: QueryUnit) => Math.max(...u.alternatives.map((phrase) => Math.min(...phrase.map((w) => vocabulary.get(w) ?? 0))));
    const found = parsed.units.filter((u) => frequency(u) > 0);
    if (found.length === 0) return null;
    const rare = found.filter((u) => frequency(u) <= this.partial.wordLimit);
    const seeds = rare.length > 0 ? rare : [found.reduce((a, b) => (frequency(b) < frequency(a) ? b : a))];
    const tsq = seeds.map((u) => `(${toTsQuery({ units: [u], exactWords: [] }, { prefix: false })})`).join(" | ");
    const [row] = await unprepared(this.database()).execute<{ most: number | null }>(sql`
      select max(${wordsFound(parsed)})::int as most from search_documents
      where ${allOf([sql`tsv @@ to_tsquery('simple', ${tsq})`, ...filters(query)])}`);
    if (!row?.most) return null;
    return { tsq, atLeast: Math.ceil(row.most / 2) };
  }

  /** One search of the parsed words: all of them, or with `some`, the listings that have enough of them. */
  private async searchParsed(query: SearchQuery, parsed: ParsedQuery, some: PartialMatch | null): Promise<SearchResult> {
    const unfinished = some ? null : unfinishedWord(parsed);
    // Planned for the words searched: see unprepared().
    const db = unprepared(this.database());
    const { version, completions, documents } = await indexState(db, unfinished && isOneLexeme(unfinished) ? unfinished : null);
    const complete = (q: string | null) => (q && unfinished && completions ? completed(q, unfinished, completions) : q);
    const tsq = some ? some.tsq : complete(toTsQuery(parsed, { prefix: unfinished !== null }));
    // Several words typed together usually name one thing ("ca chua" is
    // tomatoes, not fish in sour soup): documents with the words side by side
    // rank first, before those that have them apart.
    const phrase = parsed.units.length > 1 ? complete(toTsQuery(parsed, { prefix: unfinished !== null, phrase: true })) : null;
    const where = allOf([
      ...(tsq ? [sql`tsv @@ to_tsquery('simple', ${tsq})`] : []),
      ...(some ? [sql`${wordsFound(parsed)} >= ${some.atLeast}`] : []),
      ...filters(query),
    ]);
    const offset = (query.page - 1) * query.perPage;

    // A partial match's `tsq` names only its seed words; which listings have enough words depends on all of them.
    const words = some ? JSON.stringify(parsed.units.map((u) => u.alternatives)) : "";
    const facetKey = `${tsq}|${some?.atLeast ?? ""}|${words}|${JSON.stringify([query.category, query.province, query.cert, query.minPrice, query.maxPrice, query.inStock, query.bulk, query.verified, query.minRating])}`;
    // The unfinished last word begins no word of the index (and the index's
    // words are counted in the same transaction as its documents): a unit
    // that nothing matches, so neither does the query (xyzqwv). Asking
    // PostgreSQL anyway would cost a scan of the whole table, as it cannot
    // know that a prefix matches nothing.
    const last = parsed.units.at(-1);
    const findsNothing = !some && completions?.length === 0 && last !== undefined && last.alternatives.length === 1 && isOwn(last, last.alternatives[0]);
    const count = () => this.facetCache.get(facetKey, version, () => countFacets(db, query, tsq, where, some === null));
    const rows = this.probe.rows(documents);
    // Whether `matches` matches fill the relevance window among the newest `rows` documents, if they
    // are spread over time.
    const fillsProbe = (matches: number) => documents > 0 && matches * Math.min(1, rows / documents) >= RELEVANCE_WINDOW;
    const windowed = !findsNothing && !some && query.sort === "relevance" && tsq !== null && offset < RELEVANCE_WINDOW;
    // Counted already at this version of the index (a search repeated, another page of it): how
    // many documents match is known exactly, filters included.
    let known = this.facetCache.peek(facetKey, version);
    // What the dictionary's counts allow (see upperBound).
    let bound: number | undefined;
    const wordsAllow = async () => (bound ??= upperBound(parsed, await this.terms(), unfinished, completions));
    // A first search the kept lists can count cheaply is decided as a count decides. A word alone
    // without filters: its count in the dictionary is its count. Several words, synonyms or
    // filters allow more matches than there are ("buoi da xanh": each word is in 6,000 listings
    // of 88,000, all three in 819): when they allow the window among the newest documents, the
    // search counts before it looks. Any other first search, and any on a table never analysed
    // (-1 documents), is decided by the bound against RECENT_PROBE_MIN_MATCHES.
    const wordAlone = tsq !== null && isTermCountable(tsq) && filters(query).length === 0;
    const countFirst = !known && windowed && documents > 0 && tsq !== null && this.probe.countFirst && countsFromLists(query, tsq);
    if (countFirst && !wordAlone && fillsProbe(await wordsAllow())) known = await count();
    const read = async (): Promise<HitRow[]> => {
      if (findsNothing || known?.total === 0) return [];
      if (query.sort !== "relevance" || tsq === null) return db.execute<HitRow>(hitsOf(sql`(select * from search_documents where ${where}) as search_documents`, query, parsed, tsq, phrase, some));
      if (offset >= RELEVANCE_WINDOW) return [];
      // Many matches likely: the newest of them are among the newest documents. Counted, the
      // count says how many of them the newest `rows` documents should hold; countable, the
      // bound says it by the same rule (a word alone, or a bound too small to fill the window);
      // else the bound against RECENT_PROBE_MIN_MATCHES says whether there may be many.
      const worthProbing =
        !some &&
        (known && documents > 0
          ? fillsProbe(known.total)
          : countFirst
            ? fillsProbe(await wordsAllow())
            : (await wordsAllow()) > this.probe.minMatches);
      if (worthProbing) {
        const recent = await db.execute<HitRow & { candidates: number }>(hitsOf(recentCandidates(where, rows), query, parsed, tsq, phrase, some, true));
        if (recent.length > 0 && Number(recent[0].candidates) >= RELEVANCE_WINDOW) return recent;
      }
      return db.execute<HitRow>(hitsOf(allCandidates(where), query, parsed, tsq, phrase, some));
    };
    const [hits, counted] = await Promise.all([
      read(),
      findsNothing ? { facets: emptyFacets(), total: 0 } : (known ?? count()),
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
        verifiedFarm: r.verified_farm,
        rating: hitRating(r.rating_average, r.rating_count),
      })),
      total,
      facets,
      page: query.page,
      perPage: query.perPage,
      correctedQuery: correctedText(parsed),
      partial: false,
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
    const db = unprepared(this.database());
    // First the words themselves, in the index's own count of its words: a
    // word in no document cannot be matched (xyzqwv), and PostgreSQL, which
    // cannot know that from its statistics, would look for it row by row.
    const unknown = [...new Set(typed.units.filter((_, i) => fixed.units[i]?.correctedTo).map((u) => u.alternatives[0][0]))];
    const [known] = await db.execute<{ n: number }>(sql`
      select count(distinct term)::int as n from search_term_counts
      where term in (${sql.join(unknown.map((w) => sql`${w}`), sql`, `)}) and documents > 0`);
    if ((known?.n ?? 0) < unknown.length) return fixed;
    const found = await db.execute(sql`select 1 from search_documents where tsv @@ to_tsquery('simple', ${asTyped}) limit 1`);
    return found.length > 0 ? typed : fixed;
  }

  /** The words documents contain, with how many documents contain each: the typo dictionary. */
  async terms(): Promise<Map<string, number>> {
    const cached = this.vocabulary;
    if (cached && Date.now() - cached.loadedAt < VOCABULARY_TTL_MS) return cached.terms;
    this.vocabularyLoading ??= this.database()
      .execute<{ word: string; ndoc: number }>(
        sql`select term as word, sum(documents)::int as ndoc from search_term_counts group by term having sum(documents) > 0`,
      )
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
 * perishable, so the newest listings are the ones worth ranking. The engine
 * chooses how to find them, not PostgreSQL, whose estimate for several words
 * assumes they are independent ("tom ca mau" is a place: estimated 991
 * matches, found 43,688): when the matches are many enough that the newest
 * documents should hold the window — by their count, once counted or when
 * the kept lists count them cheaply, else when the dictionary's counts allow
 * more than RECENT_PROBE_MIN_MATCHES — it first looks among the newest
 * documents (recentCandidates; the table is written in date order, so these
 * rows are neighbours), and otherwise, or when the window does not fill
 * there, collects all the matches through the word index (allCandidates).
 * Searches are still not prepared statements: the filters' plans depend on
 * their values too. Relevance pages end at the window (as with Meilisearch,
 * whose exact-diacritic re-ranking has the same window); other sorts page on.
 */
export const RELEVANCE_WINDOW = RELEVANCE_LIMIT;

/**
 * How many of the newest documents the relevance window is first looked for
 * in, for an index of `documents`. Reading a document there costs about a
 * seventh of collecting a match through the word index (0.45 µs against
 * 3.3 µs at a million listings); when the window does not fill, the matches
 * are at most window × documents / probe, and collecting them all follows.
 * The sum of both is smallest, whatever the words, with a probe of about
 * sqrt(7 × window × documents) ≈ 45 √documents: 42,000 rows at 880,000
 * documents, at most ~40 ms in all; 14,000 at 100,000.
 */
function recentProbeRows(documents: number): number {
  if (!(documents > 0)) return 20_000;
  return Math.min(60_000, Math.max(2_000, Math.round(45 * Math.sqrt(documents))));
}
/**
 * Below this many possible matches, collecting them all is cheap (a few
 * milliseconds), and looking among the newest first would cost more when
 * they are not there. For first searches the kept lists cannot count
 * (see countsFromLists: phrases, guarded synonyms, price ranges, partial
 * matches, a last word beginning too many words to list) and any on a table
 * never analysed.
 */
const RECENT_PROBE_MIN_MATCHES = 5_000;

/** Whether a unit's alternative is its words as typed (the one whose last word may be unfinished). */
function isOwn(unit: QueryUnit, phrase: string[]): boolean {
  return phrase.join(" ") === foldedWords(unit.typed.join(" ")).join(" ");
}

/**
 * At most how many documents match all units, from the dictionary's counts
 * (a minute old at most: this only chooses how to look, never what is
 * found): a unit's matches are at most its alternatives' together, a
 * phrase's at most its rarest word's. An unfinished word counts the words it
 * begins, or has no bound when they are too many to list.
 */
function upperBound(parsed: ParsedQuery, vocabulary: Map<string, number>, unfinished: string | null, completions: string[] | null): number {
  const last = parsed.units.length - 1;
  const wordBound = (word: string, open: boolean) =>
    !open ? (vocabulary.get(word) ?? 0) : completions ? completions.reduce((n, w) => n + (vocabulary.get(w) ?? 0), 0) : Infinity;
  return Math.min(
    ...parsed.units.map((unit, ui) =>
      unit.alternatives.reduce((total, phrase) => {
        const own = isOwn(unit, phrase);
        return total + Math.min(...phrase.map((w, wi) => wordBound(w, unfinished !== null && ui === last && own && wi === phrase.length - 1)));
      }, 0),
    ),
  );
}

/**
 * The relevance window from the newest `rows` documents (recentProbeRows): when it
 * fills there, these are the newest matches of all, found without reading
 * the others (tom ca mau, in one listing of twenty: ~6,000 rows read, 3 ms,
 * where collecting its 43,000 matches to keep the newest took 80–340 ms at
 * a million listings). `candidates` says how many it found; fewer than the
 * window, and the matches are too rare here to say they are the newest.
 */
function recentCandidates(where: SQL, rows: number): SQL {
  return sql`(select *, count(*) over () as candidates from (
      select * from (select * from search_documents order by created_at desc, listing_id desc limit ${rows}) recent
      where ${where} order by created_at desc, listing_id desc limit ${RELEVANCE_WINDOW}) window_) as search_documents`;
}

/**
 * The relevance window from all the matches, collected by the word index.
 * Ordered by an expression that the date index cannot give, so that
 * PostgreSQL never reads that index newest first hoping to fill the window
 * soon: it estimates a conjunction of words as if they were independent and
 * can be wrong by a hundred times, and for a word in no listing that plan
 * reads the whole table (642 ms at a million listings).
 */
function allCandidates(where: SQL): SQL {
  return sql`(select * from search_documents where ${where} order by created_at + interval '0 seconds' desc, listing_id desc limit ${RELEVANCE_WINDOW}) as search_documents`;
}

/** The page of hits from candidate documents, ranked. */
function hitsOf(candidates: SQL, query: SearchQuery, parsed: ParsedQuery, tsq: string | null, phrase: string | null, some: PartialMatch | null, counted = false): SQL {
  return sql`
    select listing_id, title, slug, price_vnd, unit, farm_name, farm_slug, province_name, photo, bulk,
           available_from::text as available_from, in_stock, certs @> array[${VERIFIED_FARM_MARK}]::text[] as verified_farm,
           rating_average, rating_count${counted ? sql`, candidates` : sql``}
    from ${candidates}
    order by ${some && query.sort === "relevance" ? sql`${wordsFound(parsed)} desc, ` : sql``}${orderBy(query, parsed, tsq, phrase)}
    limit ${query.perPage} offset ${(query.page - 1) * query.perPage}`;
}

/** The last word when it may be unfinished (search as you type): three letters or more, as typed. */
function unfinishedWord(parsed: ParsedQuery): string | null {
  const last = parsed.units[parsed.units.length - 1];
  if (!last || last.correctedTo) return null;
  const word = foldedWords(last.typed.join(" ")).at(-1) ?? "";
  return word.length >= 3 ? word : null;
}

/**
 * Whether PostgreSQL's parser keeps a [a-z0-9] word as one lexeme. It reads
 * digits, "e", digits as a number in scientific notation and splits off
 * what follows ("1e2kg" is '1e2' <-> 'kg', in documents and queries alike),
 * so such a word is not one entry of search_term_counts.
 */
function isOneLexeme(word: string): boolean {
  return !/^\d+e\d+[a-z]/.test(word);
}

/** More words than this begun by an unfinished word, and it is searched as a prefix. */
const COMPLETIONS_LIMIT = 8;

/**
 * The index version (for the facet cache), the words of the index that
 * an unfinished word begins (null when there are more than COMPLETIONS_LIMIT
 * of them) and PostgreSQL's estimate of the documents, in one round trip.
 */
async function indexState(db: Database, unfinished: string | null): Promise<{ version: number; completions: string[] | null; documents: number }> {
  const [row] = await db.execute<{ version: string | number; completions: string[] | null; documents: number }>(sql`
    select version, ${
      unfinished
        ? sql`array(select term from search_term_counts where ${beginsWith(unfinished)} group by term limit ${COMPLETIONS_LIMIT + 1})`
        : sql`null::text[]`
    } as completions,
    (select reltuples from pg_class where oid = 'search_documents'::regclass)::float8 as documents
    from search_index_state where id = 1`);
  const completions = row?.completions ?? null;
  return {
    version: Number(row?.version ?? 0),
    completions: completions && completions.length <= COMPLETIONS_LIMIT ? completions : null,
    documents: Number(row?.documents ?? -1),
  };
}

/**
 * Terms that begin with a word, as a range of the text_pattern_ops index on
 * search_term_counts.term: byte order whatever the database's collation, and
 * no plan that reads the terms from "a" on (which a LIKE can get from a table
 * not yet analysed, with ORDER BY or LIMIT). Words are [a-z0-9], so the next
 * byte after the last letter bounds the range.
 */
function beginsWith(word: string): SQL {
  const next = word.slice(0, -1) + String.fromCharCode(word.charCodeAt(word.length - 1) + 1);
  return sql`term ~>=~ ${word} and term ~<~ ${next}`;
}

/**
 * The query with the unfinished word ("mau:*") replaced by the words of the
 * index it begins ("mau", or "(ngo | ngon | ngot)"): the same matches, but
 * the GIN index intersects whole words' lists, skipping, where a prefix
 * makes it collect every match of the prefix first (tom ca mau: 7.8 ms
 * against 4.1). A word that begins none stays a prefix (it finds nothing).
 */
function completed(tsq: string, unfinished: string, completions: string[]): string {
  if (completions.length === 0) return tsq;
  const words = completions.length === 1 ? completions[0] : `(${completions.join(" | ")})`;
  return tsq.split(`${unfinished}:*`).join(words);
}

function intArray(ids: number[]): SQL {
  return sql`${pgIntArray(ids)}::int[]`;
}

function filters(query: SearchQuery): SQL[] {
  return [...facetFilters(query), ...priceFilters(query)];
}

/**
 * The minimum rating (decision 040) is not a facet column: like a price
 * range, its counts are made from the matching documents, never from the
 * facet-count tables.
 */

/** The filters on facet columns, which search_facet_counts has too. */
function facetFilters(query: SearchQuery): SQL[] {
  const out: SQL[] = [];
  if (query.category) out.push(sql`(category_slug = ${query.category} or category_parent = ${query.category})`);
  if (query.province) out.push(sql`province_code = ${query.province}`);
  if (query.cert) out.push(sql`certs @> array[${query.cert}]::text[]`);
  if (query.inStock) out.push(sql`in_stock`);
  if (query.bulk) out.push(sql`bulk`);
  if (query.verified) out.push(sql`certs @> array[${VERIFIED_FARM_MARK}]::text[]`);
  return out;
}

/** Conditions joined by AND; none is true. */
function allOf(conditions: SQL[]): SQL {
  return conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`true`;
}

function priceFilters(query: SearchQuery): SQL[] {
  const out: SQL[] = [];
  if (query.minPrice !== undefined) out.push(sql`price_vnd >= ${query.minPrice}`);
  if (query.maxPrice !== undefined) out.push(sql`price_vnd <= ${query.maxPrice}`);
  // A cast: rating_average is real, and 4.2 stored is 4.19999… as real.
  if (query.minRating !== undefined) out.push(sql`rating_count > 0 and rating_average::numeric(3,1) >= ${query.minRating}`);
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

/** Words in more listings than this bring no candidates to a partial match (see mostWords). */
const CANDIDATE_WORD_LIMIT = 5_000;

type PartialMatch = { tsq: string; atLeast: number };

/** How many of the query's words (units) a document has. */
function wordsFound(parsed: ParsedQuery): SQL {
  return sql.join(
    parsed.units.map((unit) => sql`(tsv @@ to_tsquery('simple', ${toTsQuery({ units: [unit], exactWords: [] }, { prefix: false })}))::int`),
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
    case "best_rated":
      return sql`rating_average desc, rating_count desc, created_at desc, listing_id desc`;
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
 * Total and facet counts, by the cheapest exact way the query allows:
 * - no words, no price range: search_facet_counts itself (a few thousand
 *   rows kept by triggers) instead of up to every document;
 * - one whole word (as typed, or completed from an unfinished one):
 *   search_term_counts, the documents per word and facet_key, a few
 *   hundred rows instead of every match;
 * - several whole words, or words with synonyms: search_term_postings, the
 *   lists of documents per word and facet_key, intersected;
 * - a price range without words: the price bands it covers
 *   (search_price_bands) and, for the parts of bands at its ends, the price
 *   index, which carries facet_key (an index-only scan);
 * - otherwise the matches grouped in one pass by facet_key (one number
 *   naming their facet columns' values, see db/schema/search.ts).
 * Groups are named by search_facet_counts and rolled up here; the filters
 * read the same column names there.
 */
async function countFacets(db: Database, query: SearchQuery, tsq: string | null, where: SQL, allWords: boolean): Promise<{ facets: Facets; total: number }> {
  const priced = isPriced(query);
  let rows: GroupRow[] | null = null;
  if (tsq === null && !priced) {
    rows = await db.execute<GroupRow>(sql`
      select category_slug, province_code, certs, sum(documents)::int as n from search_facet_counts where ${where} group by 1, 2, 3`);
  } else if (tsq !== null && allWords && countsFromLists(query, tsq)) {
    rows = (await countByTerm(db, query, tsq)) ?? (await countByPostings(db, query, tsq));
  } else if (tsq === null && query.minRating === undefined) {
    rows = await db.execute<GroupRow>(priceRangeCounts(query));
  } else if (tsq === null) {
    // The price range reads the index on (price_vnd, facet_key) alone; the other filters name groups.
    rows = await db.execute<GroupRow>(groupedByFacetKey(allOf(priceFilters(query)), allOf(facetFilters(query))));
  }
  rows ??= await countMatches(db, tsq, where);
  const facets = emptyFacets();
  let total = 0;
  for (const row of rows) {
    total += row.n;
    facets.category[row.category_slug] = (facets.category[row.category_slug] ?? 0) + row.n;
    facets.province[row.province_code] = (facets.province[row.province_code] ?? 0) + row.n;
    for (const cert of row.certs) {
      if (cert === VERIFIED_FARM_MARK) facets.verified += row.n;
      else facets.cert[cert] = (facets.cert[cert] ?? 0) + row.n;
    }
  }
  return { facets, total };
}

type GroupRow = { category_slug: string; province_code: string; certs: string[]; n: number };

function emptyFacets(): Facets {
  return { category: {}, province: {}, cert: {}, verified: 0 };
}

/** The price band of a price, as search_price_band() in SQL: from its first digit, to the next band. */
function priceBand(price: number): { start: number; end: number } {
  const unit = 10 ** (String(Math.max(0, Math.trunc(price))).length - 1);
  const start = Math.floor(price / unit) * unit;
  return { start, end: start + unit };
}

/**
 * A price range (whole đồng, both ends included) as the bands it covers,
 * [start, end) in band starts (end null: no upper bound), and the ranges at
 * its edges that cover only part of a band, to be read from the price index.
 */
function priceParts(min: number | undefined, max: number | undefined): { bands: [number, number | null] | null; edges: [number, number][] } {
  const lo = Math.max(0, min ?? 0);
  const first = priceBand(lo);
  const fullStart = first.start === lo ? lo : first.end;
  const edges: [number, number][] = fullStart === lo ? [] : [[lo, fullStart - 1]];
  if (max === undefined) return { bands: [fullStart, null], edges };
  const last = priceBand(max);
  const fullEnd = last.end === max + 1 ? max + 1 : last.start;
  // Both ends in one band, or in two bands side by side: the index alone.
  if (fullStart >= fullEnd) return { bands: null, edges: [[lo, max]] };
  return { bands: [fullStart, fullEnd], edges: fullEnd === max + 1 ? edges : [...edges, [fullEnd, max]] };
}

/**
 * Counts for a price range without words (and no minimum rating): the bands
 * it covers from search_price_bands, its partial bands from the price index
 * (an index-only scan of a part of one band at each end), grouped by facet
 * group and named by search_facet_counts, whose columns the other filters read.
 */
function priceRangeCounts(query: SearchQuery): SQL {
  const { bands, edges } = priceParts(query.minPrice, query.maxPrice);
  const parts = [
    ...(bands
      ? [sql`select facet_key, documents as n from search_price_bands where band >= ${bands[0]}${bands[1] === null ? sql`` : sql` and band < ${bands[1]}`}`]
      : []),
    ...edges.map(([lo, hi]) => sql`select facet_key, count(*)::int as n from search_documents where price_vnd between ${lo} and ${hi} group by facet_key`),
  ];
  return sql`select c.category_slug, c.province_code, c.certs, m.n
    from (select facet_key, sum(n)::int as n from (${sql.join(parts, sql` union all `)}) parts group by facet_key) m
    join search_facet_counts c using (facet_key)
    where ${allOf(facetFilters(query))}`;
}

/** A tsquery of one whole word, whose counts search_term_counts keeps. */
function isTermCountable(tsq: string): boolean {
  return /^[a-z0-9]+$/.test(tsq) && isOneLexeme(tsq);
}

/**
 * Whether countFacets counts a query with words, all of them required, from
 * the kept lists (search_term_counts, search_term_postings: a millisecond or
 * two) rather than by reading its matches.
 */
function countsFromLists(query: SearchQuery, tsq: string): boolean {
  // countFacets asks this too, then countByTerm, else countByPostings.
  return !isPriced(query) && (isTermCountable(tsq) || postingUnits(tsq) !== null);
}

/** A price range, or a minimum rating, which counts as a range too (see priceFilters): counted from the documents. */
function isPriced(query: SearchQuery): boolean {
  return query.minPrice !== undefined || query.maxPrice !== undefined || query.minRating !== undefined;
}

/**
 * Counts for a query of one whole word from search_term_counts, or null when
 * the query is anything else. An unfinished word that begins one word of the
 * index arrives here completed ("gao:*" is "gao"); one that begins several
 * ("ngo": ngo, ngon, ngot) does not, since a document may hold two of them
 * and adding their counts would count it twice.
 */
async function countByTerm(db: Database, query: SearchQuery, tsq: string): Promise<GroupRow[] | null> {
  if (!isTermCountable(tsq)) return null;
  return db.execute<GroupRow>(sql`
    select c.category_slug, c.province_code, c.certs, t.documents as n
    from search_term_counts t join search_facet_counts c using (facet_key)
    where ${allOf([sql`t.term = ${tsq}`, ...facetFilters(query)])}`);
}

/**
 * Counts for a query of whole words, each with its alternatives (synonyms,
 * the words an unfinished word begins), from search_term_postings: per facet
 * group, the union of each word's alternatives, intersected across the words,
 * without reading a document ("tom ca mau": 43,688 matches at a million
 * listings). A synonym limited to produce fields (`lon:ABD`) leaves out the
 * documents where it is only a place or farm name. Null for anything the
 * lists cannot tell: phrases, negations, title-only words, prefixes.
 */
async function countByPostings(db: Database, query: SearchQuery, tsq: string): Promise<GroupRow[] | null> {
  const units = postingUnits(tsq);
  if (!units) return null;
  const alternatives = units.flatMap((unit, i) => unit.map((a) => sql`(${i}::int, ${a.term}::text, ${a.produce}::boolean)`));
  const facets = facetFilters(query);
  return db.execute<GroupRow>(sql`
    select c.category_slug, c.province_code, c.certs, m.n
    from (
      select facet_key, icount(search_ids_intersection(ids))::int as n from (
        select a.unit, p.facet_key, search_ids_union(case when a.produce then p.ids - p.place_only else p.ids end) as ids
        from search_term_postings p join (values ${sql.join(alternatives, sql`, `)}) as a(unit, term, produce) on p.term = a.term
        ${facets.length > 0 ? sql`where p.facet_key in (select facet_key from search_facet_counts where ${allOf(facets)})` : sql``}
        group by 1, 2
      ) u group by facet_key having count(*) = ${units.length}
    ) m join search_facet_counts c using (facet_key)
    where m.n > 0`);
}

type PostingWord = { term: string; produce: boolean };

/**
 * A tsquery of toTsQuery's making as words joined by & , each an | of whole
 * words, plain or limited to produce fields (":ABD"), or null when it is
 * anything else. Parentheses only group alternatives here, so they may go.
 */
export function postingUnits(tsq: string): PostingWord[][] | null {
  const units: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < tsq.length; i++) {
    if (tsq[i] === "(") depth++;
    else if (tsq[i] === ")") depth--;
    // "a | b & c" is a | (b & c): alternatives count here only inside their own parentheses.
    else if (tsq[i] === "|" && depth === 0) return null;
    else if (tsq[i] === "&" && depth === 0) {
      units.push(tsq.slice(start, i));
      start = i + 1;
    }
  }
  units.push(tsq.slice(start));
  const parsed: PostingWord[][] = [];
  for (const unit of units) {
    const words: PostingWord[] = [];
    for (const token of unit.replace(/[()]/g, " ").split("|")) {
      const match = /^\s*([a-z0-9]+)(:ABD)?\s*$/.exec(token);
      if (!match || !isOneLexeme(match[1])) return null;
      words.push({ term: match[1], produce: match[2] !== undefined });
    }
    parsed.push(words);
  }
  return parsed;
}

/** Documents counted by facet_key, named by search_facet_counts (whose columns `groups` may filter on). */
function groupedByFacetKey(documents: SQL, groups: SQL = sql`true`): SQL {
  return sql`select c.category_slug, c.province_code, c.certs, m.n
    from (select facet_key, count(*)::int as n from search_documents where ${documents} group by facet_key) m
    join search_facet_counts c using (facet_key)
    where ${groups}`;
}

/** The matches themselves, grouped by facet_key. */
async function countMatches(db: Database, tsq: string | null, where: SQL): Promise<GroupRow[]> {
  if (tsq === null) return db.execute<GroupRow>(groupedByFacetKey(where));
  // PostgreSQL prices a tsvector match as a cheap operator, so for a word in
  // one listing of five it plans a sequential scan that matches every row:
  // twice the time of a bitmap scan of the GIN index, which checks only
  // the rows it found, and only for phrases (gạo, rau, dừa at 100,000
  // listings: 75–80 ms against 35–40). Only for this count, in its own
  // transaction: two more round trips, on the first run of a query only.
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return tx.execute<GroupRow>(groupedByFacetKey(where));
  });
}

async function bumpVersion(executor: Executor): Promise<void> {
  await executor.execute(sql`update search_index_state set version = version + 1 where id = 1`);
}

/**
 * Results that stay true while the index version does not change: facet
 * counts of broad queries are the costly part of a search, and browse pages
 * repeat. The caller reads the version before computing, so a cached value
 * is never older than the version it is filed under.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();
  constructor(private readonly capacity: number) {}

  /** The value kept for `key` at this version, without computing it (used: kept longest); undefined when there is none. */
  peek(key: string, version: number): T | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.version !== version) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  async get(key: string, version: number, compute: () => Promise<T>): Promise<T> {
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
