import pino from 'pino';
import type { Clock } from '../../src/core/clock.js';
import type { AppDeps } from '../../src/http/deps.js';
import { createMetrics } from '../../src/metrics.js';
import { Runner } from '../../src/worker/runner.js';

/**
 * The model tests' reaper: a Runner that is never started, whose `reap` settles expired leases on
 * the test's own clock, one item at a time.
 */
export function modelReaper(deps: AppDeps, clock: Clock, leaseMs: number): Runner {
  return new Runner({
    store: deps.store,
    registry: deps.registry,
    clock,
    events: deps.events,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    concurrency: 1,
    batchSize: 1,
    leaseMs,
    pollMs: 1000,
  });
}
