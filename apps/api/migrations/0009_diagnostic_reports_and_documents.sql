CREATE TABLE "document_contents" (
	"storage_key" varchar(255) PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" varchar(16) NOT NULL,
	"report_id" uuid,
	"patient_id" uuid,
	"doctor_id" uuid,
	"file_name" varchar(255) NOT NULL,
	"content_type" varchar(64) NOT NULL,
	"byte_size" bigint NOT NULL,
	"sha256" char(64) NOT NULL,
	"storage" varchar(16) NOT NULL,
	"storage_key" varchar(255) NOT NULL,
	"source" varchar(16) DEFAULT 'uploaded' NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "documents_kind_check" CHECK ("documents"."kind" IN ('report', 'doctor-photo')),
	CONSTRAINT "documents_owner_check" CHECK (("documents"."kind" = 'report' AND "documents"."report_id" IS NOT NULL AND "documents"."patient_id" IS NOT NULL AND "documents"."doctor_id" IS NULL)
        OR ("documents"."kind" = 'doctor-photo' AND "documents"."doctor_id" IS NOT NULL AND "documents"."report_id" IS NULL AND "documents"."patient_id" IS NULL)),
	CONSTRAINT "documents_content_type_check" CHECK ("documents"."content_type" IN ('application/pdf', 'image/png', 'image/jpeg')),
	CONSTRAINT "documents_size_check" CHECK ("documents"."byte_size" BETWEEN 1 AND 10485760),
	CONSTRAINT "documents_storage_check" CHECK ("documents"."storage" IN ('database', 'filesystem')),
	CONSTRAINT "documents_source_check" CHECK ("documents"."source" IN ('uploaded', 'imported'))
);
--> statement-breakpoint
CREATE TABLE "diagnostic_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lineage_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"replaces_id" uuid,
	"patient_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"ordering_doctor_id" uuid,
	"status" varchar(24) NOT NULL,
	"title" varchar(200) NOT NULL,
	"summary" text,
	"revision_reason" varchar(500),
	"author_account_id" uuid NOT NULL,
	"source" varchar(16) DEFAULT 'recorded' NOT NULL,
	"released_at" timestamp with time zone,
	"released_by" uuid,
	"critical_acknowledged_at" timestamp with time zone,
	"critical_acknowledged_by" uuid,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "diagnostic_reports_status_check" CHECK ("diagnostic_reports"."status" IN ('registered', 'preliminary', 'final', 'amended', 'corrected', 'entered-in-error')),
	CONSTRAINT "diagnostic_reports_source_check" CHECK ("diagnostic_reports"."source" IN ('recorded', 'imported')),
	CONSTRAINT "diagnostic_reports_revision_check" CHECK ("diagnostic_reports"."revision" >= 1),
	CONSTRAINT "diagnostic_reports_first_revision_check" CHECK (("diagnostic_reports"."revision" = 1) = ("diagnostic_reports"."replaces_id" IS NULL) AND ("diagnostic_reports"."revision" > 1 OR "diagnostic_reports"."lineage_id" = "diagnostic_reports"."id")),
	CONSTRAINT "diagnostic_reports_release_check" CHECK (("diagnostic_reports"."released_at" IS NULL) = ("diagnostic_reports"."released_by" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"name" varchar(200) NOT NULL,
	"loinc_code" varchar(16),
	"value_quantity" numeric(18, 6),
	"unit" varchar(32),
	"value_text" varchar(2000),
	"range_low" numeric(18, 6),
	"range_high" numeric(18, 6),
	"range_text" varchar(200),
	"range_sex" varchar(16),
	"range_age_min" smallint,
	"range_age_max" smallint,
	"critical_low" numeric(18, 6),
	"critical_high" numeric(18, 6),
	"interpretation" varchar(2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observations_interpretation_check" CHECK ("observations"."interpretation" IS NULL OR "observations"."interpretation" IN ('N', 'L', 'H', 'LL', 'HH', 'A')),
	CONSTRAINT "observations_value_check" CHECK (("observations"."value_quantity" IS NULL) <> ("observations"."value_text" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_report_fk" FOREIGN KEY ("report_id") REFERENCES "public"."diagnostic_reports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_patient_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_doctor_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploader_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_reports" ADD CONSTRAINT "diagnostic_reports_patient_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_reports" ADD CONSTRAINT "diagnostic_reports_booking_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_reports" ADD CONSTRAINT "diagnostic_reports_location_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_reports" ADD CONSTRAINT "diagnostic_reports_ordering_doctor_fk" FOREIGN KEY ("ordering_doctor_id") REFERENCES "public"."doctors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_reports" ADD CONSTRAINT "diagnostic_reports_lineage_fk" FOREIGN KEY ("lineage_id") REFERENCES "public"."diagnostic_reports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_reports" ADD CONSTRAINT "diagnostic_reports_replaces_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."diagnostic_reports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_reports" ADD CONSTRAINT "diagnostic_reports_author_fk" FOREIGN KEY ("author_account_id") REFERENCES "public"."accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_report_fk" FOREIGN KEY ("report_id") REFERENCES "public"."diagnostic_reports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_report_idx" ON "documents" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "documents_doctor_idx" ON "documents" USING btree ("doctor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "diagnostic_reports_current_idx" ON "diagnostic_reports" USING btree ("lineage_id") WHERE "diagnostic_reports"."superseded_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "diagnostic_reports_revision_idx" ON "diagnostic_reports" USING btree ("lineage_id","revision");--> statement-breakpoint
CREATE INDEX "diagnostic_reports_patient_idx" ON "diagnostic_reports" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "diagnostic_reports_booking_idx" ON "diagnostic_reports" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_position_idx" ON "observations" USING btree ("report_id","position");