/**
 * The admission statements both dialects share, written once over a dialect's `Fragments`. SQLite
 * runs them one after another in a transaction (sqlite.ts); PostgreSQL runs them as the CTEs of one
 * statement (pg.ts), where `source` is `FROM charged`: nothing is written unless the charge was.
 */
import { chargeKeySql, type Fragments } from '../sql/fragments.js';
import type { AdmissionRow } from './index.js';

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
    keyId: p('keyId', 'text'),
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

/** CTE `kl`: the key with a budget on the meter, and that budget (NULL once it was removed). */
export function keyLimit(f: Fragments): string {
  const a = admissionParams(f);
  return `kl AS (
  SELECT k.id, ${f.keyLimit('k', a.meter)} AS lim
  FROM api_keys k WHERE k.id = ${a.keyId} AND k.tenant_id = ${a.tenantId}
)`;
}

/**
 * The key's charge, over CTE `kl`: the same conditional upsert as the tenant's `charge`, on the key's
 * `key_usage` row (`used + cost <= lim`, decided under that row's lock). A budget removed since the
 * request was authenticated (NULL) no longer limits, but the key's usage still counts the charge, so
 * that it stays equal to the key's ledger entries. `source` makes the charge depend on another CTE.
 */
export function keyCharge(f: Fragments, source: string): string {
  const a = admissionParams(f);
  return `INSERT INTO key_usage AS ku (key_id, meter, period, tenant_id, used, updated_at)
  SELECT kl.id, ${a.meter}, ${a.period}, ${a.tenantId}, ${a.cost}, ${a.now} FROM kl ${source}
  WHERE kl.lim IS NULL OR ${a.cost} <= kl.lim
     OR EXISTS (SELECT 1 FROM key_usage x WHERE x.key_id = kl.id AND x.meter = ${a.meter} AND x.period = ${a.period})
  ON CONFLICT (key_id, meter, period) DO UPDATE
  SET used = ku.used + EXCLUDED.used, updated_at = EXCLUDED.updated_at
  WHERE (SELECT lim FROM kl) IS NULL OR ku.used + EXCLUDED.used <= (SELECT lim FROM kl)
  RETURNING used`;
}

export function insertJob(f: Fragments, source: string, a: AdmissionValues = admissionParams(f)): string {
  return `INSERT INTO jobs (id, tenant_id, type, status, subject, input, cost, meter, period, requested_by,
    items_total, max_attempts, settle, overage, key_id, created_at, updated_at)
  SELECT ${a.jobId}, ${a.tenantId}, ${a.type}, 'pending', ${a.subject}, ${a.input}, ${a.cost},
    ${a.meter}, ${a.period}, ${a.requestedBy}, ${a.itemsTotal}, ${a.maxAttempts}, ${a.settle}, ${a.overage}, ${a.keyId}, ${a.now}, ${a.now}
  ${source}`.trimEnd();
}

/**
 * The charge's ledger entry, under the job's charge key: a job is charged at most once. It names the
 * key whose budget was charged too, if any: a key's usage is the sum of its entries.
 */
export function chargeEntry(f: Fragments, source: string, a: AdmissionValues = admissionParams(f)): string {
  return `INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, reason, dedup_key, key_id, created_at)
  SELECT ${a.tenantId}, ${a.meter}, ${a.period}, 'charge', ${a.cost}, ${a.jobId}, ${a.type},
    ${chargeKeySql(a.jobId)}, ${a.keyId}, ${a.now}
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

/**
 * Why an admission was refused, read after its rollback: no tenant, a duplicate active job, the
 * tenant's limit, or the key's budget (NULLs without a key). With the limit come the meter's open
 * holds (`held`, over `held_items` items): the charges of pending and running items of jobs that
 * settle to their actual cost, which their settles will give back in part. Only read to word the
 * refusal; the charge itself decided, and nothing is written. ledger.store.ts `heldForPeriod` is the
 * same rule, for GET /v1/usage.
 */
export function refusal(f: Fragments): string {
  const a = admissionParams(f);
  const open = `FROM job_items i JOIN jobs j ON j.id = i.job_id
     WHERE i.tenant_id = t.id AND i.status IN ('pending', 'running')
       AND j.meter = ${a.meter} AND j.period = ${a.period} AND j.settle = 'actual'`;
  return `SELECT t.id AS tenant,
  (SELECT used FROM usage u WHERE u.tenant_id = t.id AND u.meter = ${a.meter} AND u.period = ${a.period}) AS used,
  ${f.effectiveLimit('t', a.meter, a.tierLimits)} AS lim,
  (SELECT used FROM key_usage ku WHERE ku.key_id = ${a.keyId} AND ku.meter = ${a.meter} AND ku.period = ${a.period}) AS key_used,
  (SELECT ${f.keyLimit('k', a.meter)} FROM api_keys k WHERE k.id = ${a.keyId}) AS key_lim,
  (SELECT id FROM jobs j WHERE j.tenant_id = t.id AND j.type = ${a.type} AND j.subject = ${a.subject}
     AND j.status IN ('pending', 'processing') LIMIT 1) AS active,
  (SELECT COALESCE(SUM(i.cost), 0) ${open}) AS held,
  (SELECT COUNT(*) ${open}) AS held_items
FROM tenants t WHERE t.id = ${a.tenantId}`;
}

/** The row `refusal` reads (PostgreSQL returns sums and counts as text). */
export interface RefusalRow {
  tenant: string;
  used: number | string | null;
  lim: number | string;
  key_used: number | string | null;
  key_lim: number | string | null;
  active: string | null;
  held: number | string;
  held_items: number | string;
}

/**
 * What a refusal row means. The tenant's allowance is named first when neither fits: a larger key
 * budget would not help. A row where both fit (a limit raised meanwhile) still reads as the tenant's
 * limit; admission then tries again (core/admission.ts).
 */
export function refusalOf(row: RefusalRow | undefined, cost: number): AdmissionRow {
  if (!row) return { ok: false, reason: 'tenant_missing' };
  if (row.active) return { ok: false, reason: 'duplicate', activeJobId: row.active };
  const used = Number(row.used ?? 0);
  const limit = Number(row.lim);
  const tenantLimit = { ok: false, reason: 'limit', used, limit, held: Number(row.held), heldItems: Number(row.held_items) } as const;
  if (used + cost > limit || row.key_lim === null) return tenantLimit;
  const keyUsed = Number(row.key_used ?? 0);
  const keyLimit = Number(row.key_lim);
  if (keyUsed + cost > keyLimit) return { ok: false, reason: 'key_limit', used: keyUsed, limit: keyLimit };
  return tenantLimit;
}
