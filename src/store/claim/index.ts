/**
 * Claim: lease pending items to a worker, fairly across tenants.
 *
 * Invariants:
 * - An item is leased to one worker at a time: concurrent claims take disjoint rows (SKIP LOCKED on
 *   PostgreSQL, one writer on SQLite). Each claim counts an attempt: the fence its outcome must show.
 * - A tenant never runs more items than its cap (its max_concurrency, else the default). On PostgreSQL
 *   claims take turns under an advisory lock, so each claim's snapshot holds every earlier one.
 * - Items go in virtual-time order (start-time fair queuing, set at admission: sql/fragments.ts).
 * - A claim moves no money.
 */
import type { Store } from '../db.js';
import { withRetry } from '../transact.js';
import { claimOnD1 } from './d1.js';
import { claimOnPostgres } from './pg.js';
import { claimOnSqlite } from './sqlite.js';

export interface ClaimRequest {
  worker: string;
  /** Only items of these types: a worker claims what it has handlers for. */
  types: string[];
  now: number;
  batch: number;
  leaseMs: number;
  /** Items a tenant may run at once when it sets no limit of its own. */
  defaultCap: number;
}

export interface ClaimedItemRow {
  id: number;
  job_id: string;
  tenant_id: string;
  type: string;
  seq: number;
  input: string;
  /** This attempt's number (1-based); also the fencing token its outcome must present. */
  attempts: number;
  cost: number;
}

/** What a claimed item carries of its job. */
export interface ClaimedJob {
  job_input: string;
  max_attempts: number;
  /** `actual`: the item's `cost` is a hold, and its handler reports what the work cost. */
  settle: 'fixed' | 'actual';
}

export interface ClaimedItem extends ClaimedItemRow, ClaimedJob {}

/** Claim up to `batch` items, fairly across tenants (virtual time), under a lease. */
export function claimItems(store: Store, r: ClaimRequest): Promise<ClaimedItem[]> {
  if (r.types.length === 0) return Promise.resolve([]);
  if (store.dialect === 'd1') return claimOnD1(store, r);
  return store.dialect === 'sqlite' ? claimOnSqlite(store, r) : withRetry(() => claimOnPostgres(store, r));
}
