CREATE TYPE "public"."quote_audience" AS ENUM('open', 'invited');--> statement-breakpoint
CREATE TYPE "public"."quote_recurrence" AS ENUM('once', 'weekly');--> statement-breakpoint
CREATE TYPE "public"."quote_request_state" AS ENUM('open', 'closed', 'awarded', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."quote_state" AS ENUM('submitted', 'withdrawn', 'accepted', 'declined');--> statement-breakpoint
CREATE TABLE "quote_messages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quote_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"quote_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quote_request_invites" (
	"request_id" integer NOT NULL,
	"farm_id" integer NOT NULL,
	CONSTRAINT "quote_request_invites_request_id_farm_id_pk" PRIMARY KEY("request_id","farm_id")
);
--> statement-breakpoint
CREATE TABLE "quote_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quote_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"company_id" integer NOT NULL,
	"created_by" integer NOT NULL,
	"category_slug" text NOT NULL,
	"product" text NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"unit" "unit" NOT NULL,
	"grade" text DEFAULT '' NOT NULL,
	"certifications" "certification_type"[] DEFAULT '{}' NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"street" text DEFAULT '' NOT NULL,
	"recipient" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"deliver_from" date NOT NULL,
	"deliver_to" date NOT NULL,
	"target_price_vnd" bigint,
	"deadline" timestamp with time zone NOT NULL,
	"recurrence" "quote_recurrence" DEFAULT 'once' NOT NULL,
	"audience" "quote_audience" DEFAULT 'open' NOT NULL,
	"nationwide" boolean DEFAULT false NOT NULL,
	"state" "quote_request_state" DEFAULT 'open' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quote_requests_quantity_positive" CHECK ("quote_requests"."quantity" > 0),
	CONSTRAINT "quote_requests_window" CHECK ("quote_requests"."deliver_from" <= "quote_requests"."deliver_to"),
	CONSTRAINT "quote_requests_target_positive" CHECK ("quote_requests"."target_price_vnd" is null or "quote_requests"."target_price_vnd" > 0)
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quotes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"farm_id" integer NOT NULL,
	"listing_id" integer NOT NULL,
	"price_per_unit_vnd" bigint NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"earliest_delivery" date NOT NULL,
	"valid_until" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"state" "quote_state" DEFAULT 'submitted' NOT NULL,
	"accepted_quantity" numeric(14, 3),
	"order_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotes_price_positive" CHECK ("quotes"."price_per_unit_vnd" > 0),
	CONSTRAINT "quotes_quantity_positive" CHECK ("quotes"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "quote_messages" ADD CONSTRAINT "quote_messages_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_messages" ADD CONSTRAINT "quote_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_request_invites" ADD CONSTRAINT "quote_request_invites_request_id_quote_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."quote_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_request_invites" ADD CONSTRAINT "quote_request_invites_farm_id_farms_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."farms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_requests" ADD CONSTRAINT "quote_requests_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_requests" ADD CONSTRAINT "quote_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_requests" ADD CONSTRAINT "quote_requests_category_slug_categories_slug_fk" FOREIGN KEY ("category_slug") REFERENCES "public"."categories"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_requests" ADD CONSTRAINT "quote_requests_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_requests" ADD CONSTRAINT "quote_requests_commune_code_communes_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_request_id_quote_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."quote_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_farm_id_farms_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."farms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quote_messages_quote_idx" ON "quote_messages" USING btree ("quote_id","id");--> statement-breakpoint
CREATE INDEX "quote_requests_company_idx" ON "quote_requests" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "quote_requests_open_idx" ON "quote_requests" USING btree ("deadline") WHERE "quote_requests"."state" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_request_farm_key" ON "quotes" USING btree ("request_id","farm_id");--> statement-breakpoint
CREATE INDEX "quotes_farm_idx" ON "quotes" USING btree ("farm_id");--> statement-breakpoint
-- Quote versions (decision 030): every UPDATE of a quote or a request raises
-- its version (the function of migration 0010_edit_versions), so the buyer's
-- accept form, which carries each quote's version, is refused when the farm
-- revised the quote in between.
CREATE TRIGGER "quotes_next_version" BEFORE UPDATE ON "quotes"
  FOR EACH ROW EXECUTE FUNCTION "next_edit_version"();
--> statement-breakpoint
CREATE TRIGGER "quote_requests_next_version" BEFORE UPDATE ON "quote_requests"
  FOR EACH ROW EXECUTE FUNCTION "next_edit_version"();
