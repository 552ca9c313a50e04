import type { SqlMigration } from './index.js';

/**
 * Job types a team declares over the API, claims by type, and keys for remote workers.
 *
 * - `job_types` holds the types declared with `PUT /v1/job-types/{name}` (built-in, code and
 *   configuration types live in the processes that define them). `secret` signs the requests to an
 *   HTTP handler; `previous_secret` keeps signing until `previous_secret_until` after a rotation.
 * - A worker claims only the types it has handlers for: per type, the head of its queue.
 * - `api_keys.role` gains `worker`, whose key names the `job_types` it may claim and settle.
 */
export const jobTypes: SqlMigration = {
  name: '0006_job_types',
  sql: (d) => [
    `CREATE TABLE job_types (
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  secret TEXT,
  previous_secret TEXT,
  previous_secret_until BIGINT,
  version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
)`,
    `CREATE INDEX job_items_claimable_type ON job_items (type, vtime, id) WHERE status = 'pending'`,
    ...(d.dialect === 'sqlite'
      ? [
          // SQLite cannot change a CHECK constraint in place: the table is rebuilt (nothing references it).
          `CREATE TABLE api_keys_v2 (
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
)`,
          `INSERT INTO api_keys_v2 (id, tenant_id, key_hash, prefix, role, name, created_at, last_used_at, revoked_at)
SELECT id, tenant_id, key_hash, prefix, role, name, created_at, last_used_at, revoked_at FROM api_keys`,
          `DROP TABLE api_keys`,
          `ALTER TABLE api_keys_v2 RENAME TO api_keys`,
          `CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at)`,
        ]
      : [
          `ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check`,
          `ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'tenant', 'worker'))`,
          `ALTER TABLE api_keys ADD COLUMN job_types TEXT`,
        ]),
  ],
};
