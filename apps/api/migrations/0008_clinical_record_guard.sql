-- Clinical records (visit notes, prescriptions, diagnostic reports and their observations) are
-- never overwritten or deleted, by any database role, the app's included: a correction is a new
-- revision row. One trigger function guards them all:
--
--   CREATE TRIGGER <table>_guard BEFORE UPDATE OR DELETE ON <table>
--     FOR EACH ROW EXECUTE FUNCTION clinical_record_guard('superseded_at', 'superseded_by');
--   CREATE TRIGGER <table>_no_truncate BEFORE TRUNCATE ON <table>
--     FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_guard();
--
-- The trigger's arguments name the columns that may be set once, from NULL (retiring a revision,
-- recording a release); an UPDATE that changes any other column, or sets one of those a second
-- time, and every DELETE and TRUNCATE, fail with SQLSTATE 42501 (insufficient_privilege).
-- Disabling the trigger needs the table owner, which the app's runtime role is not.
CREATE FUNCTION clinical_record_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb;
  new_row jsonb;
  col text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    old_row := to_jsonb(OLD);
    new_row := to_jsonb(NEW);
    IF TG_NARGS > 0 THEN
      FOREACH col IN ARRAY TG_ARGV LOOP
        IF old_row -> col = 'null'::jsonb OR old_row -> col = new_row -> col THEN
          old_row := old_row - col;
          new_row := new_row - col;
        END IF;
      END LOOP;
    END IF;
    IF old_row = new_row THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is a clinical record: it is never changed or deleted; write a new revision', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
