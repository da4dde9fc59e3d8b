CREATE TABLE "search_documents" (
	"listing_id" integer PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"slug" text NOT NULL,
	"exact_text" text NOT NULL,
	"tsv" "tsvector" NOT NULL,
	"category_slug" text NOT NULL,
	"category_parent" text NOT NULL,
	"farm_id" integer NOT NULL,
	"farm_name" text NOT NULL,
	"farm_slug" text NOT NULL,
	"province_code" text NOT NULL,
	"province_name" text NOT NULL,
	"price_vnd" bigint NOT NULL,
	"unit" text NOT NULL,
	"in_stock" boolean NOT NULL,
	"bulk" boolean NOT NULL,
	"available_from" date,
	"certs" text[] NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"photo" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_index_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"listing_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_documents_tsv_idx" ON "search_documents" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_documents_certs_idx" ON "search_documents" USING gin ("certs");--> statement-breakpoint
CREATE INDEX "search_documents_category_idx" ON "search_documents" USING btree ("category_slug");--> statement-breakpoint
CREATE INDEX "search_documents_parent_idx" ON "search_documents" USING btree ("category_parent");--> statement-breakpoint
CREATE INDEX "search_documents_province_idx" ON "search_documents" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "search_documents_price_idx" ON "search_documents" USING btree ("price_vnd");--> statement-breakpoint
CREATE INDEX "search_documents_created_idx" ON "search_documents" USING btree ("created_at");--> statement-breakpoint
INSERT INTO "search_index_state" ("id", "version") VALUES (1, 0);
--> statement-breakpoint
-- Listings that existed before search: note them all, so the worker indexes them.
INSERT INTO "search_outbox" ("listing_id") SELECT "id" FROM "listings";
