import type { Store } from '../store/db.js';
import { addCancelledItems, findJob, lockCancellableJob } from '../store/jobs.store.js';
import { cancelOpenItems } from '../store/jobs.store.js';
import { recordMovement } from '../store/ledger.store.js';
import { transact } from '../store/transact.js';
import type { Job } from '../store/schema.js';
import type { Clock } from './clock.js';
import { TollgateError } from './errors.js';
import type { EventBus } from './events.js';

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
 * voided, so the worker's late result is refused) and their cost refunded, in one transaction.
 * The refund carries the dedup key `refund:<job>`, so it can happen once.
 */
export async function cancelJob(deps: { store: Store; clock: Clock; events: EventBus }, tenantId: string, jobId: string): Promise<Job> {
  const now = deps.clock.now();
  const job = await transact(deps.store, async (trx) => {
    const locked = await lockCancellableJob(trx, tenantId, jobId, now);
    if (!locked) return undefined;
    const cancelled = await cancelOpenItems(trx, jobId, now);
    await recordMovement(trx, {
      tenantId,
      meter: locked.meter,
      period: locked.period,
      kind: 'refund',
      amount: -cancelled.cost,
      jobId,
      itemId: null,
      reason: 'cancelled',
      dedupKey: `refund:${jobId}`,
      now,
    });
    return addCancelledItems(trx, jobId, cancelled.count);
  });
  if (!job) {
    const existing = await findJob(deps.store.db, tenantId, jobId);
    if (!existing) throw new TollgateError('not_found', 'Job not found');
    throw new TollgateError('job_not_cancellable', `Job is already ${existing.status}`, { job_status: existing.status });
  }
  deps.events.publish({ tenantId, jobId, status: 'cancelled' });
  return job;
}
