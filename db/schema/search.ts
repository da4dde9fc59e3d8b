import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { listings } from "./listings";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * The search projection of each listing that can be found (active, not
 * deleted, with stock or open for pre-order). Written only by the search
 * worker from the outbox; the PostgreSQL engine searches it, and it is the
 * source of a full Meilisearch reindex. Folded columns hold the output of
 * app/search/fold.ts (the one folding function), words separated by spaces.
 */
export const searchDocuments = pgTable(
  "search_documents",
  {
    listingId: integer("listing_id")
      .primaryKey()
      .references(() => listings.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    // Lower-case NFC, not folded: for ranking exact-diacritic matches first.
    exactText: text("exact_text").notNull(),
    titleFolded: text("title_folded").notNull(),
    detailFolded: text("detail_folded").notNull(),
    placeFolded: text("place_folded").notNull(),
    descriptionFolded: text("description_folded").notNull(),
    tsv: tsvector("tsv")
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('simple'::regconfig, title_folded), 'A') ||
            setweight(to_tsvector('simple'::regconfig, detail_folded), 'B') ||
            setweight(to_tsvector('simple'::regconfig, place_folded), 'C') ||
            setweight(to_tsvector('simple'::regconfig, description_folded), 'D')`,
      ),
    categorySlug: text("category_slug").notNull(),
    categoryParent: text("category_parent").notNull(),
    farmId: integer("farm_id").notNull(),
    farmName: text("farm_name").notNull(),
    farmSlug: text("farm_slug").notNull(),
    provinceCode: text("province_code").notNull(),
    provinceName: text("province_name").notNull(),
    priceVnd: bigint("price_vnd", { mode: "number" }).notNull(),
    unit: text("unit").notNull(),
    inStock: boolean("in_stock").notNull(),
    bulk: boolean("bulk").notNull(),
    availableFrom: date("available_from"),
    certs: text("certs").array().notNull(),
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
    photo: jsonb("photo").$type<{ id: string; storageKey: string; width: number; height: number } | null>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("search_documents_tsv_idx").using("gin", t.tsv),
    index("search_documents_certs_idx").using("gin", t.certs),
    index("search_documents_category_idx").on(t.categorySlug),
    index("search_documents_parent_idx").on(t.categoryParent),
    index("search_documents_province_idx").on(t.provinceCode),
    index("search_documents_price_idx").on(t.priceVnd),
    index("search_documents_created_idx").on(t.createdAt),
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
