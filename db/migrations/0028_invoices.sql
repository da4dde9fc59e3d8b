CREATE TYPE "public"."invoice_kind" AS ENUM('invoice', 'credit_note');--> statement-breakpoint
CREATE TABLE "invoice_counters" (
	"farm_id" integer NOT NULL,
	"kind" "invoice_kind" NOT NULL,
	"year" smallint NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "invoice_counters_farm_id_kind_year_pk" PRIMARY KEY("farm_id","kind","year")
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"invoice_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"description" text NOT NULL,
	"unit" "unit",
	"quantity" numeric(14, 3),
	"unit_price_vnd" bigint,
	"amount_vnd" bigint NOT NULL,
	CONSTRAINT "invoice_lines_invoice_id_position_pk" PRIMARY KEY("invoice_id","position")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "invoices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "invoice_kind" NOT NULL,
	"farm_id" integer NOT NULL,
	"order_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"sequence" integer NOT NULL,
	"number" text NOT NULL,
	"seller" jsonb NOT NULL,
	"buyer" jsonb NOT NULL,
	"vat_percent" numeric(5, 2),
	"subtotal_vnd" bigint NOT NULL,
	"vat_vnd" bigint NOT NULL,
	"total_vnd" bigint NOT NULL,
	"total_words" text NOT NULL,
	"credits_invoice_id" integer,
	"reason" text,
	"issued_by" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_amounts" CHECK ("invoices"."total_vnd" > 0 and "invoices"."vat_vnd" >= 0 and "invoices"."subtotal_vnd" + "invoices"."vat_vnd" = "invoices"."total_vnd"),
	CONSTRAINT "invoices_credit_note" CHECK (("invoices"."kind" = 'credit_note') = ("invoices"."credits_invoice_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "vat_rates" (
	"code" text PRIMARY KEY NOT NULL,
	"percent" numeric(5, 2),
	"basis" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "farms" ADD COLUMN "tax_code" text;--> statement-breakpoint
ALTER TABLE "farms" ADD COLUMN "vat_rate_code" text;--> statement-breakpoint
ALTER TABLE "invoice_counters" ADD CONSTRAINT "invoice_counters_farm_id_farms_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."farms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_farm_id_farms_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."farms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_series_key" ON "invoices" USING btree ("farm_id","kind","year","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_order_key" ON "invoices" USING btree ("order_id") WHERE "invoices"."kind" = 'invoice';--> statement-breakpoint
CREATE INDEX "invoices_farm_idx" ON "invoices" USING btree ("farm_id","issued_at");--> statement-breakpoint
CREATE INDEX "invoices_credits_idx" ON "invoices" USING btree ("credits_invoice_id");--> statement-breakpoint

ALTER TABLE "invoices" ADD CONSTRAINT "invoices_credits_invoice_id_fk" FOREIGN KEY ("credits_invoice_id") REFERENCES "public"."invoices"("id");--> statement-breakpoint
-- VAT rates as data (decision 043; Law on VAT 48/2024/QH15). A farm names one when it is registered for VAT.
INSERT INTO "vat_rates" ("code", "percent", "basis") VALUES
  ('not_subject', NULL, 'Luật Thuế GTGT 48/2024/QH15, Điều 5 khoản 1: sản phẩm trồng trọt, chăn nuôi, thủy sản chưa chế biến do tự sản xuất bán ra'),
  ('5', 5, 'Luật Thuế GTGT 48/2024/QH15, Điều 9 khoản 2: sản phẩm nông nghiệp chưa chế biến ở khâu kinh doanh thương mại'),
  ('8', 8, 'Nghị quyết 204/2025/QH15, Nghị định 174/2025/NĐ-CP: giảm 2% thuế suất 10% đến 31/12/2026'),
  ('10', 10, 'Luật Thuế GTGT 48/2024/QH15, Điều 9 khoản 3: thuế suất phổ thông (hàng chế biến)');--> statement-breakpoint
ALTER TABLE "farms" ADD CONSTRAINT "farms_vat_rate_code_fk" FOREIGN KEY ("vat_rate_code") REFERENCES "public"."vat_rates"("code");--> statement-breakpoint
-- Issued papers never change (decision 043): corrections are credit notes, new rows.
CREATE FUNCTION "refuse_issued_invoice_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issued invoices never change: % on %', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;--> statement-breakpoint
CREATE TRIGGER "invoices_never_change" BEFORE UPDATE OR DELETE ON "invoices"
  FOR EACH ROW EXECUTE FUNCTION "refuse_issued_invoice_change"();--> statement-breakpoint
CREATE TRIGGER "invoice_lines_never_change" BEFORE UPDATE OR DELETE ON "invoice_lines"
  FOR EACH ROW EXECUTE FUNCTION "refuse_issued_invoice_change"();
--> statement-breakpoint
CREATE TRIGGER "invoices_never_truncated" BEFORE TRUNCATE ON "invoices"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_issued_invoice_change"();--> statement-breakpoint
CREATE TRIGGER "invoice_lines_never_truncated" BEFORE TRUNCATE ON "invoice_lines"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_issued_invoice_change"();
