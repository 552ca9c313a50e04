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
INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, key_id, created_at)
SELECT :tenantId, j.meter, j.period, 'refund', -:cost, :jobId, :itemId, 'item failed', ${itemRefundKeySql(':jobId', 'CAST(:itemId AS INTEGER)')}, j.key_id, :now
FROM jobs j WHERE j.id = :jobId
ON CONFLICT (dedup_key) DO NOTHING
RETURNING tenant_id, meter, period, amount, key_id`;

const MOVE_USAGE = `
UPDATE usage SET used = used + :amount, updated_at = :now WHERE tenant_id = :tenant_id AND meter = :meter AND period = :period`;

// The same entry's movement of the budget of the key its job was charged to (entries naming a key).
const MOVE_KEY_USAGE = `
UPDATE key_usage SET used = used + :amount, updated_at = :now WHERE key_id = :key_id AND meter = :meter AND period = :period`;

// Settle to actual, per succeeded item of an `actual` job (the reasoning is in pg.ts's HOLDS), read
// for the whole batch before any of its holds moves usage.
const HOLD = `
SELECT i.id, i.job_id, i.tenant_id, j.meter, j.period, j.overage, i.cost AS hold, u.used,
  ${sqliteSql.effectiveLimit('t', 'j.meter', ':tierLimits')} AS lim,
  j.key_id, ku.used AS key_used, ${sqliteSql.keyLimit('k', 'j.meter')} AS key_lim
FROM job_items i JOIN jobs j ON j.id = i.job_id JOIN tenants t ON t.id = i.tenant_id
JOIN usage u ON u.tenant_id = i.tenant_id AND u.meter = j.meter AND u.period = j.period
LEFT JOIN api_keys k ON k.id = j.key_id
LEFT JOIN key_usage ku ON ku.key_id = j.key_id AND ku.meter = j.meter AND ku.period = j.period
WHERE i.id = :id AND j.settle = 'actual' AND i.status = 'succeeded' AND i.actual_cost IS NULL`;

const HOLD_ENTRY = `
INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, key_id, created_at)
VALUES (:tenant_id, :meter, :period, :kind, :amount, :job_id, :id, :reason,
  CASE :kind WHEN 'release' THEN ${itemReleaseKeySql(':job_id', 'CAST(:id AS INTEGER)')} ELSE ${itemOverageKeySql(':job_id', 'CAST(:id AS INTEGER)')} END, :key_id, :now)
ON CONFLICT (dedup_key) DO NOTHING
RETURNING tenant_id, meter, period, amount, key_id`;

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
      const actuals = new Map<number, number>();
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
          if (typeof o.actual === 'number') actuals.set(row.id, o.actual);
        } else if (row.status === 'failed') {
          job.failed++;
          job.lastError = row.error;
          if (row.cost > 0) {
            const refund = h.prepare(REFUND).get({ tenantId: row.tenant_id, cost: row.cost, jobId: row.job_id, itemId: row.id, now }) as Entry | undefined;
            if (refund) moveUsage(h, refund, now);
          }
        }
      }
      settleHolds(h, actuals, now, tierLimits);
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

/** A ledger entry just written, as its RETURNING gives it. */
interface Entry {
  tenant_id: string;
  meter: string;
  period: string;
  amount: number;
  key_id: string | null;
}

/** Moves the tenant's usage, then the key's (the lock order), by an entry just written. */
function moveUsage(h: Handle, entry: Entry, now: number) {
  h.prepare(MOVE_USAGE).run({ ...entry, now });
  if (entry.key_id !== null) h.prepare(MOVE_KEY_USAGE).run({ ...entry, now });
}

interface HoldRow {
  id: number;
  job_id: string;
  tenant_id: string;
  meter: string;
  period: string;
  overage: string;
  hold: number;
  used: number;
  lim: number;
  key_id: string | null;
  key_used: number | null;
  key_lim: number | null;
}

/**
 * The holds of the items this transaction settled as succeeded, decided as pg.ts's HOLDS decides
 * them, so that a batch settles to the same ledger on both: every row read before anything moves,
 * then in item order, each excess (overage `charge`) counted against the limit with all of the
 * batch's releases and every earlier excess of its meter, whether that one fitted or not; for a job
 * charged to a key's budget, against that budget too, counted the same way per key.
 */
function settleHolds(h: Handle, actuals: Map<number, number>, now: number, tierLimits: string) {
  const rows = [...actuals.keys()]
    .sort((a, b) => a - b)
    .map((id) => h.prepare(HOLD).get({ id, tierLimits }) as HoldRow | undefined)
    .filter((row): row is HoldRow => row !== undefined);
  const meterOf = (row: HoldRow) => `${row.tenant_id}\u0000${row.meter}\u0000${row.period}`;
  const keyMeterOf = (row: HoldRow) => `${row.key_id}\u0000${row.meter}\u0000${row.period}`;
  const releasedTotal = new Map<string, number>();
  const keyReleasedTotal = new Map<string, number>();
  const add = (totals: Map<string, number>, at: string, amount: number) => totals.set(at, (totals.get(at) ?? 0) + amount);
  for (const row of rows) {
    const released = Math.max(row.hold - actuals.get(row.id)!, 0);
    add(releasedTotal, meterOf(row), released);
    add(keyReleasedTotal, keyMeterOf(row), released);
  }
  const excessSoFar = new Map<string, number>();
  const keyExcessSoFar = new Map<string, number>();
  const moves = new Map<string, Entry>();
  for (const row of rows) {
    const actual = actuals.get(row.id)!;
    const released = Math.max(row.hold - actual, 0);
    const excess = Math.max(actual - row.hold, 0);
    if (row.overage === 'charge') {
      add(excessSoFar, meterOf(row), excess);
      add(keyExcessSoFar, keyMeterOf(row), excess);
    }
    const fits = row.used - releasedTotal.get(meterOf(row))! + (excessSoFar.get(meterOf(row)) ?? 0) <= row.lim;
    const fitsKey =
      row.key_id === null ||
      row.key_lim === null ||
      (row.key_used ?? 0) - keyReleasedTotal.get(keyMeterOf(row))! + (keyExcessSoFar.get(keyMeterOf(row)) ?? 0) <= row.key_lim;
    const overcharged = row.overage === 'charge' && excess > 0 && fits && fitsKey ? excess : 0;
    const move = (kind: 'release' | 'charge', amount: number, reason: string) => {
      const entry = h.prepare(HOLD_ENTRY).get({ ...row, kind, amount, reason, now }) as Entry | undefined;
      if (!entry) return;
      const at = `${entry.tenant_id}\u0000${entry.meter}\u0000${entry.period}\u0000${entry.key_id ?? ''}`;
      const sum = moves.get(at);
      if (sum) sum.amount += entry.amount;
      else moves.set(at, { ...entry });
    };
    if (released > 0) move('release', -released, 'actual cost below the hold');
    if (overcharged > 0) move('charge', overcharged, 'actual cost above the hold');
    h.prepare(ITEM_ACTUAL).run({ id: row.id, charged: Math.min(actual, row.hold) + overcharged, uncharged: excess - overcharged });
  }
  // Usage moves once per row by the sum of the entries just written, as pg.ts's `moved` does: the
  // decisions above were taken on the rows as read before anything moved, so nothing depends on order.
  for (const entry of moves.values()) moveUsage(h, entry, now);
}
