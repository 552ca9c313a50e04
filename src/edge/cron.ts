/**
 * Work on the edge: a Cron Trigger runs this. Each run records the worker's presence (so admissions
 * promise a completion), settles expired leases on their dead holders' behalf (the reaper), then
 * claims items in batches under a lease, runs them and settles each batch in one D1 batch. An
 * invocation that dies mid-run leaves leases that the next run's reaper takes over, fenced by the
 * attempt, so an item is settled once.
 */
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { PermanentError, type JobTypeRegistry } from '../core/job-types.js';
import type { EventBus } from '../events.js';
import { claimItems, type ClaimedItem } from '../store/claim/index.js';
import type { Store } from '../store/db.js';
import { recordPresence } from '../store/presence.store.js';
import { settleItems, type Outcome } from '../store/settle/index.js';
import { reapExpiredLeases } from '../worker/reaper.js';
import { backoffMs, classify } from '../worker/retry.js';

export interface CronDeps {
  store: Store;
  clock: Clock;
  registry: JobTypeRegistry;
  events: EventBus;
  logger: Logger;
}

export interface CronOptions {
  worker: string;
  types: string[];
  batch: number;
  leaseMs: number;
  tenantMaxConcurrency: number;
  /** Stop claiming after this many batches, so one run stays well inside a Cron Trigger's limits. */
  maxBatches: number;
}

export interface CronReport {
  reaped: number;
  claimed: number;
  settled: number;
}

export async function runCron(deps: CronDeps, o: CronOptions): Promise<CronReport> {
  await recordPresence(deps.store.db, o.worker, o.types, deps.clock.now());
  const report: CronReport = { reaped: await reapExpiredLeases(deps), claimed: 0, settled: 0 };
  for (let n = 0; n < o.maxBatches; n++) {
    const items = await claimItems(deps.store, { worker: o.worker, types: o.types, now: deps.clock.now(), batch: o.batch, leaseMs: o.leaseMs, defaultCap: o.tenantMaxConcurrency });
    if (items.length === 0) break;
    report.claimed += items.length;
    const outcomes = await Promise.all(items.map((item) => run(deps, item)));
    const { settled, jobs } = await settleItems(deps.store, o.worker, deps.clock.now(), outcomes);
    report.settled += settled.length;
    for (const job of jobs) deps.events.publish({ tenantId: job.tenantId, jobId: job.id });
  }
  return report;
}

/** One attempt of one item, its outcome as the runner (worker/runner.ts) makes it: never a throw. */
async function run(deps: CronDeps, item: ClaimedItem): Promise<Outcome> {
  try {
    const type = await deps.registry.resolve(item.type);
    if (!type?.process) throw new PermanentError(`No handler on the edge for job type "${item.type}"`);
    const returned = await type.process(
      { id: item.id, jobId: item.job_id, tenantId: item.tenant_id, type: item.type, seq: item.seq, input: JSON.parse(item.input), attempt: item.attempts },
      { signal: new AbortController().signal, progress: () => {}, jobInput: JSON.parse(item.job_input) },
    );
    return { id: item.id, attempt: item.attempts, status: 'succeeded', result: JSON.stringify(returned ?? null), error: null, run_at: null };
  } catch (error) {
    const c = classify(error);
    const last = c.permanent || item.attempts >= item.max_attempts;
    const delay = Math.max(backoffMs(item.attempts), c.retryAfterMs ?? 0);
    return last
      ? { id: item.id, attempt: item.attempts, status: 'failed', result: null, error: c.message, run_at: null }
      : { id: item.id, attempt: item.attempts, status: 'pending', result: null, error: c.message, run_at: deps.clock.now() + delay };
  }
}
