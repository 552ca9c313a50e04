import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/harness.js';
import { runChaos } from './chaos.js';

// The short form of `npm run chaos`: three rounds, each killing the server and a worker with
// SIGKILL mid-load. Slow by nature (real processes), so one run per dialect.
describe.each(DIALECTS)('crash safety under SIGKILL (%s)', (dialect) => {
  it('keeps used = ledger, every acknowledged job, each item settled once and one job per Idempotency-Key', async () => {
    const report = await runChaos({ dialect, rounds: 3, durationMs: 3000, creditsPerTenant: 120, drainTimeoutMs: 45_000 });
    const context = `seed ${report.seed}, outcomes ${JSON.stringify(report.outcomes)}`;
    expect(report.problems, context).toEqual([]);
    // The run did what it claims: servers died with requests in flight, workers died mid-item,
    // clients saw broken connections and retried with their keys.
    expect(report.serverKills, context).toBe(3);
    expect(report.workerKills.some((n) => n > 0), context).toBe(true);
    expect(report.outcomes.network_error ?? 0, context).toBeGreaterThan(0);
    expect(report.outcomes['201_replayed'] ?? 0, context).toBeGreaterThan(0);
    expect(report.acknowledged, context).toBeGreaterThan(20);
    expect(report.census.active, context).toBe(0);
  }, 120_000);
});
