import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { recordMovement } from '../../src/store/cancel/index.js';
import { claimItems, type ClaimedItem } from '../../src/store/claim/index.js';
import { settleItems, type Outcome } from '../../src/store/settle/index.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, itemRows, jobRow, ledgerRows, NO_CAP, store, until, usedBy } from './helpers.js';

const failed = (item: ClaimedItem, error = 'boom'): Outcome => ({ id: item.id, attempt: item.attempts, status: 'failed', result: null, error, run_at: null });
const succeeded = (item: ClaimedItem): Outcome => ({ id: item.id, attempt: item.attempts, status: 'succeeded', result: '{}', error: null, run_at: null });

// A failed item's cost goes back exactly once, whatever repeats: a retried settle, a crash between
// recording the refund and the item, a cancel racing the worker, many reporters at once.
describe.each(DIALECTS)('refunds (%s)', (dialect) => {
  let h: Harness;
  let clock: ReturnType<typeof fixedClock>;
  beforeEach(async () => {
    clock = fixedClock('2025-06-10T12:00:00Z');
    h = await createHarness(dialect, { clock });
  });
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  const claim = (worker = 'w1', batch = 10) => claimItems(store(h), { worker, types: ['echo'], now: clock.now(), batch, leaseMs: 30_000, defaultCap: NO_CAP });
  const refunds = async (tenantId: string) => (await ledgerRows(h, tenantId)).filter((e) => e.kind === 'refund');

  it('refunds once when the same failed outcome is settled twice', async () => {
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 3 });
    const items = await claim();

    const first = await settleItems(store(h), 'w1', clock.now(), [failed(items[0]!)]);
    expect(first.settled).toEqual([items[0]!.id]);
    const again = await settleItems(store(h), 'w1', clock.now(), [failed(items[0]!)]);
    expect(again).toEqual({ settled: [], jobs: [] });

    expect(await refunds(tenant.id)).toEqual([{ kind: 'refund', amount: -1, job_id: job.id, item_id: items[0]!.id, dedup_key: `refund:${job.id}:${items[0]!.id}` }]);
    expect(await usedBy(h, tenant.id)).toBe(2);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'processing', items_failed: 1 });
  });

  it('refunds once when the same outcome appears twice in one batch', async () => {
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 2 });
    const items = await claim();

    const result = await settleItems(store(h), 'w1', clock.now(), [failed(items[0]!), failed(items[0]!), succeeded(items[1]!)]);
    expect(result.settled.sort()).toEqual(items.map((i) => i.id).sort());
    expect(await refunds(tenant.id)).toHaveLength(1);
    expect(await usedBy(h, tenant.id)).toBe(1);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'partially_completed', items_done: 1, items_failed: 1 });
  });

  it('does not move usage again when the refund entry already exists (a crash after the ledger, before the item)', async () => {
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 2 });
    const items = await claim();
    const row = await jobRow(h, job.id);
    // The refund reached the ledger and the counter; the item itself still reads running.
    await store(h).db.transaction().execute((trx) =>
      recordMovement(trx, {
        tenantId: tenant.id,
        meter: row.meter,
        period: row.period,
        kind: 'refund',
        amount: -1,
        jobId: job.id,
        itemId: items[0]!.id,
        keyId: null,
        reason: 'item failed',
        dedupKey: `refund:${job.id}:${items[0]!.id}`,
        now: clock.now(),
      }),
    );
    expect(await usedBy(h, tenant.id)).toBe(1);

    const settled = await settleItems(store(h), 'w1', clock.now(), [failed(items[0]!), succeeded(items[1]!)]);
    expect(settled.settled).toHaveLength(2);
    expect(await refunds(tenant.id)).toHaveLength(1);
    expect(await usedBy(h, tenant.id)).toBe(1);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'partially_completed', items_done: 1, items_failed: 1 });
  });

  it('refuses what the worker reports for a job cancelled while its items ran; the cancel refunds once', async () => {
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 4 });
    const running = await claim('w1', 2);
    expect(running).toHaveLength(2);

    const cancelled = await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', progress: { items_cancelled: 4, items_done: 0, items_failed: 0 } });
    expect(await usedBy(h, tenant.id)).toBe(0);

    expect((await settleItems(store(h), 'w1', clock.now(), [failed(running[0]!), succeeded(running[1]!)])).settled).toEqual([]);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'cancelled', items_done: 0, items_failed: 0, items_cancelled: 4 });
    expect((await itemRows(h, job.id)).map((i) => i.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(await refunds(tenant.id)).toEqual([{ kind: 'refund', amount: -4, job_id: job.id, item_id: null, dedup_key: `refund:${job.id}` }]);
    expect(await usedBy(h, tenant.id)).toBe(0);
  });

  it('refunds only the unfinished part when a partly failed job is cancelled', async () => {
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 4 });
    const [a, b] = await claim('w1', 2);
    await settleItems(store(h), 'w1', clock.now(), [failed(a!), succeeded(b!)]);
    expect(await usedBy(h, tenant.id)).toBe(3);

    expect((await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key })).status).toBe(200);
    expect((await refunds(tenant.id)).map((e) => [e.amount, e.dedup_key])).toEqual([
      [-1, `refund:${job.id}:${a!.id}`],
      [-2, `refund:${job.id}`],
    ]);
    expect(await usedBy(h, tenant.id)).toBe(1);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'cancelled', items_done: 1, items_failed: 1, items_cancelled: 2 });
  });

  it('refunds once when 20 reporters settle the same failures at once', async () => {
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const job = await admitEcho(h, tenant.key, { items: 10 });
    const items = await claim('w1', 10);
    const outcomes = items.map((i) => failed(i));

    const results = await Promise.all(Array.from({ length: 20 }, () => settleItems(store(h), 'w1', clock.now(), outcomes)));

    const settledIds = results.flatMap((r) => r.settled);
    expect(settledIds.sort()).toEqual(items.map((i) => i.id).sort());
    expect(results.flatMap((r) => r.jobs).filter((j) => j.status === 'failed')).toHaveLength(1);
    expect(await refunds(tenant.id)).toHaveLength(10);
    expect(await usedBy(h, tenant.id)).toBe(0);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'failed', items_failed: 10, items_done: 0 });
  });

  it('refunds each failed item once through the runner, and nothing for successes', async () => {
    const tenant = await h.tenant({ limits: { credits: 100 } });
    h.tollgate.startWorkers({ pollMs: 10, batchSize: 7, concurrency: 16 });
    const job = await admitEcho(h, tenant.key, { items: 40, fail: 'permanent', fail_seqs: [0, 5, 17, 39] });
    await until(() => jobRow(h, job.id), (j) => j.status === 'partially_completed', 10_000, 'the job to end');
    const r = await refunds(tenant.id);
    expect(r).toHaveLength(4);
    expect(new Set(r.map((e) => e.dedup_key)).size).toBe(4);
    expect(await usedBy(h, tenant.id)).toBe(36);
  });
});
