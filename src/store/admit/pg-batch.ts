/**
 * PostgreSQL group commit, set-based: a batch of admissions is decided and written by one statement,
 * one round trip and one commit (a batch with Idempotency-Keys adds the keys' completion, in the same
 * transaction). It decides exactly what the admissions would get one after another in arrival order:
 * a refused admission consumes nothing, so a later, smaller one may still fit; a second active job
 * with the same subject is a duplicate, also when the first is in the same batch.
 *
 * How it keeps admit/'s invariants without a loop of single-row statements:
 * - The usage rows the batch touches are locked first, in (tenant, meter, period) order, the order
 *   every batch takes them in, and read under that lock: the decision is made on the current usage.
 *   A tenant's admissions take its row once, however many there are (the hot tenant).
 * - A recursive CTE walks each tenant's admissions in arrival order, carrying that tenant's usage
 *   per row and its active subjects: the sequence the single statement (pg.ts `ADMIT`) would give.
 * - Each usage row then moves once, by the sum of its admitted charges: an UPDATE only while the row
 *   still holds the value the sequence started from (it does: the lock), or an INSERT of a row that
 *   did not exist, which does nothing when another transaction created it meanwhile. The jobs, items
 *   and ledger entries are written only for the admissions whose row moved; the others are answered
 *   `retry` and go again, in a statement that sees the new row.
 * - A duplicate this statement could not see (committed after it began) fails the job insert on
 *   `jobs_active_subject`, and the whole statement with it: nothing was written, and the batch goes
 *   again (pg.ts).
 */
import type { PoolClient } from 'pg';
import type { PostgresStore } from '../db.js';
import { namedQuery } from '../named.js';
import { pgSql } from '../sql/fragments.pg.js';
import type { AdmissionPlan, AdmissionRow } from './index.js';
import { chargeEntry, completeIdempotency, insertJob, type AdmissionValues } from './sql.js';
import { thresholdEventsSql } from '../webhooks/outbox.js';

/** An admission of the batch as a row: the columns of `jsonb_to_record` below. */
const PLAN_COLUMNS = `job_id text, tenant_id text, type text, subject text, input text, cost bigint, meter text, period text,
    requested_by text, items_total int, max_attempts int, settle text, overage text, now bigint, items jsonb`;

/** The admission's values as the columns of row `a` of `admitted`, for the statements admit/sql.ts shares. */
const admittedRow: AdmissionValues = {
  jobId: 'a.job_id',
  tenantId: 'a.tenant_id',
  type: 'a.type',
  subject: 'a.subject',
  input: 'a.input',
  cost: 'a.cost',
  meter: 'a.meter',
  period: 'a.period',
  tierLimits: ':tierLimits::jsonb',
  requestedBy: 'a.requested_by',
  // Admissions charged to a key's budget take the single statement (pg.ts): none in a batch has one.
  keyId: 'NULL::text',
  itemsTotal: 'a.items_total',
  maxAttempts: 'a.max_attempts',
  settle: 'a.settle',
  overage: 'a.overage',
  now: 'a.now',
  items: 'a.items',
};

const usageKey = (meter: string, period: string) => `jsonb_build_array(${meter}, ${period})::text`;
const subjectKey = (type: string, subject: string) => `jsonb_build_array(${type}, ${subject})::text`;

// `q`: the batch's admissions of existing tenants, `n` their arrival order, `k` their order within
// their tenant. `seq` decides them: `used` maps the tenant's usage rows to their usage so far,
// `active` its active subjects to their jobs. An admission fits when it is no duplicate and
// `used + cost <= limit`, the rule of `charge` (sql.ts).
const ADMIT_SET = namedQuery(
  'tollgate_admit_set_v2',
  `
WITH RECURSIVE q AS MATERIALIZED (
  SELECT e.n, p.*, ${pgSql.effectiveLimit('t', 'p.meter', admittedRow.tierLimits)} AS lim,
    row_number() OVER (PARTITION BY p.tenant_id ORDER BY e.n) AS k
  FROM jsonb_array_elements(:plans::jsonb) WITH ORDINALITY AS e(v, n)
  CROSS JOIN LATERAL jsonb_to_record(e.v) AS p(${PLAN_COLUMNS})
  JOIN tenants t ON t.id = p.tenant_id
), locked AS MATERIALIZED (
  SELECT u.tenant_id, u.meter, u.period, u.used FROM usage u
  WHERE (u.tenant_id, u.meter, u.period) IN (SELECT tenant_id, meter, period FROM q)
  ORDER BY u.tenant_id, u.meter, u.period
  FOR UPDATE
), start AS (
  SELECT b.tenant_id, COALESCE(u.used, '{}') AS used, COALESCE(j.active, '{}') AS active
  FROM (SELECT DISTINCT tenant_id FROM q) b
  LEFT JOIN (
    SELECT tenant_id, jsonb_object_agg(${usageKey('meter', 'period')}, used) AS used FROM locked GROUP BY tenant_id
  ) u USING (tenant_id)
  LEFT JOIN (
    SELECT j.tenant_id, jsonb_object_agg(${subjectKey('j.type', 'j.subject')}, j.id) AS active FROM jobs j
    WHERE j.subject IS NOT NULL AND j.status IN ('pending', 'processing')
      AND (j.tenant_id, j.type, j.subject) IN (SELECT tenant_id, type, subject FROM q)
    GROUP BY j.tenant_id
  ) j USING (tenant_id)
), seq AS (
  SELECT tenant_id, 0::bigint AS k, used, active, NULL::bigint AS n, NULL::text AS verdict, NULL::bigint AS used_after, NULL::text AS active_id
  FROM start
  UNION ALL
  SELECT s.tenant_id, q.k,
    CASE WHEN x.fits THEN jsonb_set(s.used, ARRAY[x.usage_key], to_jsonb(x.before + q.cost)) ELSE s.used END,
    CASE WHEN x.fits AND q.subject IS NOT NULL THEN jsonb_set(s.active, ARRAY[x.subject_key], to_jsonb(q.job_id)) ELSE s.active END,
    q.n,
    CASE WHEN x.active_id IS NOT NULL THEN 'duplicate' WHEN x.fits THEN 'ok' ELSE 'limit' END,
    x.before + CASE WHEN x.fits THEN q.cost ELSE 0 END,
    x.active_id
  FROM seq s
  JOIN q ON q.tenant_id = s.tenant_id AND q.k = s.k + 1
  CROSS JOIN LATERAL (
    SELECT b.*, b.active_id IS NULL AND b.before + q.cost <= q.lim AS fits
    FROM (
      SELECT ${usageKey('q.meter', 'q.period')} AS usage_key, ${subjectKey('q.type', 'q.subject')} AS subject_key,
        COALESCE((s.used ->> ${usageKey('q.meter', 'q.period')})::bigint, 0) AS before,
        CASE WHEN q.subject IS NOT NULL THEN s.active ->> ${subjectKey('q.type', 'q.subject')} END AS active_id
    ) b
  ) x
), decided AS (
  SELECT q.*, s.verdict, s.used_after, s.active_id FROM seq s JOIN q USING (n)
), fits AS (
  SELECT * FROM decided WHERE verdict = 'ok'
), totals AS (
  SELECT f.tenant_id, f.meter, f.period, sum(f.cost)::bigint AS total, max(f.now) AS now, max(f.lim) AS lim, l.used AS was
  FROM fits f LEFT JOIN locked l USING (tenant_id, meter, period)
  GROUP BY f.tenant_id, f.meter, f.period, l.used
), raised AS (
  UPDATE usage u SET used = u.used + t.total, updated_at = t.now
  FROM totals t
  WHERE t.was IS NOT NULL AND u.tenant_id = t.tenant_id AND u.meter = t.meter AND u.period = t.period AND u.used + t.total <= t.lim
  RETURNING u.tenant_id, u.meter, u.period, u.used
), created AS (
  INSERT INTO usage (tenant_id, meter, period, used, updated_at)
  SELECT tenant_id, meter, period, total, now FROM totals WHERE was IS NULL AND total <= lim
  ORDER BY tenant_id, meter, period
  ON CONFLICT (tenant_id, meter, period) DO NOTHING
  RETURNING tenant_id, meter, period, used
), moved AS (
  SELECT * FROM raised UNION ALL SELECT * FROM created
), admitted AS MATERIALIZED (
  SELECT f.* FROM fits f JOIN moved USING (tenant_id, meter, period)
), placed AS (
  SELECT a.*, fair.start + COALESCE(sum(a.items_total) OVER (PARTITION BY a.tenant_id ORDER BY a.n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS first
  FROM admitted a
  JOIN (SELECT f.tenant_id, ${pgSql.fairStart('f.tenant_id')} AS start FROM (SELECT DISTINCT tenant_id FROM admitted) f) fair USING (tenant_id)
), job AS (
  ${insertJob(pgSql, 'FROM admitted a', admittedRow)}
), items AS (
  INSERT INTO job_items (job_id, tenant_id, type, seq, status, input, cost, vtime, run_at)
  SELECT a.job_id, a.tenant_id, a.type, (e.n - 1)::int, 'pending', (e.v -> 0)::text, (e.v ->> 1)::bigint, a.first + e.n - 1, a.now
  FROM placed a CROSS JOIN LATERAL jsonb_array_elements(a.items) WITH ORDINALITY AS e(v, n)
), ledger AS (
  ${chargeEntry(pgSql, 'FROM admitted a', admittedRow)}
), thresholds AS (
  -- The thresholds each usage row crossed, once per row with its usage after the batch.
  ${thresholdEventsSql(
    'postgres',
    `(SELECT m.tenant_id, m.meter, m.period, m.used, ${pgSql.effectiveLimit('tn', 'm.meter', admittedRow.tierLimits)} AS lim, tn.tier
      FROM moved m JOIN tenants tn ON tn.id = m.tenant_id)`,
    ':thresholds::jsonb',
    ':now::bigint',
  )}
)
SELECT d.n, d.verdict, d.used_after AS used, d.lim, d.active_id,
  (d.tenant_id, d.meter, d.period) IN (SELECT tenant_id, meter, period FROM totals EXCEPT SELECT tenant_id, meter, period FROM moved) AS missed
FROM decided d`,
);

// The keys of a batch's admitted admissions, completed at once; `job_id` comes back for each key
// this batch still held.
const COMPLETE_KEYS = namedQuery(
  'tollgate_idempotency_complete_set_v1',
  `${completeIdempotency(
    { jobId: 'c.job_id', body: 'c.body', expiresAt: 'c.expires_at', tenantId: 'c.tenant', key: 'c.idem_key', token: 'c.token' },
    'FROM jsonb_to_recordset(:keys::jsonb) AS c(tenant text, idem_key text, token text, job_id text, body text, expires_at bigint)',
  )}
RETURNING c.job_id`,
);

interface SetRow {
  n: number;
  verdict: 'ok' | 'limit' | 'duplicate';
  used: number;
  lim: number;
  active_id: string | null;
  missed: boolean;
}

/** `retry`: this admission was not decided for good (its usage row appeared meanwhile); nothing of it was written. */
/**
 * A refused charge as the batch decided it, on the usage it read: pg.ts reads the refusal again
 * (with the meter's open holds) before answering it.
 */
export interface BatchLimit {
  ok: false;
  reason: 'limit';
  used: number;
  limit: number;
}
export type SetResult = Exclude<AdmissionRow, { reason: 'limit' }> | BatchLimit | 'retry';

/**
 * One attempt at a batch of admissions, in arrival order, all sharing one `tierLimits`. Either
 * everything it answers is written (and committed), or it throws and nothing is.
 */
export async function writeSet(store: PostgresStore, plans: AdmissionPlan[]): Promise<SetResult[]> {
  const keyed = plans.some((plan) => plan.idempotency);
  const client = await store.pool.connect();
  let open = false;
  try {
    if (keyed) {
      await client.query('BEGIN');
      open = true;
    }
    const { rows } = await client.query<SetRow>(ADMIT_SET({ plans: JSON.stringify(plans.map(planRow)), tierLimits: plans[0]!.tierLimits, thresholds: plans[0]!.thresholds, now: Math.max(...plans.map((p) => p.now)) }));
    const results = answers(plans, rows);
    if (open) {
      const lost = await completeKeys(client, plans, results);
      if (lost.size > 0) {
        // A key was taken over while its request ran: the batch is undone and, but for that admission, made again.
        await client.query('ROLLBACK');
        open = false;
        return plans.map((plan) => (lost.has(plan.jobId) ? { ok: false, reason: 'idempotency_lost' } : 'retry'));
      }
      await client.query('COMMIT');
      open = false;
    }
    return results;
  } catch (error) {
    if (open) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function planRow(plan: AdmissionPlan) {
  return {
    job_id: plan.jobId,
    tenant_id: plan.tenantId,
    type: plan.type,
    subject: plan.subject,
    input: plan.input,
    cost: plan.cost,
    meter: plan.meter,
    period: plan.period,
    requested_by: plan.requestedBy,
    items_total: plan.itemsTotal,
    max_attempts: plan.maxAttempts,
    settle: plan.settle,
    overage: plan.overage,
    now: plan.now,
    items: plan.items,
  };
}

/** Each plan's answer. No row: its tenant is missing. */
function answers(plans: AdmissionPlan[], rows: SetRow[]): SetResult[] {
  const byN = new Map(rows.map((row) => [Number(row.n), row]));
  const retried = new Set(rows.filter((row) => row.missed).map((row) => plans[Number(row.n) - 1]!.jobId));
  return plans.map((_, i): SetResult => {
    const row = byN.get(i + 1);
    if (!row) return { ok: false, reason: 'tenant_missing' };
    if (row.missed) return 'retry';
    switch (row.verdict) {
      case 'ok':
        return { ok: true, used: row.used };
      case 'limit':
        return { ok: false, reason: 'limit', used: row.used, limit: row.lim };
      case 'duplicate':
        // A duplicate of a job of this batch that goes again is decided again, after it.
        return retried.has(row.active_id!) ? 'retry' : { ok: false, reason: 'duplicate', activeJobId: row.active_id! };
    }
  });
}

/** Completes the keys of the admitted admissions; returns the jobs whose key this batch no longer held. */
async function completeKeys(client: PoolClient, plans: AdmissionPlan[], results: SetResult[]): Promise<Set<string>> {
  const keys = plans.flatMap((plan, i) => {
    const result = results[i]!;
    if (!plan.idempotency || result === 'retry' || !result.ok) return [];
    const { key, token, expiresAt, outcome } = plan.idempotency;
    return [{ tenant: plan.tenantId, idem_key: key, token, job_id: plan.jobId, body: outcome(result.used), expires_at: expiresAt }];
  });
  if (keys.length === 0) return new Set();
  const { rows } = await client.query<{ job_id: string }>(COMPLETE_KEYS({ keys: JSON.stringify(keys) }));
  const done = new Set(rows.map((row) => row.job_id));
  return new Set(keys.filter((k) => !done.has(k.job_id)).map((k) => k.job_id));
}
