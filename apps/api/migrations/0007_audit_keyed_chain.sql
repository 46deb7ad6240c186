ALTER TABLE "audit_events" ADD COLUMN "correlation_id" varchar(128);--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "key_id" varchar(16);--> statement-breakpoint
-- Sealing now also names the key whose HMAC the hash is, and covers the client's correlation id.
-- A seal must carry a key id: rows sealed unkeyed (before this migration) stay as they are and
-- verify counts them as legacy; no new row can be sealed without a key. The runtime role is
-- granted UPDATE on the seal columns only (src/db/roles.ts); this trigger lets such an update
-- through once per row, on an unsealed row, with the content unchanged.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL
     AND NEW.hash IS NOT NULL AND NEW.key_id IS NOT NULL
     AND (NEW.id, NEW.occurred_at, NEW.actor_id, NEW.actor_role, NEW.action, NEW.resource_type,
          NEW.resource_id, NEW.patient_id, NEW.outcome, NEW.ip, NEW.request_id, NEW.correlation_id)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.occurred_at, OLD.actor_id, OLD.actor_role, OLD.action, OLD.resource_type,
          OLD.resource_id, OLD.patient_id, OLD.outcome, OLD.ip, OLD.request_id, OLD.correlation_id)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
