-- tollgate migration d1/0001_referees
CREATE TABLE d1_refusals (
  over_limit TEXT,
  idempotency_lost TEXT,
  CONSTRAINT admission_over_limit CHECK (over_limit IS NULL),
  CONSTRAINT admission_idempotency_lost CHECK (idempotency_lost IS NULL)
);

CREATE TRIGGER ledger_entries_move_usage AFTER INSERT ON ledger_entries
FOR EACH ROW
BEGIN
  INSERT INTO usage (tenant_id, meter, period, used, updated_at)
  VALUES (NEW.tenant_id, NEW.meter, NEW.period, NEW.amount, NEW.created_at)
  ON CONFLICT (tenant_id, meter, period) DO UPDATE SET used = used + excluded.used, updated_at = excluded.updated_at;
  INSERT INTO key_usage (key_id, meter, period, tenant_id, used, updated_at)
  SELECT NEW.key_id, NEW.meter, NEW.period, NEW.tenant_id, NEW.amount, NEW.created_at WHERE NEW.key_id IS NOT NULL
  ON CONFLICT (key_id, meter, period) DO UPDATE SET used = used + excluded.used, updated_at = excluded.updated_at;
END;
