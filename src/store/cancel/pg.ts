import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** PostgreSQL: the job's unfinished items, locked in id order before anything else is touched. */
export async function lockOpenItems(trx: Transaction<Database>, jobId: string): Promise<void> {
  await sql`SELECT id FROM job_items WHERE job_id = ${jobId} AND status IN ('pending', 'running') ORDER BY id FOR UPDATE`.execute(trx);
}
