-- Listing versions (docs/decisions/016-stale-edits.md): every UPDATE of a
-- listing raises its version, whoever makes it (the edit form, pause and
-- resume, stock taken by a checkout or given back by a cancellation), so an
-- edit form opened at an older version cannot overwrite what changed since.
-- A trigger rather than each statement: a write added later cannot forget it.
ALTER TABLE "listings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
CREATE FUNCTION "listings_next_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "listings_next_version" BEFORE UPDATE ON "listings"
  FOR EACH ROW EXECUTE FUNCTION "listings_next_version"();
