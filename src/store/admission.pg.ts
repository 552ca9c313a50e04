import type { DatabaseError } from 'pg';
import type { PostgresStore } from './db.js';
import type { AdmissionPlan, AdmissionRow } from './admission.js';
import { GroupCommit, type Settled } from './group-commit.js';
import { namedQuery } from './named.js';
import { withRetry } from './transact.js';

// One statement per admission: a round trip is the dominant cost on PostgreSQL. Every CTE runs or
// none does; when the conditional upsert refuses the charge, `charged` is empty and nothing else is
// inserted. A duplicate active subject raises 23505 on `jobs_active_subject` and aborts the statement.
const ADMIT = namedQuery(
  'tollgate_admit_v2',
  `
WITH t AS (
  SELECT id, COALESCE((limits::jsonb ->> :meter::text)::bigint,
                      (:tierLimits::jsonb -> tier ->> :meter::text)::bigint, 0) AS lim
  FROM tenants WHERE id = :tenantId::text
), charged AS (
  INSERT INTO usage AS u (tenant_id, meter, period, used, updated_at)
  SELECT t.id, :meter::text, :period::text, :cost::bigint, :now::bigint FROM t
  WHERE :cost::bigint <= t.lim
     OR EXISTS (SELECT 1 FROM usage x WHERE x.tenant_id = t.id AND x.meter = :meter::text AND x.period = :period::text)
  ON CONFLICT (tenant_id, meter, period) DO UPDATE
  SET used = u.used + EXCLUDED.used, updated_at = EXCLUDED.updated_at
  WHERE u.used + EXCLUDED.used <= (SELECT lim FROM t)
  RETURNING used
), job AS (
  INSERT INTO jobs (id, tenant_id, type, status, subject, input, cost, meter, period, requested_by,
    items_total, max_attempts, created_at, updated_at)
  SELECT :jobId::text, :tenantId::text, :type::text, 'pending', :subject::text, :input::text, :cost::bigint,
    :meter::text, :period::text, :requestedBy::text, :itemsTotal::int, :maxAttempts::int, :now::bigint, :now::bigint
  FROM charged
  RETURNING id
), fair AS (
  -- Start-time fair queuing (see admission.sqlite.ts).
  SELECT GREATEST(
    COALESCE((SELECT MAX(vtime) FROM job_items WHERE tenant_id = :tenantId::text AND status = 'pending'), 0) + 1,
    COALESCE((SELECT MIN(vtime) FROM job_items WHERE status = 'pending'), 0)) AS start
), items AS (
  INSERT INTO job_items (job_id, tenant_id, type, seq, status, input, cost, vtime, run_at)
  SELECT job.id, :tenantId::text, :type::text, (e.n - 1)::int, 'pending', (e.v -> 0)::text, (e.v ->> 1)::bigint,
    fair.start + e.n - 1, :now::bigint
  FROM job, fair, jsonb_array_elements(:items::jsonb) WITH ORDINALITY AS e(v, n)
), ledger AS (
  INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, reason, dedup_key, created_at)
  SELECT :tenantId::text, :meter::text, :period::text, 'charge', :cost::bigint, :jobId::text, :type::text,
    'charge:' || :jobId::text, :now::bigint
  FROM charged
)
SELECT used FROM charged`,
);

const COMPLETE_IDEMPOTENCY = namedQuery(
  'tollgate_idempotency_complete_v1',
  `UPDATE idempotency_keys SET status = 'done', job_id = :jobId, response_status = :status,
     response_body = :body, lock_token = NULL, locked_until = NULL, expires_at = :expiresAt
   WHERE tenant_id = :tenantId AND key = :key AND lock_token = :token AND status = 'in_flight'`,
);

const REFUSAL = namedQuery(
  'tollgate_admit_refusal_v1',
  `SELECT t.id AS tenant,
     (SELECT used FROM usage u WHERE u.tenant_id = t.id AND u.meter = :meter::text AND u.period = :period::text) AS used,
     COALESCE((t.limits::jsonb ->> :meter::text)::bigint, (:tierLimits::jsonb -> t.tier ->> :meter::text)::bigint, 0) AS lim,
     (SELECT id FROM jobs j WHERE j.tenant_id = t.id AND j.type = :type::text AND j.subject = :subject::text
        AND j.status IN ('pending', 'processing') LIMIT 1) AS active
   FROM tenants t WHERE t.id = :tenantId::text`,
);

const batchers = new WeakMap<PostgresStore, GroupCommit<AdmissionPlan, AdmissionRow>>();

/**
 * Plain admissions are group-committed through `tollgate_admit_batch` (migration 0004): one round
 * trip and one commit for every admission that arrived together. An admission with an
 * Idempotency-Key also completes its key in the same transaction, so it takes the single path.
 */
export function admitOnPostgres(store: PostgresStore, plan: AdmissionPlan): Promise<AdmissionRow> {
  if (plan.idempotency) return admitOne(store, plan);
  let batcher = batchers.get(store);
  if (!batcher) {
    const maxInFlight = Math.max(1, Math.floor(store.pool.options.max / 4));
    batcher = new GroupCommit((plans) => writeBatch(store, plans), { maxBatch: 100, maxInFlight });
    batchers.set(store, batcher);
  }
  return batcher.submit(plan);
}

async function writeBatch(store: PostgresStore, plans: AdmissionPlan[]): Promise<Settled<AdmissionRow>[]> {
  if (plans.length === 1) return [await admitOne(store, plans[0]!).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }))];
  // Tenant order inside every batch: concurrent batches then lock usage rows in the same order.
  const order = plans.map((_, i) => i).sort((a, b) => (plans[a]!.tenantId < plans[b]!.tenantId ? -1 : plans[a]!.tenantId > plans[b]!.tenantId ? 1 : a - b));
  const payload = order.map((i) => {
    const { idempotency: _, tierLimits: __, ...rest } = plans[i]!;
    return rest;
  });
  try {
    const { rows } = await store.pool.query<{ results: AdmissionRow[] }>(ADMIT_BATCH({ plans: JSON.stringify(payload), tierLimits: plans[0]!.tierLimits }));
    const results = rows[0]!.results;
    const out: Settled<AdmissionRow>[] = new Array(plans.length);
    order.forEach((planIndex, position) => (out[planIndex] = { ok: true, value: results[position]! }));
    return out;
  } catch {
    // A batch fails as a whole (a deadlock, a dropped connection): answer each admission on its own.
    return Promise.all(plans.map((plan) => admitOne(store, plan).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }))));
  }
}

const ADMIT_BATCH = namedQuery('tollgate_admit_batch_v1', `SELECT tollgate_admit_batch(:plans::jsonb, :tierLimits::jsonb) AS results`);

/** An attempt aborted by a deadlock wrote nothing, so it is made again (see transact.ts). */
function admitOne(store: PostgresStore, plan: AdmissionPlan): Promise<AdmissionRow> {
  return withRetry(() => admitOnce(store, plan));
}

async function admitOnce(store: PostgresStore, plan: AdmissionPlan): Promise<AdmissionRow> {
  const client = await store.pool.connect();
  let open = false;
  try {
    if (plan.idempotency) {
      await client.query('BEGIN');
      open = true;
    }
    const { rows } = await client.query<{ used: number }>(ADMIT(plan as unknown as Record<string, unknown>));
    const charged = rows[0];
    if (!charged) {
      if (open) await client.query('ROLLBACK');
      open = false;
      return await refusal(client, plan);
    }
    if (plan.idempotency) {
      const response = plan.idempotency.render({ used: charged.used });
      const done = await client.query(
        COMPLETE_IDEMPOTENCY({ ...plan.idempotency, ...response, jobId: plan.jobId, tenantId: plan.tenantId }),
      );
      if (done.rowCount !== 1) {
        await client.query('ROLLBACK');
        open = false;
        return { ok: false, reason: 'idempotency_lost' };
      }
      await client.query('COMMIT');
      open = false;
    }
    return { ok: true, used: charged.used };
  } catch (error) {
    if (open) await client.query('ROLLBACK').catch(() => {});
    open = false;
    if ((error as DatabaseError).code === '23505' && (error as DatabaseError).constraint === 'jobs_active_subject') {
      return await refusal(client, plan);
    }
    throw error;
  } finally {
    client.release();
  }
}

async function refusal(client: import('pg').PoolClient, plan: AdmissionPlan): Promise<AdmissionRow> {
  const { rows } = await client.query<{ tenant: string; used: number | null; lim: number; active: string | null }>(
    REFUSAL(plan as unknown as Record<string, unknown>),
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'tenant_missing' };
  if (row.active) return { ok: false, reason: 'duplicate', activeJobId: row.active };
  return { ok: false, reason: 'limit', used: row.used ?? 0, limit: row.lim };
}
