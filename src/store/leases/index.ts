/**
 * Leases: extended while an item runs, given back at shutdown, found by the reaper once expired.
 *
 * Invariants:
 * - Only the holder extends or releases a lease: every statement requires the item running under this
 *   worker (the remote heartbeat, at this attempt too). A lost lease is never regained, only re-claimed.
 * - A released item is pending again with its attempt given back: it never reached an outcome.
 * - An expired lease is settled through settle/, fenced on the expiry; nothing here writes an outcome.
 * - Leases move no money.
 */
import type { Store } from '../db.js';
import { extendOnD1, releaseOnD1 } from './d1.js';
import { extendOnPostgres, releaseOnPostgres } from './pg.js';
import { extendOnSqlite, releaseOnSqlite } from './sqlite.js';

export interface ExpiredLease {
  id: number;
  job_id: string;
  tenant_id: string;
  type: string;
  attempts: number;
  locked_by: string;
  max_attempts: number;
}

/** Extend live leases; returns the ids still held (the others were lost: abort them). */
export function extendLeases(store: Store, worker: string, ids: number[], until: number): Promise<number[]> {
  if (ids.length === 0) return Promise.resolve([]);
  if (store.dialect === 'd1') return extendOnD1(store, worker, ids, until);
  return store.dialect === 'sqlite' ? extendOnSqlite(store, worker, ids, until) : extendOnPostgres(store, worker, ids, until);
}

/** Leases that ran out before `now`, oldest first: the reaper settles them on their dead worker's behalf. */
export function findExpiredLeases(store: Store, now: number, limit: number): Promise<ExpiredLease[]> {
  return store.db
    .selectFrom('job_items as i')
    .innerJoin('jobs as j', 'j.id', 'i.job_id')
    .select(['i.id', 'i.job_id', 'i.tenant_id', 'i.type', 'i.attempts', 'i.locked_by', 'j.max_attempts'])
    .where('i.status', '=', 'running')
    .where('i.locked_until', '<', now)
    .orderBy('i.locked_until')
    .limit(limit)
    .$narrowType<{ locked_by: string }>()
    .execute();
}

/** Give unfinished items back at shutdown: pending at once, the attempt not counted. */
export function releaseItems(store: Store, worker: string, ids: number[], now: number): Promise<number[]> {
  if (ids.length === 0) return Promise.resolve([]);
  if (store.dialect === 'd1') return releaseOnD1(store, worker, ids, now);
  return store.dialect === 'sqlite' ? releaseOnSqlite(store, worker, ids, now) : releaseOnPostgres(store, worker, ids, now);
}

/**
 * Remote workers' heartbeat: extends each lease only while this worker holds that attempt, so a
 * worker whose lease ran out (and whose item runs again elsewhere) learns it and stops. Returns the
 * items still held; the others were lost.
 */
export async function extendAttempts(store: Store, worker: string, held: { id: number; attempt: number }[], until: number): Promise<number[]> {
  if (held.length === 0) return [];
  const rows = await store.db
    .updateTable('job_items')
    .set({ locked_until: until })
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .where((eb) => eb.or(held.map((h) => eb.and([eb('id', '=', h.id), eb('attempts', '=', h.attempt)]))))
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/** What a remote outcome needs to be decided: each item's type and attempt, and its job's attempt budget. */
export function findItemStates(store: Store, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return store.db
    .selectFrom('job_items as i')
    .innerJoin('jobs as j', 'j.id', 'i.job_id')
    .select(['i.id', 'i.type', 'i.status', 'i.attempts', 'i.locked_by', 'j.max_attempts', 'j.settle'])
    .where('i.id', 'in', ids)
    .execute();
}
