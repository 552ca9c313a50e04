/**
 * The admission statements both dialects share, written once over a dialect's `Fragments`. SQLite
 * runs them one after another in a transaction (sqlite.ts); PostgreSQL runs them as the CTEs of one
 * statement (pg.ts), where `source` is `FROM charged`: nothing is written unless the charge was.
 */
import { chargeKeySql, type Fragments } from '../sql/fragments.js';

/** An admission's values as SQL expressions: its parameters, or the columns of a batch's rows (pg.ts). */
export type AdmissionValues = ReturnType<typeof admissionParams>;

/** An admission's parameters (AdmissionPlan) as the dialect spells them. */
export function admissionParams(f: Fragments) {
  const p = f.param;
  return {
    jobId: p('jobId', 'text'),
    tenantId: p('tenantId', 'text'),
    type: p('type', 'text'),
    subject: p('subject', 'text'),
    input: p('input', 'text'),
    cost: p('cost', 'bigint'),
    meter: p('meter', 'text'),
    period: p('period', 'text'),
    tierLimits: p('tierLimits', 'jsonb'),
    requestedBy: p('requestedBy', 'text'),
    itemsTotal: p('itemsTotal', 'int'),
    maxAttempts: p('maxAttempts', 'int'),
    settle: p('settle', 'text'),
    overage: p('overage', 'text'),
    now: p('now', 'bigint'),
    items: p('items', 'jsonb'),
  };
}

/** CTE `t`: the tenant and its limit on the meter. No tenant, no row, and nothing is charged. */
export function tenantLimit(f: Fragments): string {
  const a = admissionParams(f);
  return `t AS (
  SELECT t.id, ${f.effectiveLimit('t', a.meter, a.tierLimits)} AS lim
  FROM tenants t WHERE t.id = ${a.tenantId}
)`;
}

/**
 * The charge, over CTE `t`. The usage row is created on first use by the statement that charges it;
 * on conflict the update only happens when the charge still fits. Either way a charge that does not
 * fit returns no row and changes nothing: the database decides, under the usage row's lock.
 */
export function charge(f: Fragments): string {
  const a = admissionParams(f);
  return `INSERT INTO usage AS u (tenant_id, meter, period, used, updated_at)
  SELECT t.id, ${a.meter}, ${a.period}, ${a.cost}, ${a.now} FROM t
  WHERE ${a.cost} <= t.lim
     OR EXISTS (SELECT 1 FROM usage x WHERE x.tenant_id = t.id AND x.meter = ${a.meter} AND x.period = ${a.period})
  ON CONFLICT (tenant_id, meter, period) DO UPDATE
  SET used = u.used + EXCLUDED.used, updated_at = EXCLUDED.updated_at
  WHERE u.used + EXCLUDED.used <= (SELECT lim FROM t)
  RETURNING used`;
}

export function insertJob(f: Fragments, source: string, a: AdmissionValues = admissionParams(f)): string {
  return `INSERT INTO jobs (id, tenant_id, type, status, subject, input, cost, meter, period, requested_by,
    items_total, max_attempts, settle, overage, created_at, updated_at)
  SELECT ${a.jobId}, ${a.tenantId}, ${a.type}, 'pending', ${a.subject}, ${a.input}, ${a.cost},
    ${a.meter}, ${a.period}, ${a.requestedBy}, ${a.itemsTotal}, ${a.maxAttempts}, ${a.settle}, ${a.overage}, ${a.now}, ${a.now}
  ${source}`.trimEnd();
}

/** The charge's ledger entry, under the job's charge key: a job is charged at most once. */
export function chargeEntry(f: Fragments, source: string, a: AdmissionValues = admissionParams(f)): string {
  return `INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, reason, dedup_key, created_at)
  SELECT ${a.tenantId}, ${a.meter}, ${a.period}, 'charge', ${a.cost}, ${a.jobId}, ${a.type},
    ${chargeKeySql(a.jobId)}, ${a.now}
  ${source}`.trimEnd();
}

/**
 * Completes the Idempotency-Key in the admission's transaction, only while this request still holds it.
 * `response_body` holds the admission's outcome, which each route family renders (never a rendered response).
 * `v` names the values (parameters, or the columns of `source` when a batch completes many keys at once).
 */
export function completeIdempotency(
  v: { jobId: string; body: string; expiresAt: string; tenantId: string; key: string; token: string } = {
    jobId: ':jobId',
    body: ':body',
    expiresAt: ':expiresAt',
    tenantId: ':tenantId',
    key: ':key',
    token: ':token',
  },
  source = '',
): string {
  return `UPDATE idempotency_keys SET status = 'done', job_id = ${v.jobId}, response_status = NULL,
  response_body = ${v.body}, lock_token = NULL, locked_until = NULL, expires_at = ${v.expiresAt}
${source ? `${source}\n` : ''}WHERE tenant_id = ${v.tenantId} AND key = ${v.key} AND lock_token = ${v.token} AND status = 'in_flight'`;
}

export const COMPLETE_IDEMPOTENCY = completeIdempotency();

/** Why an admission was refused, read after its rollback: no tenant, a duplicate active job, or the limit. */
export function refusal(f: Fragments): string {
  const a = admissionParams(f);
  return `SELECT t.id AS tenant,
  (SELECT used FROM usage u WHERE u.tenant_id = t.id AND u.meter = ${a.meter} AND u.period = ${a.period}) AS used,
  ${f.effectiveLimit('t', a.meter, a.tierLimits)} AS lim,
  (SELECT id FROM jobs j WHERE j.tenant_id = t.id AND j.type = ${a.type} AND j.subject = ${a.subject}
     AND j.status IN ('pending', 'processing') LIMIT 1) AS active
FROM tenants t WHERE t.id = ${a.tenantId}`;
}
