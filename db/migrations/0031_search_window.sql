-- The relevance window (app/search/postgres-engine.server.ts, decision 050):
-- the newest matches in one total order, (created_at, listing_id), which the
-- date index now gives without sorting the rows of a date again.
DROP INDEX "search_documents_created_idx";--> statement-breakpoint
CREATE INDEX "search_documents_created_idx" ON "search_documents" USING btree ("created_at","listing_id");--> statement-breakpoint
-- A full reindex counts the facet groups once at the end, as it counts the
-- words (0006): following each batch updated the same few thousand rows once
-- a batch, and a million listings left the table 7,660 pages for 2,018 rows
-- (browsing without words read them all: 60 ms).
CREATE OR REPLACE FUNCTION "search_facet_counts_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('nss.search_rebuild', true) = 'on' THEN
    RETURN NULL;
  END IF;
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
CREATE FUNCTION "search_facet_counts_rebuild"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM search_facet_counts;
  INSERT INTO search_facet_counts (category_slug, category_parent, province_code, certs, in_stock, bulk, documents)
  SELECT category_slug, category_parent, province_code, certs, in_stock, bulk, count(*)::int
  FROM search_documents GROUP BY 1, 2, 3, 4, 5, 6;
$$;
