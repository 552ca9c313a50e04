import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { expectProblem, fetchJob, usedOf } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

/** Rows of every table a refused admission must leave alone. */
async function counts(h: Harness) {
  const db = h.tollgate.deps.store.db;
  const n = async (table: 'jobs' | 'job_items' | 'ledger_entries') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { jobs: await n('jobs'), items: await n('job_items'), ledger: await n('ledger_entries') };
}

/**
 * Polls /healthz while `work` runs; returns the slowest answer in ms. On a shared two-core machine a
 * wall-clock bound measures the neighbours too, so this is the coarse check (the server keeps
 * answering); the CPU time the request costs is the fine one.
 */
async function slowestHealthz(url: string, work: Promise<unknown>): Promise<number> {
  let done = false;
  void work.finally(() => (done = true));
  let slowest = 0;
  while (!done) {
    const began = performance.now();
    const response = await fetch(`${url}/healthz`);
    await response.arrayBuffer();
    slowest = Math.max(slowest, performance.now() - began);
  }
  return slowest;
}

describe.each(DIALECTS)('a job is bounded before anything is built (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  it('refuses a small body that lists 40 products × 100,000 attributes before parsing its elements, without blocking the server, and changes nothing', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const t = await h.tenant({ limits: { credits: 0 } });
    const url = await h.listen();
    const productIds = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const body = { type: 'catalog_optimization', input: { sourceScope: 'products', productIds, attributes: Array(100_000).fill('title'), language: 'en' } };
    expect(JSON.stringify(body).length).toBeLessThan(1024 * 1024);
    const before = await counts(h);

    // Server and client run in this process: the CPU both spend on the request (parsing 900 KB of JSON
    // on each side, mostly) bounds how long the event loop could have been kept from anything else,
    // whatever else the machine is doing. Building 4 million items took seconds and gigabytes.
    const text = JSON.stringify(body);
    const send = () => fetch(`${url}/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, body: text });
    await (await send()).arrayBuffer(); // warm: the first request also compiles what it runs
    const cpu = process.cpuUsage();
    const response = await send();
    const spent = process.cpuUsage(cpu);
    const cpuMs = (spent.user + spent.system) / 1000;
    const again = send();
    const slowest = await slowestHealthz(url, again);
    await (await again).arrayBuffer();
    const problem = await expectProblem(response, 400, 'validation_failed');
    expect(problem.errors).toEqual([{ path: 'input.attributes', message: 'may list at most 100 attributes' }]);
    expect(cpuMs).toBeLessThan(400);
    expect(slowest).toBeLessThan(1000);
    expect(await counts(h)).toEqual(before);
  });

  it('charges a selection the same whichever route admits it: each product and attribute once', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ limits: { credits: 100 } });
    const put = await h.request('PUT', '/api/catalog/products', { key: t.key, body: { products: [{ id: 'p', title: 'Mug' }] } });
    expect(put.status).toBe(200);
    const input = { sourceScope: 'products', productIds: ['p', 'p'], attributes: ['title', 'title'], language: 'en' };
    const v1 = await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'catalog_optimization', input } });
    expect(v1.status).toBe(201);
    expect((await v1.json()).job).toMatchObject({ cost: 1, items_total: 1, input: { productIds: ['p'], attributes: ['title'] } });
    const seed = await h.request('POST', '/api/jobs', { key: t.key, body: input });
    expect(seed.status).toBe(201);
    expect(await seed.json()).toMatchObject({ requiredCredits: 1, totalItems: 1 });
    expect(await usedOf(h, t.id)).toBe(2);

    const unknown = await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'catalog_optimization', input: { ...input, productIds: ['p', 'nope'] } } });
    expect((await expectProblem(unknown, 400, 'validation_failed')).errors).toEqual([{ path: 'input.productIds', message: 'Unknown product ids: nope' }]);
    const seedUnknown = await h.request('POST', '/api/jobs', { key: t.key, body: { ...input, productIds: ['p', 'nope'] } });
    expect(seedUnknown.status).toBe(400);
    expect(await seedUnknown.json()).toEqual({ error: 'Validation failed', code: 'VALIDATION_ERROR', message: 'Unknown product ids: nope', field: 'productIds' });
    expect(await usedOf(h, t.id)).toBe(2);
  });

  it('keeps answering other requests while it writes a job of 60,000 items', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const t = await h.tenant({ limits: { credits: 1_000_000 } });
    const url = await h.listen();
    let admitted = false;
    const admission = fetchJob(url, t.key, { type: 'echo', input: { items: 60_000 } }).then(async (r) => {
      admitted = true;
      return r;
    });
    let answeredMeanwhile = 0;
    while (!admitted) {
      const response = await fetch(`${url}/healthz`);
      await response.arrayBuffer();
      if (!admitted) answeredMeanwhile++;
    }
    const response = await admission;
    expect(response.status).toBe(201);
    expect((await response.json()).job.items_total).toBe(60_000);
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(3);
  });

  it('refuses a job of more than MAX_ITEMS_PER_JOB items with 413 job_too_large naming the limit, before charging or storing it', async () => {
    h = await createHarness(dialect, { env: { MAX_ITEMS_PER_JOB: '1000' } });
    const t = await h.tenant({ limits: { credits: 100_000 } });
    const before = await counts(h);
    const response = await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1001 } } });
    const problem = await expectProblem(response, 413, 'job_too_large');
    expect(problem).toMatchObject({ items: 1001, max_items: 1000, detail: expect.stringContaining('MAX_ITEMS_PER_JOB') });
    expect(await counts(h)).toEqual(before);
    expect((await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1000 } } })).status).toBe(201);
  });
});
