import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Records that `workerId` is alive and runs `types`, now: one upsert for all of them. */
export async function recordPresence(db: Kysely<Database>, workerId: string, types: readonly string[], now: number): Promise<void> {
  if (types.length === 0) return;
  await db
    .insertInto('worker_presence')
    .values(types.map((type) => ({ worker_id: workerId, type, seen_at: now })))
    .onConflict((oc) => oc.columns(['worker_id', 'type']).doUpdateSet({ seen_at: (eb) => eb.ref('excluded.seen_at') }))
    .execute();
}

/** The job types some worker was seen running since `since`. */
export async function findServedTypes(db: Kysely<Database>, since: number): Promise<string[]> {
  const rows = await db.selectFrom('worker_presence').select('type').distinct().where('seen_at', '>', since).execute();
  return rows.map((r) => r.type);
}

/** Forgets workers not seen since `before`. */
export async function deleteStalePresence(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db.deleteFrom('worker_presence').where('seen_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
