CREATE TABLE "doctor_ratings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"doctor_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"source" varchar(16) NOT NULL,
	"booking_id" uuid,
	"patient_id" uuid,
	"external_id" varchar(128),
	"stars" smallint NOT NULL,
	"comment" varchar(2000),
	"comment_hidden_at" timestamp with time zone,
	"comment_hidden_by" uuid,
	"rated_at" timestamp with time zone NOT NULL,
	"edited_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "doctor_ratings_stars_check" CHECK ("doctor_ratings"."stars" BETWEEN 1 AND 5),
	CONSTRAINT "doctor_ratings_source_check" CHECK ("doctor_ratings"."source" IN ('verified', 'imported')),
	CONSTRAINT "doctor_ratings_provenance_check" CHECK (CASE "doctor_ratings"."source" WHEN 'verified' THEN "doctor_ratings"."booking_id" IS NOT NULL AND "doctor_ratings"."patient_id" IS NOT NULL AND "doctor_ratings"."external_id" IS NULL ELSE "doctor_ratings"."booking_id" IS NULL AND "doctor_ratings"."patient_id" IS NULL END),
	CONSTRAINT "doctor_ratings_hidden_check" CHECK (("doctor_ratings"."comment_hidden_at" IS NULL) = ("doctor_ratings"."comment_hidden_by" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "imported_rating_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "imported_rating_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "doctor_ratings" ADD CONSTRAINT "doctor_ratings_doctor_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_ratings" ADD CONSTRAINT "doctor_ratings_location_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_ratings" ADD CONSTRAINT "doctor_ratings_booking_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_ratings" ADD CONSTRAINT "doctor_ratings_patient_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_ratings" ADD CONSTRAINT "doctor_ratings_hidden_by_fk" FOREIGN KEY ("comment_hidden_by") REFERENCES "public"."accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "doctor_ratings_booking_key" ON "doctor_ratings" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "doctor_ratings_external_key" ON "doctor_ratings" USING btree ("external_id") WHERE "doctor_ratings"."external_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "doctor_ratings_doctor_idx" ON "doctor_ratings" USING btree ("doctor_id","rated_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "doctor_ratings_patient_idx" ON "doctor_ratings" USING btree ("patient_id");--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_imported_rating_check" CHECK ("doctors"."imported_rating_count" >= 0 AND "doctors"."imported_rating_sum" BETWEEN "doctors"."imported_rating_count" AND 5 * "doctors"."imported_rating_count");