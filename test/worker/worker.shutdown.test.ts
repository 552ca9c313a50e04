import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/harness.js';
import { admitEcho, childWorkerTest, itemRows, jobRow, ledgerRows, sleep, until } from './helpers.js';

const GRACE_MS = 2000;

// SIGTERM (a deploy, a scale-down): stop claiming, let what runs finish within the grace period,
// then hand back the rest at once rather than letting it sit until its lease runs out.
describe.each(DIALECTS)('a worker told to stop (%s)', (dialect) => {
  const start = childWorkerTest(dialect);

  it('finishes in-flight items within SHUTDOWN_GRACE_MS, claims nothing new, and releases the rest uncounted', async () => {
    const { h, tenant, spawnWorker } = await start();
    const short = await admitEcho(h, tenant.key, { items: 1, sleep_ms: 800 });
    const long = await admitEcho(h, tenant.key, { items: 1, sleep_ms: 60_000 });
    const child = await spawnWorker({ WORKERS: '4', WORKER_LEASE_MS: '30000', WORKER_POLL_MS: '50', SHUTDOWN_GRACE_MS: String(GRACE_MS) });
    const running = async () => [...(await itemRows(h, short.id)), ...(await itemRows(h, long.id))];
    await until(running, (rows) => rows.every((r) => r.status === 'running'), 20_000, `both items to run\n${child.output()}`);

    const signalled = Date.now();
    child.process.kill('SIGTERM');
    await sleep(300);
    const late = await admitEcho(h, tenant.key, { items: 1 });
    const code = await child.stop();
    const exitedAfter = Date.now() - signalled;
    expect(code, child.output()).toBe(0);
    expect(exitedAfter).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(exitedAfter).toBeLessThan(GRACE_MS + 5000);

    // In flight when the signal came and done within the grace period: settled normally.
    expect(await jobRow(h, short.id)).toMatchObject({ status: 'completed', items_done: 1 });
    expect((await itemRows(h, short.id))[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    // Not done by the end of the grace period: pending again at once, the attempt not counted.
    const [released] = await itemRows(h, long.id);
    expect(released).toMatchObject({ status: 'pending', attempts: 0, locked_by: null, locked_until: null });
    expect(Number(released!.run_at)).toBeLessThanOrEqual(Date.now());
    // Admitted after the signal: never claimed by the stopping worker.
    expect((await itemRows(h, late.id))[0]).toMatchObject({ status: 'pending', attempts: 0 });

    // Another worker takes the released item straight away, not after the old 30 s lease.
    const takenFrom = Date.now();
    h.tollgate.startWorkers({ leaseMs: 30_000, pollMs: 20 });
    await until(() => itemRows(h, long.id), (rows) => rows[0]!.status === 'running', 5000, 'the released item to be taken');
    expect(Date.now() - takenFrom).toBeLessThan(5000);
    expect((await itemRows(h, long.id))[0]!.attempts).toBe(1);
    await until(() => jobRow(h, late.id), (j) => j.status === 'completed', 5000, 'the late job');
    expect((await ledgerRows(h, tenant.id)).filter((e) => e.kind === 'refund')).toEqual([]);
    expect(await h.verify()).toMatchObject({ ok: true });
  });
});
