import { TollgateError } from '../core/errors.js';
import type { EventType } from '../store/webhooks/outbox.js';
import { NO_WORKER_REASON, type EtaEstimator } from '../core/eta.js';
import { progressOf } from '../core/jobs.js';
import type { ApiKey, Job, JobItem, LedgerEntry, Tenant, WebhookDelivery, WebhookEndpoint } from '../store/schema.js';

export const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));

const ACTIVE = new Set(['pending', 'processing']);

/**
 * The job as /v1 shows it. Finished jobs have no ETA; active ones are estimated afresh on each read.
 * `reserved` is what admission charged (`cost`, kept for existing clients); `actual` what the job
 * cost in the end, once it has finished (null before; jobs.store.ts reads it).
 */
export function renderJob(job: Job & { actual?: number | string | null }, eta: EtaEstimator, now: number) {
  const progress = progressOf(job);
  const remaining = job.items_total - job.items_done - job.items_failed - job.items_cancelled;
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    subject: job.subject,
    cost: Number(job.cost),
    reserved: Number(job.cost),
    actual: ACTIVE.has(job.status) || job.actual === undefined || job.actual === null ? null : Number(job.actual),
    settle: job.settle,
    meter: job.meter,
    period: job.period,
    input: parse(job.input),
    result: parse(job.result),
    error: job.error,
    requested_by: job.requested_by,
    items_total: job.items_total,
    progress,
    created_at: iso(job.created_at)!,
    started_at: iso(job.started_at),
    finished_at: iso(job.finished_at),
    ...estimatedCompletion(job, () => eta.estimate(remaining, now), eta),
  };
}

const OPEN_ITEM = new Set(['pending', 'running']);

/**
 * `reserved` is the item's share of the admission charge (`cost`); `actual` what it was charged in
 * the end: its actual cost (a settled hold) or its price when it succeeded, 0 when it failed or was
 * cancelled (refunded), null while it is open. `actual_cost` stays as it was, for existing clients.
 */
/**
 * A job's ETA, with the reason when there is none for an active job: no worker serves its type.
 * `at` gives the estimate when there is one (live for reads; the admission's own for a 201).
 */
export function estimatedCompletion(job: Pick<Job, 'status' | 'type'>, at: () => number | null, eta: Pick<EtaEstimator, 'served'>) {
  if (!ACTIVE.has(job.status)) return { estimated_completion: null, estimated_completion_reason: null };
  const estimate = eta.served(job.type) ? at() : null;
  return { estimated_completion: iso(estimate), estimated_completion_reason: estimate === null ? NO_WORKER_REASON : null };
}

export function renderItem(item: JobItem) {
  return {
    id: Number(item.id),
    seq: item.seq,
    status: item.status,
    input: parse(item.input),
    result: parse(item.result),
    error: item.error,
    attempts: item.attempts,
    cost: Number(item.cost),
    reserved: Number(item.cost),
    actual: OPEN_ITEM.has(item.status) ? null : item.status === 'succeeded' ? Number(item.actual_cost ?? item.cost) : 0,
    actual_cost: item.actual_cost === null ? null : Number(item.actual_cost),
    uncharged: Number(item.uncharged),
    started_at: iso(item.started_at),
    finished_at: iso(item.finished_at),
  };
}

export function renderTenant(tenant: Tenant) {
  return {
    id: tenant.id,
    name: tenant.name,
    tier: tenant.tier,
    limits: JSON.parse(tenant.limits) as Record<string, number>,
    max_concurrency: tenant.max_concurrency,
    created_at: iso(tenant.created_at)!,
    updated_at: iso(tenant.updated_at)!,
  };
}

export function renderKey(key: ApiKey) {
  return {
    id: key.id,
    tenant_id: key.tenant_id,
    prefix: key.prefix,
    role: key.role,
    name: key.name,
    job_types: key.job_types === null ? null : (JSON.parse(key.job_types) as string[]),
    limits: JSON.parse(key.limits) as Record<string, number>,
    created_at: iso(key.created_at)!,
    last_used_at: iso(key.last_used_at),
    revoked_at: iso(key.revoked_at),
  };
}

export function renderLedgerEntry(entry: LedgerEntry) {
  return {
    id: Number(entry.id),
    kind: entry.kind,
    meter: entry.meter,
    period: entry.period,
    amount: Number(entry.amount),
    job_id: entry.job_id,
    item_id: entry.item_id === null ? null : Number(entry.item_id),
    reason: entry.reason,
    created_at: iso(entry.created_at)!,
  };
}

/**
 * The positions a cursor may hold, checked to the column they are compared with: a crafted cursor
 * (`[1e400, "x"]`, a 2^64 id, a NUL) is a client mistake to refuse, never a database error.
 */
const isPosition = (max: number) => (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
const isKey = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 255 && !v.includes('\u0000');
const isTime = isPosition(Number.MAX_SAFE_INTEGER);
export const cursorShapes = {
  /** `[created_at, id]` of a newest-first list (jobs, leads). */
  timeAndId: (v: unknown): v is [number, string] => Array.isArray(v) && v.length === 2 && isTime(v[0]) && isKey(v[1]),
  /** An item's `seq` (INTEGER). */
  seq: isPosition(2 ** 31 - 1),
  /** A BIGINT row id (ledger entries). */
  rowId: isPosition(Number.MAX_SAFE_INTEGER),
  /** A text id (tenants, products). */
  key: isKey,
};

/** Opaque cursors: base64url JSON, so clients cannot depend on what is inside. */
export const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The position a cursor names; `'invalid'` for one this API did not issue (each API family says so its own way). */
export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T): T | undefined | 'invalid' {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return check(value) ? value : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** decodeCursor for /v1: a cursor this API did not issue is a `validation_failed` problem. */
export function readCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T): T | undefined {
  const value = decodeCursor(cursor, check);
  if (value === 'invalid') throw new TollgateError('validation_failed', 'Invalid cursor', { errors: [{ path: 'cursor', message: 'not a cursor this API issued' }] });
  return value;
}

/**
 * A page from `limit + 1` rows: the extra row only says that there is more, and the cursor points
 * after the last row shown (keyset paging: page N costs what page 1 costs).
 */
export function page<Row, Out>(rows: Row[], limit: number, render: (row: Row) => Out, position: (row: Row) => unknown) {
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { data: rows.slice(0, limit).map(render), next_cursor: last === undefined ? null : encodeCursor(position(last)) };
}

/** An endpoint, never its secrets (the creation and rotation responses add the new one). */
export function renderEndpoint(endpoint: WebhookEndpoint, now: number) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: JSON.parse(endpoint.events) as EventType[],
    description: endpoint.description,
    enabled: endpoint.enabled === 1,
    disabled_reason: endpoint.disabled_reason,
    failing_since: iso(endpoint.failing_since),
    rotation_overlap_until: endpoint.previous_secret_expires_at !== null && endpoint.previous_secret_expires_at > now ? iso(endpoint.previous_secret_expires_at) : null,
    created_at: iso(endpoint.created_at)!,
    updated_at: iso(endpoint.updated_at)!,
  };
}

export function renderDelivery(d: WebhookDelivery & { type: string }) {
  return {
    id: Number(d.id),
    event_id: d.event_id,
    event_type: d.type,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.last_status_code,
    last_duration_ms: d.last_duration_ms,
    last_error: d.last_error,
    next_attempt_at: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    created_at: iso(d.created_at)!,
    updated_at: iso(d.updated_at)!,
  };
}

/**
 * The next page as a `Link` header (RFC 8288), beside the body's `next_cursor`: this request's path
 * and query with the cursor in place, for clients that follow links. None on the last page.
 */
export function nextLink(requestUrl: string, cursor: string | null): Record<string, string> {
  if (cursor === null) return {};
  const url = new URL(requestUrl, 'http://localhost');
  url.searchParams.set('cursor', cursor);
  return { link: `<${url.pathname}${url.search}>; rel="next"` };
}
