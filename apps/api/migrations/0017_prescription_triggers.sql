-- Prescriptions are clinical records: guarded by clinical_record_guard (migration 0008). A
-- revision may only be retired, once (superseded_at set from NULL); no other column ever
-- changes, and no row is ever deleted or truncated, by any role.
CREATE TRIGGER prescriptions_guard BEFORE UPDATE OR DELETE ON prescriptions
  FOR EACH ROW EXECUTE FUNCTION clinical_record_guard('superseded_at');
--> statement-breakpoint
CREATE TRIGGER prescriptions_no_truncate BEFORE TRUNCATE ON prescriptions
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_guard();
