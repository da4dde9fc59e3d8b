CREATE TYPE "public"."late_payment_outcome" AS ENUM('revived', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."payment_issue_kind" AS ENUM('mismatch', 'unmatched_refund');--> statement-breakpoint
CREATE TABLE "payment_issues" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payment_issues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "payment_issue_kind" NOT NULL,
	"checkout_id" uuid,
	"stripe_event_id" text,
	"stripe_object_id" text NOT NULL,
	"amount_vnd" bigint,
	"currency" text,
	"detail" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "refunds_order_key";--> statement-breakpoint
DROP INDEX "ledger_entries_order_key";--> statement-breakpoint
ALTER TABLE "card_payments" ADD COLUMN "late_outcome" "late_payment_outcome";--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "refund_id" integer;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "via_dashboard" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "payment_issues_created_idx" ON "payment_issues" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_issues_refund_key" ON "payment_issues" USING btree ("stripe_object_id") WHERE "payment_issues"."kind" = 'unmatched_refund';--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_refund_key" ON "ledger_entries" USING btree ("refund_id");--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "refunds" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_order_key" ON "ledger_entries" USING btree ("order_id") WHERE "ledger_entries"."kind" = 'order';