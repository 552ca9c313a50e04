import { afterEach, describe, expect, it } from 'vitest';
import { ledgerEntries, usedOf } from '../support/admission.js';
import { countBy, createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';
import { createJob, postJob, products, putCollections, putProducts, verifyAndClose } from './support.js';

describe.each(DIALECTS)('POST /api/jobs admission (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    const current = h;
    h = undefined as never;
    await verifyAndClose(current);
  });

  it('answers 201 with exactly the seed body and charges products × attributes', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ limits: { credits: 100 } });
    await putProducts(h, t.key, products(5));
    const response = await postJob(h, t.key, {
      sourceScope: 'products',
      productIds: ['p1', 'p2', 'p3', 'p4', 'p5'],
      attributes: ['title', 'seo_description'],
      language: 'de-CH',
      prompt: 'Mention free returns',
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({
      jobId: expect.stringMatching(/^job_[0-9A-Za-z]{16}$/),
      status: 'PENDING',
      requiredCredits: 10,
      remainingCredits: 90,
      productCount: 5,
      attributeCount: 2,
      totalItems: 10,
    });
    expect(Object.keys(body)).toEqual(['jobId', 'status', 'requiredCredits', 'remainingCredits', 'productCount', 'attributeCount', 'totalItems']);
    expect(await usedOf(h, t.id)).toBe(10);
    expect(await (await h.request('GET', '/api/credits', { key: t.key })).json()).toEqual({
      creditsTotal: 100,
      creditsUsed: 10,
      remaining: 90,
      month: new Date(h.clock.now()).toISOString().slice(0, 7),
    });

    // One item per product and attribute, product by product.
    const items = await (await h.request('GET', `/api/jobs/${body.jobId}/items`, { key: t.key })).json();
    expect(items.items.map((i: any) => `${i.productId}:${i.attribute}`)).toEqual(
      ['p1', 'p2', 'p3', 'p4', 'p5'].flatMap((p) => [`${p}:title`, `${p}:seo_description`]),
    );
    expect(items.items[0]).toMatchObject({ productTitle: 'linen shirt 1', status: 'PENDING', originalValue: 'linen shirt 1', optimizedValue: null, error: null });
    expect((await h.verify()).ok).toBe(true);
  });

  it('answers 402 with exactly the seed body and writes nothing', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ limits: { credits: 100 } });
    await putProducts(h, t.key, products(95));
    await createJob(h, t.key, { productIds: products(95).map((p) => p.id), attributes: ['title'] });

    const response = await postJob(h, t.key, { sourceScope: 'products', productIds: ['p1', 'p2', 'p3', 'p4'], attributes: ['title', 'tags', 'alt_text', 'description', 'seo_title'], language: 'en' });
    expect(response.status).toBe(402);
    expect(await response.json()).toEqual({
      error: 'Insufficient credits',
      code: 'INSUFFICIENT_CREDITS',
      message: 'You need 20 credits but only have 5 remaining.',
      required: 20,
      remaining: 5,
      creditsTotal: 100,
      creditsUsed: 95,
    });
    expect(await usedOf(h, t.id)).toBe(95);
    expect((await ledgerEntries(h, t.id)).length).toBe(1);
    expect((await (await h.request('GET', '/api/jobs', { key: t.key })).json()).jobs).toHaveLength(1);
    expect((await h.verify()).ok).toBe(true);
  });

  it('expands a collections scope to its products, each once, and stores them in the job', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ limits: { credits: 100 } });
    await putProducts(h, t.key, [...products(4), { id: 'p5', title: 'scarf', collectionIds: ['winter'] }]);
    await putCollections(h, t.key, [
      { id: 'summer', title: 'Summer', productIds: ['p1', 'p2', 'p3'] },
      { id: 'sale', title: 'Sale', productIds: ['p2', 'p3', 'p4', 'not-synced-yet'] },
      { id: 'winter', title: 'Winter' },
    ]);
    const created = await createJob(h, t.key, { sourceScope: 'collections', collectionIds: ['summer', 'sale', 'winter', 'sale'], attributes: ['title', 'tags'] });
    expect(created).toMatchObject({ requiredCredits: 10, productCount: 5, attributeCount: 2, totalItems: 10, remainingCredits: 90 });

    const job = await (await h.request('GET', `/api/jobs/${created.jobId}`, { key: t.key })).json();
    expect(job).toMatchObject({ sourceScope: 'collections', collectionIds: ['summer', 'sale', 'winter'], productCount: 5, attributes: ['title', 'tags'] });
    const items = await (await h.request('GET', `/api/jobs/${created.jobId}/items`, { key: t.key })).json();
    expect([...new Set(items.items.map((i: any) => i.productId))].sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect((await h.verify()).ok).toBe(true);
  });

  it('counts repeated product ids and attributes once', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ limits: { credits: 100 } });
    await putProducts(h, t.key, products(2));
    const created = await createJob(h, t.key, { productIds: ['p1', 'p2', 'p1'], attributes: ['title', 'title', 'tags'] });
    expect(created).toMatchObject({ requiredCredits: 4, productCount: 2, attributeCount: 2, totalItems: 4 });
  });

  it('replays the 201 for a repeated Idempotency-Key and charges once', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ limits: { credits: 100 } });
    await putProducts(h, t.key, products(3));
    const body = { sourceScope: 'products', productIds: ['p1', 'p2', 'p3'], attributes: ['title'], language: 'en' };
    const first = await postJob(h, t.key, body, { 'idempotency-key': 'sync-42' });
    const second = await postJob(h, t.key, body, { 'idempotency-key': 'sync-42' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const created = await first.json();
    expect(await second.json()).toEqual(created);
    // The replay is the first answer again, headers included (its request id is its own).
    expect(first.headers.get('location')).toBe(`/api/jobs/${created.jobId}`);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(second.headers.get('x-request-id')).toMatch(/.+/);
    expect(await usedOf(h, t.id)).toBe(3);

    const reused = await postJob(h, t.key, { ...body, attributes: ['tags'] }, { 'idempotency-key': 'sync-42' });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await h.verify()).ok).toBe(true);
  });

  it('admits exactly 10 of 30 concurrent 10-credit jobs against 100 credits over real HTTP', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ limits: { credits: 100 } });
    await putProducts(h, t.key, products(5));
    const url = await h.listen();
    const body = JSON.stringify({ sourceScope: 'products', productIds: ['p1', 'p2', 'p3', 'p4', 'p5'], attributes: ['title', 'tags'], language: 'en' });

    const results = await hammer(30, () =>
      fetch(`${url}/api/jobs`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, body }),
    );

    expect(countBy(results, (r) => r.status)).toEqual({ 201: 10, 402: 20 });
    expect(results.filter((r) => r.status === 402).every((r) => r.body.code === 'INSUFFICIENT_CREDITS' && r.body.required === 10)).toBe(true);
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.jobId)).size).toBe(10);
    expect(await usedOf(h, t.id)).toBe(100);
    expect(await (await h.request('GET', '/api/credits', { key: t.key })).json()).toMatchObject({ creditsUsed: 100, remaining: 0 });
    expect((await h.verify()).ok).toBe(true);
  });
});
