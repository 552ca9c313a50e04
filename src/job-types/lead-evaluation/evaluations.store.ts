import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, Job } from '../../store/schema.js';
import { withLeadTables, type EvaluationsTable } from './schema.js';

export type EvaluationRow = Selectable<EvaluationsTable>;

/** The job type's name, as a literal in SQL so that the partial index `jobs_lead_evaluation_subject` applies. */
const TYPE = sql.lit('lead_evaluation');

export function findEvaluationByJob(db: Kysely<Database>, tenantId: string, jobId: string): Promise<EvaluationRow | undefined> {
  return withLeadTables(db).selectFrom('evaluations').selectAll().where('tenant_id', '=', tenantId).where('job_id', '=', jobId).executeTakeFirst();
}

export function findLatestEvaluation(db: Kysely<Database>, tenantId: string, leadId: string): Promise<EvaluationRow | undefined> {
  return withLeadTables(db)
    .selectFrom('evaluations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('lead_id', '=', leadId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Evaluations made by these jobs. */
export async function findEvaluationsByJobs(db: Kysely<Database>, tenantId: string, jobIds: string[]): Promise<EvaluationRow[]> {
  if (jobIds.length === 0) return [];
  return withLeadTables(db).selectFrom('evaluations').selectAll().where('tenant_id', '=', tenantId).where('job_id', 'in', jobIds).execute();
}

/** The newest evaluation of each of these leads that has one. */
export async function findLatestEvaluations(db: Kysely<Database>, tenantId: string, leadIds: string[]): Promise<EvaluationRow[]> {
  if (leadIds.length === 0) return [];
  const ldb = withLeadTables(db);
  const ranked = ldb
    .selectFrom('evaluations')
    .selectAll()
    .select(sql<number>`ROW_NUMBER() OVER (PARTITION BY lead_id ORDER BY created_at DESC, id DESC)`.as('rn'))
    .where('tenant_id', '=', tenantId)
    .where('lead_id', 'in', leadIds)
    .as('ranked');
  const rows = await ldb.selectFrom(ranked).selectAll().where('rn', '=', 1).execute();
  return rows.map(({ rn: _rn, ...row }) => row);
}

/** A lead's evaluation job by id: it must be the tenant's, of this type, and for this lead. */
export function findLeadJob(db: Kysely<Database>, tenantId: string, leadId: string, jobId: string): Promise<Job | undefined> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', jobId)
    .where('type', '=', TYPE)
    .where('subject', '=', leadId)
    .executeTakeFirst();
}

/** The pending or processing evaluation job of a lead (at most one: the partial unique index). */
export function findActiveLeadJob(db: Kysely<Database>, tenantId: string, leadId: string): Promise<Pick<Job, 'id'> | undefined> {
  return db
    .selectFrom('jobs')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('type', '=', TYPE)
    .where('subject', '=', leadId)
    .where('status', 'in', ['pending', 'processing'])
    .executeTakeFirst();
}

/** The newest evaluation job of each of these leads that has one (jobs older than the retention are gone). */
export async function findLatestLeadJobs(db: Kysely<Database>, tenantId: string, leadIds: string[]): Promise<Job[]> {
  if (leadIds.length === 0) return [];
  const ranked = db
    .selectFrom('jobs')
    .selectAll()
    .select(sql<number>`ROW_NUMBER() OVER (PARTITION BY subject ORDER BY created_at DESC, id DESC)`.as('rn'))
    .where('tenant_id', '=', tenantId)
    .where('type', '=', TYPE)
    .where('subject', 'in', leadIds)
    .as('ranked');
  const rows = await db.selectFrom(ranked).selectAll().where('rn', '=', 1).execute();
  return rows.map(({ rn: _rn, ...job }) => job as Job);
}

/**
 * Evaluations that were delivered without being paid for: their job still exists but its item did
 * not settle as succeeded, or its charge was refunded. Must be none (`tollgate verify`).
 */
export async function findUnpaidEvaluations(db: Kysely<Database>): Promise<{ id: string; problem: string }[]> {
  const rows = await withLeadTables(db)
    .selectFrom('evaluations as e')
    .innerJoin('job_items as i', (join) => join.onRef('i.job_id', '=', 'e.job_id'))
    .select(['e.id', 'e.job_id', 'i.status'])
    .where((eb) =>
      eb.or([
        eb('i.status', '<>', 'succeeded'),
        eb.exists(eb.selectFrom('ledger_entries as l').select('l.id').whereRef('l.job_id', '=', 'e.job_id').where('l.kind', '=', 'refund')),
      ]),
    )
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.job_id, problem: `evaluation ${r.id} delivered, but its item is ${r.status} or was refunded` }));
}
