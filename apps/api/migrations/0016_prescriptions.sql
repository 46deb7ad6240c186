CREATE TABLE "prescriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lineage_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"replaces_id" uuid,
	"patient_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"doctor_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"status" varchar(24) NOT NULL,
	"change" varchar(16) NOT NULL,
	"medication_name" varchar(200) NOT NULL,
	"medication_strength" varchar(100) NOT NULL,
	"medication_form" varchar(60) NOT NULL,
	"dose" varchar(100) NOT NULL,
	"route" varchar(60) NOT NULL,
	"frequency" varchar(100) NOT NULL,
	"duration_days" smallint NOT NULL,
	"quantity" numeric(10, 3) NOT NULL,
	"quantity_unit" varchar(32) NOT NULL,
	"repeats" smallint NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"instructions" varchar(1000) NOT NULL,
	"notes" varchar(2000),
	"reason" varchar(500),
	"author_account_id" uuid NOT NULL,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prescriptions_status_check" CHECK ("prescriptions"."status" IN ('active', 'on-hold', 'completed', 'cancelled', 'stopped', 'entered-in-error')),
	CONSTRAINT "prescriptions_change_check" CHECK ("prescriptions"."change" IN ('created', 'revised', 'status-changed')),
	CONSTRAINT "prescriptions_revision_check" CHECK ("prescriptions"."revision" BETWEEN 1 AND 200),
	CONSTRAINT "prescriptions_first_revision_check" CHECK (("prescriptions"."revision" = 1) = ("prescriptions"."replaces_id" IS NULL)
        AND ("prescriptions"."revision" = 1) = ("prescriptions"."change" = 'created')
        AND ("prescriptions"."revision" > 1 OR "prescriptions"."lineage_id" = "prescriptions"."id")
        AND ("prescriptions"."revision" = 1 OR "prescriptions"."reason" IS NOT NULL)),
	CONSTRAINT "prescriptions_quantity_check" CHECK ("prescriptions"."quantity" > 0),
	CONSTRAINT "prescriptions_repeats_check" CHECK ("prescriptions"."repeats" BETWEEN 0 AND 12),
	CONSTRAINT "prescriptions_duration_check" CHECK ("prescriptions"."duration_days" BETWEEN 1 AND 366),
	CONSTRAINT "prescriptions_validity_check" CHECK ("prescriptions"."valid_until" >= "prescriptions"."valid_from" AND "prescriptions"."valid_until" <= "prescriptions"."valid_from" + 366)
);
--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_patient_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_booking_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_doctor_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_location_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_lineage_fk" FOREIGN KEY ("lineage_id") REFERENCES "public"."prescriptions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_replaces_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."prescriptions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_author_fk" FOREIGN KEY ("author_account_id") REFERENCES "public"."accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "prescriptions_current_idx" ON "prescriptions" USING btree ("lineage_id") WHERE "prescriptions"."superseded_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "prescriptions_revision_idx" ON "prescriptions" USING btree ("lineage_id","revision");--> statement-breakpoint
CREATE INDEX "prescriptions_patient_idx" ON "prescriptions" USING btree ("patient_id","lineage_id");--> statement-breakpoint
CREATE INDEX "prescriptions_booking_idx" ON "prescriptions" USING btree ("booking_id");