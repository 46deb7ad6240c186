CREATE TABLE "diagnostic_locations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"diagnostic_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"price" numeric(10, 2) NOT NULL,
	"capacity" smallint DEFAULT 1 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "diagnostic_locations_price_check" CHECK ("diagnostic_locations"."price" >= 0),
	CONSTRAINT "diagnostic_locations_capacity_check" CHECK ("diagnostic_locations"."capacity" BETWEEN 1 AND 100)
);
--> statement-breakpoint
CREATE TABLE "diagnostics" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"description" text,
	"preparation" text,
	"duration_minutes" smallint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "diagnostics_duration_check" CHECK ("diagnostics"."duration_minutes" BETWEEN 5 AND 480)
);
--> statement-breakpoint
CREATE TABLE "doctors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"location_id" uuid NOT NULL,
	"specialty_id" uuid NOT NULL,
	"full_name" varchar(128) NOT NULL,
	"price" numeric(10, 2) NOT NULL,
	"photo_url" varchar(256),
	"experience" text,
	"certificates" text,
	"services" text,
	"appointment_minutes" smallint DEFAULT 30 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "doctors_price_check" CHECK ("doctors"."price" >= 0),
	CONSTRAINT "doctors_appointment_minutes_check" CHECK ("doctors"."appointment_minutes" BETWEEN 5 AND 480),
	CONSTRAINT "doctors_rating_check" CHECK ("doctors"."rating_count" >= 0 AND "doctors"."rating_sum" BETWEEN "doctors"."rating_count" AND 5 * "doctors"."rating_count")
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"address" varchar(256) NOT NULL,
	"phone" varchar(32) NOT NULL,
	"time_zone" varchar(64) NOT NULL,
	"currency" char(3) NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "locations_currency_check" CHECK ("locations"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "specialties" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "working_hours" (
	"id" uuid PRIMARY KEY NOT NULL,
	"location_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"opens_at" time NOT NULL,
	"closes_at" time NOT NULL,
	CONSTRAINT "working_hours_weekday_check" CHECK ("working_hours"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "working_hours_interval_check" CHECK ("working_hours"."opens_at" <> "working_hours"."closes_at")
);
--> statement-breakpoint
ALTER TABLE "diagnostic_locations" ADD CONSTRAINT "diagnostic_locations_diagnostic_fk" FOREIGN KEY ("diagnostic_id") REFERENCES "public"."diagnostics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_locations" ADD CONSTRAINT "diagnostic_locations_location_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_location_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_specialty_fk" FOREIGN KEY ("specialty_id") REFERENCES "public"."specialties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_hours" ADD CONSTRAINT "working_hours_location_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "diagnostic_locations_pair_key" ON "diagnostic_locations" USING btree ("diagnostic_id","location_id");--> statement-breakpoint
CREATE INDEX "diagnostic_locations_location_idx" ON "diagnostic_locations" USING btree ("location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "diagnostics_name_key" ON "diagnostics" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "doctors_location_idx" ON "doctors" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "doctors_specialty_idx" ON "doctors" USING btree ("specialty_id");--> statement-breakpoint
CREATE INDEX "doctors_name_idx" ON "doctors" USING btree ("full_name","id");--> statement-breakpoint
CREATE INDEX "doctors_price_idx" ON "doctors" USING btree ("price","id");--> statement-breakpoint
CREATE UNIQUE INDEX "locations_name_key" ON "locations" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "specialties_name_key" ON "specialties" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "working_hours_location_idx" ON "working_hours" USING btree ("location_id","weekday","opens_at");