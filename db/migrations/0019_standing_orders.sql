CREATE TYPE "public"."standing_occurrence_state" AS ENUM('scheduled', 'skipped', 'placed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."standing_order_state" AS ENUM('active', 'paused', 'ended');--> statement-breakpoint
CREATE TYPE "public"."standing_price_source" AS ENUM('listing', 'agreed');--> statement-breakpoint
CREATE TABLE "standing_order_lines" (
	"standing_order_id" integer NOT NULL,
	"listing_id" integer NOT NULL,
	"title" text NOT NULL,
	"unit" "unit" NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"unit_price_vnd" bigint NOT NULL,
	CONSTRAINT "standing_order_lines_standing_order_id_listing_id_pk" PRIMARY KEY("standing_order_id","listing_id"),
	CONSTRAINT "standing_order_lines_quantity_positive" CHECK ("standing_order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "standing_order_occurrences" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "standing_order_occurrences_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"standing_order_id" integer NOT NULL,
	"delivery_date" date NOT NULL,
	"state" "standing_occurrence_state" DEFAULT 'scheduled' NOT NULL,
	"order_id" integer,
	"reason" text,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standing_orders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "standing_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"buyer_id" integer NOT NULL,
	"company_id" integer,
	"farm_id" integer NOT NULL,
	"weekday" integer NOT NULL,
	"starts_on" date NOT NULL,
	"recipient" text NOT NULL,
	"phone" text NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"street" text NOT NULL,
	"payment_method" "payment_method" NOT NULL,
	"po_number" text,
	"state" "standing_order_state" DEFAULT 'active' NOT NULL,
	"price_source" "standing_price_source" NOT NULL,
	"source_order_id" integer,
	"quote_request_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "standing_orders_weekday" CHECK ("standing_orders"."weekday" between 1 and 7),
	CONSTRAINT "standing_orders_no_card" CHECK ("standing_orders"."payment_method" <> 'card')
);
--> statement-breakpoint
ALTER TABLE "standing_order_lines" ADD CONSTRAINT "standing_order_lines_standing_order_id_standing_orders_id_fk" FOREIGN KEY ("standing_order_id") REFERENCES "public"."standing_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_order_lines" ADD CONSTRAINT "standing_order_lines_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_order_occurrences" ADD CONSTRAINT "standing_order_occurrences_standing_order_id_standing_orders_id_fk" FOREIGN KEY ("standing_order_id") REFERENCES "public"."standing_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_order_occurrences" ADD CONSTRAINT "standing_order_occurrences_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_orders" ADD CONSTRAINT "standing_orders_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_orders" ADD CONSTRAINT "standing_orders_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_orders" ADD CONSTRAINT "standing_orders_farm_id_farms_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."farms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_orders" ADD CONSTRAINT "standing_orders_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_orders" ADD CONSTRAINT "standing_orders_commune_code_communes_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_orders" ADD CONSTRAINT "standing_orders_source_order_id_orders_id_fk" FOREIGN KEY ("source_order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standing_orders" ADD CONSTRAINT "standing_orders_quote_request_id_quote_requests_id_fk" FOREIGN KEY ("quote_request_id") REFERENCES "public"."quote_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "standing_order_occurrences_week_key" ON "standing_order_occurrences" USING btree ("standing_order_id","delivery_date");--> statement-breakpoint
CREATE INDEX "standing_orders_buyer_idx" ON "standing_orders" USING btree ("buyer_id");--> statement-breakpoint
CREATE INDEX "standing_orders_company_idx" ON "standing_orders" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "standing_orders_farm_idx" ON "standing_orders" USING btree ("farm_id");--> statement-breakpoint
CREATE UNIQUE INDEX "standing_orders_source_key" ON "standing_orders" USING btree ("source_order_id") WHERE "standing_orders"."state" <> 'ended';