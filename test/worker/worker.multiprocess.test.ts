import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { spawnTollgate, type ChildServer } from '../support/server.js';
import { admitEcho, databaseEnv, ledgerRows, sleep, store } from './helpers.js';

const JOBS = 5;
const ITEMS = 1000;

// Several worker processes share nothing but the database: only PostgreSQL serves them at once.
describe.runIf(DIALECTS.includes('postgres'))('two worker processes on one PostgreSQL database', () => {
  let h: Harness;
  const workers: ChildServer[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
    await h?.close();
  });

  it('drain 5,000 items between them, each settled exactly once, charged once and never refunded', async () => {
    h = await createHarness('postgres', { clock: systemClock });
    const tenant = await h.tenant({ limits: { credits: JOBS * ITEMS } });
    const jobs = [];
    for (let i = 0; i < JOBS; i++) jobs.push(await admitEcho(h, tenant.key, { items: ITEMS, sleep_ms: 1 }));

    const env = { ...databaseEnv(h), WORKERS: '32', WORKER_BATCH_SIZE: '50', WORKER_POLL_MS: '50' };
    const started = Date.now();
    workers.push(...(await Promise.all([spawnTollgate('worker', env), spawnTollgate('worker', env)])));
    const pids = workers.map((w) => String(w.process.pid));

    // Sample who holds leases while the queue drains: both processes must take part.
    const holders = new Set<string>();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const running = await store(h).db.selectFrom('job_items').select('locked_by').where('status', '=', 'running').execute();
      for (const r of running) holders.add(r.locked_by!.split(':').at(-2)!);
      const open = await store(h).db.selectFrom('jobs').select('id').where('status', 'in', ['pending', 'processing']).execute();
      if (open.length === 0) break;
      if (Date.now() > deadline) throw new Error(`not drained after 60 s\n${workers.map((w) => w.output()).join('\n')}`);
      await sleep(20);
    }
    const wallMs = Date.now() - started;
    expect([...holders].sort()).toEqual(pids.sort());

    const rows = await store(h).db.selectFrom('jobs').selectAll().where('tenant_id', '=', tenant.id).execute();
    expect(rows.map((j) => ({ status: j.status, done: j.items_done, failed: j.items_failed }))).toEqual(
      Array.from({ length: JOBS }, () => ({ status: 'completed', done: ITEMS, failed: 0 })),
    );
    expect(rows.reduce((sum, j) => sum + j.items_done, 0)).toBe(JOBS * ITEMS);

    const items = await store(h).db.selectFrom('job_items').select(['status', 'attempts', 'started_at', 'finished_at', 'locked_by', 'result']).execute();
    const drainMs = Math.max(...items.map((i) => Number(i.finished_at))) - Math.min(...items.map((i) => Number(i.started_at)));
    console.info(`two worker processes: 5,000 items drained in ${drainMs} ms from the first claim (${wallMs} ms with process start)`);
    expect(items).toHaveLength(JOBS * ITEMS);
    expect(items.filter((i) => i.status !== 'succeeded' || i.attempts < 1 || i.finished_at === null || i.locked_by !== null || i.result === null)).toEqual([]);

    const ledger = await ledgerRows(h, tenant.id);
    expect(ledger.filter((e) => e.kind === 'charge')).toHaveLength(JOBS);
    expect(ledger.filter((e) => e.kind === 'refund')).toHaveLength(0);
    expect(await h.verify()).toMatchObject({ ok: true });
  });
});
