-- Personal data sealed at rest (db/sealing.ts). SQL cannot encrypt (the key is the
-- application's), so each column to seal keeps its clear values under `<name>_plain` and a
-- new bytea column takes its name; on start, db/data-keys.ts seals what the plain columns
-- hold in batches, then drops them and sets NOT NULL where the schema says so.
CREATE TABLE "data_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"wrapped" bytea NOT NULL,
	"kek_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "persons" DROP CONSTRAINT "persons_national_id_unique";--> statement-breakpoint
ALTER TABLE "accounts" RENAME COLUMN "national_id" TO "national_id_plain";--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "national_id" bytea;--> statement-breakpoint
ALTER TABLE "persons" RENAME COLUMN "national_id" TO "national_id_plain";--> statement-breakpoint
ALTER TABLE "persons" ALTER COLUMN "national_id_plain" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "national_id" bytea;--> statement-breakpoint
ALTER TABLE "persons" RENAME COLUMN "birth_date" TO "birth_date_plain";--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "birth_date" bytea;--> statement-breakpoint
ALTER TABLE "persons" RENAME COLUMN "address" TO "address_plain";--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "address" bytea;--> statement-breakpoint
ALTER TABLE "persons" RENAME COLUMN "mobile" TO "mobile_plain";--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "mobile" bytea;--> statement-breakpoint
ALTER TABLE "persons" RENAME COLUMN "phone" TO "phone_plain";--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "phone" bytea;--> statement-breakpoint
ALTER TABLE "proofing_sessions" RENAME COLUMN "claims" TO "claims_plain";--> statement-breakpoint
ALTER TABLE "proofing_sessions" ADD COLUMN "claims" bytea;--> statement-breakpoint
ALTER TABLE "registrations" RENAME COLUMN "national_id" TO "national_id_plain";--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "national_id" bytea;--> statement-breakpoint
ALTER TABLE "registrations" RENAME COLUMN "proofed_claims" TO "proofed_claims_plain";--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "proofed_claims" bytea;--> statement-breakpoint
ALTER TABLE "registrations" RENAME COLUMN "personal" TO "personal_plain";--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "personal" bytea;--> statement-breakpoint
ALTER TABLE "service_requests" RENAME COLUMN "requester" TO "requester_plain";--> statement-breakpoint
ALTER TABLE "service_requests" ALTER COLUMN "requester_plain" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "service_requests" ADD COLUMN "requester" bytea;--> statement-breakpoint
ALTER TABLE "settings" RENAME COLUMN "value" TO "value_plain";--> statement-breakpoint
ALTER TABLE "settings" ALTER COLUMN "value_plain" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "value" bytea;--> statement-breakpoint
ALTER TABLE "documents" RENAME COLUMN "content" TO "content_plain";--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "content_plain" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "content" bytea;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "national_id_index" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "national_id_index" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "national_id_masked" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "national_id_index" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "national_id_index" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "name_th" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "name_en" text;--> statement-breakpoint
CREATE INDEX "audit_events_national_id_idx" ON "audit_events" USING btree ("national_id_index","at");--> statement-breakpoint
CREATE INDEX "registrations_national_id_idx" ON "registrations" USING btree ("national_id_index");--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_national_id_index_unique" UNIQUE("national_id_index");
