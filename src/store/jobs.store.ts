import { sql, type Kysely } from 'kysely';
import { olderThan, type Cursor } from './keyset.js';
import type { Database, ItemStatus, Job, JobItem, JobStatus } from './schema.js';

/** A job as read for display: with `actual`, what its items were charged in the end (null while it runs). */
export type JobRow = Job & { actual: number | string | null };

/**
 * A finished job's actual cost: what each succeeded item kept (its actual cost when the job settles to
 * it, else its price), failed and cancelled items having been refunded. Summed only once the job has
 * ended, so that reading a running job of many items never scans them.
 */
const actual = sql<number | string | null>`CASE WHEN jobs.status IN ('pending', 'processing') THEN NULL ELSE
  (SELECT COALESCE(SUM(CASE WHEN i.status = 'succeeded' THEN COALESCE(i.actual_cost, i.cost) ELSE 0 END), 0)
   FROM job_items i WHERE i.job_id = jobs.id) END`.as('actual');

export function findJob(db: Kysely<Database>, tenantId: string, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().select(actual).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
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
export function listJobs(db: Kysely<Database>, q: JobsQuery): Promise<JobRow[]> {
  let query = db
    .selectFrom('jobs')
    .selectAll()
    .select(actual)
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
        // A succeeded item of a job that settles to actual keeps what it was charged in the end (its
        // hold, less the release, plus a charged overage); every other kept item its cost.
        .select((x) => x.fn.coalesce(x.fn.sum<number>(x.fn.coalesce('i.actual_cost', 'i.cost')), x.lit(0)).as('s'))
        .whereRef('i.job_id', '=', 'j.id')
        .where('i.status', 'not in', ['failed', 'cancelled'])
        .as('kept'),
      eb
        .selectFrom('job_items as i')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('i.job_id', '=', 'j.id')
        .where('i.status', '=', 'succeeded')
        .where('i.actual_cost', 'is', null)
        .where('j.settle', '=', 'actual')
        .as('open_holds'),
      eb.selectFrom('job_items as i').select((x) => x.fn.countAll<number>().as('n')).whereRef('i.job_id', '=', 'j.id').where('i.status', '=', 'succeeded').as('done'),
      eb.selectFrom('job_items as i').select((x) => x.fn.countAll<number>().as('n')).whereRef('i.job_id', '=', 'j.id').where('i.status', '=', 'failed').as('failed'),
      eb.selectFrom('job_items as i').select((x) => x.fn.countAll<number>().as('n')).whereRef('i.job_id', '=', 'j.id').where('i.status', '=', 'cancelled').as('cancelled'),
    ])
    .execute();
  const problems: { id: string; problem: string }[] = [];
  for (const r of rows) {
    if (Number(r.net) !== Number(r.kept)) problems.push({ id: r.id, problem: `ledger net ${Number(r.net)} ≠ cost of kept items ${Number(r.kept)}` });
    else if (Number(r.open_holds) > 0) problems.push({ id: r.id, problem: `${Number(r.open_holds)} succeeded item(s) whose hold was never settled to an actual cost` });
    else if (r.items_done !== Number(r.done) || r.items_failed !== Number(r.failed) || r.items_cancelled !== Number(r.cancelled)) {
      problems.push({ id: r.id, problem: `counters ${r.items_done}/${r.items_failed}/${r.items_cancelled} ≠ items ${Number(r.done)}/${Number(r.failed)}/${Number(r.cancelled)}` });
    }
    if (problems.length >= 100) break;
  }
  return problems;
}

/**
 * Results delivered without payment: an item holding a result that did not settle as succeeded, a
 * succeeded item whose charge was refunded, or a job showing a result it never finished for. A result
 * is written only by the settle that records success, so each of these must be none.
 */
export async function findUnpaidResults(db: Kysely<Database>): Promise<{ id: string; problem: string }[]> {
  const [items, refunded, jobs] = await Promise.all([
    db.selectFrom('job_items').select(['job_id', 'id', 'status']).where('result', 'is not', null).where('status', '<>', 'succeeded').limit(100).execute(),
    db
      .selectFrom('job_items as i')
      .innerJoin('ledger_entries as l', (join) => join.onRef('l.item_id', '=', 'i.id').onRef('l.job_id', '=', 'i.job_id'))
      .select(['i.job_id', 'i.id'])
      .where('i.status', '=', 'succeeded')
      .where('l.kind', '=', 'refund')
      .limit(100)
      .execute(),
    db.selectFrom('jobs').select(['id', 'status']).where('result', 'is not', null).where('status', 'in', ['pending', 'processing', 'cancelled']).limit(100).execute(),
  ]);
  return [
    ...items.map((r) => ({ id: r.job_id, problem: `item ${Number(r.id)} has a result but is ${r.status}` })),
    ...refunded.map((r) => ({ id: r.job_id, problem: `item ${Number(r.id)} succeeded but its charge was refunded` })),
    ...jobs.map((r) => ({ id: r.id, problem: `job shows a result but is ${r.status}` })),
  ];
}
