import { failedConstraint, prepareNamed, type D1Store } from '../d1.js';
import { sqliteSql } from '../sql/fragments.sqlite.js';
import type { AdmissionPlan, AdmissionRow } from './index.js';
import { chargeEntry, COMPLETE_IDEMPOTENCY, insertJob, refusal as refusalSql, refusalOf, type RefusalRow } from './sql.js';

// D1 runs a batch alone and atomically, but a statement cannot see whether an earlier one wrote
// anything. So the admission is written whole and then judged by the database: the charge entry's
// insert moves usage (trigger `ledger_entries_move_usage`, store/migrations/d1.ts), and a statement
// that finds the usage row (or the key's) past its limit inserts into `d1_refusals`, whose CHECK
// fails and takes the whole batch back. The same rule as SQLite's conditional upsert: a charge fits
// when used + cost <= limit after it, decided on the row as the batch sees it, alone.
const INSERT_JOB = insertJob(sqliteSql, '');
const INSERT_ITEMS = `
INSERT INTO job_items (job_id, tenant_id, type, seq, status, input, cost, vtime, run_at)
SELECT :jobId, :tenantId, :type, CAST(e.key AS INTEGER), 'pending', e.value -> '$[0]', e.value ->> '$[1]',
  (SELECT ${sqliteSql.fairStart(':tenantId')}) + CAST(e.key AS INTEGER),
  :now
FROM json_each(:items) e`;
// Only for an existing tenant: without one, no entry, no usage, and the judge below refuses.
const INSERT_CHARGE = chargeEntry(sqliteSql, 'FROM tenants WHERE id = :tenantId');
const OVER_LIMIT = `
INSERT INTO d1_refusals (over_limit)
SELECT 'tenant' WHERE NOT EXISTS (SELECT 1 FROM tenants WHERE id = :tenantId)
UNION ALL
SELECT 'limit' FROM usage u JOIN tenants t ON t.id = u.tenant_id
WHERE u.tenant_id = :tenantId AND u.meter = :meter AND u.period = :period
  AND u.used > ${sqliteSql.effectiveLimit('t', ':meter', ':tierLimits')}
UNION ALL
SELECT 'key' FROM key_usage ku JOIN api_keys k ON k.id = ku.key_id
WHERE :keyId IS NOT NULL AND ku.key_id = :keyId AND ku.meter = :meter AND ku.period = :period
  AND ${sqliteSql.keyLimit('k', ':meter')} IS NOT NULL AND ku.used > ${sqliteSql.keyLimit('k', ':meter')}`;
// The stored outcome needs the usage after the charge, which only the batch knows: the outcome is
// rendered with used = 0 and its meter's `used` and `remaining` (meterView's rule) set from the row.
const COMPLETE = COMPLETE_IDEMPOTENCY.replace(
  'response_body = :body',
  `response_body = (SELECT json_set(:body, '$.meter.used', u.used, '$.meter.remaining', MAX(0, json_extract(:body, '$.meter.limit') - u.used))
    FROM usage u WHERE u.tenant_id = :tenantId AND u.meter = :meter AND u.period = :period)`,
);
const IDEMPOTENCY_HELD = `
INSERT INTO d1_refusals (idempotency_lost)
SELECT 'lost' WHERE NOT EXISTS (
  SELECT 1 FROM idempotency_keys WHERE tenant_id = :tenantId AND key = :key AND job_id = :jobId AND status = 'done')`;
const USED = `SELECT used FROM usage WHERE tenant_id = :tenantId AND meter = :meter AND period = :period`;
const REFUSAL = refusalSql(sqliteSql);

/** One admission, one batch: the job, its items, the charge entry (usage moves with it), the judge. */
export async function admitOnD1(store: D1Store, plan: AdmissionPlan): Promise<AdmissionRow> {
  const { idempotency, items, ...params } = plan;
  const p = (text: string, extra: Record<string, unknown> = {}) => prepareNamed(store.d1, text, { ...params, ...extra });
  const statements = [p(INSERT_JOB), p(INSERT_ITEMS, { items: JSON.stringify(items) }), p(INSERT_CHARGE), p(OVER_LIMIT)];
  if (idempotency) {
    const { key, token, expiresAt } = idempotency;
    const values = { key, token, expiresAt, body: idempotency.outcome(0) };
    statements.push(p(COMPLETE, values), p(IDEMPOTENCY_HELD, values));
  }
  statements.push(p(USED));
  try {
    const results = await store.d1.batch<{ used: number }>(statements);
    return { ok: true, used: Number(results.at(-1)!.results[0]!.used) };
  } catch (error) {
    const constraint = failedConstraint(error);
    if (constraint === 'admission_idempotency_lost') return { ok: false, reason: 'idempotency_lost' };
    // Read after the batch was taken back, as SQLite reads it after its savepoint's rollback.
    if (constraint === 'admission_over_limit' || constraint === 'unique:jobs.tenant_id, jobs.type, jobs.subject') {
      return refusalOf((await p(REFUSAL).first<RefusalRow>()) ?? undefined, plan.cost);
    }
    throw error;
  }
}
