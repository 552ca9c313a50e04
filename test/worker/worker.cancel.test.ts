import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../src/core/clock.js';
import { defineJobType } from '../../src/core/job-types.js';
import { echoModule } from '../../src/job-types/echo/index.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, itemRows, jobRow, ledgerRows, sleep, until, usedBy } from './helpers.js';

/** Items that run until their signal fires, recording why it fired. */
function probe() {
  const aborted: { seq: number; reason: string }[] = [];
  const started: number[] = [];
  const type = defineJobType<{ items: number }, { seq: number }>({
    name: 'probe',
    input: z.object({ items: z.number().int().min(1) }),
    meter: 'credits',
    cost: (input) => input.items,
    items: (input) => Array.from({ length: input.items }, (_, seq) => ({ seq })),
    process: ({ seq }, { signal }) =>
      new Promise((_, reject) => {
        started.push(seq);
        signal.addEventListener('abort', () => {
          aborted.push({ seq, reason: String((signal.reason as Error)?.message ?? signal.reason) });
          reject(signal.reason);
        });
      }),
  });
  return { type, aborted, started };
}

describe.each(DIALECTS)('cancelling a processing job (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  it('aborts its running handlers and refunds running and pending items once', async () => {
    const p = probe();
    h = await createHarness(dialect, { clock: systemClock, tollgate: { modules: [echoModule, { type: p.type }] }, env: { SHUTDOWN_GRACE_MS: '0' } });
    const tenant = await h.tenant({ limits: { credits: 100 } });
    // A long lease: the handlers must be stopped by the cancel, not by a lease check that comes round anyway.
    const runner = h.tollgate.startWorkers({ concurrency: 4, batchSize: 4, pollMs: 10, leaseMs: 60_000 });
    const response = await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'probe', input: { items: 10 } } });
    const job = (await response.json()).job;
    await until(async () => p.started.length, (n) => n === 4, 5000, 'four items to run');
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'processing' });

    const cancelled = await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', progress: { items_cancelled: 10, percent: 100 }, estimated_completion: null });

    await until(async () => p.aborted.length, (n) => n === 4, 3000, 'the running handlers to be aborted');
    expect(p.aborted.map((a) => a.seq).sort()).toEqual([...p.started].sort());
    expect(p.aborted.every((a) => a.reason === 'job cancelled')).toBe(true);
    expect(runner.inFlight).toBe(0);
    await runner.flush();
    await sleep(50);

    expect((await itemRows(h, job.id)).map((i) => i.status)).toEqual(Array(10).fill('cancelled'));
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'cancelled', items_done: 0, items_failed: 0, items_cancelled: 10 });
    expect((await ledgerRows(h, tenant.id)).map((e) => [e.kind, e.amount, e.dedup_key])).toEqual([
      ['charge', 10, `charge:${job.id}`],
      ['refund', -10, `refund:${job.id}`],
    ]);
    expect(await usedBy(h, tenant.id)).toBe(0);
    // Nothing else started for the cancelled job, and the freed worker goes on with other work.
    expect(p.started).toHaveLength(4);
    const next = await admitEcho(h, tenant.key, { items: 3 });
    await until(() => jobRow(h, next.id), (j) => j.status === 'completed', 5000, 'the next job');
    expect(await usedBy(h, tenant.id)).toBe(3);
  });

  it('refunds only what had not finished when items had already settled', async () => {
    h = await createHarness(dialect, { clock: systemClock, env: { SHUTDOWN_GRACE_MS: '0' } });
    const tenant = await h.tenant({ limits: { credits: 100 } });
    h.tollgate.startWorkers({ concurrency: 2, batchSize: 1, pollMs: 10, leaseMs: 60_000 });
    const job = await admitEcho(h, tenant.key, { items: 10, sleep_ms: 100, fail: 'permanent', fail_seqs: [0] });
    await until(() => jobRow(h, job.id), (j) => j.items_done + j.items_failed >= 3, 5000, 'a few items to settle');

    expect((await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key })).status).toBe(200);
    await sleep(300);
    const row = await jobRow(h, job.id);
    expect(row.status).toBe('cancelled');
    expect(row.items_done + row.items_failed + row.items_cancelled).toBe(10);
    expect(row.items_failed).toBe(1);
    const refunds = (await ledgerRows(h, tenant.id)).filter((e) => e.kind === 'refund');
    expect(refunds.map((e) => e.amount).reduce((a, b) => a + b, 0)).toBe(-(row.items_failed + row.items_cancelled));
    expect(refunds.filter((e) => e.dedup_key === `refund:${job.id}`)).toHaveLength(1);
    expect(await usedBy(h, tenant.id)).toBe(row.items_done);
  });
});
