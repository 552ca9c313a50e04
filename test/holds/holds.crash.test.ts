import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { until } from '../support/until.js';
import { client, declare, workerKey } from '../job-types/support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

/**
 * A loopback proxy in front of Tollgate that lets everything through until Tollgate answers a
 * settle: then, before one byte of that answer reaches the worker, it SIGKILLs the worker. The
 * server has recorded the outcomes (it answers after its transaction commits); the worker never
 * learns it did.
 */
async function killOnSettleAnswer(upstreamPort: number, victim: () => ChildProcess | undefined) {
  let cut = false;
  const server: Server = createServer((downstream) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    let settling = false;
    downstream.on('data', (chunk) => {
      if (chunk.toString('latin1').includes('POST /v1/worker/settle')) settling = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (settling && !cut) {
        cut = true;
        victim()?.kill('SIGKILL');
        downstream.destroy();
        upstream.destroy();
        return;
      }
      downstream.write(chunk);
    });
    for (const [a, b] of [
      [downstream, upstream],
      [upstream, downstream],
    ] as const) {
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, cut: () => cut, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DIALECTS)('a remote worker killed after its outcome was recorded, before it heard so (%s)', (dialect) => {
  let h: Harness;
  let child: ChildProcess | undefined;
  let closeProxy: () => Promise<void> = async () => {};
  afterEach(async () => {
    child?.kill('SIGKILL');
    await closeProxy();
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  it('its restarted self resends the outcomes (also 20 times at once): each hold is released, or its excess charged, exactly once', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    await declare(h, 'measured', {
      input_schema: { type: 'object', required: ['actuals'], properties: { actuals: { type: 'array', items: { type: 'integer' } } } },
      meter: 'credits',
      cost: { per_item: 10 },
      items: { from: '/actuals' },
      settle: 'actual',
      overage: 'charge',
      handler: { kind: 'remote' },
    });
    const t = await h.tenant({ limits: { credits: 100 } });
    const base = await h.listen();
    const http = client(base);
    const job = (await http('POST', '/v1/jobs', t.key, { type: 'measured', input: { actuals: [3, 7, 12] } })).body.job;
    const worker = await workerKey(h, ['measured']);

    const proxy = await killOnSettleAnswer(Number(new URL(base).port), () => child);
    closeProxy = proxy.close;
    child = spawn(process.execPath, ['--import', TSX, 'test/holds/fixtures/reporting-worker.ts', proxy.url, worker.key, 'measured'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
    expect(await exited).toBe('SIGKILL');
    expect(proxy.cut()).toBe(true);
    const outcomes = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { id: number; attempt: number; cost: number; result: unknown });
    expect(outcomes.map((o) => o.cost).sort((a, b) => a - b)).toEqual([3, 7, 12]);
    // What the server recorded before the worker died: at least the batch whose answer was cut.
    const recorded = await h.tollgate.deps.store.db.selectFrom('job_items').select('id').where('job_id', '=', job.id).where('status', '=', 'succeeded').execute();
    expect(recorded.length).toBeGreaterThan(0);

    // The restarted worker (same key, so the same lease holder) sends each outcome it had again, one by one…
    for (const o of outcomes) {
      const again = await http('POST', `/v1/worker/items/${o.id}/complete`, worker.key, { attempt: o.attempt, result: o.result, cost: o.cost });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body).toMatchObject({ id: o.id, status: 'succeeded', attempt: o.attempt });
      if (recorded.some((r) => Number(r.id) === o.id)) expect(again.body.already).toBe(true);
    }
    // …and, lost answers again, 20 times at once over both routes.
    const storm = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? http('POST', '/v1/worker/settle', worker.key, { outcomes: outcomes.map((o) => ({ ...o, status: 'succeeded' })) })
          : http('POST', `/v1/worker/items/${outcomes[i % 3]!.id}/complete`, worker.key, { attempt: outcomes[i % 3]!.attempt, result: {}, cost: outcomes[i % 3]!.cost }),
      ),
    );
    for (const r of storm) {
      expect(r.status).toBe(200);
      for (const answer of r.body.results ?? [r.body]) expect(answer).toMatchObject({ status: 'succeeded', already: true });
    }

    const ended = await until(() => http('GET', `/v1/jobs/${job.id}`, t.key), (r) => r.body.status === 'completed', 5_000, 'the job to complete');
    expect(ended.body.result).toEqual({ succeeded: 3, failed: 0, cancelled: 0 });
    const bySeq = new Map(((await http('GET', `/v1/jobs/${job.id}/items`, t.key)).body.data as any[]).map((i) => [Number(i.id), i]));
    const ledger = await h.tollgate.deps.store.db.selectFrom('ledger_entries').selectAll().where('tenant_id', '=', t.id).execute();
    const itemEntries = ledger
      .filter((e) => e.item_id !== null)
      .map((e) => [bySeq.get(Number(e.item_id))!.seq, e.kind, Number(e.amount)])
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    // One release for each item below its hold, one charge for the excess of the one above it.
    expect(itemEntries).toEqual([
      [0, 'release', -7],
      [1, 'release', -3],
      [2, 'charge', 2],
    ]);
    expect([...bySeq.values()].map((i) => [i.seq, i.actual_cost, i.uncharged, i.result]).sort()).toEqual([
      [0, 3, 0, { seq: 0 }],
      [1, 7, 0, { seq: 1 }],
      [2, 12, 0, { seq: 2 }],
    ]);
    expect((await http('GET', '/v1/usage', t.key)).body.meters.find((m: any) => m.name === 'credits')).toMatchObject({ used: 22, held: 0, spent: 22 });
  });
});
