-- tollgate migration core/0001_core
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  tier TEXT NOT NULL,
  limits TEXT NOT NULL DEFAULT '{}',
  max_concurrency INTEGER,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'tenant')),
  name TEXT,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);

CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);

CREATE TABLE usage (
  tenant_id TEXT NOT NULL,
  meter TEXT NOT NULL,
  period TEXT NOT NULL,
  used BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, meter, period)
);

-- Append-only. usage.used MUST equal SUM(amount) per tenant, meter and period.
CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL,
  meter TEXT NOT NULL,
  period TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('charge', 'refund', 'adjustment')),
  amount BIGINT NOT NULL,
  job_id TEXT,
  item_id BIGINT,
  reason TEXT,
  dedup_key TEXT,
  created_at BIGINT NOT NULL
);

-- A charge or refund is written at most once: charge:<job>, refund:<job> (cancel), refund:<job>:<item>.
CREATE UNIQUE INDEX ledger_entries_dedup ON ledger_entries (dedup_key);

CREATE INDEX ledger_entries_tenant ON ledger_entries (tenant_id, id);

CREATE INDEX ledger_entries_period ON ledger_entries (tenant_id, meter, period);

CREATE INDEX ledger_entries_job ON ledger_entries (job_id);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  subject TEXT,
  input TEXT NOT NULL,
  cost BIGINT NOT NULL,
  meter TEXT NOT NULL,
  period TEXT NOT NULL,
  requested_by TEXT,
  items_total INTEGER NOT NULL,
  items_done INTEGER NOT NULL DEFAULT 0,
  items_failed INTEGER NOT NULL DEFAULT 0,
  items_cancelled INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  error TEXT,
  max_attempts INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  updated_at BIGINT NOT NULL
);

-- Dedup is the database's call: at most one active job per tenant, type and subject.
CREATE UNIQUE INDEX jobs_active_subject ON jobs (tenant_id, type, subject)
  WHERE subject IS NOT NULL AND status IN ('pending', 'processing');

CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at DESC, id DESC);

CREATE INDEX jobs_tenant_status_created ON jobs (tenant_id, status, created_at DESC, id DESC);

CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE job_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  tenant_id TEXT NOT NULL,
  type TEXT NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  input TEXT NOT NULL,
  cost BIGINT NOT NULL,
  vtime BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at BIGINT NOT NULL,
  locked_by TEXT,
  locked_until BIGINT,
  result TEXT,
  error TEXT,
  started_at BIGINT,
  finished_at BIGINT
);

CREATE UNIQUE INDEX job_items_job_seq ON job_items (job_id, seq);

-- Claims take items in virtual-time order (start-time fair queuing across tenants, see worker/claim).
CREATE INDEX job_items_claimable ON job_items (vtime, id) WHERE status = 'pending';

CREATE INDEX job_items_tenant_pending ON job_items (tenant_id, vtime) WHERE status = 'pending';

CREATE INDEX job_items_job ON job_items (job_id, status);

CREATE INDEX job_items_leases ON job_items (locked_until) WHERE status = 'running';

CREATE INDEX job_items_finished ON job_items (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE idempotency_keys (
  tenant_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('in_flight', 'done')),
  lock_token TEXT,
  locked_until BIGINT,
  job_id TEXT,
  response_status INTEGER,
  response_body TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, key)
);

CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);
