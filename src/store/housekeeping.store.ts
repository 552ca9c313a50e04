import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Deletes up to `batch` finished jobs that ended before `cutoff` (their items go with them). Never the ledger. */
export async function pruneFinishedJobs(db: Kysely<Database>, cutoff: number, batch: number): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('id', 'in', (eb) =>
      eb.selectFrom('jobs').select('id').where('finished_at', 'is not', null).where('finished_at', '<', cutoff).limit(batch),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function jobCounts(db: Kysely<Database>) {
  return db.selectFrom('jobs').select(['status', 'type', sql<number>`count(*)`.as('n')]).groupBy(['status', 'type']).execute();
}

/** The deepest queues: pending items and the age of the oldest, per tenant. */
export async function deepestQueues(db: Kysely<Database>, limit: number) {
  return db
    .selectFrom('job_items')
    .select(['tenant_id', sql<number>`count(*)`.as('pending'), sql<number>`min(run_at)`.as('oldest')])
    .where('status', '=', 'pending')
    .groupBy('tenant_id')
    .orderBy(sql`count(*)`, 'desc')
    .limit(limit)
    .execute();
}
