import { FINISHED_STATUSES, type Job } from '../types.js';

/** Of two snapshots of one job (a fetched one and a pushed one, arriving in either order), the later one.
 * A job only moves forward: pending → processing → finished, with items settling one way. */
export function freshest(a: Job | undefined, b: Job | undefined): Job | undefined {
  if (!a || !b || a.id !== b.id) return b ?? a;
  return rank(a) > rank(b) ? a : b;
}

function rank(job: Job): number {
  const stage = FINISHED_STATUSES.includes(job.status) ? 2 : job.status === 'processing' ? 1 : 0;
  const settled = job.progress.items_done + job.progress.items_failed + job.progress.items_cancelled;
  return stage * 1e9 + settled;
}
