import { prepareNamed, type D1Store } from '../d1.js';

// Each is one statement over all the ids: D1 runs it alone, so it is as atomic as SQLite's loop.
const EXTEND = `UPDATE job_items SET locked_until = :until
WHERE id IN (SELECT value FROM json_each(:ids)) AND status = 'running' AND locked_by = :worker RETURNING id`;

const RELEASE = `
UPDATE job_items SET status = 'pending', attempts = attempts - 1, locked_by = NULL, locked_until = NULL, run_at = :now
WHERE id IN (SELECT value FROM json_each(:ids)) AND status = 'running' AND locked_by = :worker RETURNING id`;

export async function extendOnD1(store: D1Store, worker: string, ids: number[], until: number): Promise<number[]> {
  const { results } = await prepareNamed(store.d1, EXTEND, { worker, until, ids: JSON.stringify(ids) }).all<{ id: number }>();
  return results.map((r) => Number(r.id));
}

export async function releaseOnD1(store: D1Store, worker: string, ids: number[], now: number): Promise<number[]> {
  const { results } = await prepareNamed(store.d1, RELEASE, { worker, now, ids: JSON.stringify(ids) }).all<{ id: number }>();
  return results.map((r) => Number(r.id));
}
