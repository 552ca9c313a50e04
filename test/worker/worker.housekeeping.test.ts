import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { claimItems } from '../../src/store/claim/index.js';
import { settleItems } from '../../src/store/settle/index.js';
import { housekeep } from '../../src/worker/housekeeping.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, jobRow, ledgerRows, NO_CAP, store, usedBy } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;
const RETENTION_DAYS = 30;

describe.each(DIALECTS)('housekeeping (%s)', (dialect) => {
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

  const jobIds = async () => (await store(h).db.selectFrom('jobs').select('id').orderBy('id').execute()).map((j) => j.id);
  const itemJobIds = async () => [...new Set((await store(h).db.selectFrom('job_items').select('job_id').execute()).map((i) => i.job_id))].sort();
  const ledgerCount = async () => (await store(h).db.selectFrom('ledger_entries').select('id').execute()).length;

  /** Runs every claimable item to an outcome by hand: succeeded, or failed for the seqs listed. */
  async function finish(failSeqs: number[] = []) {
    const items = await claimItems(store(h), { worker: 'w', types: ['echo'], now: clock.now(), batch: 100, leaseMs: 60_000, defaultCap: NO_CAP });
    await settleItems(
      store(h),
      'w',
      clock.now(),
      items.map((i) => ({ id: i.id, attempt: i.attempts, status: failSeqs.includes(i.seq) ? 'failed' : 'succeeded', result: '{}', error: null, run_at: null })),
    );
  }

  it('deletes finished jobs and their items past the retention, keeps the ledger, active jobs and recent ones', async () => {
    const tenant = await h.tenant({ limits: { credits: 1000 } });
    const completed = await admitEcho(h, tenant.key, { items: 3 });
    await finish();
    const partial = await admitEcho(h, tenant.key, { items: 2 });
    await finish([1]);
    const cancelled = await admitEcho(h, tenant.key, { items: 2 });
    expect((await h.request('POST', `/v1/jobs/${cancelled.id}/cancel`, { key: tenant.key })).status).toBe(200);
    const processing = await admitEcho(h, tenant.key, { items: 2 });
    await claimItems(store(h), { worker: 'w', types: ['echo'], now: clock.now(), batch: 1, leaseMs: 100 * DAY, defaultCap: NO_CAP });
    const pending = await admitEcho(h, tenant.key, { items: 2 });
    expect((await jobRow(h, completed.id)).status).toBe('completed');
    expect((await jobRow(h, partial.id)).status).toBe('partially_completed');
    expect((await jobRow(h, processing.id)).status).toBe('processing');

    clock.advance((RETENTION_DAYS + 1) * DAY);
    const recent = await admitEcho(h, tenant.key, { items: 1 });
    expect((await h.request('POST', `/v1/jobs/${recent.id}/cancel`, { key: tenant.key })).status).toBe(200);
    const ledgerBefore = await ledgerRows(h, tenant.id);
    const usedBefore = await usedBy(h, tenant.id);

    // A batch of 2 makes the loop go round more than once.
    expect(await housekeep({ store: store(h), clock }, RETENTION_DAYS, 2)).toEqual({ jobs: 3, idempotencyKeys: 0, webhookEvents: 0 });

    const kept = [processing.id, pending.id, recent.id].sort();
    expect(await jobIds()).toEqual(kept);
    expect(await itemJobIds()).toEqual(kept);
    expect(await ledgerRows(h, tenant.id)).toEqual(ledgerBefore);
    expect(await usedBy(h, tenant.id)).toBe(usedBefore);
    expect((await h.request('GET', `/v1/jobs/${completed.id}`, { key: tenant.key })).status).toBe(404);
    // Running again finds nothing more to do.
    expect(await housekeep({ store: store(h), clock }, RETENTION_DAYS)).toEqual({ jobs: 0, idempotencyKeys: 0, webhookEvents: 0 });
  });

  it('keeps a job that finished just inside the retention', async () => {
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 1 });
    await finish();
    clock.advance(RETENTION_DAYS * DAY - 1);
    expect((await housekeep({ store: store(h), clock }, RETENTION_DAYS)).jobs).toBe(0);
    clock.advance(2);
    expect((await housekeep({ store: store(h), clock }, RETENTION_DAYS)).jobs).toBe(1);
    expect(await jobIds()).not.toContain(job.id);
    expect(await ledgerCount()).toBe(1);
  });

  it('deletes idempotency keys older than 24 hours, after which the key admits a new job', async () => {
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const first = await admitEcho(h, tenant.key, { items: 1 }, { 'idempotency-key': 'order-1' });

    clock.advance(23 * 60 * 60 * 1000);
    expect((await housekeep({ store: store(h), clock }, RETENTION_DAYS)).idempotencyKeys).toBe(0);
    const replay = await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'echo', input: { items: 1 } }, headers: { 'idempotency-key': 'order-1' } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await replay.json()).job.id).toBe(first.id);

    clock.advance(1 * 60 * 60 * 1000 + 1);
    expect((await housekeep({ store: store(h), clock }, RETENTION_DAYS)).idempotencyKeys).toBe(1);
    expect(await store(h).db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
    const again = await admitEcho(h, tenant.key, { items: 1 }, { 'idempotency-key': 'order-1' });
    expect(again.id).not.toBe(first.id);
    // The jobs themselves are untouched: only the keys expire after a day.
    expect(await jobIds()).toEqual([first.id, again.id].sort());
  });
});
