import type { DatabaseError } from 'pg';
import type { PostgresStore } from '../db.js';
import { namedQuery } from '../named.js';
import { pgSql } from '../sql/fragments.pg.js';
import { withRetry } from '../transact.js';
import { GroupCommit, type Settled } from './group-commit.js';
import type { AdmissionPlan, AdmissionRow } from './index.js';
import {
  charge,
  chargeEntry,
  COMPLETE_IDEMPOTENCY as COMPLETE_IDEMPOTENCY_SQL,
  insertJob,
  keyCharge,
  keyLimit,
  refusal as refusalSql,
  refusalOf,
  tenantLimit,
  type RefusalRow,
} from './sql.js';

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
)
SELECT used FROM charged`,
);

// A key budget is a second conditional upsert. One statement cannot take back the tenant's charge
// when the key's then refuses, so this statement runs in a transaction, rolled back when `key_used`
// comes back NULL; the job, its items and the entry depend on both charges.
const ADMIT_WITH_KEY = namedQuery(
  'tollgate_admit_key_v1',
  `
WITH ${tenantLimit(pgSql)}, ${keyLimit(pgSql)}, charged AS (
  ${charge(pgSql)}
), key_charged AS (
  ${keyCharge(pgSql, 'CROSS JOIN charged')}
), job AS (
  ${insertJob(pgSql, 'FROM key_charged')}
  RETURNING id
), fair AS (
  SELECT ${pgSql.fairStart(':tenantId::text')} AS start
), items AS (
  INSERT INTO job_items (job_id, tenant_id, type, seq, status, input, cost, vtime, run_at)
  SELECT job.id, :tenantId::text, :type::text, (e.n - 1)::int, 'pending', (e.v -> 0)::text, (e.v ->> 1)::bigint,
    fair.start + e.n - 1, :now::bigint
  FROM job, fair, jsonb_array_elements(:items::jsonb) WITH ORDINALITY AS e(v, n)
), ledger AS (
  ${chargeEntry(pgSql, 'FROM key_charged')}
)
SELECT (SELECT used FROM charged) AS used, (SELECT used FROM key_charged) AS key_used`,
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
  // The batch function (migration 0004) predates holds and key budgets: it writes every job as
  // `fixed` and charges no key. A job that settles to its actual cost, or whose key has a budget on
  // its meter, takes the single statement; admissions without either keep the batch and its speed.
  if (plan.idempotency || plan.settle !== 'fixed' || plan.overage !== 'cap' || plan.keyId !== null) return admitOne(store, plan);
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

const ADMIT_BATCH = namedQuery('tollgate_admit_batch_v1', `SELECT tollgate_admit_batch(:plans::jsonb, :tierLimits::jsonb) AS results`);

/** An attempt aborted by a deadlock wrote nothing, so it is made again (see transact.ts). */
function admitOne(store: PostgresStore, plan: AdmissionPlan): Promise<AdmissionRow> {
  return withRetry(() => admitOnce(store, plan));
}

async function admitOnce(store: PostgresStore, plan: AdmissionPlan): Promise<AdmissionRow> {
  const client = await store.pool.connect();
  let open = false;
  try {
    if (plan.idempotency || plan.keyId !== null) {
      await client.query('BEGIN');
      open = true;
    }
    const params = { ...plan, items: JSON.stringify(plan.items) };
    const { rows } = await client.query<{ used: number | null; key_used?: number | null }>(plan.keyId === null ? ADMIT(params) : ADMIT_WITH_KEY(params));
    // Without a key no row is the refusal; with one, a NULL on either side.
    const row = rows[0];
    const charged = row && row.used !== null && row.key_used !== null ? { used: row.used } : undefined;
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
    }
    if (open) await client.query('COMMIT');
    open = false;
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
  const { rows } = await client.query<RefusalRow>(REFUSAL(plan as unknown as Record<string, unknown>));
  return refusalOf(rows[0], plan.cost);
}
