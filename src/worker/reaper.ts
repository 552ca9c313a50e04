import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../events.js';
import type { Store } from '../store/db.js';
import { findExpiredLeases } from '../store/leases/index.js';
import { settleItems, type Outcome } from '../store/settle/index.js';

export interface ReaperDeps {
  store: Store;
  clock: Clock;
  events: EventBus;
  logger: Logger;
}

/**
 * Items whose lease ran out belong to a worker that died or stalled — in this process, another one,
 * or a remote worker over HTTP: back to pending with the attempt counted, or failed and refunded once
 * the attempts are used up. Every serve and worker process reaps; the settle statement's fences
 * (lease holder, attempt, expiry) make concurrent reapers harmless. Returns how many were reaped.
 */
export async function reapExpiredLeases(deps: ReaperDeps): Promise<number> {
  try {
    const now = deps.clock.now();
    const expired = await findExpiredLeases(deps.store, now, 500);
    const byWorker = new Map<string, Outcome[]>();
    for (const e of expired) {
      const last = e.attempts >= e.max_attempts;
      const outcome: Outcome = last
        ? { id: e.id, attempt: e.attempts, status: 'failed', result: null, error: `lease expired on attempt ${e.attempts}: the worker stopped responding`, run_at: null }
        : { id: e.id, attempt: e.attempts, status: 'pending', result: null, error: 'lease expired: the worker stopped responding', run_at: now };
      byWorker.set(e.locked_by, [...(byWorker.get(e.locked_by) ?? []), outcome]);
    }
    let count = 0;
    for (const [worker, outcomes] of byWorker) count += (await settleItems(deps.store, worker, now, outcomes, now)).settled.length;
    // Their jobs changed (progress, or the end), and their items are claimable again: say so.
    const jobs = new Map(expired.map((e) => [e.job_id, e]));
    for (const e of jobs.values()) deps.events.publish({ tenantId: e.tenant_id, jobId: e.job_id, type: e.type });
    return count;
  } catch (error) {
    deps.logger.warn({ err: error }, 'lease reaping failed');
    return 0;
  }
}

export function scheduleReaper(deps: ReaperDeps, everyMs: number): () => void {
  const timer = setInterval(() => void reapExpiredLeases(deps), everyMs + Math.floor(Math.random() * 100));
  timer.unref();
  return () => clearInterval(timer);
}
