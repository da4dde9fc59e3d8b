CREATE TABLE "search_price_bands" (
	"facet_key" bigint NOT NULL,
	"band" bigint NOT NULL,
	"documents" integer NOT NULL,
	CONSTRAINT "search_price_bands_pk" PRIMARY KEY("band","facet_key"),
	CONSTRAINT "search_price_bands_not_negative" CHECK ("search_price_bands"."documents" >= 0)
);
--> statement-breakpoint
-- The band a price falls in: its first digit, then zeros (decision 050;
-- app/search/postgres-engine.server.ts computes the same in priceParts).
CREATE FUNCTION "search_price_band"(price bigint) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (price / power(10, length(greatest(price, 0)::text) - 1)::bigint) * power(10, length(greatest(price, 0)::text) - 1)::bigint
$$;
--> statement-breakpoint
CREATE FUNCTION "search_price_bands_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A full reindex counts once at the end (search_price_bands_rebuild), as for the words.
  IF current_setting('nss.search_rebuild', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM search_price_bands;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_price_bands AS b (facet_key, band, documents)
    SELECT facet_key, search_price_band(price_vnd), count(*)::int FROM new_documents GROUP BY 1, 2 ORDER BY 2, 1
    ON CONFLICT ON CONSTRAINT search_price_bands_pk DO UPDATE SET documents = b.documents + excluded.documents;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- Most updates (stock within the same facets, photos, words) move nothing.
    WITH d AS (
      SELECT facet_key, band, sum(n)::int AS n FROM (
        SELECT facet_key, search_price_band(price_vnd) AS band, -1 AS n FROM old_documents
        UNION ALL
        SELECT facet_key, search_price_band(price_vnd), 1 FROM new_documents
      ) changes GROUP BY 1, 2 HAVING sum(n) <> 0
    ), fell AS (
      UPDATE search_price_bands b SET documents = b.documents + d.n
      FROM d WHERE d.n < 0 AND b.band = d.band AND b.facet_key = d.facet_key
    )
    INSERT INTO search_price_bands AS b (facet_key, band, documents)
    SELECT facet_key, band, n FROM d WHERE n > 0 ORDER BY 2, 1
    ON CONFLICT ON CONSTRAINT search_price_bands_pk DO UPDATE SET documents = b.documents + excluded.documents;
  ELSE
    UPDATE search_price_bands b SET documents = b.documents - o.n
    FROM (SELECT facet_key, search_price_band(price_vnd) AS band, count(*)::int AS n FROM old_documents GROUP BY 1, 2) o
    WHERE b.band = o.band AND b.facet_key = o.facet_key;
  END IF;
  DELETE FROM search_price_bands b
  USING (SELECT DISTINCT facet_key, search_price_band(price_vnd) AS band FROM old_documents) o
  WHERE b.documents = 0 AND b.band = o.band AND b.facet_key = o.facet_key;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_price_bands_insert" AFTER INSERT ON "search_documents"
  REFERENCING NEW TABLE AS new_documents FOR EACH STATEMENT EXECUTE FUNCTION search_price_bands_follow();
--> statement-breakpoint
CREATE TRIGGER "search_price_bands_update" AFTER UPDATE ON "search_documents"
  REFERENCING OLD TABLE AS old_documents NEW TABLE AS new_documents FOR EACH STATEMENT EXECUTE FUNCTION search_price_bands_follow();
--> statement-breakpoint
CREATE TRIGGER "search_price_bands_delete" AFTER DELETE ON "search_documents"
  REFERENCING OLD TABLE AS old_documents FOR EACH STATEMENT EXECUTE FUNCTION search_price_bands_follow();
--> statement-breakpoint
CREATE TRIGGER "search_price_bands_truncate" AFTER TRUNCATE ON "search_documents"
  FOR EACH STATEMENT EXECUTE FUNCTION search_price_bands_follow();
--> statement-breakpoint
CREATE FUNCTION "search_price_bands_rebuild"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM search_price_bands;
  INSERT INTO search_price_bands (facet_key, band, documents)
  SELECT facet_key, search_price_band(price_vnd), count(*)::int FROM search_documents GROUP BY 1, 2;
$$;
--> statement-breakpoint
SELECT search_price_bands_rebuild();
