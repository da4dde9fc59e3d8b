ALTER TABLE "listings" ADD COLUMN "create_key" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "listings_create_key" ON "listings" USING btree ("farm_id","create_key");