CREATE TABLE "search_term_postings" (
	"term" text NOT NULL,
	"facet_key" bigint NOT NULL,
	"ids" integer[] NOT NULL,
	"place_only" integer[] NOT NULL,
	CONSTRAINT "search_term_postings_pk" PRIMARY KEY("term","facet_key")
);
--> statement-breakpoint
-- intarray's &, | and - on sorted int[] (shipped with PostgreSQL's contrib,
-- and trusted: the database's owner may create it). Nothing else here uses
-- int[] with @> or && on an index, whose operators intarray would take over.
CREATE EXTENSION IF NOT EXISTS intarray;
--> statement-breakpoint
-- The documents holding each word, per facet group (db/schema/search.ts,
-- decision 050). A word is "place only" in a document when every position
-- of it there has weight C (place and farm names).
CREATE FUNCTION "search_term_postings_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A full reindex writes every document in batches, then builds once
  -- (search_term_postings_rebuild), as for the word counts.
  IF current_setting('nss.search_rebuild', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM search_term_postings;
    RETURN NULL;
  END IF;
  -- Out first: (word, group, document, place only) that the old documents
  -- had and the new ones do not. Most updates (stock, price, photo) change
  -- no words and no facets, and so nothing here.
  IF TG_OP = 'UPDATE' THEN
    UPDATE search_term_postings p SET ids = p.ids - r.ids, place_only = p.place_only - r.ids
    FROM (
      SELECT term, facet_key, array_agg(id) AS ids FROM (
        SELECT w.lexeme AS term, d.facet_key, d.listing_id AS id, coalesce(cardinality(w.weights) > 0 AND 'C' = ALL(w.weights), false) AS place
        FROM old_documents d, unnest(d.tsv) w
        EXCEPT
        SELECT w.lexeme, d.facet_key, d.listing_id, coalesce(cardinality(w.weights) > 0 AND 'C' = ALL(w.weights), false)
        FROM new_documents d, unnest(d.tsv) w
      ) gone GROUP BY 1, 2
    ) r
    WHERE p.term = r.term AND p.facet_key = r.facet_key;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE search_term_postings p SET ids = p.ids - r.ids, place_only = p.place_only - r.ids
    FROM (
      SELECT w.lexeme AS term, d.facet_key, array_agg(d.listing_id) AS ids
      FROM old_documents d, unnest(d.tsv) w GROUP BY 1, 2
    ) r
    WHERE p.term = r.term AND p.facet_key = r.facet_key;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_term_postings AS p (term, facet_key, ids, place_only)
    SELECT w.lexeme, d.facet_key, sort(array_agg(d.listing_id)),
           sort(coalesce(array_agg(d.listing_id) FILTER (WHERE cardinality(w.weights) > 0 AND 'C' = ALL(w.weights)), '{}'))
    FROM new_documents d, unnest(d.tsv) w GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ON CONSTRAINT search_term_postings_pk DO UPDATE
    SET ids = p.ids | excluded.ids, place_only = (p.place_only - excluded.ids) | excluded.place_only;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- Then in: what the new documents have and the old ones did not.
    INSERT INTO search_term_postings AS p (term, facet_key, ids, place_only)
    SELECT term, facet_key, sort(array_agg(id)), sort(coalesce(array_agg(id) FILTER (WHERE place), '{}')) FROM (
      SELECT w.lexeme AS term, d.facet_key, d.listing_id AS id, coalesce(cardinality(w.weights) > 0 AND 'C' = ALL(w.weights), false) AS place
      FROM new_documents d, unnest(d.tsv) w
      EXCEPT
      SELECT w.lexeme, d.facet_key, d.listing_id, coalesce(cardinality(w.weights) > 0 AND 'C' = ALL(w.weights), false)
      FROM old_documents d, unnest(d.tsv) w
    ) came GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ON CONSTRAINT search_term_postings_pk DO UPDATE
    SET ids = p.ids | excluded.ids, place_only = (p.place_only - excluded.ids) | excluded.place_only;
  END IF;
  DELETE FROM search_term_postings p
  USING (SELECT DISTINCT w.lexeme AS term, d.facet_key FROM old_documents d, unnest(d.tsv) w) o
  WHERE cardinality(p.ids) = 0 AND p.term = o.term AND p.facet_key = o.facet_key;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_term_postings_insert" AFTER INSERT ON "search_documents"
  REFERENCING NEW TABLE AS new_documents FOR EACH STATEMENT EXECUTE FUNCTION search_term_postings_follow();
--> statement-breakpoint
CREATE TRIGGER "search_term_postings_update" AFTER UPDATE ON "search_documents"
  REFERENCING OLD TABLE AS old_documents NEW TABLE AS new_documents FOR EACH STATEMENT EXECUTE FUNCTION search_term_postings_follow();
--> statement-breakpoint
CREATE TRIGGER "search_term_postings_delete" AFTER DELETE ON "search_documents"
  REFERENCING OLD TABLE AS old_documents FOR EACH STATEMENT EXECUTE FUNCTION search_term_postings_follow();
--> statement-breakpoint
CREATE TRIGGER "search_term_postings_truncate" AFTER TRUNCATE ON "search_documents"
  FOR EACH STATEMENT EXECUTE FUNCTION search_term_postings_follow();
--> statement-breakpoint
CREATE FUNCTION "search_term_postings_rebuild"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM search_term_postings;
  INSERT INTO search_term_postings (term, facet_key, ids, place_only)
  SELECT w.lexeme, d.facet_key, array_agg(d.listing_id ORDER BY d.listing_id),
         coalesce(array_agg(d.listing_id ORDER BY d.listing_id) FILTER (WHERE cardinality(w.weights) > 0 AND 'C' = ALL(w.weights)), '{}')
  FROM search_documents d, unnest(d.tsv) w GROUP BY 1, 2;
$$;
--> statement-breakpoint
SELECT search_term_postings_rebuild();
--> statement-breakpoint
-- Unions and intersections of the lists as aggregates (a word with its
-- synonyms; the words of a query): intarray's own functions behind | and &.
CREATE AGGREGATE "search_ids_union"(integer[]) (SFUNC = _int_union, STYPE = integer[], INITCOND = '{}');
--> statement-breakpoint
CREATE AGGREGATE "search_ids_intersection"(integer[]) (SFUNC = _int_inter, STYPE = integer[]);
