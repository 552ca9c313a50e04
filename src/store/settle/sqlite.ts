import type { SqliteStore } from '../db.js';
import { itemOverageKeySql, itemRefundKeySql, itemReleaseKeySql } from '../sql/fragments.js';
import { sqliteSql } from '../sql/fragments.sqlite.js';
import { jobEventsSql } from '../webhooks/outbox.js';
import type { Outcome, SettledJob } from './index.js';

// SQLite has one writer and no round trips: each operation is one synchronous transaction, and a
// loop of cached prepared statements inside it costs what one multi-row statement would.
// The SQL mirrors pg.ts beside it step by step; read that file for the reasoning.

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
SELECT :tenantId, j.meter, j.period, 'refund', -:cost, :jobId, :itemId, 'item failed', ${itemRefundKeySql(':jobId', 'CAST(:itemId AS INTEGER)')}, :now
FROM jobs j WHERE j.id = :jobId
ON CONFLICT (dedup_key) DO NOTHING
RETURNING tenant_id, meter, period, amount`;

const MOVE_USAGE = `
UPDATE usage SET used = used + :amount, updated_at = :now WHERE tenant_id = :tenant_id AND meter = :meter AND period = :period`;

// Settle to actual, per succeeded item of an `actual` job (the reasoning is in pg.ts's HOLDS).
const HOLD = `
SELECT i.id, i.job_id, i.tenant_id, j.meter, j.period, j.overage, i.cost AS hold, u.used,
  ${sqliteSql.effectiveLimit('t', 'j.meter', ':tierLimits')} AS lim
FROM job_items i JOIN jobs j ON j.id = i.job_id JOIN tenants t ON t.id = i.tenant_id
JOIN usage u ON u.tenant_id = i.tenant_id AND u.meter = j.meter AND u.period = j.period
WHERE i.id = :id AND j.settle = 'actual' AND i.status = 'succeeded' AND i.actual_cost IS NULL`;

const HOLD_ENTRY = `
INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, created_at)
VALUES (:tenant_id, :meter, :period, :kind, :amount, :job_id, :id, :reason,
  CASE :kind WHEN 'release' THEN ${itemReleaseKeySql(':job_id', 'CAST(:id AS INTEGER)')} ELSE ${itemOverageKeySql(':job_id', 'CAST(:id AS INTEGER)')} END, :now)
ON CONFLICT (dedup_key) DO NOTHING
RETURNING tenant_id, meter, period, amount`;

const ITEM_ACTUAL = `UPDATE job_items SET actual_cost = :charged, uncharged = :uncharged WHERE id = :id`;

const MOVE_JOB = `
UPDATE jobs SET
  ${sqliteSql.jobRollUp({ job: '', done: ':done', failed: ':failed', oneResult: ':oneResult', lastError: ':lastError', now: ':now' })}
WHERE id = :jobId AND status IN ('pending', 'processing')
RETURNING id, tenant_id, status`;

// The outbox: a job that ended in this transaction is reported by it.
const JOB_EVENT = jobEventsSql('sqlite', '(SELECT :id AS id, :tenant_id AS tenant_id, :status AS status)', ':now');

export function settleOnSqlite(store: SqliteStore, worker: string, now: number, outcomes: Outcome[], expiredBefore: number | null, tierLimits: string) {
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
          if (typeof o.actual === 'number') settleHold(h, row.id, o.actual, now, tierLimits);
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
        if (!moved) continue;
        jobs.push({ id: moved.id, tenantId: moved.tenant_id, status: moved.status });
        if (moved.status !== 'pending' && moved.status !== 'processing') h.prepare(JOB_EVENT).run({ ...moved, now });
      }
      return { settled, jobs };
    }),
  );
}

type Handle = Parameters<Parameters<SqliteStore['sqlite']['exclusive']>[0]>[0];

/** Releases the unused part of a succeeded item's hold, or charges an excess that fits (overage `charge`). */
function settleHold(h: Handle, id: number, actual: number, now: number, tierLimits: string) {
  const hold = h.prepare(HOLD).get({ id, tierLimits }) as
    | { id: number; job_id: string; tenant_id: string; meter: string; period: string; overage: string; hold: number; used: number; lim: number }
    | undefined;
  if (!hold) return;
  const released = Math.max(hold.hold - actual, 0);
  const excess = Math.max(actual - hold.hold, 0);
  const overcharged = hold.overage === 'charge' && excess > 0 && hold.used - released + excess <= hold.lim ? excess : 0;
  const move = (kind: 'release' | 'charge', amount: number, reason: string) => {
    const entry = h.prepare(HOLD_ENTRY).get({ ...hold, kind, amount, reason, now });
    if (entry) h.prepare(MOVE_USAGE).run({ ...(entry as object), now });
  };
  if (released > 0) move('release', -released, 'actual cost below the hold');
  if (overcharged > 0) move('charge', overcharged, 'actual cost above the hold');
  h.prepare(ITEM_ACTUAL).run({ id, charged: Math.min(actual, hold.hold) + overcharged, uncharged: excess - overcharged });
}
