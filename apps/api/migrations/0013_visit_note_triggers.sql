-- Visit notes are clinical records: guarded by clinical_record_guard (migration
-- clinical_record_guard). A revision may only be retired (superseded_at set once, from NULL);
-- its text, diagnoses, author and time never change, and no row is ever deleted or truncated.
CREATE TRIGGER visit_notes_guard BEFORE UPDATE OR DELETE ON visit_notes
  FOR EACH ROW EXECUTE FUNCTION clinical_record_guard('superseded_at');
--> statement-breakpoint
CREATE TRIGGER visit_notes_no_truncate BEFORE TRUNCATE ON visit_notes
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_guard();
