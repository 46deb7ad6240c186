ALTER TABLE "diagnostic_reports" ALTER COLUMN "booking_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "diagnostic_reports" ADD COLUMN "result_date" date;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_doctor_photo_current_idx" ON "documents" USING btree ("doctor_id") WHERE "documents"."kind" = 'doctor-photo' AND "documents"."retired_at" IS NULL;--> statement-breakpoint
ALTER TABLE "diagnostic_reports" ADD CONSTRAINT "diagnostic_reports_booking_check" CHECK ("diagnostic_reports"."source" = 'imported' OR "diagnostic_reports"."booking_id" IS NOT NULL);