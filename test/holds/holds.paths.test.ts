import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runWorker, type RunningWorker } from '../../src/client/worker.js';
import { systemClock } from '../../src/core/clock.js';
import { defineJobType } from '../../src/core/job-types.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { until } from '../support/until.js';
import { client, declare, workerKey } from '../job-types/support.js';

/**
 * One settlement, three ways of running it: an in-process handler returning `{ result, cost }`, a
 * remote worker completing with `cost` (the `tollgate/worker` client's `reportCost`), and an HTTP
 * handler answering `{"result", "cost"}`. Each item holds 10 credits and reports the actual cost
 * its input names, or a bad one, or none (`"missing"`). The same inputs must end in the same usage,
 * items and ledger on every path.
 */
const PATHS = ['in_process', 'remote', 'http'] as const;
type Path = (typeof PATHS)[number];
const OVERAGES = ['cap', 'charge'] as const;
const HOLD = 10;

const typeName = (path: Path, overage: string) => `${path}_${overage}`;
const reported = (actual: unknown) => (actual === 'missing' ? {} : { cost: actual });

const inProcess = (overage: 'cap' | 'charge') =>
  defineJobType({
    name: typeName('in_process', overage),
    input: z.object({ actuals: z.array(z.unknown()).min(1) }),
    meter: 'credits',
    settle: 'actual',
    overage,
    maxAttempts: 3,
    cost: (input) => HOLD * input.actuals.length,
    items: (input) => input.actuals,
    process: async (item) => ({ result: { seq: item.seq }, ...reported(item.input) }),
  });

const declaration = (overage: string, handler: unknown) => ({
  input_schema: { type: 'object', required: ['actuals'], properties: { actuals: { type: 'array', minItems: 1 } } },
  meter: 'credits',
  cost: { per_item: HOLD },
  items: { from: '/actuals' },
  settle: 'actual',
  overage,
  max_attempts: 3,
  handler,
});

/** The team's endpoint: answers each item with its seq as the result and the cost its input names. */
async function endpoint() {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { item } = JSON.parse(body) as { item: { seq: number; input: unknown } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: { seq: item.seq }, ...reported(item.input) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/run`, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

/** What each path ended with, but for the wording of errors, which names what that path must send. */
const money = (ended: any) => ({ ...ended, items: ended.items.map((i: any) => ({ ...i, error: i.error !== null })) });

describe.each(DIALECTS)('one settlement through the three handler paths (%s)', (dialect) => {
  let h: Harness;
  let closeEndpoint: () => Promise<void> = async () => {};
  let worker: RunningWorker | undefined;
  afterEach(async () => {
    await worker?.stop(0);
    await closeEndpoint();
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  /** Runs a job of `actuals` on every path and overage, each for a tenant of its own, and reads back what each ended with. */
  async function settleEverywhere(actuals: unknown[]) {
    h = await createHarness(dialect, { clock: systemClock, tollgate: { jobTypes: OVERAGES.map(inProcess) } });
    const receiver = await endpoint();
    closeEndpoint = receiver.close;
    for (const overage of OVERAGES) {
      await declare(h, typeName('remote', overage), declaration(overage, { kind: 'remote' }));
      await declare(h, typeName('http', overage), declaration(overage, { kind: 'http', url: receiver.url, timeout_ms: 5000, concurrency: 4 }));
    }
    const base = await h.listen();
    const http = client(base);
    const remoteTypes = OVERAGES.map((o) => typeName('remote', o));
    worker = runWorker({
      url: base,
      key: (await workerKey(h, remoteTypes)).key,
      types: remoteTypes,
      waitMs: 200,
      onError: (error) => errors.push(error),
      handler: async (item, { reportCost }) => {
        // What a worker in any language might send: whatever its code measured, unchecked.
        if (item.input !== 'missing') reportCost(item.input as number);
        return { seq: item.seq };
      },
    });
    const errors: unknown[] = [];
    h.tollgate.startWorkers({ concurrency: 4, batchSize: 4, pollMs: 10 });

    const ended = new Map<string, unknown>();
    for (const path of PATHS) {
      for (const overage of OVERAGES) {
        const t = await h.tenant({ limits: { credits: 100 } });
        const admitted = await http('POST', '/v1/jobs', t.key, { type: typeName(path, overage), input: { actuals } });
        expect(admitted.status, JSON.stringify(admitted.body)).toBe(201);
        const id = admitted.body.job.id as string;
        const job = await until(() => http('GET', `/v1/jobs/${id}`, t.key), (r) => !['pending', 'processing'].includes(r.body.status), 15_000, `the ${path} ${overage} job to end`);
        const items = (await http('GET', `/v1/jobs/${id}/items`, t.key)).body.data as any[];
        const seqOf = new Map(items.map((i) => [i.id, i.seq]));
        const ledger = (await h.tollgate.deps.store.db.selectFrom('ledger_entries').selectAll().where('tenant_id', '=', t.id).orderBy('id').execute())
          .map((e) => ({ kind: e.kind, amount: Number(e.amount), seq: e.item_id === null ? null : seqOf.get(Number(e.item_id)), key: e.dedup_key?.replace(id, '<job>').replace(/:\d+$/, ':<item>') }))
          .sort((a, b) => (a.seq ?? -1) - (b.seq ?? -1) || a.kind.localeCompare(b.kind));
        const credits = (await http('GET', '/v1/usage', t.key)).body.meters.find((m: any) => m.name === 'credits');
        ended.set(`${path} ${overage}`, {
          status: job.body.status,
          usage: { used: credits.used, held: credits.held, spent: credits.spent },
          items: items.map((i) => ({ status: i.status, attempts: i.attempts, result: i.result, actual_cost: i.actual_cost, uncharged: i.uncharged, error: i.error ?? null })),
          ledger,
        });
      }
    }
    expect(errors).toEqual([]);
    return ended;
  }

  it('below, at and above the hold: the same usage, items and ledger on every path', async () => {
    const ended = await settleEverywhere([3, 10, 15, 14]);
    for (const overage of OVERAGES) {
      const expected = money(ended.get(`in_process ${overage}`));
      for (const path of PATHS) expect(money(ended.get(`${path} ${overage}`)), `${path} ${overage}`).toEqual(expected);
    }
    // Holds 40; actuals 3 + 10 + 15 + 14: capped, 3 + 10 + 10 + 10 = 33; charged (room enough), 42.
    expect(ended.get('in_process cap')).toMatchObject({
      status: 'completed',
      usage: { used: 33, held: 0, spent: 33 },
      items: [
        { actual_cost: 3, uncharged: 0 },
        { actual_cost: 10, uncharged: 0 },
        { actual_cost: 10, uncharged: 5 },
        { actual_cost: 10, uncharged: 4 },
      ],
      ledger: [
        { kind: 'charge', amount: 40, seq: null, key: 'charge:<job>' },
        { kind: 'release', amount: -7, seq: 0, key: 'release:<job>:<item>' },
      ],
    });
    expect(ended.get('in_process charge')).toMatchObject({
      usage: { used: 42, held: 0, spent: 42 },
      items: [{ actual_cost: 3 }, { actual_cost: 10 }, { actual_cost: 15, uncharged: 0 }, { actual_cost: 14, uncharged: 0 }],
      ledger: [
        { kind: 'charge', amount: 40, seq: null },
        { kind: 'release', amount: -7, seq: 0 },
        { kind: 'charge', amount: 5, seq: 2, key: 'overage:<job>:<item>' },
        { kind: 'charge', amount: 4, seq: 3, key: 'overage:<job>:<item>' },
      ],
    });
  });

  it('a missing or invalid cost fails the item for good with a clear error and gives its whole hold back, on every path', async () => {
    const ended = await settleEverywhere([-1, 2.5, 'lots', 'missing', 4]);
    for (const overage of OVERAGES) {
      const expected = money(ended.get(`in_process ${overage}`));
      for (const path of PATHS) expect(money(ended.get(`${path} ${overage}`)), `${path} ${overage}`).toEqual(expected);
    }
    const { items, usage, ledger, status } = ended.get('in_process cap') as any;
    expect(status).toBe('partially_completed');
    expect(items.map((i: any) => [i.status, i.attempts, i.actual_cost])).toEqual([
      ['failed', 1, null],
      ['failed', 1, null],
      ['failed', 1, null],
      ['failed', 1, null],
      ['succeeded', 1, 4],
    ]);
    for (const [name, path] of ended) {
      const errors = (path as any).items.map((i: any) => i.error);
      expect(errors[0], name).toMatch(/reported an invalid actual cost \(-1\): it must be a whole number ≥ 0/);
      expect(errors[1], name).toMatch(/reported an invalid actual cost \(2\.5\)/);
      expect(errors[2], name).toMatch(/reported an invalid actual cost \("lots"\)/);
      expect(errors[3], name).toMatch(name.startsWith('remote') ? /settles to its actual cost: the outcome must carry "cost"/ : /settles to its actual cost: its handler must return \{ result, cost \}/);
    }
    expect(usage).toEqual({ used: 4, held: 0, spent: 4 });
    expect(ledger.filter((e: any) => e.kind === 'refund').map((e: any) => [e.seq, e.amount])).toEqual([
      [0, -10],
      [1, -10],
      [2, -10],
      [3, -10],
    ]);
  });
});
