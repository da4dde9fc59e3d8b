CREATE TABLE "text_notices" (
	"key" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quote_requests" ADD COLUMN "province_codes" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "quote_requests" ADD COLUMN "repeat_until" date;--> statement-breakpoint
ALTER TABLE "text_notices" ADD CONSTRAINT "text_notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_requests" ADD CONSTRAINT "quote_requests_repeat_weekly" CHECK ("quote_requests"."repeat_until" is null or ("quote_requests"."recurrence" = 'weekly' and "quote_requests"."repeat_until" >= "quote_requests"."deliver_from"));