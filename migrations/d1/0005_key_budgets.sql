-- tollgate migration core/0008_key_budgets
ALTER TABLE api_keys ADD COLUMN limits TEXT NOT NULL DEFAULT '{}';

CREATE TABLE key_usage (
  key_id TEXT NOT NULL,
  meter TEXT NOT NULL,
  period TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  used BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (key_id, meter, period)
);

ALTER TABLE jobs ADD COLUMN key_id TEXT;

ALTER TABLE ledger_entries ADD COLUMN key_id TEXT;

CREATE INDEX ledger_entries_key ON ledger_entries (key_id, meter, period) WHERE key_id IS NOT NULL;
