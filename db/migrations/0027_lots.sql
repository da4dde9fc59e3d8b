CREATE TYPE "public"."lot_input_kind" AS ENUM('fertiliser', 'pesticide');--> statement-breakpoint
CREATE TABLE "lot_inputs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lot_inputs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"lot_id" integer NOT NULL,
	"kind" "lot_input_kind" NOT NULL,
	"name" text NOT NULL,
	"active_ingredient" text,
	"amount" text DEFAULT '' NOT NULL,
	"applied_on" date NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lot_inputs_pesticide_ingredient" CHECK (("lot_inputs"."kind" = 'pesticide') = ("lot_inputs"."active_ingredient" is not null))
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"farm_id" integer NOT NULL,
	"code" text NOT NULL,
	"product" text NOT NULL,
	"category_slug" text,
	"plot" text DEFAULT '' NOT NULL,
	"sown_on" date,
	"harvested_on" date,
	"gtin" text,
	"certifications" text[] DEFAULT '{}'::text[] NOT NULL,
	"scans" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"create_key" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lots_gtin_digits" CHECK ("lots"."gtin" is null or "lots"."gtin" ~ '^[0-9]{14}$'),
	CONSTRAINT "lots_sown_before_harvest" CHECK ("lots"."sown_on" is null or "lots"."harvested_on" is null or "lots"."sown_on" <= "lots"."harvested_on")
);
--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "lot_id" integer;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "lot_id" integer;--> statement-breakpoint
ALTER TABLE "lot_inputs" ADD CONSTRAINT "lot_inputs_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_inputs" ADD CONSTRAINT "lot_inputs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_farm_id_farms_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."farms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_category_slug_categories_slug_fk" FOREIGN KEY ("category_slug") REFERENCES "public"."categories"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lot_inputs_lot_idx" ON "lot_inputs" USING btree ("lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lots_code_key" ON "lots" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "lots_create_key" ON "lots" USING btree ("farm_id","create_key");--> statement-breakpoint
CREATE INDEX "lots_farm_idx" ON "lots" USING btree ("farm_id");--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_items_lot_idx" ON "order_items" USING btree ("lot_id") WHERE "order_items"."lot_id" is not null;--> statement-breakpoint
-- Edit versions (decision 016) for lots, but a visit of the public page (scans + 1) is no edit:
-- it must not make an open edit form stale.
CREATE FUNCTION "next_lot_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.scans = OLD.scans THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "lots_next_version" BEFORE UPDATE ON "lots"
  FOR EACH ROW EXECUTE FUNCTION "next_lot_version"();
