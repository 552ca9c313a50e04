import type { Store } from '../store/db.js';
import { queueStats } from '../store/stats.store.js';
import type { Clock } from './clock.js';

const WINDOW_MS = 60_000;
/** Before any item has finished there is no measurement: assume this many items per second. */
const PRIOR_ITEMS_PER_SECOND = 10;

/**
 * Estimated completion = now + (items queued ahead + the job's remaining items) / recent throughput.
 * Throughput is items finished in the last minute (all processes, read from the database); both
 * figures are sampled at most once a second so that estimating costs admission nothing.
 */
export interface EtaEstimator {
  estimate(remainingItems: number, now: number): number;
  refresh(): Promise<void>;
  snapshot(): { backlog: number; itemsPerSecond: number; measured: boolean };
}

export function createEtaEstimator(deps: { store: Store; clock: Clock }): EtaEstimator {
  let backlog = 0;
  let itemsPerSecond = PRIOR_ITEMS_PER_SECOND;
  let measured = false;
  let refreshedAt = 0;
  let pending: Promise<void> | undefined;

  const refresh = async () => {
    const now = deps.clock.now();
    const stats = await queueStats(deps.store.db, now, WINDOW_MS);
    backlog = stats.backlog;
    measured = stats.finished > 0;
    if (measured) itemsPerSecond = stats.finished / (WINDOW_MS / 1000);
    refreshedAt = now;
  };

  return {
    refresh,
    snapshot: () => ({ backlog, itemsPerSecond, measured }),
    estimate(remainingItems, now) {
      if (now - refreshedAt > 1000 && !pending) {
        pending = refresh()
          .catch(() => {})
          .finally(() => (pending = undefined));
      }
      // The backlog already holds this job's own items (once sampled after its admission): they are
      // counted once, and everything else queued is taken to be ahead of them.
      const seconds = Math.max(backlog, remainingItems) / Math.max(itemsPerSecond, 0.01);
      return now + Math.ceil(seconds * 1000);
    },
  };
}
