-- Diagnostic reports, their observations and documents are clinical records: guarded by
-- clinical_record_guard (migration 0008). A report revision may be retired, released and its
-- critical values acknowledged, each once; a document may be retired once (a doctor's replaced
-- photo); observations and stored bytes never change.
CREATE TRIGGER diagnostic_reports_guard BEFORE UPDATE OR DELETE ON diagnostic_reports
  FOR EACH ROW EXECUTE FUNCTION clinical_record_guard(
    'superseded_at', 'released_at', 'released_by', 'critical_acknowledged_at', 'critical_acknowledged_by');
--> statement-breakpoint
CREATE TRIGGER diagnostic_reports_no_truncate BEFORE TRUNCATE ON diagnostic_reports
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_guard();
--> statement-breakpoint
CREATE TRIGGER observations_guard BEFORE UPDATE OR DELETE ON observations
  FOR EACH ROW EXECUTE FUNCTION clinical_record_guard();
--> statement-breakpoint
CREATE TRIGGER observations_no_truncate BEFORE TRUNCATE ON observations
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_guard();
--> statement-breakpoint
CREATE TRIGGER documents_guard BEFORE UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION clinical_record_guard('retired_at');
--> statement-breakpoint
CREATE TRIGGER documents_no_truncate BEFORE TRUNCATE ON documents
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_guard();
--> statement-breakpoint
CREATE TRIGGER document_contents_guard BEFORE UPDATE OR DELETE ON document_contents
  FOR EACH ROW EXECUTE FUNCTION clinical_record_guard();
--> statement-breakpoint
CREATE TRIGGER document_contents_no_truncate BEFORE TRUNCATE ON document_contents
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_guard();
