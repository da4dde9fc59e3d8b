-- Edit versions (docs/decisions/016-stale-edits.md): every UPDATE of a
-- listing or a farm raises its version, whoever makes it (the edit forms,
-- pause and resume, stock taken by a checkout or given back by a
-- cancellation), so an edit form opened at an older version cannot overwrite
-- what changed since. A trigger rather than each statement: a write added
-- later cannot forget it.
ALTER TABLE "farms" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
CREATE FUNCTION "next_edit_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "listings_next_version" BEFORE UPDATE ON "listings"
  FOR EACH ROW EXECUTE FUNCTION "next_edit_version"();
--> statement-breakpoint
CREATE TRIGGER "farms_next_version" BEFORE UPDATE ON "farms"
  FOR EACH ROW EXECUTE FUNCTION "next_edit_version"();
