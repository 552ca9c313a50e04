import type { DatabaseError } from 'pg';
import type { PostgresStore } from '../db.js';
import { namedQuery } from '../named.js';
import { pgSql } from '../sql/fragments.pg.js';
import { isRetryable, withRetry } from '../transact.js';
import { GroupCommit, type Settled } from './group-commit.js';
import { thresholdEventsSql } from '../webhooks/outbox.js';
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
import { writeSet, type SetResult } from './pg-batch.js';

/**
 * One statement for an admission alone (a batch of one) and for each admission of a batch that could
 * not be written as a set: a round trip is the dominant cost on PostgreSQL. Every CTE runs or none
 * does; when the conditional upsert refuses the charge, `charged` is empty and nothing else is
 * inserted. A duplicate active subject raises 23505 on `jobs_active_subject` and aborts the statement.
 *
 * With a key budget (`withKey`) the key's charge is a second conditional upsert. One statement cannot
 * take back the tenant's charge when the key's then refuses, so that form runs in a transaction,
 * rolled back when `key_used` comes back NULL; the job, its items and the entry depend on both charges.
 */
function admitSql(withKey: boolean): string {
  const source = withKey ? 'FROM key_charged' : 'FROM charged';
  return `
WITH ${tenantLimit(pgSql)}${withKey ? `, ${keyLimit(pgSql)}` : ''}, charged AS (
  ${charge(pgSql)}
)${withKey ? `, key_charged AS (\n  ${keyCharge(pgSql, 'CROSS JOIN charged')}\n)` : ''}, job AS (
  ${insertJob(pgSql, source)}
  RETURNING id
), fair AS (
  SELECT ${pgSql.fairStart(':tenantId::text')} AS start
), items AS (
  INSERT INTO job_items (job_id, tenant_id, type, seq, status, input, cost, vtime, run_at)
  SELECT job.id, :tenantId::text, :type::text, (e.n - 1)::int, 'pending', (e.v -> 0)::text, (e.v ->> 1)::bigint,
    fair.start + e.n - 1, :now::bigint
  FROM job, fair, jsonb_array_elements(:items::jsonb) WITH ORDINALITY AS e(v, n)
), ledger AS (
  ${chargeEntry(pgSql, source)}
), thresholds AS (
  ${thresholdEventsSql(
    'postgres',
    `(SELECT t.id AS tenant_id, :meter::text AS meter, :period::text AS period, charged.used, t.lim, tn.tier FROM charged, t JOIN tenants tn ON tn.id = t.id)`,
    ':thresholds::jsonb',
    ':now::bigint',
  )}
)
SELECT ${withKey ? '(SELECT used FROM charged) AS used, (SELECT used FROM key_charged) AS key_used' : 'used FROM charged'}`;
}

const ADMIT = namedQuery('tollgate_admit_v4', admitSql(false));
const ADMIT_WITH_KEY = namedQuery('tollgate_admit_key_v2', admitSql(true));

const COMPLETE_IDEMPOTENCY = namedQuery('tollgate_idempotency_complete_v2', COMPLETE_IDEMPOTENCY_SQL);

const REFUSAL = namedQuery('tollgate_admit_refusal_v2', refusalSql(pgSql));

const batchers = new WeakMap<PostgresStore, GroupCommit<AdmissionPlan, AdmissionRow>>();

/**
 * Admissions are group-committed: every admission that arrived together is decided and written by
 * one set-based statement (pg-batch.ts), one round trip and one commit; a batch with Idempotency-Keys
 * completes them in the same transaction, with one more statement. An admission alone takes `ADMIT`,
 * the same rules in a smaller statement.
 */
export function admitOnPostgres(store: PostgresStore, plan: AdmissionPlan): Promise<AdmissionRow> {
  // The batch statement charges no key: an admission whose key has a budget on its meter takes the
  // single statement, in a transaction (see ADMIT_WITH_KEY); every other admission joins the batch.
  if (plan.keyId !== null) return admitOne(store, plan);
  let batcher = batchers.get(store);
  if (!batcher) {
    const maxInFlight = Math.max(1, Math.floor(store.pool.options.max / 4));
    batcher = new GroupCommit((plans) => (plans.length === 1 ? settled(admitOne(store, plans[0]!)).then((r) => [r]) : admitBatch(store, plans)), {
      maxBatch: 100,
      maxInFlight,
    });
    batchers.set(store, batcher);
  }
  return batcher.submit(plan);
}

const BATCH_ATTEMPTS = 4;

/**
 * A batch's admissions in arrival order. An attempt that failed as a whole (a deadlock, a duplicate
 * committed after the statement began) wrote nothing and is made again; admissions answered `retry`
 * go again, in order. Whatever is still unanswered after that, or after any other error of the batch,
 * is answered one admission at a time, each with its own result or error.
 */
export async function admitBatch(store: PostgresStore, plans: AdmissionPlan[]): Promise<Settled<AdmissionRow>[]> {
  const out: Settled<Exclude<SetResult, 'retry'> | AdmissionRow>[] = new Array(plans.length);
  // One `tierLimits` per statement; a process has one configuration, so this is one group.
  const groups = new Map<string, number[]>();
  plans.forEach((plan, i) => groups.set(plan.tierLimits, [...(groups.get(plan.tierLimits) ?? []), i]));
  for (const group of groups.values()) {
    let pending = group;
    for (let attempt = 1; pending.length > 0 && attempt <= BATCH_ATTEMPTS; attempt++) {
      let results: SetResult[];
      try {
        results = await writeSet(store, pending.map((i) => plans[i]!));
      } catch (error) {
        if (!isRetryable(error) && !isActiveSubjectConflict(error)) break;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        continue;
      }
      const again: number[] = [];
      results.forEach((result, j) => (result === 'retry' ? again.push(pending[j]!) : (out[pending[j]!] = { ok: true, value: result })));
      pending = again;
    }
    await Promise.all(pending.map(async (i) => (out[i] = await settled(admitOne(store, plans[i]!)))));
  }
  return Promise.all(
    out.map((result, i): Settled<AdmissionRow> | Promise<Settled<AdmissionRow>> =>
      result.ok && !result.value.ok && result.value.reason === 'limit' ? reread(store, plans[i]!) : (result as Settled<AdmissionRow>),
    ),
  );
}

/**
 * A batch reports a refused charge with the usage it was decided on, without the meter's open holds:
 * the refusal is read again after the batch, as the single statement reads it after its rollback, so
 * that `allowance_held` is told from a spent allowance. Nothing is written either way.
 */
async function reread(store: PostgresStore, plan: AdmissionPlan): Promise<Settled<AdmissionRow>> {
  return settled(refusal(store.pool, plan));
}

const settled = <R>(promise: Promise<R>): Promise<Settled<R>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

const isActiveSubjectConflict = (error: unknown) => (error as DatabaseError).code === '23505' && (error as DatabaseError).constraint === 'jobs_active_subject';

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
    if (isActiveSubjectConflict(error)) return await refusal(client, plan);
    throw error;
  } finally {
    client.release();
  }
}

async function refusal(client: Pick<import('pg').PoolClient, 'query'>, plan: AdmissionPlan): Promise<AdmissionRow> {
  const { rows } = await client.query<RefusalRow>(REFUSAL(plan as unknown as Record<string, unknown>));
  return refusalOf(rows[0], plan.cost);
}
