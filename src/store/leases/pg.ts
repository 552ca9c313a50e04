import type { PostgresStore } from '../db.js';
import { namedQuery } from '../named.js';

// CTE `mine`: the items among :ids this worker still holds, locked in id order, as the settle does.
const HELD = `mine AS (
     SELECT id FROM job_items WHERE id = ANY(:ids::bigint[]) AND status = 'running' AND locked_by = :worker::text
     ORDER BY id FOR UPDATE
   )`;

const EXTEND = namedQuery(
  'tollgate_extend_v2',
  `WITH ${HELD}
   UPDATE job_items i SET locked_until = :until::bigint FROM mine WHERE i.id = mine.id
   RETURNING i.id`,
);

const RELEASE = namedQuery(
  'tollgate_release_v2',
  `WITH ${HELD}
   UPDATE job_items i SET status = 'pending', attempts = i.attempts - 1, locked_by = NULL, locked_until = NULL, run_at = :now::bigint
   FROM mine WHERE i.id = mine.id
   RETURNING i.id`,
);

export async function extendOnPostgres(store: PostgresStore, worker: string, ids: number[], until: number): Promise<number[]> {
  const { rows } = await store.pool.query(EXTEND({ worker, ids, until }));
  return rows.map((r) => Number(r.id));
}

export async function releaseOnPostgres(store: PostgresStore, worker: string, ids: number[], now: number): Promise<number[]> {
  const { rows } = await store.pool.query(RELEASE({ worker, ids, now }));
  return rows.map((r) => Number(r.id));
}
