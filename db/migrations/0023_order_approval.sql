ALTER TYPE "public"."order_status" ADD VALUE 'awaiting_approval' BEFORE 'accepted';--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "note" text;