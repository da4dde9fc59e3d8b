-- Search speed (docs/decisions/011-search-speed.md).
-- 1. search_documents rebuilt with the columns that filters, sorts and counts
--    read first (PostgreSQL reads a row's columns in order), data copied over
--    oldest first (the relevance window reads the newest matches first).
-- 2. search_facet_counts: documents per combination of facet columns, kept by
--    statement triggers, so that browsing without words adds up a few thousand
--    rows instead of counting every document; facet_key, a hash of those
--    columns in both tables, for grouping the matches of a search cheaply.
CREATE TABLE "search_facet_counts" (
	"category_slug" text NOT NULL,
	"category_parent" text NOT NULL,
	"province_code" text NOT NULL,
	"certs" text[] NOT NULL,
	"in_stock" boolean NOT NULL,
	"bulk" boolean NOT NULL,
	"facet_key" bigint GENERATED ALWAYS AS (hashtextextended(category_slug || '|' || category_parent || '|' || province_code || '|' || in_stock::text || '|' || bulk::text, hash_array_extended(certs, 0))) STORED,
	"documents" integer NOT NULL,
	CONSTRAINT "search_facet_counts_pk" PRIMARY KEY("category_slug","category_parent","province_code","certs","in_stock","bulk")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "search_facet_counts_key_idx" ON "search_facet_counts" USING btree ("facet_key");
--> statement-breakpoint
CREATE FUNCTION "search_facet_counts_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM search_facet_counts;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE search_facet_counts c SET documents = c.documents - o.n
    FROM (SELECT facet_key, count(*)::int AS n FROM old_documents GROUP BY facet_key) o
    WHERE c.facet_key = o.facet_key;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO search_facet_counts AS c (category_slug, category_parent, province_code, certs, in_stock, bulk, documents)
    SELECT category_slug, category_parent, province_code, certs, in_stock, bulk, count(*)::int
    FROM new_documents GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT search_facet_counts_pk DO UPDATE SET documents = c.documents + excluded.documents;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM search_facet_counts WHERE documents = 0 AND facet_key IN (SELECT facet_key FROM old_documents);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TABLE "search_documents_reordered" (
	"listing_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"price_vnd" bigint NOT NULL,
	"farm_id" integer NOT NULL,
	"in_stock" boolean NOT NULL,
	"bulk" boolean NOT NULL,
	"facet_key" bigint GENERATED ALWAYS AS (hashtextextended(category_slug || '|' || category_parent || '|' || province_code || '|' || in_stock::text || '|' || bulk::text, hash_array_extended(certs, 0))) STORED,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"geo" "point" GENERATED ALWAYS AS (point(longitude * 0.961, latitude)) STORED,
	"province_code" text NOT NULL,
	"category_slug" text NOT NULL,
	"category_parent" text NOT NULL,
	"certs" text[] NOT NULL,
	"tsv" "tsvector" NOT NULL,
	"exact_text" text NOT NULL,
	"title" text NOT NULL,
	"slug" text NOT NULL,
	"farm_name" text NOT NULL,
	"farm_slug" text NOT NULL,
	"province_name" text NOT NULL,
	"unit" text NOT NULL,
	"available_from" date,
	"photo" jsonb
);
--> statement-breakpoint
CREATE TRIGGER "search_facet_counts_insert" AFTER INSERT ON "search_documents_reordered"
  REFERENCING NEW TABLE AS new_documents FOR EACH STATEMENT EXECUTE FUNCTION search_facet_counts_follow();
--> statement-breakpoint
CREATE TRIGGER "search_facet_counts_update" AFTER UPDATE ON "search_documents_reordered"
  REFERENCING OLD TABLE AS old_documents NEW TABLE AS new_documents FOR EACH STATEMENT EXECUTE FUNCTION search_facet_counts_follow();
--> statement-breakpoint
CREATE TRIGGER "search_facet_counts_delete" AFTER DELETE ON "search_documents_reordered"
  REFERENCING OLD TABLE AS old_documents FOR EACH STATEMENT EXECUTE FUNCTION search_facet_counts_follow();
--> statement-breakpoint
CREATE TRIGGER "search_facet_counts_truncate" AFTER TRUNCATE ON "search_documents_reordered"
  FOR EACH STATEMENT EXECUTE FUNCTION search_facet_counts_follow();
--> statement-breakpoint
INSERT INTO "search_documents_reordered" (
	"listing_id", "created_at", "price_vnd", "farm_id", "in_stock", "bulk", "latitude", "longitude",
	"province_code", "category_slug", "category_parent", "certs", "tsv", "exact_text", "title", "slug",
	"farm_name", "farm_slug", "province_name", "unit", "available_from", "photo")
SELECT
	"listing_id", "created_at", "price_vnd", "farm_id", "in_stock", "bulk", "latitude", "longitude",
	"province_code", "category_slug", "category_parent", "certs", "tsv", "exact_text", "title", "slug",
	"farm_name", "farm_slug", "province_name", "unit", "available_from", "photo"
FROM "search_documents" ORDER BY "created_at", "listing_id";
--> statement-breakpoint
DROP TABLE "search_documents";
--> statement-breakpoint
ALTER TABLE "search_documents_reordered" RENAME TO "search_documents";
--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_pkey" PRIMARY KEY ("listing_id");
--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "search_documents_tsv_idx" ON "search_documents" USING gin ("tsv");
--> statement-breakpoint
CREATE INDEX "search_documents_certs_idx" ON "search_documents" USING gin ("certs");
--> statement-breakpoint
CREATE INDEX "search_documents_category_idx" ON "search_documents" USING btree ("category_slug");
--> statement-breakpoint
CREATE INDEX "search_documents_parent_idx" ON "search_documents" USING btree ("category_parent");
--> statement-breakpoint
CREATE INDEX "search_documents_province_idx" ON "search_documents" USING btree ("province_code");
--> statement-breakpoint
CREATE INDEX "search_documents_price_idx" ON "search_documents" USING btree ("price_vnd");
--> statement-breakpoint
CREATE INDEX "search_documents_created_idx" ON "search_documents" USING btree ("created_at");
--> statement-breakpoint
CREATE INDEX "search_documents_geo_idx" ON "search_documents" USING gist ("geo");
