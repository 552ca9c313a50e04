import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, idleRunner, itemRows, jobRow, sleep, store, until } from './helpers.js';

/** Every reading is one millisecond later than the last, so each claim statement stamps its own started_at. */
function tickingClock(start: number): Clock {
  let t = start;
  return { now: () => t++ };
}

const BATCH = 50;

describe.each(DIALECTS)('fair claiming (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  /** Tenant A's items that were claimed strictly before, and together with, B's item. */
  async function claimedAround(aTenant: string, bItemStartedAt: number, since = 0) {
    const rows = await store(h)
      .db.selectFrom('job_items')
      .select('started_at')
      .where('tenant_id', '=', aTenant)
      .where('started_at', 'is not', null)
      .where('started_at', '>', since)
      .where('started_at', '<=', bItemStartedAt)
      .execute();
    return {
      before: rows.filter((r) => Number(r.started_at) < bItemStartedAt).length,
      sameBatch: rows.filter((r) => Number(r.started_at) === bItemStartedAt).length,
    };
  }

  it("claims a small job of tenant B in the first batch, although tenant A queued 5,000 items before it", async () => {
    h = await createHarness(dialect, { clock: tickingClock(Date.parse('2025-06-10T12:00:00Z')) });
    const a = await h.tenant({ limits: { credits: 10_000 } });
    const b = await h.tenant({ limits: { credits: 10 } });
    for (let i = 0; i < 5; i++) await admitEcho(h, a.key, { items: 1000 });
    const bJob = await admitEcho(h, b.key, { items: 1 });

    h.tollgate.startWorkers({ batchSize: BATCH, concurrency: BATCH, pollMs: 10 });
    await until(() => jobRow(h, bJob.id), (j) => j.status === 'completed', 20_000, "B's job to complete");
    const [bItem] = await itemRows(h, bJob.id);

    const around = await claimedAround(a.id, Number(bItem!.started_at));
    expect(around.before).toBe(0);
    expect(around.sameBatch).toBeLessThan(BATCH);
  });

  it("claims tenant B's job within one batch of its admission while A's 5,000 items drain", async () => {
    h = await createHarness(dialect, { clock: tickingClock(Date.parse('2025-06-10T12:00:00Z')) });
    const a = await h.tenant({ limits: { credits: 10_000 } });
    const b = await h.tenant({ limits: { credits: 10 } });
    const aJobs: { id: string }[] = [];
    for (let i = 0; i < 5; i++) aJobs.push(await admitEcho(h, a.key, { items: 1000 }));

    h.tollgate.startWorkers({ batchSize: BATCH, concurrency: BATCH, pollMs: 10 });
    await until(() => jobRow(h, aJobs[0]!.id), (j) => j.items_done >= 300, 20_000, 'A to be under way');
    const bJob = await admitEcho(h, b.key, { items: 1 });
    const answeredAt = h.clock.now();
    await until(() => jobRow(h, bJob.id), (j) => j.status === 'completed', 20_000, "B's job to complete");
    const [bItem] = await itemRows(h, bJob.id);
    const bStarted = Number(bItem!.started_at);

    // Every claim that began after the admission had answered saw B's item at the head of the queue
    // (claims that began earlier, while B was being admitted, could not).
    expect((await claimedAround(a.id, bStarted, answeredAt)).before).toBe(0);
    expect((await claimedAround(a.id, bStarted)).sameBatch).toBeLessThan(BATCH);
    // And B did not just wait for A to run dry: most of A's work was claimed after B's item.
    const laterA = await store(h).db.selectFrom('job_items').select('id').where('tenant_id', '=', a.id).where((eb) => eb.or([eb('started_at', 'is', null), eb('started_at', '>', bStarted)])).execute();
    expect(laterA.length).toBeGreaterThan(1000);
  });

  it('does not let a tenant at its cap hold back the others queued behind it', async () => {
    h = await createHarness(dialect, { clock: systemClock, env: { SHUTDOWN_GRACE_MS: '0' } });
    const capped = await h.tenant({ limits: { credits: 10_000 }, max_concurrency: 2 });
    const other = await h.tenant({ limits: { credits: 10_000 } });
    const slow = await admitEcho(h, capped.key, { items: 1000, sleep_ms: 100 });
    const quick = await admitEcho(h, other.key, { items: 1000 });
    h.tollgate.startWorkers({ batchSize: BATCH, concurrency: BATCH, pollMs: 10 });

    // The capped tenant's backlog interleaves with the other's at the head of the queue; once it
    // runs its 2 items, the rest of it must be passed over, not fill every claim's window.
    await until(() => jobRow(h, quick.id), (j) => j.status === 'completed', 15_000, "the uncapped tenant's job");
    expect((await jobRow(h, slow.id)).items_done).toBeLessThan(200);
  });

  it('never runs more items of a tenant than its max_concurrency, with three runners claiming at once', async () => {
    h = await createHarness(dialect, { clock: systemClock, env: { SHUTDOWN_GRACE_MS: '0' } });
    const capped = await h.tenant({ limits: { credits: 100 }, max_concurrency: 2 });
    const other = await h.tenant({ limits: { credits: 100 } });
    const options = { concurrency: 8, batchSize: 8, pollMs: 5, leaseMs: 30_000 };
    const runners = [h.tollgate.startWorkers(options), idleRunner(h, options).start(), idleRunner(h, options).start()];
    const job = await admitEcho(h, capped.key, { items: 30, sleep_ms: 30 });
    const otherJob = await admitEcho(h, other.key, { items: 30, sleep_ms: 30 });

    const samples: number[] = [];
    let otherPeak = 0;
    try {
      while ((await jobRow(h, job.id)).status !== 'completed') {
        const rows = await store(h).db.selectFrom('job_items').select('tenant_id').where('status', '=', 'running').execute();
        samples.push(rows.filter((r) => r.tenant_id === capped.id).length);
        otherPeak = Math.max(otherPeak, rows.filter((r) => r.tenant_id === other.id).length);
        await sleep(3);
      }
      await until(() => jobRow(h, otherJob.id), (j) => j.status === 'completed', 10_000, 'the other job');
    } finally {
      await Promise.all(runners.slice(1).map((r) => r.stop(0)));
    }
    expect(Math.max(...samples)).toBe(2);
    expect(samples.length).toBeGreaterThan(10);
    // The cap is the capped tenant's alone: the other tenant ran more at once.
    expect(otherPeak).toBeGreaterThan(2);
  });
});
