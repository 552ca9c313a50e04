-- tollgate migration core/0007_holds
ALTER TABLE jobs ADD COLUMN settle TEXT NOT NULL DEFAULT 'fixed' CHECK (settle IN ('fixed', 'actual'));

ALTER TABLE jobs ADD COLUMN overage TEXT NOT NULL DEFAULT 'cap' CHECK (overage IN ('cap', 'charge'));

ALTER TABLE job_items ADD COLUMN actual_cost BIGINT;

ALTER TABLE job_items ADD COLUMN uncharged BIGINT NOT NULL DEFAULT 0;

CREATE INDEX job_items_open ON job_items (tenant_id, job_id) WHERE status IN ('pending', 'running');

CREATE INDEX jobs_updated ON jobs (updated_at);

CREATE TABLE ledger_entries_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL,
  meter TEXT NOT NULL,
  period TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('charge', 'refund', 'release', 'adjustment')),
  amount BIGINT NOT NULL,
  job_id TEXT,
  item_id BIGINT,
  reason TEXT,
  dedup_key TEXT,
  created_at BIGINT NOT NULL
);

INSERT INTO ledger_entries_v2 SELECT id, tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, created_at FROM ledger_entries;

DROP TABLE ledger_entries;

ALTER TABLE ledger_entries_v2 RENAME TO ledger_entries;

CREATE UNIQUE INDEX ledger_entries_dedup ON ledger_entries (dedup_key);

CREATE INDEX ledger_entries_tenant ON ledger_entries (tenant_id, id);

CREATE INDEX ledger_entries_period ON ledger_entries (tenant_id, meter, period);

CREATE INDEX ledger_entries_job ON ledger_entries (job_id);
