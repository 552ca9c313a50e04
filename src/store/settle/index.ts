/**
 * Settle: record workers' outcomes for their claimed items, refund failed items, roll the jobs up.
 *
 * Invariants:
 * - An outcome counts only behind the attempt fence: its item is still running, under this worker's
 *   lease, at this attempt (for the reaper: and the lease ran out). A late or repeated outcome, or one
 *   for a cancelled item, changes nothing.
 * - usage MUST change only together with its ledger entry, in this transaction: a failed item's refund
 *   entry and the usage movement are written together, and usage moves by what the ledger received.
 * - A failed item is refunded at most once: the unique dedup key `refund:<job>:<item>`.
 * - A job's counters count its items' ends, and the job ends when all its items have (the job roll-up,
 *   sql/fragments.ts).
 * - Settle to actual (jobs with `settle = 'actual'`): the item's charge at admission was a hold. The
 *   settle that records it as succeeded, in the same transaction, releases the unused part (a `release`
 *   entry, unique key `release:<job>:<item>`) and, under overage `charge`, charges an excess while the
 *   allowance has room (a `charge` under `overage:<job>:<item>`); what did not fit is recorded as
 *   `uncharged` on the item. usage never passes the limit. A failed item's whole hold is refunded.
 *   A batch's holds settle to the same ledger on both databases, whatever the order of its outcomes:
 *   all its releases count, and excesses are decided in item order, each with every earlier one.
 * - A job charged to a key's budget (`jobs.key_id`) gives back to that budget whatever it gives back to
 *   its tenant, by the same entries (which name the key); an overage is charged only when it fits
 *   both the tenant's allowance and the key's budget.
 * - Lock order, the same on every write path: items in id order, then usage rows, then key usage
 *   rows, then jobs.
 */
import type { Store } from '../db.js';
import { withRetry } from '../transact.js';
import { settleOnD1 } from './d1.js';
import { settleOnPostgres } from './pg.js';
import { settleOnSqlite } from './sqlite.js';

/** One item's outcome. `pending` with `run_at` schedules a retry. */
export interface Outcome {
  id: number;
  attempt: number;
  status: 'succeeded' | 'failed' | 'pending';
  result: string | null;
  error: string | null;
  run_at: number | null;
  /** A succeeded item's actual cost, for a job that settles to actual (a whole number ≥ 0). */
  actual?: number | null;
}

export interface SettledJob {
  id: string;
  tenantId: string;
  status: string;
}

/**
 * Record many outcomes in one transaction. An outcome counts only if its item is still running
 * under this worker's lease and attempt; anything else (lease lost, job cancelled) is refused and
 * left out of `settled`. A failed item's cost is refunded in the same transaction, at most once.
 * `expiredBefore` is for the reaper, settling on a dead worker's behalf: only leases that ran out.
 * `tierLimits` (JSON `{tier: {meter: limit}}`) is the limit an overage may be charged up to.
 */
export function settleItems(
  store: Store,
  worker: string,
  now: number,
  outcomes: Outcome[],
  expiredBefore: number | null = null,
  tierLimits = '{}',
): Promise<{ settled: number[]; jobs: SettledJob[] }> {
  if (outcomes.length === 0) return Promise.resolve({ settled: [], jobs: [] });
  if (store.dialect === 'd1') return settleOnD1(store, worker, now, outcomes, expiredBefore);
  return store.dialect === 'sqlite'
    ? settleOnSqlite(store, worker, now, outcomes, expiredBefore, tierLimits)
    : withRetry(() => settleOnPostgres(store, worker, now, outcomes, expiredBefore, tierLimits));
}
