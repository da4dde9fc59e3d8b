-- Facet counts of one-word searches without reading the matches
-- (docs/decisions/011-search-speed.md, "First runs").
-- search_term_counts: documents per word (tsv lexeme) and facet_key, kept by
-- statement triggers on search_documents like search_facet_counts; the price
-- index carries facet_key, so a price range counts by an index-only scan.
CREATE TABLE "search_term_counts" (
	"term" text NOT NULL,
	"facet_key" bigint NOT NULL,
	"documents" integer NOT NULL,
	CONSTRAINT "search_term_counts_pk" PRIMARY KEY("term","facet_key"),
	CONSTRAINT "search_term_counts_not_negative" CHECK ("search_term_counts"."documents" >= 0)
);
--> statement-breakpoint
DROP INDEX "search_documents_price_idx";--> statement-breakpoint
CREATE INDEX "search_term_counts_prefix_idx" ON "search_term_counts" USING btree ("term" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "search_documents_price_idx" ON "search_documents" USING btree ("price_vnd","facet_key");

--> statement-breakpoint
CREATE FUNCTION "search_term_counts_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A full reindex writes every document in batches, then counts once
  -- (search_term_counts_rebuild): following each batch would update the same
  -- rows again and again in one transaction.
  IF current_setting('nss.search_rebuild', true) = 'on' THEN
    RETURN NULL;
  END IF;
  -- (No shortcut for a DELETE that empties the table: between a check and
  -- the clearing, another session's insert could commit and lose its counts.)
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM search_term_counts;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_term_counts AS c (term, facet_key, documents)
    SELECT w, facet_key, count(*)::int FROM new_documents, unnest(tsvector_to_array(tsv)) w GROUP BY 1, 2
    ON CONFLICT ON CONSTRAINT search_term_counts_pk DO UPDATE SET documents = c.documents + excluded.documents;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- Most updates (stock, price, photo) leave the words and the facets as
    -- they were: no change. Counts that fall are updated, counts that rise
    -- are upserted (the check on a proposed row would refuse a negative one).
    WITH d AS (
      SELECT term, facet_key, sum(n)::int AS n FROM (
        SELECT w AS term, facet_key, -1 AS n FROM old_documents, unnest(tsvector_to_array(tsv)) w
        UNION ALL
        SELECT w, facet_key, 1 FROM new_documents, unnest(tsvector_to_array(tsv)) w
      ) changes GROUP BY 1, 2 HAVING sum(n) <> 0
    ), fell AS (
      UPDATE search_term_counts c SET documents = c.documents + d.n
      FROM d WHERE d.n < 0 AND c.term = d.term AND c.facet_key = d.facet_key
    )
    INSERT INTO search_term_counts AS c (term, facet_key, documents)
    SELECT term, facet_key, n FROM d WHERE n > 0
    ON CONFLICT ON CONSTRAINT search_term_counts_pk DO UPDATE SET documents = c.documents + excluded.documents;
  ELSE
    UPDATE search_term_counts c SET documents = c.documents - o.n
    FROM (SELECT w AS term, facet_key, count(*)::int AS n FROM old_documents, unnest(tsvector_to_array(tsv)) w GROUP BY 1, 2) o
    WHERE c.term = o.term AND c.facet_key = o.facet_key;
  END IF;
  DELETE FROM search_term_counts c
  USING (SELECT DISTINCT w AS term, facet_key FROM old_documents, unnest(tsvector_to_array(tsv)) w) o
  WHERE c.documents = 0 AND c.term = o.term AND c.facet_key = o.facet_key;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_term_counts_insert" AFTER INSERT ON "search_documents"
  REFERENCING NEW TABLE AS new_documents FOR EACH STATEMENT EXECUTE FUNCTION search_term_counts_follow();
--> statement-breakpoint
CREATE TRIGGER "search_term_counts_update" AFTER UPDATE ON "search_documents"
  REFERENCING OLD TABLE AS old_documents NEW TABLE AS new_documents FOR EACH STATEMENT EXECUTE FUNCTION search_term_counts_follow();
--> statement-breakpoint
CREATE TRIGGER "search_term_counts_delete" AFTER DELETE ON "search_documents"
  REFERENCING OLD TABLE AS old_documents FOR EACH STATEMENT EXECUTE FUNCTION search_term_counts_follow();
--> statement-breakpoint
CREATE TRIGGER "search_term_counts_truncate" AFTER TRUNCATE ON "search_documents"
  FOR EACH STATEMENT EXECUTE FUNCTION search_term_counts_follow();
--> statement-breakpoint
CREATE FUNCTION "search_term_counts_rebuild"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM search_term_counts;
  INSERT INTO search_term_counts (term, facet_key, documents)
  SELECT w, facet_key, count(*)::int FROM search_documents, unnest(tsvector_to_array(tsv)) w GROUP BY 1, 2;
$$;
--> statement-breakpoint
SELECT search_term_counts_rebuild();
--> statement-breakpoint
ANALYZE "search_term_counts";
