CREATE TABLE "doctor_extra_hours" (
	"id" uuid PRIMARY KEY NOT NULL,
	"doctor_id" uuid NOT NULL,
	"date" date NOT NULL,
	"opens_at" time NOT NULL,
	"closes_at" time NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "doctor_extra_hours_interval_check" CHECK ("doctor_extra_hours"."opens_at" <> "doctor_extra_hours"."closes_at")
);
--> statement-breakpoint
CREATE TABLE "doctor_time_off" (
	"id" uuid PRIMARY KEY NOT NULL,
	"doctor_id" uuid NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"reason" varchar(200),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "doctor_time_off_form_check" CHECK (("doctor_time_off"."starts_on" IS NOT NULL AND "doctor_time_off"."ends_on" IS NOT NULL AND "doctor_time_off"."starts_at" IS NULL AND "doctor_time_off"."ends_at" IS NULL AND "doctor_time_off"."ends_on" >= "doctor_time_off"."starts_on")
        OR ("doctor_time_off"."starts_on" IS NULL AND "doctor_time_off"."ends_on" IS NULL AND "doctor_time_off"."starts_at" IS NOT NULL AND "doctor_time_off"."ends_at" IS NOT NULL AND "doctor_time_off"."ends_at" > "doctor_time_off"."starts_at"))
);
--> statement-breakpoint
CREATE TABLE "doctor_working_hours" (
	"id" uuid PRIMARY KEY NOT NULL,
	"doctor_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"opens_at" time NOT NULL,
	"closes_at" time NOT NULL,
	CONSTRAINT "doctor_working_hours_weekday_check" CHECK ("doctor_working_hours"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "doctor_working_hours_interval_check" CHECK ("doctor_working_hours"."opens_at" <> "doctor_working_hours"."closes_at")
);
--> statement-breakpoint
ALTER TABLE "doctor_extra_hours" ADD CONSTRAINT "doctor_extra_hours_doctor_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_time_off" ADD CONSTRAINT "doctor_time_off_doctor_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_working_hours" ADD CONSTRAINT "doctor_working_hours_doctor_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "doctor_extra_hours_doctor_idx" ON "doctor_extra_hours" USING btree ("doctor_id","date");--> statement-breakpoint
CREATE INDEX "doctor_time_off_doctor_idx" ON "doctor_time_off" USING btree ("doctor_id","starts_on","starts_at");--> statement-breakpoint
CREATE INDEX "doctor_working_hours_doctor_idx" ON "doctor_working_hours" USING btree ("doctor_id","weekday","opens_at");