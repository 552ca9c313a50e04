import type { Store } from '../store/db.js';
import { cancelJob as cancelInStore } from '../store/cancel/index.js';
import type { Job } from '../store/schema.js';
import type { Clock } from './clock.js';
import { TollgateError } from './errors.js';
import type { EventBus } from '../events.js';

export interface JobProgress {
  items_total: number;
  items_done: number;
  items_failed: number;
  items_cancelled: number;
  percent: number;
}

/** Percent of items that reached an end (done, failed or cancelled), floored so 100 means finished. */
export function progressOf(job: Pick<Job, 'items_total' | 'items_done' | 'items_failed' | 'items_cancelled'>): JobProgress {
  const ended = job.items_done + job.items_failed + job.items_cancelled;
  return {
    items_total: job.items_total,
    items_done: job.items_done,
    items_failed: job.items_failed,
    items_cancelled: job.items_cancelled,
    percent: job.items_total === 0 ? 100 : Math.floor((ended * 100) / job.items_total),
  };
}

/**
 * Cancel a pending or processing job: its unfinished items are cancelled (a running item's lease is
 * voided, so the worker's late result is refused) and their cost refunded once (store/cancel).
 */
export async function cancelJob(deps: { store: Store; clock: Clock; events: EventBus }, tenantId: string, jobId: string): Promise<Job> {
  const outcome = await cancelInStore(deps.store, tenantId, jobId, deps.clock.now());
  if (!outcome.ok) {
    if (outcome.reason === 'not_found') throw new TollgateError('not_found', 'Job not found');
    throw new TollgateError('job_not_cancellable', `Job is already ${outcome.status}`, { job_status: outcome.status });
  }
  deps.events.publish({ tenantId, jobId, status: 'cancelled' });
  return outcome.job;
}
