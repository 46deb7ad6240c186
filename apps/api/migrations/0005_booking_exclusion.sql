-- No double booking, enforced by PostgreSQL whatever the code path, retry or concurrency.
-- Active = held (a live or not yet released hold), booked, checked_in, completed: the occupying
-- statuses of apps/api/src/db/occupancy.ts (OCCUPYING_STATUSES), which must stay in step. Ranges are
-- half-open [start, end): back-to-back appointments touch without overlapping.

-- A doctor never has two overlapping active bookings.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_doctor_no_overlap"
  EXCLUDE USING gist ("doctor_id" WITH =, tstzrange("start_at", "end_at", '[)') WITH &&)
  WHERE ("doctor_id" IS NOT NULL AND "status" IN ('held', 'booked', 'checked_in', 'completed'));
--> statement-breakpoint
-- A patient never holds two overlapping active bookings.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_patient_no_overlap"
  EXCLUDE USING gist ("patient_id" WITH =, tstzrange("start_at", "end_at", '[)') WITH &&)
  WHERE ("status" IN ('held', 'booked', 'checked_in', 'completed'));
--> statement-breakpoint
-- A diagnostic location runs at most `capacity` bookings at once: each booking takes one
-- numbered unit (1..capacity, chosen by the service) and a unit is never double-booked.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_diagnostic_unit_no_overlap"
  EXCLUDE USING gist (
    "diagnostic_location_id" WITH =,
    "capacity_unit" WITH =,
    tstzrange("start_at", "end_at", '[)') WITH &&
  )
  WHERE ("diagnostic_location_id" IS NOT NULL AND "status" IN ('held', 'booked', 'checked_in', 'completed'));
