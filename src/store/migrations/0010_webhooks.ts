import type { SqlMigration } from './index.js';

/**
 * Webhooks (issue 14): endpoints a tenant registers, a transactional outbox of events, and one
 * delivery row per endpoint and event.
 *
 * - `webhook_events` is the outbox: a row is inserted by the same transaction as the change it
 *   reports (a settle that finishes a job, a cancel, an admission that takes a meter across a
 *   threshold), so a crash can delay an event but never lose it. `dedup_key` is unique: a job's end is
 *   reported once (`job:<job>`), a threshold once per tenant, meter, period and threshold.
 *   `fanned_out` is 0 until a dispatcher has written the event's deliveries.
 * - `webhook_deliveries` is one row per endpoint × event (unique): its status, attempts, next attempt
 *   and the last attempt's outcome. `locked_by`/`locked_until` is a dispatcher's claim on it.
 *
 * Self-contained: it references only `tenants`, so its place in the sequence may change at a merge.
 */
export const webhooks: SqlMigration = {
  name: '0010_webhooks',
  sql: (d) => [
    `CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  description TEXT,
  enabled ${d.dialect === 'sqlite' ? 'INTEGER' : 'SMALLINT'} NOT NULL DEFAULT 1,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_expires_at BIGINT,
  failing_since BIGINT,
  disabled_reason TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
)`,
    `CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id, created_at)`,
    `CREATE TABLE webhook_events (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  dedup_key TEXT,
  fanned_out ${d.dialect === 'sqlite' ? 'INTEGER' : 'SMALLINT'} NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
)`,
    `CREATE UNIQUE INDEX webhook_events_dedup ON webhook_events (dedup_key)`,
    `CREATE INDEX webhook_events_new ON webhook_events (created_at) WHERE fanned_out = 0`,
    `CREATE INDEX webhook_events_created ON webhook_events (created_at)`,
    `CREATE TABLE webhook_deliveries (
  id ${d.serial},
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  tenant_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'gave_up')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,
  last_status_code INTEGER,
  last_duration_ms INTEGER,
  last_error TEXT,
  locked_by TEXT,
  locked_until BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
)`,
    `CREATE UNIQUE INDEX webhook_deliveries_endpoint_event ON webhook_deliveries (endpoint_id, event_id)`,
    `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    `CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id)`,
    `CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id)`,
  ],
};
