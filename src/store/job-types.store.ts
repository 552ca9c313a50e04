import type { Kysely } from 'kysely';
import type { Database, JobTypesTable } from './schema.js';

export function listDeclaredTypes(db: Kysely<Database>): Promise<JobTypesTable[]> {
  return db.selectFrom('job_types').selectAll().orderBy('name').execute();
}

export function findDeclaredType(db: Kysely<Database>, name: string): Promise<JobTypesTable | undefined> {
  return db.selectFrom('job_types').selectAll().where('name', '=', name).executeTakeFirst();
}

/**
 * Creates the type, or replaces its definition (the version moves on, the secret stays). Returns
 * whether it was created. One statement: two concurrent PUTs of a new name both end with one row.
 */
export async function upsertDeclaredType(db: Kysely<Database>, row: { name: string; definition: string; secret: string | null; now: number }): Promise<{ created: boolean; row: JobTypesTable }> {
  const stored = await db
    .insertInto('job_types')
    .values({ name: row.name, definition: row.definition, secret: row.secret, version: 1, created_at: row.now, updated_at: row.now })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        definition: eb.ref('excluded.definition'),
        // A type that becomes an HTTP handler keeps its secret, or gets the new one if it had none.
        secret: eb.fn.coalesce('job_types.secret', eb.ref('excluded.secret')),
        version: eb('job_types.version', '+', 1),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { created: Number(stored.version) === 1, row: stored };
}

/** Deletes the type unless it has a pending or processing job: in the same statement, so no read decides. */
export async function deleteDeclaredType(db: Kysely<Database>, name: string): Promise<'deleted' | 'busy' | 'missing'> {
  const result = await db
    .deleteFrom('job_types')
    .where('name', '=', name)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('jobs').select('id').where('type', '=', name).where('status', 'in', ['pending', 'processing']))))
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 1) return 'deleted';
  return (await findDeclaredType(db, name)) ? 'busy' : 'missing';
}

/** A new secret; the old one keeps signing until `previousUntil`. */
export async function rotateSecret(db: Kysely<Database>, name: string, secret: string, previousUntil: number, now: number): Promise<JobTypesTable | undefined> {
  return db
    .updateTable('job_types')
    .set((eb) => ({ previous_secret: eb.ref('secret'), previous_secret_until: previousUntil, secret, updated_at: now, version: eb('version', '+', 1) }))
    .where('name', '=', name)
    .where('secret', 'is not', null)
    .returningAll()
    .executeTakeFirst();
}

/** Per type: items waiting and running, and when the oldest waiting one was admitted. */
export async function queueStats(db: Kysely<Database>): Promise<Map<string, { pending: number; running: number; oldestPendingAt: number | null }>> {
  const rows = await db
    .selectFrom('job_items')
    .select((eb) => [
      'type',
      eb.fn.countAll<number>().filterWhere('status', '=', 'pending').as('pending'),
      eb.fn.countAll<number>().filterWhere('status', '=', 'running').as('running'),
      eb.fn.min<number>('run_at').filterWhere('status', '=', 'pending').as('oldest'),
    ])
    .where('status', 'in', ['pending', 'running'])
    .groupBy('type')
    .execute();
  return new Map(rows.map((r) => [r.type, { pending: Number(r.pending), running: Number(r.running), oldestPendingAt: r.oldest === null ? null : Number(r.oldest) }]));
}
