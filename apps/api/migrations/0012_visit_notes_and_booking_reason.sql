CREATE TABLE "visit_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lineage_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"replaces_id" uuid,
	"booking_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"doctor_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"note" text NOT NULL,
	"diagnoses" jsonb NOT NULL,
	"revision_reason" varchar(500),
	"author_account_id" uuid NOT NULL,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_notes_revision_check" CHECK ("visit_notes"."revision" >= 1),
	CONSTRAINT "visit_notes_first_revision_check" CHECK (("visit_notes"."revision" = 1) = ("visit_notes"."replaces_id" IS NULL) AND ("visit_notes"."revision" > 1 OR "visit_notes"."lineage_id" = "visit_notes"."id")),
	CONSTRAINT "visit_notes_reason_check" CHECK ("visit_notes"."revision" = 1 OR "visit_notes"."revision_reason" IS NOT NULL),
	CONSTRAINT "visit_notes_note_check" CHECK (char_length("visit_notes"."note") BETWEEN 1 AND 10000),
	CONSTRAINT "visit_notes_diagnoses_check" CHECK (jsonb_typeof("visit_notes"."diagnoses") = 'array')
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "reason" varchar(1000);--> statement-breakpoint
ALTER TABLE "visit_notes" ADD CONSTRAINT "visit_notes_booking_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_notes" ADD CONSTRAINT "visit_notes_patient_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_notes" ADD CONSTRAINT "visit_notes_doctor_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_notes" ADD CONSTRAINT "visit_notes_location_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_notes" ADD CONSTRAINT "visit_notes_lineage_fk" FOREIGN KEY ("lineage_id") REFERENCES "public"."visit_notes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_notes" ADD CONSTRAINT "visit_notes_replaces_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."visit_notes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_notes" ADD CONSTRAINT "visit_notes_author_fk" FOREIGN KEY ("author_account_id") REFERENCES "public"."accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "visit_notes_current_idx" ON "visit_notes" USING btree ("lineage_id") WHERE "visit_notes"."superseded_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "visit_notes_revision_idx" ON "visit_notes" USING btree ("lineage_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_notes_booking_idx" ON "visit_notes" USING btree ("booking_id") WHERE "visit_notes"."revision" = 1;--> statement-breakpoint
CREATE INDEX "visit_notes_patient_idx" ON "visit_notes" USING btree ("patient_id");