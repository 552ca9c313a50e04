import type { SqliteStore } from './db.js';
import type { AdmissionPlan, AdmissionRow } from './admission.js';
import { SqliteError } from 'better-sqlite3';
import { GroupCommit, type Settled } from './group-commit.js';
import type { SqliteHandle } from './sqlite-driver.js';

// The tenant's override, else its tier's default, else 0 (a meter nobody configured admits nothing).
const LIMIT = `COALESCE(
  json_extract(t.limits, '$."' || :meter || '"'),
  json_extract(:tierLimits, '$."' || t.tier || '"."' || :meter || '"'),
  0)`;

// The usage row is created on first use by the same statement that charges it. On conflict the
// update only happens when the charge still fits; otherwise no row comes back and nothing changed.
const CHARGE = `
INSERT INTO usage (tenant_id, meter, period, used, updated_at)
SELECT t.id, :meter, :period, :cost, :now FROM tenants t
WHERE t.id = :tenantId AND (:cost <= ${LIMIT}
  OR EXISTS (SELECT 1 FROM usage u WHERE u.tenant_id = t.id AND u.meter = :meter AND u.period = :period))
ON CONFLICT (tenant_id, meter, period) DO UPDATE
SET used = usage.used + excluded.used, updated_at = excluded.updated_at
WHERE usage.used + excluded.used <= (SELECT ${LIMIT} FROM tenants t WHERE t.id = excluded.tenant_id)
RETURNING used`;

const INSERT_JOB = `
INSERT INTO jobs (id, tenant_id, type, status, subject, input, cost, meter, period, requested_by,
  items_total, max_attempts, created_at, updated_at)
VALUES (:jobId, :tenantId, :type, 'pending', :subject, :input, :cost, :meter, :period, :requestedBy,
  :itemsTotal, :maxAttempts, :now, :now)`;

// Start-time fair queuing: a job's items start after the tenant's own pending items, but never
// before the head of the whole queue. A tenant with a long backlog therefore cannot push a newcomer
// further back than one claim batch. (The same expression is in admission.pg.ts.)
const INSERT_ITEMS = `
INSERT INTO job_items (job_id, tenant_id, type, seq, status, input, cost, vtime, run_at)
SELECT :jobId, :tenantId, :type, CAST(e.key AS INTEGER), 'pending', e.value -> '$[0]', e.value ->> '$[1]',
  (SELECT MAX(COALESCE((SELECT MAX(vtime) FROM job_items WHERE tenant_id = :tenantId AND status = 'pending'), 0) + 1,
              COALESCE((SELECT MIN(vtime) FROM job_items WHERE status = 'pending'), 0))) + CAST(e.key AS INTEGER),
  :now
FROM json_each(:items) e`;

const INSERT_CHARGE = `
INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, reason, dedup_key, created_at)
VALUES (:tenantId, :meter, :period, 'charge', :cost, :jobId, :type, 'charge:' || :jobId, :now)`;

const COMPLETE_IDEMPOTENCY = `
UPDATE idempotency_keys SET status = 'done', job_id = :jobId, response_status = :status,
  response_body = :body, lock_token = NULL, locked_until = NULL, expires_at = :expiresAt
WHERE tenant_id = :tenantId AND key = :key AND lock_token = :token AND status = 'in_flight'`;

const REFUSAL = `
SELECT t.id AS tenant,
  (SELECT used FROM usage u WHERE u.tenant_id = t.id AND u.meter = :meter AND u.period = :period) AS used,
  ${LIMIT} AS lim,
  (SELECT id FROM jobs j WHERE j.tenant_id = t.id AND j.type = :type AND j.subject = :subject
     AND j.status IN ('pending', 'processing')) AS active
FROM tenants t WHERE t.id = :tenantId`;

class Refused extends Error {
  /** Without a row the charge did not fit: why is read after the rollback, once this attempt's own job is gone. */
  constructor(readonly row?: AdmissionRow) {
    super('refused');
  }
}

const batchers = new WeakMap<SqliteStore, GroupCommit<AdmissionPlan, AdmissionRow>>();

/**
 * Admissions are group-committed: one IMMEDIATE transaction per batch, each admission in its own
 * savepoint, so a refused one rolls back alone. A commit appends every page the batch touched to
 * the WAL once, instead of once per admission.
 */
export function admitOnSqlite(store: SqliteStore, plan: AdmissionPlan): Promise<AdmissionRow> {
  let batcher = batchers.get(store);
  if (!batcher) {
    batcher = new GroupCommit((plans) => writeBatch(store, plans), { maxBatch: 200, maxInFlight: 1 });
    batchers.set(store, batcher);
  }
  return batcher.submit(plan);
}

function writeBatch(store: SqliteStore, plans: AdmissionPlan[]): Promise<Settled<AdmissionRow>[]> {
  return store.sqlite.exclusive((h) =>
    h.transaction(() =>
      plans.map((plan): Settled<AdmissionRow> => {
        const { idempotency, ...params } = plan;
        try {
          return { ok: true, value: h.raw.transaction(() => admitOne(h, params, idempotency))() };
        } catch (error) {
          // After the savepoint's rollback, so the refusal is read without this attempt's own job.
          if (error instanceof Refused) return { ok: true, value: error.row ?? refusal(h, params) };
          if (isActiveSubjectConflict(error)) return { ok: true, value: refusal(h, params) };
          return { ok: false, error };
        }
      }),
    ),
  );
}

function admitOne(h: SqliteHandle, params: Omit<AdmissionPlan, 'idempotency'>, idempotency: AdmissionPlan['idempotency']): AdmissionRow {
  // The job goes in first so that a duplicate is reported as one even when the meter is also spent.
  h.prepare(INSERT_JOB).run(params);
  const charged = h.prepare(CHARGE).get(params) as { used: number } | undefined;
  if (!charged) throw new Refused();
  h.prepare(INSERT_ITEMS).run(params);
  h.prepare(INSERT_CHARGE).run(params);
  if (idempotency) {
    const response = idempotency.render({ used: charged.used });
    const completed = h.prepare(COMPLETE_IDEMPOTENCY).run({ ...idempotency, ...response, jobId: params.jobId, tenantId: params.tenantId });
    if (completed.changes !== 1) throw new Refused({ ok: false, reason: 'idempotency_lost' });
  }
  return { ok: true, used: charged.used };
}

function refusal(h: SqliteHandle, params: Omit<AdmissionPlan, 'idempotency'>): AdmissionRow {
  const row = h.prepare(REFUSAL).get(params) as { tenant: string; used: number | null; lim: number; active: string | null } | undefined;
  if (!row) return { ok: false, reason: 'tenant_missing' };
  if (row.active) return { ok: false, reason: 'duplicate', activeJobId: row.active };
  return { ok: false, reason: 'limit', used: row.used ?? 0, limit: row.lim };
}

const isActiveSubjectConflict = (error: unknown) =>
  error instanceof SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && /jobs\.tenant_id, jobs\.type, jobs\.subject/.test(error.message);
