import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Items waiting or running, and items that ended within the window: what the ETA rests on. */
export async function queueStats(db: Kysely<Database>, now: number, windowMs: number): Promise<{ backlog: number; finished: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('job_items').select(sql<number>`count(*)`.as('n')).where('status', '=', 'pending').as('pending'),
      eb.selectFrom('job_items').select(sql<number>`count(*)`.as('n')).where('status', '=', 'running').as('running'),
      eb.selectFrom('job_items').select(sql<number>`count(*)`.as('n')).where('finished_at', '>', now - windowMs).as('finished'),
    ])
    .executeTakeFirstOrThrow();
  return { backlog: Number(row.pending) + Number(row.running), finished: Number(row.finished) };
}
