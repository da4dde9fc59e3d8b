-- A consent's paper photo is a photo (FK) and that consent's only (unique). Rows from before: a
-- reference to no photo, or a photo already another (earlier) consent's, is dropped.
UPDATE "consents" c SET "paper_photo_id" = NULL
WHERE "paper_photo_id" IS NOT NULL
  AND (NOT EXISTS (SELECT 1 FROM "photos" p WHERE p."id"::text = c."paper_photo_id")
    OR EXISTS (SELECT 1 FROM "consents" e WHERE e."paper_photo_id" = c."paper_photo_id" AND e."id" < c."id"));--> statement-breakpoint
ALTER TABLE "consents" ALTER COLUMN "paper_photo_id" SET DATA TYPE uuid USING "paper_photo_id"::uuid;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_paper_photo_id_photos_id_fk" FOREIGN KEY ("paper_photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_paper_photo_key" UNIQUE("paper_photo_id");
