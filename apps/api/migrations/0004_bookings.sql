CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"patient_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"doctor_id" uuid,
	"diagnostic_location_id" uuid,
	"capacity_unit" smallint,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"status" varchar(16) NOT NULL,
	"hold_expires_at" timestamp with time zone,
	"price" numeric(10, 2) NOT NULL,
	"currency" char(3) NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_status_check" CHECK ("bookings"."status" IN ('held', 'booked', 'checked_in', 'completed', 'cancelled', 'no_show', 'expired')),
	CONSTRAINT "bookings_period_check" CHECK ("bookings"."end_at" > "bookings"."start_at"),
	CONSTRAINT "bookings_subject_check" CHECK (("bookings"."doctor_id" IS NULL) <> ("bookings"."diagnostic_location_id" IS NULL)),
	CONSTRAINT "bookings_capacity_unit_check" CHECK (("bookings"."diagnostic_location_id" IS NULL) = ("bookings"."capacity_unit" IS NULL) AND ("bookings"."capacity_unit" IS NULL OR "bookings"."capacity_unit" >= 1)),
	CONSTRAINT "bookings_hold_check" CHECK (("bookings"."status" = 'held') = ("bookings"."hold_expires_at" IS NOT NULL)),
	CONSTRAINT "bookings_price_check" CHECK ("bookings"."price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"account_id" uuid NOT NULL,
	"key" varchar(128) NOT NULL,
	"route" varchar(128) NOT NULL,
	"request_hash" char(64) NOT NULL,
	"response_status" smallint,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY("account_id","key")
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_patient_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_location_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_doctor_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_diagnostic_location_fk" FOREIGN KEY ("diagnostic_location_id") REFERENCES "public"."diagnostic_locations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_account_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bookings_patient_idx" ON "bookings" USING btree ("patient_id","start_at");--> statement-breakpoint
CREATE INDEX "bookings_location_idx" ON "bookings" USING btree ("location_id","start_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expiry_idx" ON "idempotency_keys" USING btree ("expires_at");