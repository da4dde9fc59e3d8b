import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  point,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { listings } from "./listings";

/** cos(16°): at Vietnam's middle latitude, a degree of longitude is this much of a degree of latitude. */
export const LONGITUDE_SCALE = 0.961;

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * A 64-bit hash of the facet and filter columns other than price, computed
 * by PostgreSQL in search_documents and search_facet_counts alike. Grouping
 * thousands of matches by one number is cheaper than by two texts and an
 * array; a unique index on search_facet_counts turns a collision (about one
 * chance in 10^12 with thousands of groups) into an error, not a wrong count.
 */
const FACET_KEY = sql`hashtextextended(category_slug || '|' || category_parent || '|' || province_code || '|' || in_stock::text || '|' || bulk::text, hash_array_extended(certs, 0))`;

/**
 * The search projection of each listing that can be found (active, not
 * deleted, with stock or open for pre-order). Written only by the search
 * worker from the outbox (and by a full reindex); the PostgreSQL engine
 * searches it. Kept narrow, since broad queries read thousands of rows.
 */
export const searchDocuments = pgTable(
  "search_documents",
  {
    // Column order matters for speed: PostgreSQL reads a row's columns from
    // the first up to the last one a query needs, and broad queries read
    // thousands of rows. What filters, sorts and counts use comes first,
    // fixed-width before variable-width; what only the 24 hits shown need
    // comes last, the nullable columns at the very end.
    listingId: integer("listing_id")
      .primaryKey()
      .references(() => listings.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    priceVnd: bigint("price_vnd", { mode: "number" }).notNull(),
    farmId: integer("farm_id").notNull(),
    inStock: boolean("in_stock").notNull(),
    bulk: boolean("bulk").notNull(),
    // Names the row's group in search_facet_counts (same expression there):
    // facet counts of a search group the matches by this one number.
    facetKey: bigint("facet_key", { mode: "bigint" }).generatedAlwaysAs(FACET_KEY),
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
    // The map point for "nearest" with a GiST index (k-nearest-neighbour scans):
    // longitude scaled by cos 16°N so that degrees weigh alike across Vietnam.
    geo: point("geo", { mode: "tuple" }).generatedAlwaysAs(sql`point(longitude * ${sql.raw(String(LONGITUDE_SCALE))}, latitude)`),
    provinceCode: text("province_code").notNull(),
    categorySlug: text("category_slug").notNull(),
    categoryParent: text("category_parent").notNull(),
    certs: text("certs").array().notNull(),
    // Folded words, weighted: title A, variety/grade/category B, farm and
    // place C, the start of the description D. Computed by the writer from
    // foldVietnamese output (see postgres-engine.server.ts).
    tsv: tsvector("tsv").notNull(),
    // Lower-case NFC, not folded: for ranking exact-diacritic matches first.
    exactText: text("exact_text").notNull(),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    farmName: text("farm_name").notNull(),
    farmSlug: text("farm_slug").notNull(),
    provinceName: text("province_name").notNull(),
    unit: text("unit").notNull(),
    availableFrom: date("available_from"),
    photo: jsonb("photo").$type<{ id: string; storageKey: string; width: number; height: number } | null>(),
    // Reviews (decision 040): the listing's average stars (0 without reviews) and how many rated it.
    // Added last by their migration; the "best rated" sort and the minimum-rating filter read them.
    ratingAverage: real("rating_average").notNull().default(0),
    ratingCount: integer("rating_count").notNull().default(0),
  },
  (t) => [
    index("search_documents_tsv_idx").using("gin", t.tsv),
    index("search_documents_certs_idx").using("gin", t.certs),
    index("search_documents_category_idx").on(t.categorySlug),
    index("search_documents_parent_idx").on(t.categoryParent),
    index("search_documents_province_idx").on(t.provinceCode),
    // With facet_key, the facet counts of a price range without words are an
    // index-only scan; sorting by price reads it too.
    index("search_documents_price_idx").on(t.priceVnd, t.facetKey),
    index("search_documents_created_idx").on(t.createdAt, t.listingId),
    index("search_documents_geo_idx").using("gist", t.geo),
    index("search_documents_rating_idx").on(t.ratingAverage, t.ratingCount),
  ],
);

/**
 * How many documents share each combination of the facet and filter columns
 * other than price: facet counts for browsing without words (all listings,
 * a category, a province…) add up these few thousand rows instead of counting
 * up to 100,000 documents. Kept true by statement triggers on
 * search_documents (migration search_speed), so every write, the engine's and a
 * cascade from a deleted listing alike, moves the counts in its transaction.
 */
export const searchFacetCounts = pgTable(
  "search_facet_counts",
  {
    categorySlug: text("category_slug").notNull(),
    categoryParent: text("category_parent").notNull(),
    provinceCode: text("province_code").notNull(),
    certs: text("certs").array().notNull(),
    inStock: boolean("in_stock").notNull(),
    bulk: boolean("bulk").notNull(),
    facetKey: bigint("facet_key", { mode: "bigint" }).generatedAlwaysAs(FACET_KEY),
    documents: integer("documents").notNull(),
  },
  (t) => [
    primaryKey({ name: "search_facet_counts_pk", columns: [t.categorySlug, t.categoryParent, t.provinceCode, t.certs, t.inStock, t.bulk] }),
    uniqueIndex("search_facet_counts_key_idx").on(t.facetKey),
  ],
);

/**
 * How many documents contain each word (each lexeme of their tsv), per
 * combination of facet columns: the facet counts of a one-word search
 * ("gạo", "rau" in Lâm Đồng) add up a few hundred of these rows instead of
 * reading every matching document (17,000 for "gạo" at 100,000 listings).
 * Exact, not an estimate: kept by statement triggers on search_documents in
 * the same transaction as every write (migration search_term_counts), like
 * search_facet_counts. Also the typo dictionary: the words with their
 * document counts.
 */
export const searchTermCounts = pgTable(
  "search_term_counts",
  {
    term: text("term").notNull(),
    facetKey: bigint("facet_key", { mode: "bigint" }).notNull(),
    documents: integer("documents").notNull(),
  },
  (t) => [
    primaryKey({ name: "search_term_counts_pk", columns: [t.term, t.facetKey] }),
    // For a word typed unfinished ("gao:*"): the terms it begins, found by LIKE 'gao%'.
    index("search_term_counts_prefix_idx").using("btree", t.term.op("text_pattern_ops")),
    check("search_term_counts_not_negative", sql`${t.documents} >= 0`),
  ],
);

/**
 * The documents that contain each word, per facet group: the facet counts
 * of a search of several words ("cà chua", "tôm cà mau") or of a word with
 * its synonyms ("heo": lợn in produce fields) intersect and join these lists
 * (intarray's & and |) instead of reading every matching document (decision
 * 050: "tom ca mau" over a million listings, 43,688 matches). `placeOnly`
 * holds the documents in which the word is only a place or farm name
 * (weight C): a synonym counts in produce fields only (`lon:ABD`), which is
 * `ids - placeOnly`. Kept by statement triggers on search_documents like
 * search_term_counts (migration search_term_postings); arrays sorted.
 */
export const searchTermPostings = pgTable(
  "search_term_postings",
  {
    term: text("term").notNull(),
    facetKey: bigint("facet_key", { mode: "bigint" }).notNull(),
    ids: integer("ids").array().notNull(),
    placeOnly: integer("place_only").array().notNull(),
  },
  (t) => [primaryKey({ name: "search_term_postings_pk", columns: [t.term, t.facetKey] })],
);

/**
 * How many documents of each facet group have a price in each band: bands
 * begin at one significant digit (10,000, 20,000 … 90,000, 100,000 …) and end
 * where the next begins. The facet counts of a price range without words add
 * up the bands the range covers and read only its partial bands from the price
 * index (decision 050: 20,000–60,000 đồng over a million listings, 1.5 ms
 * against 70 ms). Kept by statement triggers on search_documents like
 * search_facet_counts (migration search_price_bands).
 */
export const searchPriceBands = pgTable(
  "search_price_bands",
  {
    facetKey: bigint("facet_key", { mode: "bigint" }).notNull(),
    band: bigint("band", { mode: "number" }).notNull(),
    documents: integer("documents").notNull(),
  },
  (t) => [
    primaryKey({ name: "search_price_bands_pk", columns: [t.band, t.facetKey] }),
    check("search_price_bands_not_negative", sql`${t.documents} >= 0`),
  ],
);

/**
 * Listings whose search document may be stale. A row is written in the same
 * transaction as the change; the worker applies it to the engine and only
 * then deletes it, so an engine outage delays updates and loses none.
 */
export const searchOutbox = pgTable("search_outbox", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  listingId: integer("listing_id").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row: bumped in the same transaction as every write to
 * search_documents, so that a process may cache what it computed (facet
 * counts) for as long as the version it read is current.
 */
export const searchIndexState = pgTable("search_index_state", {
  id: integer("id").primaryKey().default(1),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});
