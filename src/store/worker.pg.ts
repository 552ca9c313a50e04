import type { PostgresStore } from './db.js';
import { namedQuery } from './named.js';
import type { ClaimRequest, ClaimedItem, Outcome, SettledJob } from './worker.store.js';

// Candidates are read in virtual-time order and locked with SKIP LOCKED, so concurrent claimers
// take disjoint sets; the window then caps each tenant at its concurrency limit (the tenant's, else
// the default) counting what it already runs. Tenants already at their cap are left out of the
// window itself: their backlog at the head of the queue would otherwise fill it, and the tenants
// queued behind would wait for a capped tenant to drain. Claimed items' jobs move to `processing`
// in the same statement. The attempt is counted at claim time: a crash mid-item still used an attempt.
const CLAIM = namedQuery(
  'tollgate_claim_v2',
  `
WITH running AS (
  SELECT tenant_id, COUNT(*) AS n FROM job_items WHERE status = 'running' GROUP BY tenant_id
), at_cap AS (
  SELECT running.tenant_id FROM running JOIN tenants t ON t.id = running.tenant_id
  WHERE running.n >= COALESCE(t.max_concurrency, :defaultCap::int)
), candidates AS (
  SELECT i.id, i.tenant_id, i.vtime FROM job_items i
  WHERE i.status = 'pending' AND i.run_at <= :now::bigint
    AND i.tenant_id NOT IN (SELECT tenant_id FROM at_cap)
  ORDER BY i.vtime, i.id
  LIMIT :scan::int
  FOR UPDATE SKIP LOCKED
), ranked AS (
  SELECT c.id, c.vtime, c.tenant_id, ROW_NUMBER() OVER (PARTITION BY c.tenant_id ORDER BY c.vtime, c.id) AS rn
  FROM candidates c
), picked AS (
  SELECT r.id FROM ranked r
  JOIN tenants t ON t.id = r.tenant_id
  LEFT JOIN running ON running.tenant_id = r.tenant_id
  WHERE r.rn + COALESCE(running.n, 0) <= COALESCE(t.max_concurrency, :defaultCap::int)
  ORDER BY r.vtime, r.id
  LIMIT :batch::int
), claimed AS (
  UPDATE job_items i
  SET status = 'running', attempts = i.attempts + 1, locked_by = :worker::text,
      locked_until = :now::bigint + :leaseMs::bigint, started_at = COALESCE(i.started_at, :now::bigint)
  FROM picked p
  WHERE i.id = p.id
  RETURNING i.id, i.job_id, i.tenant_id, i.type, i.seq, i.input, i.attempts, i.cost
), started AS (
  UPDATE jobs j SET status = 'processing', started_at = COALESCE(j.started_at, :now::bigint), updated_at = :now::bigint
  WHERE j.id IN (SELECT job_id FROM claimed) AND j.status = 'pending'
)
SELECT c.*, j.input AS job_input, j.max_attempts FROM claimed c JOIN jobs j ON j.id = c.job_id`,
);

// Row locks are taken in id order, items first, then jobs: the lease extension takes the same items
// in the same order, and other workers' settles the same jobs, so none of them can deadlock (each
// deadlock stalled both statements for deadlock_timeout and failed one: a lost heartbeat).
const SETTLE = namedQuery(
  'tollgate_settle_v2',
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
  INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, created_at)
  SELECT s.tenant_id, j.meter, j.period, 'refund', -s.cost, s.job_id, s.id, 'item failed',
         'refund:' || s.job_id || ':' || s.id, :now::bigint
  FROM settled s JOIN jobs j ON j.id = s.job_id
  WHERE s.status = 'failed' AND s.cost > 0
  ON CONFLICT (dedup_key) DO NOTHING
  RETURNING tenant_id, meter, period, amount
), moved AS (
  -- The counter moves by exactly what the ledger received: a refund that already existed moves nothing.
  UPDATE usage u SET used = u.used + r.total, updated_at = :now::bigint
  FROM (SELECT tenant_id, meter, period, SUM(amount) AS total FROM refunds GROUP BY tenant_id, meter, period) r
  WHERE u.tenant_id = r.tenant_id AND u.meter = r.meter AND u.period = r.period
  RETURNING u.tenant_id
), counts AS (
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
    items_done = j.items_done + c.done,
    items_failed = j.items_failed + c.failed,
    status = CASE
      WHEN j.items_done + c.done + j.items_failed + c.failed + j.items_cancelled < j.items_total THEN j.status
      WHEN j.items_failed + c.failed = 0 THEN 'completed'
      WHEN j.items_done + c.done = 0 THEN 'failed'
      ELSE 'partially_completed' END,
    finished_at = CASE WHEN j.items_done + c.done + j.items_failed + c.failed + j.items_cancelled >= j.items_total
      THEN :now::bigint ELSE j.finished_at END,
    result = CASE
      WHEN j.items_done + c.done + j.items_failed + c.failed + j.items_cancelled < j.items_total THEN j.result
      WHEN j.items_total = 1 THEN c.one_result
      ELSE json_build_object('succeeded', j.items_done + c.done, 'failed', j.items_failed + c.failed,
                             'cancelled', j.items_cancelled)::text END,
    error = COALESCE(c.last_error, j.error),
    updated_at = :now::bigint
  FROM counts c
  WHERE j.id = c.job_id AND j.id IN (SELECT id FROM job_locks) AND j.status IN ('pending', 'processing')
  RETURNING j.id, j.tenant_id, j.status
)
SELECT
  (SELECT COALESCE(json_agg(s.id), '[]'::json) FROM settled s) AS settled,
  (SELECT COALESCE(json_agg(json_build_object('id', m.id, 'tenantId', m.tenant_id, 'status', m.status)), '[]'::json) FROM jobs_moved m) AS jobs,
  (SELECT COUNT(*) FROM moved) AS moved`,
);

// Locks in id order, as the settle does.
const EXTEND = namedQuery(
  'tollgate_extend_v2',
  `WITH mine AS (
     SELECT id FROM job_items WHERE id = ANY(:ids::bigint[]) AND status = 'running' AND locked_by = :worker::text
     ORDER BY id FOR UPDATE
   )
   UPDATE job_items i SET locked_until = :until::bigint FROM mine WHERE i.id = mine.id
   RETURNING i.id`,
);

const EXPIRED = namedQuery(
  'tollgate_expired_v1',
  `SELECT i.id, i.attempts, i.locked_by, j.max_attempts FROM job_items i JOIN jobs j ON j.id = i.job_id
   WHERE i.status = 'running' AND i.locked_until < :now::bigint
   ORDER BY i.locked_until LIMIT :limit::int`,
);

const RELEASE = namedQuery(
  'tollgate_release_v2',
  `WITH mine AS (
     SELECT id FROM job_items WHERE id = ANY(:ids::bigint[]) AND status = 'running' AND locked_by = :worker::text
     ORDER BY id FOR UPDATE
   )
   UPDATE job_items i SET status = 'pending', attempts = i.attempts - 1, locked_by = NULL, locked_until = NULL, run_at = :now::bigint
   FROM mine WHERE i.id = mine.id
   RETURNING i.id`,
);

// The caps count running items as the claim's snapshot saw them: two claims running at once would
// each miss the other's items and together exceed a tenant's cap. So claims take turns, under a
// transaction-scoped advisory lock per schema; the claim statement starts after the lock is granted,
// so its snapshot holds every earlier claim. A claim is one short statement per batch: the turns are short.
const CLAIM_TURN = `BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.tollgate_claim'))`;

export async function claimOnPostgres(store: PostgresStore, r: ClaimRequest): Promise<ClaimedItem[]> {
  const client = await store.pool.connect();
  try {
    await client.query(CLAIM_TURN);
    const { rows } = await client.query(CLAIM({ ...r, scan: r.batch * 4 }));
    await client.query('COMMIT');
    return rows as ClaimedItem[];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function settleOnPostgres(store: PostgresStore, worker: string, now: number, outcomes: Outcome[], expiredBefore: number | null) {
  const { rows } = await store.pool.query(SETTLE({ worker, now, outcomes: JSON.stringify(outcomes), expiredBefore }));
  const row = rows[0] as { settled: number[]; jobs: SettledJob[] };
  return { settled: row.settled.map(Number), jobs: row.jobs };
}

export async function extendOnPostgres(store: PostgresStore, worker: string, ids: number[], until: number): Promise<number[]> {
  const { rows } = await store.pool.query(EXTEND({ worker, ids, until }));
  return rows.map((r) => Number(r.id));
}

export async function expiredOnPostgres(store: PostgresStore, now: number, limit: number) {
  const { rows } = await store.pool.query(EXPIRED({ now, limit }));
  return rows as { id: number; attempts: number; locked_by: string; max_attempts: number }[];
}

export async function releaseOnPostgres(store: PostgresStore, worker: string, ids: number[], now: number): Promise<number[]> {
  const { rows } = await store.pool.query(RELEASE({ worker, ids, now }));
  return rows.map((r) => Number(r.id));
}
