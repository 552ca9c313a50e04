import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { Store } from '../store/db.js';
import { pruneFinishedJobs } from '../store/housekeeping.store.js';
import { deleteExpiredIdempotencyKeys } from '../store/idempotency.store.js';
import { deleteStalePresence } from '../store/presence.store.js';
import { pruneWebhookEvents } from '../store/webhooks/dispatch.js';

/**
 * Finished jobs older than the retention are deleted in batches (short transactions, no long
 * locks); expired idempotency keys too. The ledger is never pruned: it is the record of money.
 */
export async function housekeep(deps: { store: Store; clock: Clock }, retentionDays: number, batch = 1000): Promise<{ jobs: number; idempotencyKeys: number; webhookEvents: number }> {
  const now = deps.clock.now();
  const cutoff = now - retentionDays * 24 * 60 * 60 * 1000;
  let jobs = 0;
  for (;;) {
    const deleted = await pruneFinishedJobs(deps.store.db, cutoff, batch);
    jobs += deleted;
    if (deleted < batch) break;
  }
  // Webhook events and their delivery log go with the same retention; one still pending never does.
  let webhookEvents = 0;
  for (;;) {
    const deleted = await pruneWebhookEvents(deps.store.db, cutoff, batch);
    webhookEvents += deleted;
    if (deleted < batch) break;
  }
  const idempotencyKeys = await deleteExpiredIdempotencyKeys(deps.store.db, now);
  // A worker gone for a day is forgotten; presence only ever reads the last 30 s.
  await deleteStalePresence(deps.store.db, now - 24 * 60 * 60 * 1000);
  return { jobs, idempotencyKeys, webhookEvents };
}

export function scheduleHousekeeping(deps: { store: Store; clock: Clock; logger: Logger }, retentionDays: number, everyMs = 60_000): () => void {
  const run = () =>
    void housekeep(deps, retentionDays).then(
      (r) => (r.jobs || r.idempotencyKeys || r.webhookEvents ? deps.logger.info(r, 'housekeeping') : undefined),
      (error) => deps.logger.warn({ err: error }, 'housekeeping failed'),
    );
  const timer = setInterval(run, everyMs + Math.floor(Math.random() * 5000));
  timer.unref();
  return () => clearInterval(timer);
}
