import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { claimItems, type ClaimedItem } from '../../src/store/claim/index.js';
import { extendLeases } from '../../src/store/leases/index.js';
import { settleItems, type Outcome } from '../../src/store/settle/index.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, idleRunner, itemRows, jobRow, ledgerRows, NO_CAP, store, until, usedBy } from './helpers.js';

const LEASE_MS = 1000;

const succeeded = (item: ClaimedItem): Outcome => ({ id: item.id, attempt: item.attempts, status: 'succeeded', result: '{"late":true}', error: null, run_at: null });
const failed = (item: ClaimedItem): Outcome => ({ id: item.id, attempt: item.attempts, status: 'failed', result: null, error: 'late failure', run_at: null });

// A lease is the right to settle one attempt. Once it ran out and the item went to another worker,
// whatever the first worker reports is refused: nothing is counted or refunded twice.
describe.each(DIALECTS)('a result after the lease was lost (%s)', (dialect) => {
  let h: Harness;
  let clock: ReturnType<typeof fixedClock>;
  beforeEach(() => {
    clock = fixedClock('2025-06-10T12:00:00Z');
  });
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  const claim = (worker: string) => claimItems(store(h), { worker, types: ['echo'], now: clock.now(), batch: 10, leaseMs: LEASE_MS, defaultCap: NO_CAP });

  it('is refused after the reaper gave the item to another worker; the new holder settles it once', async () => {
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 2 });

    const first = await claim('w1');
    expect(first.map((i) => i.attempts)).toEqual([1, 1]);
    clock.advance(LEASE_MS + 1);
    expect(await idleRunner(h).reapExpiredLeases()).toBe(2);
    expect((await itemRows(h, job.id)).map((i) => ({ status: i.status, attempts: i.attempts, locked_by: i.locked_by }))).toEqual([
      { status: 'pending', attempts: 1, locked_by: null },
      { status: 'pending', attempts: 1, locked_by: null },
    ]);
    const second = await claim('w2');
    expect(second.map((i) => i.attempts)).toEqual([2, 2]);

    // The first worker wakes up and reports both attempts: neither a success nor a failure counts.
    const late = await settleItems(store(h), 'w1', clock.now(), [succeeded(first[0]!), failed(first[1]!)]);
    expect(late).toEqual({ settled: [], jobs: [] });
    // Nor can it pass itself off for the current attempt: the lease is w2's.
    expect((await settleItems(store(h), 'w1', clock.now(), [succeeded(second[0]!), failed(second[1]!)])).settled).toEqual([]);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'processing', items_done: 0, items_failed: 0 });
    expect((await itemRows(h, job.id)).map((i) => i.status)).toEqual(['running', 'running']);
    expect(await usedBy(h, tenant.id)).toBe(2);

    const current = await settleItems(store(h), 'w2', clock.now(), [succeeded(second[0]!), failed(second[1]!)]);
    expect(current.settled.sort()).toEqual(second.map((i) => i.id).sort());
    expect(current.jobs).toEqual([{ id: job.id, tenantId: tenant.id, status: 'partially_completed' }]);
    // And once settled, the first worker's late report still changes nothing.
    expect((await settleItems(store(h), 'w1', clock.now(), [succeeded(first[0]!), failed(first[1]!)])).settled).toEqual([]);

    expect(await jobRow(h, job.id)).toMatchObject({ status: 'partially_completed', items_done: 1, items_failed: 1 });
    expect((await ledgerRows(h, tenant.id)).map((e) => [e.kind, e.amount])).toEqual([
      ['charge', 2],
      ['refund', -1],
    ]);
    expect(await usedBy(h, tenant.id)).toBe(1);
  });

  it('is refused after the reaper settled a last attempt as failed, which refunds once', async () => {
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 1 });
    await store(h).db.updateTable('jobs').set({ max_attempts: 1 }).where('id', '=', job.id).execute();

    const [item] = await claim('w1');
    clock.advance(LEASE_MS + 1);
    // Two reapers at once (two processes): one settles, the other is refused.
    const reaped = await Promise.all([idleRunner(h).reapExpiredLeases(), idleRunner(h).reapExpiredLeases()]);
    expect(reaped.sort()).toEqual([0, 1]);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'failed', items_failed: 1, error: 'lease expired on attempt 1: the worker stopped responding' });

    expect((await settleItems(store(h), 'w1', clock.now(), [failed(item!)])).settled).toEqual([]);
    expect((await settleItems(store(h), 'w1', clock.now(), [succeeded(item!)])).settled).toEqual([]);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'failed', items_done: 0, items_failed: 1 });
    expect((await ledgerRows(h, tenant.id)).filter((e) => e.kind === 'refund')).toHaveLength(1);
    expect(await usedBy(h, tenant.id)).toBe(0);
  });

  it('cannot be taken by a reaper while the lease is live, and an extended lease is not reaped', async () => {
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 1 });
    const [item] = await claim('w1');

    clock.advance(LEASE_MS - 1);
    expect(await idleRunner(h).reapExpiredLeases()).toBe(0);
    // The reaper's own guard: a settle on w1's behalf that insists on an expired lease is refused.
    const pendingAgain: Outcome = { id: item!.id, attempt: 1, status: 'pending', result: null, error: 'lease expired', run_at: clock.now() };
    expect((await settleItems(store(h), 'w1', clock.now(), [pendingAgain], clock.now())).settled).toEqual([]);

    expect(await extendLeases(store(h), 'w1', [item!.id], clock.now() + LEASE_MS)).toEqual([item!.id]);
    expect(await extendLeases(store(h), 'w2', [item!.id], clock.now() + LEASE_MS)).toEqual([]);
    clock.advance(LEASE_MS - 1);
    expect(await idleRunner(h).reapExpiredLeases()).toBe(0);
    expect(await claim('w2')).toEqual([]);

    expect((await settleItems(store(h), 'w1', clock.now(), [succeeded(item!)])).settled).toEqual([item!.id]);
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'completed', items_done: 1 });
  });

  it('has its running handler aborted once another worker took the item, and nothing settled for it', async () => {
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admitEcho(h, tenant.key, { items: 1, sleep_ms: 60_000 });
    // The runner's own clock stands still: its heartbeats cannot push the lease past the test's clock,
    // as if the process had stalled.
    const runner = h.tollgate.startWorkers({ clock: fixedClock(clock.now()), leaseMs: LEASE_MS, pollMs: 20 });
    await until(() => itemRows(h, job.id), (rows) => rows[0]!.status === 'running', 5000, 'the claim');
    expect(runner.inFlight).toBe(1);

    clock.advance(LEASE_MS + 1);
    expect(await idleRunner(h).reapExpiredLeases()).toBe(1);
    const [taken] = await claim('w2');
    expect(taken).toMatchObject({ attempts: 2 });

    // The next heartbeat finds the lease gone and aborts the handler (echo's sleep rejects on abort).
    await until(async () => runner.inFlight, (n) => n === 0, 5000, 'the handler to be aborted');
    await runner.flush();
    expect((await itemRows(h, job.id))[0]).toMatchObject({ status: 'running', locked_by: 'w2', attempts: 2 });
    expect(await jobRow(h, job.id)).toMatchObject({ status: 'processing', items_done: 0, items_failed: 0 });
    expect(await ledgerRows(h, tenant.id)).toHaveLength(1);
  });
});
