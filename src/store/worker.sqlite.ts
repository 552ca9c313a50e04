import type { SqliteStore } from './db.js';
import type { ClaimRequest, ClaimedItem, Outcome, SettledJob } from './worker.store.js';

// SQLite has one writer and no round trips: each operation is one synchronous transaction, and a
// loop of cached prepared statements inside it costs what one multi-row statement would.
// The SQL mirrors worker.pg.ts step by step; read that file for the reasoning.

const CLAIM = `
WITH running AS (
  SELECT tenant_id, COUNT(*) AS n FROM job_items WHERE status = 'running' GROUP BY tenant_id
), at_cap AS (
  SELECT running.tenant_id FROM running JOIN tenants t ON t.id = running.tenant_id
  WHERE running.n >= COALESCE(t.max_concurrency, :defaultCap)
), candidates AS (
  SELECT i.id, i.tenant_id, i.vtime FROM job_items i
  WHERE i.status = 'pending' AND i.run_at <= :now
    AND i.tenant_id NOT IN (SELECT tenant_id FROM at_cap)
  ORDER BY i.vtime, i.id LIMIT :scan
), ranked AS (
  SELECT c.id, c.vtime, c.tenant_id, ROW_NUMBER() OVER (PARTITION BY c.tenant_id ORDER BY c.vtime, c.id) AS rn
  FROM candidates c
)
UPDATE job_items SET status = 'running', attempts = attempts + 1, locked_by = :worker,
  locked_until = :now + :leaseMs, started_at = COALESCE(started_at, :now)
WHERE id IN (
  SELECT r.id FROM ranked r
  JOIN tenants t ON t.id = r.tenant_id
  LEFT JOIN running ON running.tenant_id = r.tenant_id
  WHERE r.rn + COALESCE(running.n, 0) <= COALESCE(t.max_concurrency, :defaultCap)
  ORDER BY r.vtime, r.id LIMIT :batch)
RETURNING id, job_id, tenant_id, type, seq, input, attempts, cost`;

const JOB_FOR_CLAIM = `
UPDATE jobs SET status = CASE WHEN status = 'pending' THEN 'processing' ELSE status END,
  started_at = COALESCE(started_at, :now), updated_at = :now
WHERE id = :jobId
RETURNING input, max_attempts`;

const SETTLE_ITEM = `
UPDATE job_items SET status = :status, result = :result, error = :error, run_at = COALESCE(:run_at, run_at),
  finished_at = CASE WHEN :status IN ('succeeded', 'failed') THEN :now END, locked_by = NULL, locked_until = NULL
WHERE id = :id AND status = 'running' AND locked_by = :worker AND attempts = :attempt
  AND (:expiredBefore IS NULL OR locked_until < :expiredBefore)
RETURNING id, job_id, tenant_id, status, cost, result, error`;

// better-sqlite3 binds every JS number as REAL: without the cast the key would read `refund:<job>:7.0`
// and miss a `refund:<job>:7` written by any other path (or by PostgreSQL's spelling of the same key).
const REFUND = `
INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, created_at)
SELECT :tenantId, j.meter, j.period, 'refund', -:cost, :jobId, :itemId, 'item failed', 'refund:' || :jobId || ':' || CAST(:itemId AS INTEGER), :now
FROM jobs j WHERE j.id = :jobId
ON CONFLICT (dedup_key) DO NOTHING
RETURNING tenant_id, meter, period, amount`;

const MOVE_USAGE = `
UPDATE usage SET used = used + :amount, updated_at = :now WHERE tenant_id = :tenant_id AND meter = :meter AND period = :period`;

const MOVE_JOB = `
UPDATE jobs SET
  items_done = items_done + :done,
  items_failed = items_failed + :failed,
  status = CASE
    WHEN items_done + :done + items_failed + :failed + items_cancelled < items_total THEN status
    WHEN items_failed + :failed = 0 THEN 'completed'
    WHEN items_done + :done = 0 THEN 'failed'
    ELSE 'partially_completed' END,
  finished_at = CASE WHEN items_done + :done + items_failed + :failed + items_cancelled >= items_total THEN :now ELSE finished_at END,
  result = CASE
    WHEN items_done + :done + items_failed + :failed + items_cancelled < items_total THEN result
    WHEN items_total = 1 THEN :oneResult
    ELSE json_object('succeeded', items_done + :done, 'failed', items_failed + :failed, 'cancelled', items_cancelled) END,
  error = COALESCE(:lastError, error),
  updated_at = :now
WHERE id = :jobId AND status IN ('pending', 'processing')
RETURNING id, tenant_id, status`;

const EXTEND = `UPDATE job_items SET locked_until = :until WHERE id = :id AND status = 'running' AND locked_by = :worker RETURNING id`;

const EXPIRED = `
SELECT i.id, i.attempts, i.locked_by, j.max_attempts FROM job_items i JOIN jobs j ON j.id = i.job_id
WHERE i.status = 'running' AND i.locked_until < :now ORDER BY i.locked_until LIMIT :limit`;

const RELEASE = `
UPDATE job_items SET status = 'pending', attempts = attempts - 1, locked_by = NULL, locked_until = NULL, run_at = :now
WHERE id = :id AND status = 'running' AND locked_by = :worker RETURNING id`;

export function claimOnSqlite(store: SqliteStore, r: ClaimRequest): Promise<ClaimedItem[]> {
  return store.sqlite.exclusive((h) =>
    h.transaction(() => {
      const items = h.prepare(CLAIM).all({ ...r, scan: r.batch * 4 }) as Omit<ClaimedItem, 'job_input' | 'max_attempts'>[];
      const jobs = new Map<string, { input: string; max_attempts: number }>();
      for (const item of items) {
        if (!jobs.has(item.job_id)) jobs.set(item.job_id, h.prepare(JOB_FOR_CLAIM).get({ jobId: item.job_id, now: r.now }) as { input: string; max_attempts: number });
      }
      return items.map((item) => ({ ...item, job_input: jobs.get(item.job_id)!.input, max_attempts: jobs.get(item.job_id)!.max_attempts }));
    }),
  );
}

export function settleOnSqlite(store: SqliteStore, worker: string, now: number, outcomes: Outcome[], expiredBefore: number | null) {
  return store.sqlite.exclusive((h) =>
    h.transaction(() => {
      const settled: number[] = [];
      const perJob = new Map<string, { done: number; failed: number; lastError: string | null; oneResult: string | null }>();
      for (const o of outcomes) {
        const row = h.prepare(SETTLE_ITEM).get({ ...o, worker, now, expiredBefore }) as
          | { id: number; job_id: string; tenant_id: string; status: string; cost: number; result: string | null; error: string | null }
          | undefined;
        if (!row) continue;
        settled.push(row.id);
        const job = perJob.get(row.job_id) ?? { done: 0, failed: 0, lastError: null, oneResult: null };
        perJob.set(row.job_id, job);
        if (row.status === 'succeeded') {
          job.done++;
          job.oneResult = row.result;
        } else if (row.status === 'failed') {
          job.failed++;
          job.lastError = row.error;
          if (row.cost > 0) {
            const refund = h.prepare(REFUND).get({ tenantId: row.tenant_id, cost: row.cost, jobId: row.job_id, itemId: row.id, now });
            if (refund) h.prepare(MOVE_USAGE).run({ ...(refund as object), now });
          }
        }
      }
      const jobs: SettledJob[] = [];
      for (const [jobId, c] of perJob) {
        if (c.done === 0 && c.failed === 0) continue;
        const moved = h.prepare(MOVE_JOB).get({ jobId, now, ...c }) as { id: string; tenant_id: string; status: string } | undefined;
        if (moved) jobs.push({ id: moved.id, tenantId: moved.tenant_id, status: moved.status });
      }
      return { settled, jobs };
    }),
  );
}

export function extendOnSqlite(store: SqliteStore, worker: string, ids: number[], until: number): Promise<number[]> {
  return store.sqlite.exclusive((h) =>
    h.transaction(() => ids.filter((id) => h.prepare(EXTEND).get({ id, worker, until }) !== undefined)),
  );
}

export function expiredOnSqlite(store: SqliteStore, now: number, limit: number) {
  return store.sqlite.exclusive((h) => h.prepare(EXPIRED).all({ now, limit }) as { id: number; attempts: number; locked_by: string; max_attempts: number }[]);
}

export function releaseOnSqlite(store: SqliteStore, worker: string, ids: number[], now: number): Promise<number[]> {
  return store.sqlite.exclusive((h) => h.transaction(() => ids.filter((id) => h.prepare(RELEASE).get({ id, worker, now }) !== undefined)));
}
