import type { Store } from '../store/db.js';
import { findServedTypes } from '../store/presence.store.js';
import { queueStats } from '../store/stats.store.js';
import type { Clock } from './clock.js';

const WINDOW_MS = 60_000;
/** Before any item has finished there is no measurement: assume this many items per second. */
const PRIOR_ITEMS_PER_SECOND = 10;
/** Workers record their presence this often (worker/runner.ts, the remote claim route)… */
export const PRESENCE_INTERVAL_MS = 5_000;
/** …and a type counts as served while some worker was seen for it this recently. */
export const PRESENCE_TTL_MS = 30_000;
/** What `estimated_completion_reason` says when no worker serves a job's type. */
export const NO_WORKER_REASON = `no worker has been seen for this job type in the last ${PRESENCE_TTL_MS / 1000} s`;

/**
 * Estimated completion = now + (items queued ahead + the job's remaining items) / recent throughput.
 * Throughput is items finished in the last minute (all processes, read from the database); both
 * figures are sampled at most once a second so that estimating costs admission nothing.
 * An estimate is only promised for a type some worker serves (`served`): with none, no throughput
 * will come, and the job's ETA is `null` with `NO_WORKER_REASON`.
 */
export interface EtaEstimator {
  estimate(remainingItems: number, now: number): number;
  /** Whether some worker was seen lately for `type`: this process's own, or any other's (read with the sample). */
  served(type: string): boolean;
  refresh(): Promise<void>;
  snapshot(): { backlog: number; itemsPerSecond: number; measured: boolean };
}

export function createEtaEstimator(deps: { store: Store; clock: Clock; localTypes?: () => readonly string[] }): EtaEstimator {
  let backlog = 0;
  let itemsPerSecond = PRIOR_ITEMS_PER_SECOND;
  let measured = false;
  let refreshedAt = 0;
  let servedTypes = new Set<string>();
  let pending: Promise<void> | undefined;

  const refresh = async () => {
    const now = deps.clock.now();
    const [stats, served] = await Promise.all([queueStats(deps.store.db, now, WINDOW_MS), findServedTypes(deps.store.db, now - PRESENCE_TTL_MS)]);
    backlog = stats.backlog;
    measured = stats.finished > 0;
    if (measured) itemsPerSecond = stats.finished / (WINDOW_MS / 1000);
    servedTypes = new Set(served);
    refreshedAt = now;
  };
  const refreshSoon = (now: number) => {
    if (now - refreshedAt > 1000 && !pending) {
      pending = refresh()
        .catch(() => {})
        .finally(() => (pending = undefined));
    }
  };

  return {
    refresh,
    snapshot: () => ({ backlog, itemsPerSecond, measured }),
    served(type) {
      refreshSoon(deps.clock.now());
      return servedTypes.has(type) || (deps.localTypes?.().includes(type) ?? false);
    },
    estimate(remainingItems, now) {
      refreshSoon(now);
      // The backlog already holds this job's own items (once sampled after its admission): they are
      // counted once, and everything else queued is taken to be ahead of them.
      const seconds = Math.max(backlog, remainingItems) / Math.max(itemsPerSecond, 0.01);
      return now + Math.ceil(seconds * 1000);
    },
  };
}
