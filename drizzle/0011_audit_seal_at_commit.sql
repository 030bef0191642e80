-- The audit chain is sealed at commit: recordAudit inserts a row with a temporary negative seq,
-- a seq marker in prev_hash and its canonical body in pending_body; this deferred trigger, run
-- at commit in insertion order, takes the chain lock, numbers the row after the last sealed one,
-- and writes prev_hash and hash exactly as hashAuditEntry computes them (sha256 of the previous
-- hash, a newline and the canonical JSON body). The lock is held from here to the end of the
-- commit only, not across the round trips of the rest of the transaction.
CREATE SEQUENCE IF NOT EXISTS "audit_log_pending_seq";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_seal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  next_seq bigint;
  body text;
BEGIN
  IF NEW.pending_body IS NULL THEN
    RETURN NULL; -- already sealed (e.g. restored from a backup)
  END IF;
  PERFORM pg_advisory_xact_lock(7263001);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log WHERE seq > 0 ORDER BY seq DESC LIMIT 1;
  next_seq := coalesce(last_seq, 0) + 1;
  last_hash := coalesce(last_hash, repeat('0', 64));
  body := replace(NEW.pending_body, NEW.prev_hash, next_seq::text);
  UPDATE audit_log
     SET seq = next_seq,
         prev_hash = last_hash,
         hash = encode(sha256(convert_to(last_hash || E'\n' || body, 'UTF8')), 'hex'),
         pending_body = NULL
   WHERE seq = NEW.seq;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_log_seal AFTER INSERT ON audit_log DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_log_seal();
