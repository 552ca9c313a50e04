import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Table types. Times are epoch milliseconds (BIGINT) in both dialects so that comparisons and
 * arithmetic are the same everywhere; JSON is stored as TEXT and parsed at the edge.
 */
export interface TenantsTable {
  id: string;
  name: string;
  tier: string;
  limits: string;
  max_concurrency: number | null;
  created_at: number;
  updated_at: number;
}

export type KeyRole = 'admin' | 'tenant' | 'worker';

export interface ApiKeysTable {
  id: string;
  tenant_id: string | null;
  key_hash: string;
  prefix: string;
  role: KeyRole;
  name: string | null;
  /** A worker key's job types (JSON array); null for admin and tenant keys. */
  job_types: string | null;
  /** A tenant key's budgets, JSON `{meter: limit}` per period; `{}` for none. */
  limits: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface JobTypesTable {
  name: string;
  /** The declared definition as JSON (see job-types/declared.ts). */
  definition: string;
  secret: string | null;
  previous_secret: string | null;
  previous_secret_until: number | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface UsageTable {
  tenant_id: string;
  meter: string;
  period: string;
  used: number;
  updated_at: number;
}

/** What a key's budget has been charged per meter and period; only keys with a budget have rows. */
export interface KeyUsageTable {
  key_id: string;
  meter: string;
  period: string;
  tenant_id: string;
  used: number;
  updated_at: number;
}

export type LedgerKind = 'charge' | 'refund' | 'release' | 'adjustment';

export interface LedgerEntriesTable {
  id: Generated<number>;
  tenant_id: string;
  meter: string;
  period: string;
  kind: LedgerKind;
  amount: number;
  job_id: string | null;
  item_id: number | null;
  reason: string | null;
  dedup_key: string | null;
  /** The key whose budget this entry moves; null when the job was charged to no key's budget. */
  key_id: Generated<string | null>;
  created_at: number;
}

export const JOB_STATUSES = ['pending', 'processing', 'completed', 'partially_completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_JOB_STATUSES = ['pending', 'processing'] as const satisfies readonly JobStatus[];

export interface JobsTable {
  id: string;
  tenant_id: string;
  type: string;
  status: JobStatus;
  subject: string | null;
  input: string;
  cost: number;
  meter: string;
  period: string;
  requested_by: string | null;
  items_total: number;
  items_done: number;
  items_failed: number;
  items_cancelled: number;
  result: string | null;
  error: string | null;
  max_attempts: number;
  /** `fixed`: `cost` is the price; `actual`: `cost` is a hold, settled per item to what the work used. */
  settle: Generated<'fixed' | 'actual'>;
  overage: Generated<'cap' | 'charge'>;
  /** The key whose budget the job was charged to; null when its key had no budget on the meter. */
  key_id: Generated<string | null>;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

export const ITEM_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface JobItemsTable {
  id: Generated<number>;
  job_id: string;
  tenant_id: string;
  type: string;
  seq: number;
  status: ItemStatus;
  input: string;
  /** The item's part of its job's charge: for an `actual` job, its hold. */
  cost: number;
  /** For an `actual` job's succeeded item: what it was charged in the end. */
  actual_cost: number | null;
  /** A reported cost above what could be charged (overage capped). */
  uncharged: Generated<number>;
  /** Virtual start time for fair claiming across tenants: lower runs first. */
  vtime: number;
  attempts: number;
  run_at: number;
  locked_by: string | null;
  locked_until: number | null;
  result: string | null;
  error: string | null;
  started_at: number | null;
  finished_at: number | null;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  request_hash: string;
  status: 'in_flight' | 'done';
  lock_token: string | null;
  locked_until: number | null;
  job_id: string | null;
  response_status: number | null;
  response_body: string | null;
  created_at: number;
  expires_at: number;
}

export interface Database {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  usage: UsageTable;
  key_usage: KeyUsageTable;
  ledger_entries: LedgerEntriesTable;
  jobs: JobsTable;
  job_items: JobItemsTable;
  idempotency_keys: IdempotencyKeysTable;
  job_types: JobTypesTable;
  worker_presence: WorkerPresenceTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

/** One row per worker and job type it runs: when it was last seen (see migration 0009). */
export interface WorkerPresenceTable {
  worker_id: string;
  type: string;
  seen_at: number;
}

export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  /** The event types it is sent (JSON array). */
  events: string;
  description: string | null;
  /** 1 or 0 in both dialects. */
  enabled: number;
  secret: string;
  /** The secret before the last rotation, which signs too until `previous_secret_expires_at`. */
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  /** When its deliveries started failing without a success since; null while healthy. */
  failing_since: number | null;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookEventsTable {
  id: string;
  tenant_id: string;
  type: string;
  /** JSON. A job event holds `{"job_id"}` only: the job is rendered at delivery, from its final row. */
  payload: string;
  dedup_key: string | null;
  fanned_out: Generated<number>;
  created_at: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'gave_up';

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: string;
  event_id: string;
  tenant_id: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  locked_by: string | null;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

export type Tenant = Selectable<TenantsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type Job = Selectable<JobsTable>;
export type JobItem = Selectable<JobItemsTable>;
export type LedgerEntry = Selectable<LedgerEntriesTable>;
export type NewLedgerEntry = Insertable<LedgerEntriesTable>;
export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type WebhookEvent = Selectable<WebhookEventsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
