import type { SqliteStore } from '../db.js';
import { sqliteSql } from '../sql/fragments.sqlite.js';
import type { SqliteHandle } from '../sqlite-driver.js';
import { GroupCommit, type Settled } from './group-commit.js';
import { thresholdEventsSql } from '../webhooks/outbox.js';
import type { AdmissionPlan, AdmissionRow } from './index.js';
import { charge, chargeEntry, COMPLETE_IDEMPOTENCY, insertJob, keyCharge, keyLimit, refusal as refusalSql, refusalOf, tenantLimit, type RefusalRow } from './sql.js';

const CHARGE = `WITH ${tenantLimit(sqliteSql)}\n${charge(sqliteSql)}`;
// Only for a plan with a key budget, after CHARGE in the same savepoint: no row back, and the
// savepoint's rollback takes the tenant's charge back with everything else.
const KEY_CHARGE = `WITH ${keyLimit(sqliteSql)}\n${keyCharge(sqliteSql, '')}`;
const INSERT_JOB = insertJob(sqliteSql, '');
// `:offset` is where this chunk of a large job's items starts; a later chunk's start time follows the
// earlier chunks', which are the tenant's newest pending items by then.
const INSERT_ITEMS = `
INSERT INTO job_items (job_id, tenant_id, type, seq, status, input, cost, vtime, run_at)
SELECT :jobId, :tenantId, :type, :offset + CAST(e.key AS INTEGER), 'pending', e.value -> '$[0]', e.value ->> '$[1]',
  (SELECT ${sqliteSql.fairStart(':tenantId')}) + CAST(e.key AS INTEGER),
  :now
FROM json_each(:items) e`;
const INSERT_CHARGE = chargeEntry(sqliteSql, '');
const REFUSAL = refusalSql(sqliteSql);
// The outbox: the thresholds the meter has reached after this charge, written by its transaction.
const THRESHOLDS = thresholdEventsSql(
  'sqlite',
  `(SELECT t.id AS tenant_id, :meter AS meter, :period AS period, :used AS used, ${sqliteSql.effectiveLimit('t', ':meter', ':tierLimits')} AS lim, t.tier
    FROM tenants t WHERE t.id = :tenantId)`,
  ':thresholds',
  ':now',
);

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
  if (plan.itemsTotal > LARGE_JOB) return admitLarge(store, plan);
  let batcher = batchers.get(store);
  if (!batcher) {
    batcher = new GroupCommit((plans) => writeBatch(store, plans), { maxBatch: 200, maxInFlight: 1 });
    batchers.set(store, batcher);
  }
  return batcher.submit(plan);
}

/**
 * A job of more items than this is admitted alone, its items written in chunks with the event loop
 * let go between them: one 100,000-item job would otherwise hold it for a second or more. It keeps the
 * connection (and so the one transaction) to itself meanwhile; other requests are served, and those
 * that need the database wait for it.
 */
const LARGE_JOB = 5_000;
const CHUNK = 2_000;
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

async function admitLarge(store: SqliteStore, plan: AdmissionPlan): Promise<AdmissionRow> {
  const h = store.sqlite;
  const { idempotency, items, ...params } = plan;
  await h.lock();
  try {
    h.raw.exec('BEGIN IMMEDIATE');
    try {
      h.prepare(INSERT_JOB).run(params);
      const charged = h.prepare(CHARGE).get(params) as { used: number } | undefined;
      if (!charged) throw new Refused();
      if (params.keyId !== null && !h.prepare(KEY_CHARGE).get(params)) throw new Refused();
      for (let offset = 0; offset < items.length; offset += CHUNK) {
        h.prepare(INSERT_ITEMS).run({ ...params, offset, items: JSON.stringify(items.slice(offset, offset + CHUNK)) });
        await yieldToEventLoop();
      }
      h.prepare(INSERT_CHARGE).run(params);
      h.prepare(THRESHOLDS).run({ ...params, used: charged.used });
      if (idempotency) completeIdempotency(h, params, idempotency, charged.used);
      h.raw.exec('COMMIT');
      return { ok: true, used: charged.used };
    } catch (error) {
      h.raw.exec('ROLLBACK');
      if (error instanceof Refused) return error.row ?? refusal(h, params);
      if (isActiveSubjectConflict(error)) return refusal(h, params);
      throw error;
    }
  } finally {
    h.unlock();
  }
}

function completeIdempotency(h: SqliteHandle, params: Pick<AdmissionPlan, 'jobId' | 'tenantId'>, idempotency: NonNullable<AdmissionPlan['idempotency']>, used: number) {
  const { key, token, expiresAt } = idempotency;
  const completed = h.prepare(COMPLETE_IDEMPOTENCY).run({ key, token, expiresAt, body: idempotency.outcome(used), jobId: params.jobId, tenantId: params.tenantId });
  if (completed.changes !== 1) throw new Refused({ ok: false, reason: 'idempotency_lost' });
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
  if (params.keyId !== null && !h.prepare(KEY_CHARGE).get(params)) throw new Refused();
  h.prepare(INSERT_ITEMS).run({ ...params, offset: 0, items: JSON.stringify(params.items) });
  h.prepare(INSERT_CHARGE).run(params);
  h.prepare(THRESHOLDS).run({ ...params, used: charged.used });
  if (idempotency) completeIdempotency(h, params, idempotency, charged.used);
  return { ok: true, used: charged.used };
}

function refusal(h: SqliteHandle, params: Omit<AdmissionPlan, 'idempotency' | 'items'>): AdmissionRow {
  return refusalOf(h.prepare(REFUSAL).get(params) as RefusalRow | undefined, params.cost);
}

const isActiveSubjectConflict = (error: unknown) =>
  // By its code, not `instanceof SqliteError`: this file is in the edge bundle (through admit/index.ts), which has no better-sqlite3.
  (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE' && /jobs\.tenant_id, jobs\.type, jobs\.subject/.test(String((error as { message?: unknown }).message));
