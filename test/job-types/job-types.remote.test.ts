import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { runWorker } from '../../src/client/worker.js';
import { usedOf } from '../support/admission.js';
import { until } from '../support/until.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { NO_WORKER_REASON } from '../../src/core/eta.js';
import { client, declare, SUMMARIZE, workerKey } from './support.js';

describe.each(DIALECTS)('a type declared over the API, run by a remote worker (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  it('is admitted, charged, claimed, completed and readable; verify stays clean', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const created = await declare(h, 'summarize');
    expect(created).toMatchObject({ name: 'summarize', source: 'api', meter: 'credits', handler: { kind: 'remote' }, cost: { per_item: 2 }, version: 1 });
    const t = await h.tenant({ limits: { credits: 100 } });
    const base = await h.listen();
    const http = client(base);

    const admitted = await http('POST', '/v1/jobs', t.key, { type: 'summarize', input: { batch_id: 'b1', documents: [{ text: 'one' }, { text: 'two' }] } });
    expect(admitted.status).toBe(201);
    expect(admitted.body.job).toMatchObject({ type: 'summarize', cost: 4, items_total: 2, subject: 'b1', status: 'pending' });
    // No remote worker has claimed summarize yet: no completion is promised.
    expect(admitted.body.job).toMatchObject({ estimated_completion: null, estimated_completion_reason: NO_WORKER_REASON });
    expect(await usedOf(h, t.id)).toBe(4);
    // The subject deduplicates like a built-in type's.
    expect((await http('POST', '/v1/jobs', t.key, { type: 'summarize', input: { batch_id: 'b1', documents: [{ text: 'x' }] } })).status).toBe(409);

    const worker = await workerKey(h, ['summarize']);
    const claimed = await http('POST', '/v1/worker/claim', worker.key, { types: ['summarize'], max: 10, lease_ms: 10_000 });
    expect(claimed.status).toBe(200);
    expect(claimed.body.items).toHaveLength(2);
    // Claiming made the worker present: an active summarize job gets an estimate again.
    await until(
      async () => (await http('GET', `/v1/jobs/${admitted.body.job.id}`, t.key)).body,
      (job) => job.estimated_completion !== null && job.estimated_completion_reason === null,
      5000,
      'an estimate once a remote worker claims',
    );
    expect(claimed.body.items[0]).toMatchObject({ job_id: admitted.body.job.id, tenant_id: t.id, type: 'summarize', seq: 0, input: { text: 'one' }, attempt: 1 });
    // The job's input comes once, not once per item.
    expect(claimed.body.items[0]).not.toHaveProperty('job_input');
    expect(claimed.body.jobs).toEqual({ [admitted.body.job.id]: { input: { batch_id: 'b1', documents: [{ text: 'one' }, { text: 'two' }] } } });
    for (const item of claimed.body.items) {
      const beat = await http('POST', `/v1/worker/items/${item.id}/heartbeat`, worker.key, { attempt: item.attempt });
      expect(beat.status).toBe(200);
      const done = await http('POST', `/v1/worker/items/${item.id}/complete`, worker.key, { attempt: item.attempt, result: { summary: `short ${item.input.text}` } });
      expect(done.body).toEqual({ id: item.id, status: 'succeeded', attempt: 1, already: false });
    }
    const job = await http('GET', `/v1/jobs/${admitted.body.job.id}`, t.key);
    expect(job.body).toMatchObject({ status: 'completed', result: { succeeded: 2, failed: 0, cancelled: 0 } });
    const items = await http('GET', `/v1/jobs/${admitted.body.job.id}/items`, t.key);
    expect(items.body.data.map((i: any) => i.result)).toEqual([{ summary: 'short one' }, { summary: 'short two' }]);
    expect(await usedOf(h, t.id)).toBe(4);
  });

  it('refuses input that fails the JSON Schema with every path, charging nothing', async () => {
    h = await createHarness(dialect);
    await declare(h, 'summarize');
    const t = await h.tenant({ limits: { credits: 100 } });
    const response = await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'summarize', input: { batch_id: 7, documents: [{ text: 1 }, {}] } } });
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: 'input.batch_id', message: 'must be string' },
        { path: 'input.documents.0.text', message: 'must be string' },
        { path: 'input.documents.1.text', message: 'is required' },
      ]),
    );
    expect(await usedOf(h, t.id)).toBe(0);
  });

  it('keeps a worker key to its routes and types; a stale attempt or a revoked key settles nothing', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    await declare(h, 'summarize');
    await declare(h, 'translate', { ...SUMMARIZE, subject: undefined });
    const t = await h.tenant({ limits: { credits: 100 } });
    const http = client(await h.listen());
    const worker = await workerKey(h, ['summarize']);

    expect((await http('POST', '/v1/jobs', worker.key, { type: 'echo' })).status).toBe(403);
    expect((await http('GET', '/v1/tenants', worker.key)).status).toBe(403);
    expect((await http('GET', '/api/credits', worker.key)).status).toBe(403);
    expect((await http('POST', '/v1/worker/claim', worker.key, { types: ['translate'] })).status).toBe(403);
    expect((await http('POST', '/v1/worker/claim', t.key, { types: ['summarize'] })).status).toBe(403);
    const notRemote = await http('POST', '/v1/worker/claim', ADMIN_KEY, { types: ['echo'] });
    expect(notRemote.status).toBe(400);
    expect(notRemote.body.errors).toEqual([{ path: 'types.0', message: '"echo" is run by Tollgate itself (in-process handler), not by remote workers' }]);

    await http('POST', '/v1/jobs', t.key, { type: 'summarize', input: { documents: [{ text: 'a' }] } });
    const [item] = (await http('POST', '/v1/worker/claim', worker.key, { types: ['summarize'] })).body.items;
    const stale = await http('POST', `/v1/worker/items/${item.id}/complete`, worker.key, { attempt: item.attempt + 1, result: {} });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'lease_lost', item_id: item.id });

    expect((await h.request('DELETE', `/v1/keys/${worker.id}`, { key: ADMIN_KEY })).status).toBe(204);
    expect((await http('POST', `/v1/worker/items/${item.id}/complete`, worker.key, { attempt: item.attempt, result: {} })).status).toBe(401);
    const items = await h.tollgate.deps.store.db.selectFrom('job_items').select(['status', 'result']).execute();
    expect(items).toEqual([{ status: 'running', result: null }]);
    // Cancel, so that the job does not wait for its lease.
    const [job] = await h.tollgate.deps.store.db.selectFrom('jobs').select('id').execute();
    expect((await http('POST', `/v1/jobs/${job!.id}/cancel`, t.key)).status).toBe(200);
  });

  it('a batch heartbeat extends the leases still held and names the lost ones: cancelled, stale attempt, another key', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    await declare(h, 'summarize');
    const t = await h.tenant({ limits: { credits: 100 } });
    const http = client(await h.listen());
    const kept = (await http('POST', '/v1/jobs', t.key, { type: 'summarize', input: { documents: [{ text: 'a' }, { text: 'b' }] } })).body.job;
    const doomed = (await http('POST', '/v1/jobs', t.key, { type: 'summarize', input: { documents: [{ text: 'c' }] } })).body.job;
    const worker = await workerKey(h, ['summarize']);
    const other = await workerKey(h, ['summarize']);
    const items = (await http('POST', '/v1/worker/claim', worker.key, { types: ['summarize'], max: 10, lease_ms: 5_000 })).body.items as any[];
    expect(items).toHaveLength(3);
    expect((await http('POST', `/v1/jobs/${doomed.id}/cancel`, t.key)).status).toBe(200);
    const [a, b] = items.filter((i) => i.job_id === kept.id);
    const c = items.find((i) => i.job_id === doomed.id);

    const before = await h.tollgate.deps.store.db.selectFrom('job_items').select(['id', 'locked_until']).execute();
    const beat = await http('POST', '/v1/worker/heartbeat', worker.key, {
      items: [
        { id: a.id, attempt: a.attempt },
        { id: b.id, attempt: b.attempt + 1 },
        { id: c.id, attempt: c.attempt },
      ],
      lease_ms: 60_000,
    });
    expect(beat.status).toBe(200);
    expect(beat.body.held).toEqual([a.id]);
    expect(beat.body.lost.sort()).toEqual([b.id, c.id].sort());
    const after = new Map((await h.tollgate.deps.store.db.selectFrom('job_items').select(['id', 'locked_until']).execute()).map((r) => [Number(r.id), Number(r.locked_until)]));
    const was = new Map(before.map((r) => [Number(r.id), Number(r.locked_until)]));
    expect(after.get(a.id)! - was.get(a.id)!).toBeGreaterThan(50_000);
    expect(after.get(b.id)).toBe(was.get(b.id));
    // Another key holds nothing here, and extends nothing.
    expect((await http('POST', '/v1/worker/heartbeat', other.key, { items: [{ id: a.id, attempt: a.attempt }] })).body).toMatchObject({ held: [], lost: [a.id] });
    expect((await http('POST', '/v1/worker/heartbeat', worker.key, { items: [] })).status).toBe(400);
    await http('POST', '/v1/worker/settle', worker.key, { outcomes: [a, b].map((i) => ({ id: i.id, attempt: i.attempt, status: 'succeeded', result: {} })) });
  });

  it('a client running more items at once than one claim may hold (concurrency 1,500) drains everything', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    await declare(h, 'summarize', { ...SUMMARIZE, subject: undefined, cost: { per_item: 1 } });
    const t = await h.tenant({ limits: { credits: 10_000 } });
    const base = await h.listen();
    const http = client(base);
    const documents = Array.from({ length: 500 }, (_, i) => ({ text: `doc ${i}` }));
    for (let j = 0; j < 4; j++) expect((await http('POST', '/v1/jobs', t.key, { type: 'summarize', input: { documents } })).status).toBe(201);
    const worker = runWorker({
      url: base,
      key: (await workerKey(h, ['summarize'])).key,
      types: ['summarize'],
      concurrency: 1_500,
      waitMs: 500,
      onError: (error) => errors.push(error),
      handler: async (item) => ({ words: (item.input as { text: string }).text.split(' ').length, of: (item.job_input as { documents: unknown[] }).documents.length }),
    });
    const errors: unknown[] = [];
    try {
      await until(async () => (await http('GET', '/v1/jobs?limit=10', t.key)).body.data.map((j: any) => j.status), (s) => s.length === 4 && s.every((x: string) => x === 'completed'), 60_000, 'the jobs to complete');
    } finally {
      await worker.stop(1000);
    }
    expect(errors).toEqual([]);
    expect(worker.stats).toMatchObject({ settled: 2_000, refused: 0, failedRequests: 0 });
    const results = await h.tollgate.deps.store.db.selectFrom('job_items').select('result').execute();
    expect(new Set(results.map((r) => r.result))).toEqual(new Set(['{"words":2,"of":500}']));
    expect(await usedOf(h, t.id)).toBe(2_000);
  });
});
