import type { Kysely, Transaction } from 'kysely';
import { olderThan, type Cursor } from './keyset.js';
import type { Database, ItemStatus, Job, JobItem, JobStatus } from './schema.js';

export function findJob(db: Kysely<Database>, tenantId: string, id: string): Promise<Job | undefined> {
  return db.selectFrom('jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export interface JobsQuery {
  tenantId: string;
  status?: JobStatus;
  type?: string;
  subject?: string;
  /** Keyset: jobs strictly older than this (created_at, id). */
  before?: Cursor;
  limit: number;
}

/** Newest first, keyset-paginated on (created_at, id) so page N costs what page 1 costs. */
export function listJobs(db: Kysely<Database>, q: JobsQuery): Promise<Job[]> {
  let query = db
    .selectFrom('jobs')
    .selectAll()
    .where('tenant_id', '=', q.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.subject) query = query.where('subject', '=', q.subject);
  const { before } = q;
  if (before) query = query.where((eb) => olderThan(eb, before));
  return query.execute();
}

export function listItems(db: Kysely<Database>, jobId: string, options: { afterSeq?: number; limit: number; status?: ItemStatus }): Promise<JobItem[]> {
  let query = db.selectFrom('job_items').selectAll().where('job_id', '=', jobId).orderBy('seq').limit(options.limit);
  if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
  if (options.status) query = query.where('status', '=', options.status);
  return query.execute();
}

/** Claims the job for cancelling: only a pending or processing job can be; returns it as it was. */
export function lockCancellableJob(trx: Transaction<Database>, tenantId: string, id: string, now: number): Promise<Job | undefined> {
  return trx
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: now, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'processing'])
    .returningAll()
    .executeTakeFirst();
}

/** Cancels every unfinished item of a job; a running item's lease is voided, so its late result is refused. */
export async function cancelOpenItems(trx: Transaction<Database>, jobId: string, now: number): Promise<{ count: number; cost: number }> {
  const rows = await trx
    .updateTable('job_items')
    .set({ status: 'cancelled', finished_at: now, locked_by: null, locked_until: null })
    .where('job_id', '=', jobId)
    .where('status', 'in', ['pending', 'running'])
    .returning('cost')
    .execute();
  return { count: rows.length, cost: rows.reduce((sum, r) => sum + Number(r.cost), 0) };
}

export async function addCancelledItems(trx: Transaction<Database>, jobId: string, count: number): Promise<Job> {
  return trx
    .updateTable('jobs')
    .set((eb) => ({ items_cancelled: eb('items_cancelled', '+', count) }))
    .where('id', '=', jobId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Jobs that have no charge in the ledger: must be none. */
export async function findJobsWithoutCharge(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('jobs')
    .select('jobs.id')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('ledger_entries as l').select('l.id').whereRef('l.job_id', '=', 'jobs.id').where('l.kind', '=', 'charge'))),
    )
    .limit(100)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Jobs whose money or counters disagree with their items: the net ledger of a job must equal the
 * cost of its items that did not fail and were not cancelled (each refund happened, and once), and
 * items_done/failed/cancelled must count the items in those statuses.
 */
export async function findInconsistentJobs(db: Kysely<Database>): Promise<{ id: string; problem: string }[]> {
  const rows = await db
    .selectFrom('jobs as j')
    .select((eb) => [
      'j.id',
      'j.items_done',
      'j.items_failed',
      'j.items_cancelled',
      eb.selectFrom('ledger_entries as l').select((x) => x.fn.coalesce(x.fn.sum<number>('l.amount'), x.lit(0)).as('s')).whereRef('l.job_id', '=', 'j.id').as('net'),
      eb
        .selectFrom('job_items as i')
        .select((x) => x.fn.coalesce(x.fn.sum<number>('i.cost'), x.lit(0)).as('s'))
        .whereRef('i.job_id', '=', 'j.id')
        .where('i.status', 'not in', ['failed', 'cancelled'])
        .as('kept'),
      eb.selectFrom('job_items as i').select((x) => x.fn.countAll<number>().as('n')).whereRef('i.job_id', '=', 'j.id').where('i.status', '=', 'succeeded').as('done'),
      eb.selectFrom('job_items as i').select((x) => x.fn.countAll<number>().as('n')).whereRef('i.job_id', '=', 'j.id').where('i.status', '=', 'failed').as('failed'),
      eb.selectFrom('job_items as i').select((x) => x.fn.countAll<number>().as('n')).whereRef('i.job_id', '=', 'j.id').where('i.status', '=', 'cancelled').as('cancelled'),
    ])
    .execute();
  const problems: { id: string; problem: string }[] = [];
  for (const r of rows) {
    if (Number(r.net) !== Number(r.kept)) problems.push({ id: r.id, problem: `ledger net ${Number(r.net)} ≠ cost of kept items ${Number(r.kept)}` });
    else if (r.items_done !== Number(r.done) || r.items_failed !== Number(r.failed) || r.items_cancelled !== Number(r.cancelled)) {
      problems.push({ id: r.id, problem: `counters ${r.items_done}/${r.items_failed}/${r.items_cancelled} ≠ items ${Number(r.done)}/${Number(r.failed)}/${Number(r.cancelled)}` });
    }
    if (problems.length >= 100) break;
  }
  return problems;
}
