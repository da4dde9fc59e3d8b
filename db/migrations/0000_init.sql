CREATE TYPE "public"."role" AS ENUM('farmer', 'business', 'consumer', 'helper', 'operator');--> statement-breakpoint
CREATE TYPE "public"."certification_type" AS ENUM('vietgap', 'globalgap', 'organic', 'ocop');--> statement-breakpoint
CREATE TYPE "public"."farm_kind" AS ENUM('household', 'coop', 'enterprise');--> statement-breakpoint
CREATE TYPE "public"."farm_verification" AS ENUM('unverified', 'pending', 'verified', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."listing_state" AS ENUM('draft', 'active', 'paused', 'sold_out', 'expired');--> statement-breakpoint
CREATE TYPE "public"."unit" AS ENUM('kg', 'yen', 'ta', 'tan', 'bo', 'qua', 'chuc', 'con', 'hop', 'lit');--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"user_id" integer NOT NULL,
	"role" "role" NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_roles_user_id_role_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"phone" text,
	"email" text,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"locale" text DEFAULT 'vi' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_phone_or_email" CHECK ("users"."phone" is not null or "users"."email" is not null)
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"slug" text PRIMARY KEY NOT NULL,
	"parent_slug" text,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communes" (
	"code" text PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provinces" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "farm_certifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "farm_certifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"type" "certification_type" NOT NULL,
	"number" text DEFAULT '' NOT NULL,
	"issuer" text DEFAULT '' NOT NULL,
	"expires_on" date,
	"stars" smallint,
	"farm_id" integer NOT NULL,
	CONSTRAINT "farm_certifications_stars" CHECK (("farm_certifications"."type" = 'ocop') = ("farm_certifications"."stars" is not null) and ("farm_certifications"."stars" is null or "farm_certifications"."stars" between 1 and 5))
);
--> statement-breakpoint
CREATE TABLE "farms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "farms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"owner_id" integer NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"kind" "farm_kind" DEFAULT 'household' NOT NULL,
	"story" text DEFAULT '' NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"address_line" text DEFAULT '' NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"verification" "farm_verification" DEFAULT 'unverified' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "farms_map_point" CHECK (("farms"."latitude" is null) = ("farms"."longitude" is null)
        and ("farms"."latitude" is null or ("farms"."latitude" between -90 and 90 and "farms"."longitude" between -180 and 180)))
);
--> statement-breakpoint
CREATE TABLE "listing_certifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "listing_certifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"listing_id" integer NOT NULL,
	"type" "certification_type" NOT NULL,
	"number" text DEFAULT '' NOT NULL,
	"issuer" text DEFAULT '' NOT NULL,
	"expires_on" date,
	"stars" smallint,
	CONSTRAINT "listing_certifications_stars" CHECK (("listing_certifications"."type" = 'ocop') = ("listing_certifications"."stars" is not null) and ("listing_certifications"."stars" is null or "listing_certifications"."stars" between 1 and 5))
);
--> statement-breakpoint
CREATE TABLE "listing_price_tiers" (
	"listing_id" integer NOT NULL,
	"min_qty" numeric(14, 3) NOT NULL,
	"price_vnd" bigint NOT NULL,
	CONSTRAINT "listing_price_tiers_listing_id_min_qty_pk" PRIMARY KEY("listing_id","min_qty"),
	CONSTRAINT "listing_price_tiers_positive" CHECK ("listing_price_tiers"."min_qty" > 0 and "listing_price_tiers"."price_vnd" > 0)
);
--> statement-breakpoint
CREATE TABLE "listings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "listings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"farm_id" integer NOT NULL,
	"title" text NOT NULL,
	"slug" text NOT NULL,
	"category_slug" text NOT NULL,
	"variety" text DEFAULT '' NOT NULL,
	"grade" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"unit" "unit" NOT NULL,
	"price_vnd" bigint NOT NULL,
	"stock" numeric(14, 3) NOT NULL,
	"min_order_qty" numeric(14, 3) DEFAULT '1' NOT NULL,
	"available_from" date,
	"available_to" date,
	"delivery_options" text[] DEFAULT '{}'::text[] NOT NULL,
	"state" "listing_state" DEFAULT 'draft' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "listings_price_positive" CHECK ("listings"."price_vnd" > 0),
	CONSTRAINT "listings_stock_nonnegative" CHECK ("listings"."stock" >= 0),
	CONSTRAINT "listings_min_order_positive" CHECK ("listings"."min_order_qty" > 0),
	CONSTRAINT "listings_harvest_window" CHECK ("listings"."available_from" is null or "listings"."available_to" is null or "listings"."available_from" <= "listings"."available_to")
);
--> statement-breakpoint
CREATE TABLE "photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"uploader_id" integer NOT NULL,
	"farm_id" integer,
	"listing_id" integer,
	"position" smallint DEFAULT 0 NOT NULL,
	"storage_key" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communes" ADD CONSTRAINT "communes_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "farm_certifications" ADD CONSTRAINT "farm_certifications_farm_id_farms_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."farms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "farms" ADD CONSTRAINT "farms_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "farms" ADD CONSTRAINT "farms_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "farms" ADD CONSTRAINT "farms_commune_code_communes_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_certifications" ADD CONSTRAINT "listing_certifications_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_price_tiers" ADD CONSTRAINT "listing_price_tiers_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_farm_id_farms_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."farms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_category_slug_categories_slug_fk" FOREIGN KEY ("category_slug") REFERENCES "public"."categories"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_farm_id_farms_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."farms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_phone_key" ON "users" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "communes_province_idx" ON "communes" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "farm_certifications_farm_idx" ON "farm_certifications" USING btree ("farm_id");--> statement-breakpoint
CREATE UNIQUE INDEX "farms_slug_key" ON "farms" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "farms_owner_key" ON "farms" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "farms_province_idx" ON "farms" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "listing_certifications_listing_idx" ON "listing_certifications" USING btree ("listing_id");--> statement-breakpoint
CREATE INDEX "listings_farm_idx" ON "listings" USING btree ("farm_id");--> statement-breakpoint
CREATE INDEX "listings_category_idx" ON "listings" USING btree ("category_slug");--> statement-breakpoint
CREATE INDEX "listings_fresh_idx" ON "listings" USING btree ("created_at") WHERE "listings"."state" = 'active' and "listings"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "photos_listing_idx" ON "photos" USING btree ("listing_id","position");--> statement-breakpoint
CREATE INDEX "photos_farm_idx" ON "photos" USING btree ("farm_id","position");