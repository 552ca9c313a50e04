import type { DatabaseError } from 'pg';
import type { PostgresStore } from '../db.js';
import { namedQuery } from '../named.js';
import { pgSql } from '../sql/fragments.pg.js';
import { withRetry } from '../transact.js';
import { GroupCommit, type Settled } from './group-commit.js';
import { thresholdEventsSql } from '../webhooks/outbox.js';
import type { AdmissionPlan, AdmissionRow } from './index.js';
import { charge, chargeEntry, COMPLETE_IDEMPOTENCY as COMPLETE_IDEMPOTENCY_SQL, insertJob, refusal as refusalSql, refusalOf, type RefusalRead, tenantLimit } from './sql.js';

// One statement per admission: a round trip is the dominant cost on PostgreSQL. Every CTE runs or
// none does; when the conditional upsert refuses the charge, `charged` is empty and nothing else is
// inserted. A duplicate active subject raises 23505 on `jobs_active_subject` and aborts the statement.
const ADMIT = namedQuery(
  'tollgate_admit_v3',
  `
WITH ${tenantLimit(pgSql)}, charged AS (
  ${charge(pgSql)}
), job AS (
  ${insertJob(pgSql, 'FROM charged')}
  RETURNING id
), fair AS (
  SELECT ${pgSql.fairStart(':tenantId::text')} AS start
), items AS (
  INSERT INTO job_items (job_id, tenant_id, type, seq, status, input, cost, vtime, run_at)
  SELECT job.id, :tenantId::text, :type::text, (e.n - 1)::int, 'pending', (e.v -> 0)::text, (e.v ->> 1)::bigint,
    fair.start + e.n - 1, :now::bigint
  FROM job, fair, jsonb_array_elements(:items::jsonb) WITH ORDINALITY AS e(v, n)
), ledger AS (
  ${chargeEntry(pgSql, 'FROM charged')}
), thresholds AS (
  ${thresholdEventsSql(
    'postgres',
    `(SELECT t.id AS tenant_id, :meter::text AS meter, :period::text AS period, charged.used, t.lim, tn.tier FROM charged, t JOIN tenants tn ON tn.id = t.id)`,
    ':thresholds::jsonb',
    ':now::bigint',
  )}
)
SELECT used FROM charged`,
);

const COMPLETE_IDEMPOTENCY = namedQuery('tollgate_idempotency_complete_v2', COMPLETE_IDEMPOTENCY_SQL);

const REFUSAL = namedQuery('tollgate_admit_refusal_v2', refusalSql(pgSql));

const batchers = new WeakMap<PostgresStore, GroupCommit<AdmissionPlan, AdmissionRow>>();

/**
 * Plain admissions are group-committed through `tollgate_admit_batch` (migration 0004): one round
 * trip and one commit for every admission that arrived together. An admission with an
 * Idempotency-Key also completes its key in the same transaction, so it takes the single path.
 */
export function admitOnPostgres(store: PostgresStore, plan: AdmissionPlan): Promise<AdmissionRow> {
  // The batch function (migration 0004) predates holds and writes every job as `fixed`: a job that
  // settles to its actual cost takes the single statement, which writes `settle` and `overage`.
  if (plan.idempotency || plan.settle !== 'fixed' || plan.overage !== 'cap') return admitOne(store, plan);
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
    const { idempotency: _, tierLimits: __, thresholds: ___, ...rest } = plans[i]!;
    return rest;
  });
  try {
    const { rows } = await store.pool.query<{ results: AdmissionRow[] }>(ADMIT_BATCH({ plans: JSON.stringify(payload), tierLimits: plans[0]!.tierLimits, thresholds: plans[0]!.thresholds, now: plans[0]!.now }));
    const results = rows[0]!.results;
    const out: Settled<AdmissionRow>[] = new Array(plans.length);
    order.forEach((planIndex, position) => (out[planIndex] = { ok: true, value: results[position]! }));
    return await Promise.all(out.map((settled, i) => (settled.ok && !settled.value.ok && settled.value.reason === 'limit' ? reread(store, plans[i]!) : settled)));
  } catch {
    // A batch fails as a whole (a deadlock, a dropped connection): answer each admission on its own.
    return Promise.all(plans.map((plan) => admitOne(store, plan).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }))));
  }
}

/**
 * The batch function (frozen in migration 0004) reports a refused charge without the meter's open
 * holds: the refusal is read again after its commit, as the single statement reads it after its
 * rollback. Nothing is written either way.
 */
async function reread(store: PostgresStore, plan: AdmissionPlan): Promise<Settled<AdmissionRow>> {
  return refusal(store.pool, plan).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

// The batch function is frozen history (migration 0004): the thresholds its admissions reached are
// written by the same statement, from the usage each admission reports, so they commit with it.
const ADMIT_BATCH = namedQuery(
  'tollgate_admit_batch_v2',
  `
WITH r AS MATERIALIZED (
  SELECT tollgate_admit_batch(:plans::jsonb, :tierLimits::jsonb) AS results
), reached AS (
  SELECT p.v ->> 'tenantId' AS tenant_id, p.v ->> 'meter' AS meter, p.v ->> 'period' AS period, MAX((x.v ->> 'used')::bigint) AS used
  FROM r CROSS JOIN LATERAL jsonb_array_elements(r.results) WITH ORDINALITY AS x(v, n)
  JOIN jsonb_array_elements(:plans::jsonb) WITH ORDINALITY AS p(v, n) ON p.n = x.n
  WHERE (x.v ->> 'ok')::boolean
  GROUP BY 1, 2, 3
), thresholds AS (
  ${thresholdEventsSql(
    'postgres',
    `(SELECT q.tenant_id, q.meter, q.period, q.used, ${pgSql.effectiveLimit('tn', 'q.meter', ':tierLimits::jsonb')} AS lim, tn.tier
      FROM reached q JOIN tenants tn ON tn.id = q.tenant_id)`,
    ':thresholds::jsonb',
    ':now::bigint',
  )}
)
SELECT results FROM r`,
);

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
    const { rows } = await client.query<{ used: number }>(ADMIT({ ...plan, items: JSON.stringify(plan.items) }));
    const charged = rows[0];
    if (!charged) {
      if (open) await client.query('ROLLBACK');
      open = false;
      return await refusal(client, plan);
    }
    if (plan.idempotency) {
      const { key, token, expiresAt, outcome } = plan.idempotency;
      const done = await client.query(
        COMPLETE_IDEMPOTENCY({ key, token, expiresAt, body: outcome(charged.used), jobId: plan.jobId, tenantId: plan.tenantId }),
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

async function refusal(client: Pick<import('pg').PoolClient, 'query'>, plan: AdmissionPlan): Promise<AdmissionRow> {
  const { rows } = await client.query<RefusalRead>(REFUSAL(plan as unknown as Record<string, unknown>));
  return refusalOf(rows[0]);
}
