import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorker, type RunningWorker } from '../../src/client/worker.js';
import { systemClock } from '../../src/core/clock.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { until } from '../support/until.js';
import { client, declare, SUMMARIZE, workerKey } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

function start(command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

describe.each(DIALECTS)('remote workers (%s)', (dialect) => {
  let h: Harness;
  const children: ChildProcess[] = [];
  const workers: RunningWorker[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await Promise.all(workers.splice(0).map((w) => w.stop(0)));
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  it('a worker SIGKILLed while holding items: the Python example takes them over, each settled once; the dead attempt settles nothing', async () => {
    h = await createHarness(dialect, { clock: systemClock, env: { WORKER_LEASE_MS: '1000' } });
    h.tollgate.startMaintenance();
    await declare(h, 'summarize');
    const t = await h.tenant({ limits: { credits: 100 } });
    const base = await h.listen();
    const http = client(base);
    const documents = Array.from({ length: 6 }, (_, i) => ({ text: `Document ${i}. It has a second sentence.` }));
    const job = (await http('POST', '/v1/jobs', t.key, { type: 'summarize', input: { documents } })).body.job;

    const doomed = await workerKey(h, ['summarize'], 'doomed');
    const hanging = start(process.execPath, ['--import', TSX, 'test/job-types/fixtures/hanging-worker.ts', base, doomed.key, 'summarize']);
    children.push(hanging.child);
    const held = await until(async () => hanging.output().trim().split('\n').filter((l) => l.startsWith('{')), (lines) => lines.length === 6, 20_000, 'the worker to hold 6 items');
    const dead = held.map((l) => JSON.parse(l) as { id: number; attempt: number });
    hanging.child.kill('SIGKILL');

    const python = await workerKey(h, ['summarize'], 'python');
    const py = start('python3', ['examples/python-worker/worker.py', 'summarize'], { TOLLGATE_URL: base, TOLLGATE_KEY: python.key, WAIT_MS: '500', LEASE_MS: '5000' });
    children.push(py.child);
    await until(() => http('GET', `/v1/jobs/${job.id}`, t.key), (r) => r.body.status === 'completed', 30_000, 'the job to complete');
    py.child.kill('SIGTERM');
    await new Promise((resolve) => py.child.once('exit', resolve));
    expect(py.output()).toContain('python worker: stopped');

    const items = (await http('GET', `/v1/jobs/${job.id}/items`, t.key)).body.data;
    expect(items.map((i: any) => [i.status, i.attempts])).toEqual(Array(6).fill(['succeeded', 2]));
    expect(items[0].result).toEqual({ summary: 'Document 0', words: 7 });
    for (const { id, attempt } of dead) {
      const late = await http('POST', `/v1/worker/items/${id}/complete`, doomed.key, { attempt, result: { summary: 'late' } });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('lease_lost');
    }
    expect((await http('GET', `/v1/jobs/${job.id}/items`, t.key)).body.data).toEqual(items);
    expect((await http('GET', '/v1/usage', t.key)).body.meters.find((m: any) => m.name === 'credits').used).toBe(12);
  });

  it('20 workers drain 10,000 items of 200 tenants: each item run and settled once, tenant caps held, no tenant starved', async () => {
    const CAP = 2;
    h = await createHarness(dialect, { clock: systemClock, env: { TENANT_MAX_CONCURRENCY: String(CAP) } });
    h.tollgate.startMaintenance();
    await declare(h, 'summarize', { ...SUMMARIZE, subject: undefined, lease_ms: 60_000 });
    const tenants = await Promise.all(Array.from({ length: 200 }, (_, i) => h.tenant({ id: `t${String(i).padStart(3, '0')}`, limits: { credits: 1000 } })));
    for (const t of tenants) {
      const documents = Array.from({ length: 50 }, (_, i) => ({ text: `${t.id} ${i}` }));
      expect((await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'summarize', input: { documents } } })).status).toBe(201);
    }
    const base = await h.listen();
    const key = (await workerKey(h, ['summarize'])).key;

    const runs = new Map<number, number>();
    const running = new Map<string, number>();
    const order: string[] = [];
    let overCap = 0;
    for (let w = 0; w < 20; w++) {
      workers.push(
        runWorker({
          url: base,
          key,
          types: ['summarize'],
          concurrency: 16,
          waitMs: 1000,
          onError: () => {},
          handler: async (item) => {
            runs.set(item.id, (runs.get(item.id) ?? 0) + 1);
            const now = (running.get(item.tenant_id) ?? 0) + 1;
            running.set(item.tenant_id, now);
            if (now > CAP) overCap++;
            order.push(item.tenant_id);
            await new Promise((r) => setImmediate(r));
            running.set(item.tenant_id, running.get(item.tenant_id)! - 1);
            return { n: item.seq };
          },
        }),
      );
    }
    const db = h.tollgate.deps.store.db;
    await until(
      async () => Number((await db.selectFrom('job_items').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'succeeded').executeTakeFirstOrThrow()).n),
      (n) => n === 10_000,
      120_000,
      '10,000 items to succeed',
    );
    await Promise.all(workers.splice(0).map((w) => w.stop(1000)));
    expect(runs.size).toBe(10_000);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(overCap).toBe(0);
    expect(new Set(order.slice(0, 400)).size).toBe(200);
    const jobs = await db.selectFrom('jobs').select(['status', 'items_done']).execute();
    expect(jobs.every((j) => j.status === 'completed' && j.items_done === 50)).toBe(true);
  });
});
