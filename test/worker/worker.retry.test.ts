import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../../src/core/clock.js';
import { defineJobType } from '../../src/core/job-types.js';
import { echoModule } from '../../src/job-types/echo/index.js';
import { ProviderError } from '../../src/providers/types.js';
import { backoffMs } from '../../src/worker/retry.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, itemRows, jobRow, ledgerRows, sleep, until, usedBy } from './helpers.js';

const BASE_MS = 1000;

/** Throws what a careless handler might: a provider's rate limit, or a value that is not an Error. */
const throwing = defineJobType<{ throw: 'rate_limited' | 'circular' | 'bigint' }>({
  name: 'throwing',
  input: z.object({ throw: z.enum(['rate_limited', 'circular', 'bigint']) }),
  meter: 'credits',
  cost: () => 1,
  maxAttempts: 2,
  async process(_item, { jobInput }) {
    if (jobInput.throw === 'rate_limited') throw new ProviderError('rate limited', { code: 'rate_limited', transient: true, retryAfterMs: 60_000 });
    if (jobInput.throw === 'bigint') throw 42n;
    const circular: Record<string, unknown> = { reason: 'upstream' };
    circular.self = circular;
    throw circular;
  },
});

describe.each(DIALECTS)('retries (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  const settledAttempt = (jobId: string, attempt: number) =>
    until(() => itemRows(h, jobId), (rows) => rows[0]!.attempts === attempt && rows[0]!.status !== 'running', 5000, `attempt ${attempt} to settle`);

  it('retries a transient error with exponential backoff and jitter, then fails on the 5th attempt keeping the last error, refunded once', async () => {
    const clock = fixedClock('2025-06-10T12:00:00Z');
    h = await createHarness(dialect, { clock });
    const jitter = [0, 1, 0.5, 0.25, 0.75];
    let draws = 0;
    h.tollgate.startWorkers({ pollMs: 10, settleDelayMs: 0, retry: { baseMs: BASE_MS, random: () => jitter[draws++ % jitter.length]! } });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 1, fail: 'transient' });
    expect((await jobRow(h, job.id)).max_attempts).toBe(5);

    for (let attempt = 1; attempt < 5; attempt++) {
      const [item] = await settledAttempt(job.id, attempt);
      const delay = Number(item!.run_at) - clock.now();
      const step = BASE_MS * 2 ** (attempt - 1);
      expect(delay).toBe(backoffMs(attempt, { baseMs: BASE_MS, random: () => jitter[attempt - 1]! }));
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
      expect(item).toMatchObject({ status: 'pending', locked_by: null, error: `echo: item 0 fails transiently (attempt ${attempt})` });
      expect(await jobRow(h, job.id)).toMatchObject({ status: 'processing', items_failed: 0, error: null });

      // Not a millisecond early: the worker polls every 10 ms but leaves the item alone until run_at.
      clock.advance(delay - 1);
      await sleep(60);
      expect((await itemRows(h, job.id))[0]).toMatchObject({ status: 'pending', attempts: attempt });
      clock.advance(1);
    }

    const [last] = await settledAttempt(job.id, 5);
    expect(last).toMatchObject({ status: 'failed', attempts: 5, error: 'echo: item 0 fails transiently (attempt 5)', finished_at: clock.now() });
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'failed', items_failed: 1, error: 'echo: item 0 fails transiently (attempt 5)' });
    await sleep(60);
    expect((await itemRows(h, job.id))[0]!.attempts).toBe(5);
    expect((await ledgerRows(h, tenant.id)).map((e) => [e.kind, e.amount])).toEqual([
      ['charge', 1],
      ['refund', -1],
    ]);
    expect(await usedBy(h, tenant.id)).toBe(0);
  });

  it('succeeds on a later attempt with the earlier error cleared and nothing refunded', async () => {
    const clock = fixedClock('2025-06-10T12:00:00Z');
    h = await createHarness(dialect, { clock });
    h.tollgate.startWorkers({ pollMs: 10, settleDelayMs: 0, retry: { baseMs: BASE_MS, random: () => 1 } });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 1, fail: 'transient', fail_attempts: 2 });
    for (let attempt = 1; attempt <= 2; attempt++) {
      await settledAttempt(job.id, attempt);
      clock.advance(BASE_MS * 2 ** (attempt - 1));
    }
    const [item] = await settledAttempt(job.id, 3);
    expect(item).toMatchObject({ status: 'succeeded', attempts: 3, error: null });
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'completed', items_done: 1, error: null });
    expect(await usedBy(h, tenant.id)).toBe(1);
  });

  it('fails a permanent error at once (one attempt) and refunds the failed items once', async () => {
    const clock = fixedClock('2025-06-10T12:00:00Z');
    h = await createHarness(dialect, { clock });
    h.tollgate.startWorkers({ pollMs: 10, settleDelayMs: 0 });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 3, fail: 'permanent', fail_seqs: [0, 2] });
    await until(() => jobRow(h, job.id), (j) => j.status === 'partially_completed', 5000, 'the job to end');
    expect((await itemRows(h, job.id)).map((i) => [i.status, i.attempts, i.error])).toEqual([
      ['failed', 1, 'echo: item 0 fails permanently'],
      ['succeeded', 1, null],
      ['failed', 1, 'echo: item 2 fails permanently'],
    ]);
    expect(await jobRow(h, job.id)).toMatchObject({ items_done: 1, items_failed: 2, error: expect.stringMatching(/^echo: item [02] fails permanently$/) });
    const failedIds = (await itemRows(h, job.id)).filter((i) => i.status === 'failed').map((i) => Number(i.id));
    const refunds = (await ledgerRows(h, tenant.id)).filter((e) => e.kind === 'refund');
    expect(refunds.map((e) => [e.amount, e.dedup_key])).toEqual(failedIds.map((id) => [-1, `refund:${job.id}:${id}`]));
    expect(await usedBy(h, tenant.id)).toBe(1);
  });

  it("waits at least a provider's Retry-After before the next attempt", async () => {
    const clock = fixedClock('2025-06-10T12:00:00Z');
    h = await createHarness(dialect, { clock, tollgate: { modules: [echoModule, { type: throwing }] } });
    h.tollgate.startWorkers({ pollMs: 10, settleDelayMs: 0, retry: { baseMs: BASE_MS, random: () => 1 } });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = (await (await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'throwing', input: { throw: 'rate_limited' } } })).json()).job;
    const [item] = await settledAttempt(job.id, 1);
    expect(Number(item!.run_at) - clock.now()).toBe(60_000);
    clock.advance(60_000);
    await settledAttempt(job.id, 2);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'failed', error: 'rate limited' });
  });

  it('survives a handler that throws something that is not an Error, and keeps working', async () => {
    const clock = fixedClock('2025-06-10T12:00:00Z');
    h = await createHarness(dialect, { clock, tollgate: { modules: [echoModule, { type: throwing }] } });
    const runner = h.tollgate.startWorkers({ pollMs: 10, settleDelayMs: 0, retry: { baseMs: BASE_MS, random: () => 1 } });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const admit = async (input: unknown) => (await (await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'throwing', input } })).json()).job;
    const circular = await admit({ throw: 'circular' });
    const bigint = await admit({ throw: 'bigint' });
    await settledAttempt(circular.id, 1);
    await settledAttempt(bigint.id, 1);
    clock.advance(BASE_MS);
    await until(() => jobRow(h, bigint.id), (j) => j.status === 'failed', 5000, 'the job to fail');
    await until(() => jobRow(h, circular.id), (j) => j.status === 'failed', 5000, 'the job to fail');
    expect((await jobRow(h, bigint.id)).error).toBe('42');
    expect((await jobRow(h, circular.id)).error).toEqual(expect.any(String));
    expect(runner.inFlight).toBe(0);

    const echo = await admitEcho(h, tenant.key, { items: 2 });
    await until(() => jobRow(h, echo.id), (j) => j.status === 'completed', 5000, 'the worker to go on');
    expect(await usedBy(h, tenant.id)).toBe(2);
  });
});
