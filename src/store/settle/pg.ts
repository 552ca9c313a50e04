import type { PostgresStore } from '../db.js';
import { namedQuery } from '../named.js';
import { itemOverageKeySql, itemRefundKeySql, itemReleaseKeySql } from '../sql/fragments.js';
import { pgSql } from '../sql/fragments.pg.js';
import { jobEventsSql } from '../webhooks/outbox.js';
import type { Outcome, SettledJob } from './index.js';

// Row locks are taken in id order, items first, then jobs: the lease extension takes the same items
// in the same order, and other workers' settles the same jobs, so none of them can deadlock (each
// deadlock stalled both statements for deadlock_timeout and failed one: a lost heartbeat).
const SETTLE = namedQuery(
  'tollgate_settle_v3',
  `
WITH v AS (
  SELECT * FROM jsonb_to_recordset(:outcomes::jsonb) AS v(id bigint, attempt int, status text, result text, error text, run_at bigint)
), item_locks AS (
  SELECT i.id FROM job_items i WHERE i.id IN (SELECT id FROM v) ORDER BY i.id FOR UPDATE
), settled AS (
  UPDATE job_items i
  SET status = v.status, result = v.result, error = v.error, run_at = COALESCE(v.run_at, i.run_at),
      finished_at = CASE WHEN v.status IN ('succeeded', 'failed') THEN :now::bigint END,
      locked_by = NULL, locked_until = NULL
  FROM v
  WHERE i.id = v.id AND i.id IN (SELECT id FROM item_locks) AND i.status = 'running' AND i.locked_by = :worker::text AND i.attempts = v.attempt
    AND (:expiredBefore::bigint IS NULL OR i.locked_until < :expiredBefore::bigint)
  RETURNING i.id, i.job_id, i.tenant_id, i.status, i.cost, i.result, i.error
), refunds AS (
  INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, key_id, created_at)
  SELECT s.tenant_id, j.meter, j.period, 'refund', -s.cost, s.job_id, s.id, 'item failed',
         ${itemRefundKeySql('s.job_id', 's.id')}, j.key_id, :now::bigint
  FROM settled s JOIN jobs j ON j.id = s.job_id
  WHERE s.status = 'failed' AND s.cost > 0
  ON CONFLICT (dedup_key) DO NOTHING
  RETURNING tenant_id, meter, period, amount, key_id
), moved AS (
  -- The counter moves by exactly what the ledger received: a refund that already existed moves nothing.
  UPDATE usage u SET used = u.used + r.total, updated_at = :now::bigint
  FROM (SELECT tenant_id, meter, period, SUM(amount) AS total FROM refunds GROUP BY tenant_id, meter, period) r
  WHERE u.tenant_id = r.tenant_id AND u.meter = r.meter AND u.period = r.period
  RETURNING u.tenant_id
), ${moveKeyUsage('refunds')}, counts AS (
  SELECT job_id,
    COUNT(*) FILTER (WHERE status = 'succeeded') AS done,
    COUNT(*) FILTER (WHERE status = 'failed') AS failed,
    MAX(error) FILTER (WHERE status = 'failed') AS last_error,
    MAX(result) FILTER (WHERE status = 'succeeded') AS one_result
  FROM settled GROUP BY job_id
), job_locks AS (
  SELECT j.id FROM jobs j WHERE j.id IN (SELECT job_id FROM counts) ORDER BY j.id FOR UPDATE
), jobs_moved AS (
  UPDATE jobs j SET
    ${pgSql.jobRollUp({ job: 'j', done: 'c.done', failed: 'c.failed', oneResult: 'c.one_result', lastError: 'c.last_error', now: ':now::bigint' })}
  FROM counts c
  WHERE j.id = c.job_id AND j.id IN (SELECT id FROM job_locks) AND j.status IN ('pending', 'processing')
  RETURNING j.id, j.tenant_id, j.status
), outbox AS (
  -- The outbox: a job that ended here is reported by this statement, or not at all.
  ${jobEventsSql('postgres', 'jobs_moved', ':now::bigint')}
)
SELECT
  (SELECT COALESCE(json_agg(s.id), '[]'::json) FROM settled s) AS settled,
  (SELECT COALESCE(json_agg(json_build_object('id', m.id, 'tenantId', m.tenant_id, 'status', m.status)), '[]'::json) FROM jobs_moved m) AS jobs,
  (SELECT COUNT(*) FROM moved) AS moved`,
);

/**
 * CTE `key_moved`: the key usage rows move by the entries of `entries` that name a key. It joins the
 * count of `moved`, so that no key row is locked before every usage row is: usage, then key usage,
 * as on every write path.
 */
function moveKeyUsage(entries: string): string {
  return `key_moved AS (
  UPDATE key_usage k SET used = k.used + r.total, updated_at = :now::bigint
  FROM (SELECT key_id, meter, period, SUM(amount) AS total FROM ${entries} WHERE key_id IS NOT NULL GROUP BY key_id, meter, period) r,
    (SELECT COUNT(*) AS n FROM moved) m
  WHERE k.key_id = r.key_id AND k.meter = r.meter AND k.period = r.period
  RETURNING k.key_id
)`;
}

// Settle to actual takes the usage rows of the batch's jobs before anything else, after their items
// and in key order: the settle's refunds and the holds' releases then move rows already held, and the
// job roll-up comes last, as on every write path.
const LOCK = namedQuery(
  'tollgate_settle_lock_v2',
  `
WITH items AS (
  SELECT i.id, i.job_id FROM job_items i WHERE i.id = ANY(:ids::bigint[]) ORDER BY i.id FOR UPDATE
), usage_rows AS (
  SELECT u.tenant_id FROM usage u
  WHERE (u.tenant_id, u.meter, u.period) IN (SELECT j.tenant_id, j.meter, j.period FROM jobs j WHERE j.id IN (SELECT job_id FROM items))
  ORDER BY u.tenant_id, u.meter, u.period FOR UPDATE
), key_rows AS (
  -- The count of usage_rows is an InitPlan, run before the first key row is locked.
  SELECT k.key_id FROM key_usage k
  WHERE (SELECT COUNT(*) FROM usage_rows) >= 0
    AND (k.key_id, k.meter, k.period) IN (SELECT j.key_id, j.meter, j.period FROM jobs j WHERE j.id IN (SELECT job_id FROM items) AND j.key_id IS NOT NULL)
  ORDER BY k.key_id, k.meter, k.period FOR UPDATE
)
SELECT (SELECT COUNT(*) FROM items) AS items, (SELECT COUNT(*) FROM usage_rows) AS usage_rows, (SELECT COUNT(*) FROM key_rows) AS key_rows`,
);

// The holds of the items this transaction just settled as succeeded: release what the work did not
// use, charge an excess the allowance still has room for (overage `charge`; in item order, counting
// every earlier excess of the batch whether it fitted or not, so the batch never passes the limit),
// and record on each item what it was charged and what was left uncharged.
const HOLDS = namedQuery(
  'tollgate_settle_holds_v2',
  `
WITH v AS (
  SELECT * FROM jsonb_to_recordset(:holds::jsonb) AS v(id bigint, actual bigint)
), h AS (
  SELECT i.id, i.job_id, i.tenant_id, j.meter, j.period, j.overage, j.key_id, i.cost AS hold, v.actual
  FROM v JOIN job_items i ON i.id = v.id JOIN jobs j ON j.id = i.job_id
  WHERE j.settle = 'actual' AND i.status = 'succeeded' AND i.actual_cost IS NULL
), d AS (
  SELECT h.*, GREATEST(h.hold - h.actual, 0) AS released, GREATEST(h.actual - h.hold, 0) AS excess,
    SUM(GREATEST(h.hold - h.actual, 0)) OVER w AS released_total,
    SUM(CASE WHEN h.overage = 'charge' THEN GREATEST(h.actual - h.hold, 0) ELSE 0 END) OVER (w ORDER BY h.id) AS excess_so_far,
    SUM(GREATEST(h.hold - h.actual, 0)) OVER kw AS key_released_total,
    SUM(CASE WHEN h.overage = 'charge' THEN GREATEST(h.actual - h.hold, 0) ELSE 0 END) OVER (kw ORDER BY h.id) AS key_excess_so_far
  FROM h WINDOW w AS (PARTITION BY h.tenant_id, h.meter, h.period), kw AS (PARTITION BY h.key_id, h.meter, h.period)
), decided AS (
  -- An excess is charged only when it fits the tenant's allowance and, for a job charged to a key's
  -- budget, that budget too (counted the same way, per key).
  SELECT d.*, CASE WHEN d.overage = 'charge' AND d.excess > 0
      AND u.used - d.released_total + d.excess_so_far <= ${pgSql.effectiveLimit('t', 'd.meter', ':tierLimits::jsonb')}
      AND (d.key_id IS NULL OR ${pgSql.keyLimit('k', 'd.meter')} IS NULL
        OR ku.used - d.key_released_total + d.key_excess_so_far <= ${pgSql.keyLimit('k', 'd.meter')})
    THEN d.excess ELSE 0 END AS overcharged
  FROM d JOIN usage u ON u.tenant_id = d.tenant_id AND u.meter = d.meter AND u.period = d.period
  JOIN tenants t ON t.id = d.tenant_id
  LEFT JOIN api_keys k ON k.id = d.key_id
  LEFT JOIN key_usage ku ON ku.key_id = d.key_id AND ku.meter = d.meter AND ku.period = d.period
), entries AS (
  INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, key_id, created_at)
  SELECT tenant_id, meter, period, 'release', -released, job_id, id, 'actual cost below the hold', ${itemReleaseKeySql('job_id', 'id')}, key_id, :now::bigint
  FROM decided WHERE released > 0
  UNION ALL
  SELECT tenant_id, meter, period, 'charge', overcharged, job_id, id, 'actual cost above the hold', ${itemOverageKeySql('job_id', 'id')}, key_id, :now::bigint
  FROM decided WHERE overcharged > 0
  ON CONFLICT (dedup_key) DO NOTHING
  RETURNING tenant_id, meter, period, amount, key_id
), moved AS (
  UPDATE usage u SET used = u.used + e.total, updated_at = :now::bigint
  FROM (SELECT tenant_id, meter, period, SUM(amount) AS total FROM entries GROUP BY tenant_id, meter, period) e
  WHERE u.tenant_id = e.tenant_id AND u.meter = e.meter AND u.period = e.period
  RETURNING u.tenant_id
), ${moveKeyUsage('entries')}, items AS (
  UPDATE job_items i SET actual_cost = LEAST(d.actual, d.hold) + d.overcharged, uncharged = d.excess - d.overcharged
  FROM decided d WHERE i.id = d.id
  RETURNING i.id
)
SELECT (SELECT COUNT(*) FROM items) AS items, (SELECT COUNT(*) FROM moved) AS moved`,
);

export async function settleOnPostgres(store: PostgresStore, worker: string, now: number, outcomes: Outcome[], expiredBefore: number | null, tierLimits: string) {
  const holds = outcomes.filter((o) => o.status === 'succeeded' && typeof o.actual === 'number').map((o) => ({ id: o.id, actual: o.actual }));
  const settle = SETTLE({ worker, now, outcomes: JSON.stringify(outcomes), expiredBefore });
  if (holds.length === 0) return settledOf((await store.pool.query(settle)).rows[0]);
  const client = await store.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(LOCK({ ids: outcomes.map((o) => o.id) }));
    const row = (await client.query(settle)).rows[0];
    await client.query(HOLDS({ holds: JSON.stringify(holds), now, tierLimits }));
    await client.query('COMMIT');
    return settledOf(row);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function settledOf(row: unknown) {
  const r = row as { settled: number[]; jobs: SettledJob[] };
  return { settled: r.settled.map(Number), jobs: r.jobs };
}
