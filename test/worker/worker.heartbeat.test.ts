import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from '../../src/core/clock.js';
import { claimItems } from '../../src/store/claim/index.js';
import { extendLeases } from '../../src/store/leases/index.js';
import { settleItems } from '../../src/store/settle/index.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, idleRunner, jobRow, NO_CAP, store, until } from './helpers.js';

// A worker extends its leases while it settles finished items (and, on an event about a job it runs,
// checks them again at once), and other workers settle items of the same jobs meanwhile. None of that
// may deadlock: on PostgreSQL a deadlock stalls both statements for a second and fails one of them,
// and a failed heartbeat loses leases, so healthy work is run twice.
describe.each(DIALECTS)('leases of a busy worker (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  it('are extended and settled at once, in any order, without a deadlock', async () => {
    const clock = fixedClock('2025-06-10T12:00:00Z');
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 10_000 } });
    for (let i = 0; i < 3; i++) await admitEcho(h, tenant.key, { items: 1000 });

    const failures: unknown[] = [];
    for (let round = 0; round < 30; round++) {
      const items = await claimItems(store(h), { worker: 'w', types: ['echo'], now: clock.now(), batch: 100, leaseMs: 60_000, defaultCap: NO_CAP });
      const ids = items.map((i) => i.id);
      // Outcomes arrive in completion order, not id order; two heartbeats overlap the settle.
      const outcomes = [...items].reverse().map((i) => ({ id: i.id, attempt: i.attempts, status: 'succeeded' as const, result: '{}', error: null, run_at: null }));
      const results = await Promise.allSettled([
        extendLeases(store(h), 'w', ids, clock.now() + 60_000),
        settleItems(store(h), 'w', clock.now(), outcomes),
        extendLeases(store(h), 'w', [...ids].reverse(), clock.now() + 60_000),
      ]);
      failures.push(...results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason?.message));
    }
    expect(failures).toEqual([]);
    const done = await store(h).db.selectFrom('job_items').select('id').where('status', '=', 'succeeded').execute();
    expect(done).toHaveLength(3000);
  });

  it('are kept while heartbeats and settles of two runners overlap: no item runs twice', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const tenant = await h.tenant({ limits: { credits: 10_000 } });
    const jobs: { id: string }[] = [];
    for (let i = 0; i < 8; i++) jobs.push(await admitEcho(h, tenant.key, { items: 300, sleep_ms: 30 }));
    // A 1 s lease, extended every ~330 ms: a heartbeat held up for a second loses it.
    const options = { concurrency: 48, batchSize: 16, pollMs: 10, leaseMs: 1000 };
    const runners = [h.tollgate.startWorkers(options), idleRunner(h, options).start()];
    try {
      for (const job of jobs) await until(() => jobRow(h, job.id), (j) => j.status === 'completed', 30_000, 'the jobs to complete');
    } finally {
      await runners[1]!.stop(0);
    }
    const rerun = await store(h).db.selectFrom('job_items').select(['id', 'attempts']).where('attempts', '>', 1).execute();
    expect(rerun).toEqual([]);
  });
});
