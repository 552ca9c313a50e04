import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/harness.js';
import { admitEcho, childWorkerTest, itemRows, jobRow, ledgerRows, until } from './helpers.js';

// A worker process that dies mid-item (SIGKILL: no shutdown code runs) leaves a running item under
// its lease. Another worker must take the item over once the lease runs out and settle it once.
describe.each(DIALECTS)('a worker killed mid-item (%s)', (dialect) => {
  const start = childWorkerTest(dialect);

  it('has its item finished by another worker after the lease expires, charged once and never refunded', async () => {
    const { h, tenant, spawnWorker } = await start();
    const job = await admitEcho(h, tenant.key, { items: 1, sleep_ms: 2500 });

    const child = await spawnWorker({ WORKERS: '4', WORKER_LEASE_MS: '1500', WORKER_POLL_MS: '50' });
    const pid = child.process.pid!;
    const [running] = await until(
      () => itemRows(h, job.id),
      (rows) => rows[0]?.status === 'running',
      20_000,
      `the child worker to claim the item\n${child.output()}`,
    );
    expect(running!.locked_by).toContain(`:${pid}:`);
    expect(running!.attempts).toBe(1);

    expect(await child.stop('SIGKILL')).toBeNull();
    const [orphan] = await itemRows(h, job.id);
    expect(orphan).toMatchObject({ status: 'running', locked_by: running!.locked_by });
    h.tollgate.startWorkers({ leaseMs: 1500, pollMs: 50 });

    await until(() => itemRows(h, job.id), (rows) => rows[0]!.attempts === 2, 20_000, 'the second attempt');
    // Not taken over before the dead worker's lease ran out.
    expect(Date.now()).toBeGreaterThanOrEqual(Number(orphan!.locked_until));
    const done = await until(() => jobRow(h, job.id), (j) => j.status !== 'pending' && j.status !== 'processing', 20_000, 'the job to finish');
    expect(done).toMatchObject({ status: 'completed', items_done: 1, items_failed: 0 });
    const [item] = await itemRows(h, job.id);
    expect(item).toMatchObject({ status: 'succeeded', attempts: 2, locked_by: null, error: null });
    expect(await ledgerRows(h, tenant.id)).toEqual([{ kind: 'charge', amount: 1, job_id: job.id, item_id: null, dedup_key: `charge:${job.id}` }]);
    expect(await h.verify()).toMatchObject({ ok: true });
  });
});
