-- tollgate migration core/0006_job_types
CREATE TABLE job_types (
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  secret TEXT,
  previous_secret TEXT,
  previous_secret_until BIGINT,
  version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE INDEX job_items_claimable_type ON job_items (type, vtime, id) WHERE status = 'pending';

CREATE TABLE api_keys_v2 (
  id TEXT PRIMARY KEY,
  tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'tenant', 'worker')),
  name TEXT,
  job_types TEXT,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);

INSERT INTO api_keys_v2 (id, tenant_id, key_hash, prefix, role, name, created_at, last_used_at, revoked_at)
SELECT id, tenant_id, key_hash, prefix, role, name, created_at, last_used_at, revoked_at FROM api_keys;

DROP TABLE api_keys;

ALTER TABLE api_keys_v2 RENAME TO api_keys;

CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);
