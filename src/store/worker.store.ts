import type { Store } from './db.js';
import { withRetry } from './transact.js';
import { claimOnPostgres, expiredOnPostgres, extendOnPostgres, releaseOnPostgres, settleOnPostgres } from './worker.pg.js';
import { claimOnSqlite, expiredOnSqlite, extendOnSqlite, releaseOnSqlite, settleOnSqlite } from './worker.sqlite.js';

export interface ClaimRequest {
  worker: string;
  now: number;
  batch: number;
  leaseMs: number;
  /** Items a tenant may run at once when it sets no limit of its own. */
  defaultCap: number;
}

export interface ClaimedItem {
  id: number;
  job_id: string;
  tenant_id: string;
  type: string;
  seq: number;
  input: string;
  /** This attempt's number (1-based); also the fencing token its outcome must present. */
  attempts: number;
  cost: number;
  job_input: string;
  max_attempts: number;
}

/** One item's outcome. `pending` with `run_at` schedules a retry. */
export interface Outcome {
  id: number;
  attempt: number;
  status: 'succeeded' | 'failed' | 'pending';
  result: string | null;
  error: string | null;
  run_at: number | null;
}

export interface SettledJob {
  id: string;
  tenantId: string;
  status: string;
}

/** Claim up to `batch` items, fairly across tenants (virtual time), under a lease. */
export function claimItems(store: Store, r: ClaimRequest): Promise<ClaimedItem[]> {
  return store.dialect === 'sqlite' ? claimOnSqlite(store, r) : withRetry(() => claimOnPostgres(store, r));
}

/**
 * Record many outcomes in one transaction. An outcome counts only if its item is still running
 * under this worker's lease and attempt; anything else (lease lost, job cancelled) is refused and
 * left out of `settled`. A failed item's cost is refunded in the same transaction, at most once.
 * `expiredBefore` is for the reaper, settling on a dead worker's behalf: only leases that ran out.
 */
export function settleItems(
  store: Store,
  worker: string,
  now: number,
  outcomes: Outcome[],
  expiredBefore: number | null = null,
): Promise<{ settled: number[]; jobs: SettledJob[] }> {
  if (outcomes.length === 0) return Promise.resolve({ settled: [], jobs: [] });
  return store.dialect === 'sqlite'
    ? settleOnSqlite(store, worker, now, outcomes, expiredBefore)
    : withRetry(() => settleOnPostgres(store, worker, now, outcomes, expiredBefore));
}

/** Extend live leases; returns the ids still held (the others were lost: abort them). */
export function extendLeases(store: Store, worker: string, ids: number[], until: number): Promise<number[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return store.dialect === 'sqlite' ? extendOnSqlite(store, worker, ids, until) : extendOnPostgres(store, worker, ids, until);
}

export function findExpiredLeases(store: Store, now: number, limit: number) {
  return store.dialect === 'sqlite' ? expiredOnSqlite(store, now, limit) : expiredOnPostgres(store, now, limit);
}

/** Give unfinished items back at shutdown: pending at once, the attempt not counted. */
export function releaseItems(store: Store, worker: string, ids: number[], now: number): Promise<number[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return store.dialect === 'sqlite' ? releaseOnSqlite(store, worker, ids, now) : releaseOnPostgres(store, worker, ids, now);
}
