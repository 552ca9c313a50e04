import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { LOCAL_OPTIMIZER_VERSION } from '../../src/job-types/catalog-optimization/optimizer.js';
import { usedOf } from '../support/admission.js';
import { completion, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { countBy, createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';
import { createJob, getJson, putProducts, until, verifyAndClose, type SeedProduct } from './support.js';

const catalog: SeedProduct[] = [
  { id: 'p1', title: 'LINEN SHIRT  WITH POCKET', description: '<p>a light shirt.</p>', attributes: { color: 'Blue', Tags: 'old' } },
  { id: 'p2', title: 'wool scarf', description: 'warm and soft', attributes: { material: 'merino wool' } },
  { id: 'p3', title: 'canvas bag', description: null, attributes: {} },
];

describe.each(DIALECTS)('processing and applying (%s)', (dialect) => {
  let h: Harness;
  let fake: FakeOpenAI | undefined;
  afterEach(async () => {
    const [current, server] = [h, fake];
    h = undefined as never;
    fake = undefined;
    try {
      await verifyAndClose(current);
    } finally {
      await server?.close();
    }
  });

  it('runs a job from 0 to 100 %, then writes its values back once', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const t = await h.tenant({ limits: { credits: 100 } });
    const stranger = await h.tenant();
    await putProducts(h, t.key, catalog);
    const attributes = ['title', 'description', 'tags', 'seo_title'];
    const { jobId } = await createJob(h, t.key, { productIds: ['p1', 'p2', 'p3'], attributes, language: 'en', prompt: 'Highlight free returns' });
    // A product that leaves the catalog before its items run fails them, and they are refunded.
    await sql`DELETE FROM catalog_products WHERE id = 'p3'`.execute(h.tollgate.deps.store.db);

    const job = (id: string) => getJson(h, t.key, `/api/jobs/${id}`).then((r) => r.body);
    expect(await job(jobId)).toMatchObject({ status: 'PENDING', progress: 0 });
    const early = await h.request('POST', `/api/jobs/${jobId}/apply`, { key: t.key });
    expect(early.status).toBe(409);
    expect(await early.json()).toEqual({
      error: 'Job not finished',
      code: 'JOB_NOT_FINISHED',
      message: 'The job is PENDING; its values can be applied once it has finished',
      status: 'PENDING',
    });

    const seen: number[] = [];
    h.tollgate.startWorkers({ concurrency: 2, batchSize: 1, retry: { baseMs: 1, capMs: 5 } });
    const done = await until(
      () => job(jobId),
      (j) => (seen.push(j.progress), j.status !== 'PENDING' && j.status !== 'PROCESSING'),
    );
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(done).toMatchObject({ status: 'PARTIALLY_COMPLETED', progress: 100, completedItems: 8, failedItems: 4, startedAt: expect.any(String), completedAt: expect.any(String) });
    expect(await usedOf(h, t.id)).toBe(8);

    const { body } = await getJson(h, t.key, `/api/jobs/${jobId}/items`);
    const byKey = Object.fromEntries(body.items.map((i: any) => [`${i.productId}:${i.attribute}`, i]));
    expect(byKey['p1:title']).toMatchObject({ status: 'COMPLETED', originalValue: 'LINEN SHIRT  WITH POCKET', optimizedValue: 'Linen Shirt with Pocket', model: LOCAL_OPTIMIZER_VERSION, error: null });
    expect(byKey['p1:tags']).toMatchObject({ status: 'COMPLETED', originalValue: 'old', optimizedValue: expect.stringContaining('linen') });
    expect(byKey['p1:seo_title'].optimizedValue).toContain('Free Returns');
    expect(byKey['p3:title']).toMatchObject({ status: 'FAILED', productTitle: null, optimizedValue: null, error: 'Product "p3" is no longer in the catalog' });

    expect((await h.request('POST', `/api/jobs/${jobId}/apply`, { key: stranger.key })).status).toBe(404);
    const url = await h.listen();
    const applies = await hammer(8, () => fetch(`${url}/api/jobs/${jobId}/apply`, { method: 'POST', headers: { authorization: `Bearer ${t.key}` } }));
    expect(countBy(applies, (r) => r.status)).toEqual({ 200: 1, 409: 7 });
    expect(applies.find((r) => r.status === 200)!.body).toEqual({ applied: 8, skipped: 0, jobId });
    const products = (await getJson(h, t.key, '/api/catalog/products')).body.data;
    const p1 = products.find((p: any) => p.id === 'p1');
    expect(p1).toMatchObject({
      title: byKey['p1:title'].optimizedValue,
      description: byKey['p1:description'].optimizedValue,
      // Written under the product's own spelling of the key.
      attributes: { color: 'Blue', Tags: byKey['p1:tags'].optimizedValue, seo_title: byKey['p1:seo_title'].optimizedValue },
    });
    expect((await getJson(h, t.key, '/api/catalog/products?search=pocket')).body.data.map((p: any) => p.id)).toEqual(['p1']);

    const again = await h.request('POST', `/api/jobs/${jobId}/apply`, { key: t.key });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'Already applied', code: 'ALREADY_APPLIED', applied: 8, appliedAt: expect.any(String) });
    expect(await job(jobId)).toMatchObject({ appliedCount: 8, appliedAt: expect.any(String) });
    // Applying charges nothing.
    expect(await usedOf(h, t.id)).toBe(8);
    expect((await h.verify()).ok).toBe(true);
  });

  it('asks the OpenAI provider, keeps valid answers and fails an invalid one without retrying', async () => {
    fake = await startFakeOpenAI();
    h = await createHarness(dialect, { clock: systemClock, env: { AI_PROVIDER: 'openai', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test' } });
    const t = await h.tenant({ limits: { credits: 100 } });
    await putProducts(h, t.key, catalog);
    fake.enqueue(completion({ value: 'Linen Shirt with Chest Pocket' }, 'gpt-fake-1'), completion({ value: 'x'.repeat(71) }));
    const { jobId } = await createJob(h, t.key, { productIds: ['p1', 'p2'], attributes: ['title'], language: 'de-CH', prompt: 'Keep it short' });
    h.tollgate.startWorkers({ concurrency: 1, batchSize: 1 });

    const done = await until(
      () => getJson(h, t.key, `/api/jobs/${jobId}`).then((r) => r.body),
      (j) => j.progress === 100,
    );
    expect(done).toMatchObject({ status: 'PARTIALLY_COMPLETED', completedItems: 1, failedItems: 1 });
    expect(fake.requests).toHaveLength(2);
    const sent = fake.requests[0]!.body as any;
    expect(sent.messages[0].content).toContain('write in "de-CH"');
    expect(sent.messages[1].content).toContain('Keep it short');
    expect(sent.response_format.json_schema.name).toBe('catalog_optimization');

    const items = (await getJson(h, t.key, `/api/jobs/${jobId}/items`)).body.items;
    expect(items[0]).toMatchObject({ productId: 'p1', status: 'COMPLETED', originalValue: 'LINEN SHIRT  WITH POCKET', optimizedValue: 'Linen Shirt with Chest Pocket', model: 'gpt-fake-1' });
    expect(items[1]).toMatchObject({ productId: 'p2', status: 'FAILED', attempts: 1, optimizedValue: null, error: expect.stringContaining('more than 70') });
    expect(await usedOf(h, t.id)).toBe(1);

    expect(await (await h.request('POST', `/api/jobs/${jobId}/apply`, { key: t.key })).json()).toEqual({ applied: 1, skipped: 0, jobId });
    const titles = (await getJson(h, t.key, '/api/catalog/products')).body.data.map((p: any) => p.title);
    expect(titles).toEqual(['Linen Shirt with Chest Pocket', 'wool scarf', 'canvas bag']);
    expect((await h.verify()).ok).toBe(true);
  });
});
