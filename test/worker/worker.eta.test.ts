import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { NO_WORKER_REASON, PRESENCE_TTL_MS } from '../../src/core/eta.js';
import { recordPresence } from '../../src/store/presence.store.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, getJob, itemRows, jobRow, until } from './helpers.js';

/** Before any item has finished, the estimator assumes this throughput (items per second). */
const PRIOR_ITEMS_PER_SECOND = 10;

describe.each(DIALECTS)('estimated_completion (%s)', (dialect) => {
  let h: Harness;
  let clock: ReturnType<typeof fixedClock>;
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  const start = async () => {
    clock = fixedClock('2025-06-10T12:00:00Z');
    h = await createHarness(dialect, { clock, env: { SHUTDOWN_GRACE_MS: '0' } });
  };
  /** Milliseconds from now until the job's estimated completion, as GET /v1/jobs/{id} shows it. */
  const msLeft = async (key: string, id: string) => {
    const job = await getJob(h, key, id);
    return job.estimated_completion === null ? null : Date.parse(job.estimated_completion) - clock.now();
  };
  /** The estimator samples the queue at most once a second: move past that and take the sample. */
  const resample = async () => {
    clock.advance(1001);
    await h.tollgate.deps.eta.refresh();
  };

  it('puts a pending job in the future, and further out the more work is queued ahead of it', async () => {
    await start();
    // A worker in another process serves echo.
    await recordPresence(h.tollgate.deps.store.db, 'worker-elsewhere', ['echo'], clock.now());
    await h.tollgate.deps.eta.refresh();
    const a = await h.tenant({ limits: { credits: 10_000 } });
    const b = await h.tenant({ limits: { credits: 10_000 } });
    const first = await admitEcho(h, a.key, { items: 10 });
    expect(Date.parse(first.estimated_completion!)).toBeGreaterThan(clock.now());
    await resample();
    // Alone in the queue: its own 10 items at the assumed 10 items/s, not counted twice.
    const alone = await msLeft(a.key, first.id);
    expect(alone).toBe((10 / PRIOR_ITEMS_PER_SECOND) * 1000);

    await admitEcho(h, b.key, { items: 1000 });
    const behind = await admitEcho(h, a.key, { items: 10 });
    await resample();
    const left = await msLeft(a.key, behind.id);
    expect(left).toBe(((10 + 1000 + 10) / PRIOR_ITEMS_PER_SECOND) * 1000);
    expect(left!).toBeGreaterThan(100 * alone!);
  });

  it('is null with the reason while no worker serves the type, in the 201, the detail and the list alike', async () => {
    await start();
    const tenant = await h.tenant({ limits: { credits: 10_000 } });
    const job = await admitEcho(h, tenant.key, { items: 5 });
    expect(job).toMatchObject({ estimated_completion: null, estimated_completion_reason: NO_WORKER_REASON });
    expect(await getJob(h, tenant.key, job.id)).toMatchObject({ estimated_completion: null, estimated_completion_reason: NO_WORKER_REASON });
    const listed = (await (await h.request('GET', '/v1/jobs', { key: tenant.key })).json()).data[0];
    expect(listed).toMatchObject({ id: job.id, estimated_completion: null, estimated_completion_reason: NO_WORKER_REASON });

    // A worker elsewhere is seen: both show the same estimate.
    await recordPresence(h.tollgate.deps.store.db, 'worker-elsewhere', ['echo'], clock.now());
    await resample();
    const detail = await getJob(h, tenant.key, job.id);
    expect(detail).toMatchObject({ estimated_completion: expect.any(String), estimated_completion_reason: null });
    const again = (await (await h.request('GET', '/v1/jobs', { key: tenant.key })).json()).data[0];
    expect(again.estimated_completion).toBe(detail.estimated_completion);

    // Gone for longer than the presence window: no promise again.
    clock.advance(PRESENCE_TTL_MS);
    await resample();
    expect(await getJob(h, tenant.key, job.id)).toMatchObject({ estimated_completion: null, estimated_completion_reason: NO_WORKER_REASON });
  });

  it("counts this process's own workers from the first request, before any sample", async () => {
    await start();
    const tenant = await h.tenant({ limits: { credits: 10_000 } });
    h.tollgate.startWorkers({ concurrency: 1, batchSize: 1, pollMs: 10 });
    const job = await admitEcho(h, tenant.key, { items: 1, sleep_ms: 60_000 });
    expect(job.estimated_completion).not.toBeNull();
  });

  it('is recomputed from the measured throughput once items finish, on reads more than a second apart', async () => {
    await start();
    const tenant = await h.tenant({ limits: { credits: 10_000 } });
    h.tollgate.startWorkers({ concurrency: 100, batchSize: 50, pollMs: 10 });
    // Ten items that stay running for the whole test: the job whose estimate we watch.
    const watched = await admitEcho(h, tenant.key, { items: 10, sleep_ms: 60_000 });
    await until(() => itemRows(h, watched.id), (rows) => rows.every((r) => r.status === 'running'), 5000, 'the watched items to run');
    await resample();
    const assumed = await msLeft(tenant.key, watched.id);
    expect(assumed).toBe((10 / PRIOR_ITEMS_PER_SECOND) * 1000);

    // 60 items finish within the last minute: 1 item/s.
    const quick = await admitEcho(h, tenant.key, { items: 60 });
    await until(() => jobRow(h, quick.id), (j) => j.status === 'completed', 5000, 'the quick job');
    clock.advance(1001);
    const stale = await msLeft(tenant.key, watched.id);
    const measured = await until(() => msLeft(tenant.key, watched.id), (ms) => ms !== stale, 5000, 'a fresh estimate');
    expect(measured).toBe(10_000);

    // Twice as many in the window: twice the throughput, half the time.
    const more = await admitEcho(h, tenant.key, { items: 60 });
    await until(() => jobRow(h, more.id), (j) => j.status === 'completed', 5000, 'the second quick job');
    await resample();
    expect(await msLeft(tenant.key, watched.id)).toBe(5000);
  });

  it('is null on finished jobs', async () => {
    await start();
    const tenant = await h.tenant({ limits: { credits: 100 } });
    h.tollgate.startWorkers({ pollMs: 10 });
    const done = await admitEcho(h, tenant.key, { items: 2 });
    const failed = await admitEcho(h, tenant.key, { items: 1, fail: 'permanent' });
    await until(() => jobRow(h, done.id), (j) => j.status === 'completed', 5000, 'the job');
    await until(() => jobRow(h, failed.id), (j) => j.status === 'failed', 5000, 'the job');
    const cancelled = await admitEcho(h, tenant.key, { items: 1, sleep_ms: 60_000 });
    expect((await h.request('POST', `/v1/jobs/${cancelled.id}/cancel`, { key: tenant.key })).status).toBe(200);
    for (const id of [done.id, failed.id, cancelled.id]) expect(await msLeft(tenant.key, id)).toBeNull();
    const list = await (await h.request('GET', '/v1/jobs', { key: tenant.key })).json();
    expect(list.data.map((j: { estimated_completion: string | null }) => j.estimated_completion)).toEqual([null, null, null]);
  });
});
