import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { usedOf } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { createJob, getJson, products, putProducts } from './support.js';

describe.each(DIALECTS)('monitoring and cancelling jobs (%s)', (dialect) => {
  let h: Harness;
  let owner: { id: string; key: string };
  let stranger: { id: string; key: string };
  const jobs: string[] = [];
  let clock = 0;

  beforeAll(async () => {
    let now = Date.UTC(2026, 10, 5, 12);
    h = await createHarness(dialect, { clock: { now: () => now } });
    owner = await h.tenant({ limits: { credits: 1000 } });
    stranger = await h.tenant({ limits: { credits: 1000 } });
    await putProducts(h, owner.key, products(10));
    for (let i = 1; i <= 3; i++) {
      now += 1000;
      jobs.push((await createJob(h, owner.key, { productIds: products(i * 2).map((p) => p.id), attributes: ['title', 'alt_text'], language: 'fr' })).jobId);
    }
    clock = now;
  });
  afterEach(async () => expect((await h.verify()).ok).toBe(true));
  afterAll(() => h?.close());

  it('lists the instance’s jobs newest first, page by page, with their progress', async () => {
    const first = await getJson(h, owner.key, '/api/jobs?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.jobs.map((j: any) => j.jobId)).toEqual([jobs[2], jobs[1]]);
    expect(first.body.jobs[0]).toEqual({
      jobId: jobs[2],
      status: 'PENDING',
      progress: 0,
      totalItems: 12,
      completedItems: 0,
      failedItems: 0,
      requiredCredits: 12,
      attributes: ['title', 'alt_text'],
      language: 'fr',
      createdAt: new Date(clock).toISOString(),
      startedAt: null,
      completedAt: null,
    });
    const second = await getJson(h, owner.key, `/api/jobs?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ jobs: [{ jobId: jobs[0] }], nextCursor: null });
    expect((await getJson(h, owner.key, '/api/jobs?status=PENDING')).body.jobs).toHaveLength(3);
    expect((await getJson(h, owner.key, '/api/jobs?status=completed')).body.jobs).toHaveLength(0);
    expect((await getJson(h, owner.key, '/api/jobs?status=DONE')).body).toEqual({
      error: 'Validation failed',
      code: 'VALIDATION_ERROR',
      message: 'status must be one of PENDING, PROCESSING, COMPLETED, PARTIALLY_COMPLETED, FAILED, CANCELLED',
      field: 'status',
    });
  });

  it('shows one job with its request, and its items page by page', async () => {
    const { body } = await getJson(h, owner.key, `/api/jobs/${jobs[0]}`);
    expect(body).toMatchObject({ jobId: jobs[0], status: 'PENDING', sourceScope: 'products', productCount: 2, attributeCount: 2, prompt: null, appliedAt: null, cancelledItems: 0 });
    const page = await getJson(h, owner.key, `/api/jobs/${jobs[0]}/items?limit=3`);
    expect(page.body.items).toHaveLength(3);
    expect(page.body.items[1]).toEqual({
      itemId: expect.any(Number),
      productId: 'p1',
      productTitle: 'linen shirt 1',
      attribute: 'alt_text',
      status: 'PENDING',
      originalValue: null,
      optimizedValue: null,
      model: null,
      error: null,
      attempts: 0,
      completedAt: null,
    });
    const rest = await getJson(h, owner.key, `/api/jobs/${jobs[0]}/items?limit=3&cursor=${page.body.nextCursor}`);
    expect(rest.body).toMatchObject({ items: [{ productId: 'p2', attribute: 'alt_text' }], nextCursor: null });
  });

  it("answers another instance's job, items, cancel and apply with 404, and shows it nothing", async () => {
    const notFound = { error: 'Job not found', code: 'NOT_FOUND', message: 'No job with this id exists for this instance' };
    for (const [method, path] of [
      ['GET', `/api/jobs/${jobs[0]}`],
      ['GET', `/api/jobs/${jobs[0]}/items`],
      ['POST', `/api/jobs/${jobs[0]}/cancel`],
      ['POST', `/api/jobs/${jobs[0]}/apply`],
      ['GET', '/api/jobs/job_doesNotExist0000'],
    ] as const) {
      const response = await h.request(method, path, { key: stranger.key });
      expect({ path, status: response.status, body: await response.json() }).toEqual({ path, status: 404, body: notFound });
    }
    expect((await getJson(h, stranger.key, '/api/jobs')).body).toEqual({ jobs: [], nextCursor: null });
    expect((await getJson(h, owner.key, `/api/jobs/${jobs[0]}`)).body.status).toBe('PENDING');
  });

  it('does not show jobs of other types', async () => {
    const echo = await h.request('POST', '/v1/jobs', { key: owner.key, body: { type: 'echo', input: { items: 1 } } });
    const { job } = await echo.json();
    expect((await getJson(h, owner.key, `/api/jobs/${job.id}`)).status).toBe(404);
    expect((await getJson(h, owner.key, '/api/jobs')).body.jobs.map((j: any) => j.jobId)).not.toContain(job.id);
  });

  it('cancels a pending job, refunds it once, and refuses a second cancel', async () => {
    const before = await usedOf(h, owner.id);
    const cancelled = await h.request('POST', `/api/jobs/${jobs[1]}/cancel`, { key: owner.key });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ jobId: jobs[1], status: 'CANCELLED', progress: 100, totalItems: 8 });
    expect(await usedOf(h, owner.id)).toBe(before - 8);
    const again = await h.request('POST', `/api/jobs/${jobs[1]}/cancel`, { key: owner.key });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: 'Job not cancellable', code: 'JOB_NOT_CANCELLABLE', message: 'The job is already CANCELLED', status: 'CANCELLED' });
    expect((await getJson(h, owner.key, `/api/jobs/${jobs[1]}/items?limit=1`)).body.items[0].status).toBe('CANCELLED');
    const apply = await h.request('POST', `/api/jobs/${jobs[1]}/apply`, { key: owner.key });
    expect(apply.status).toBe(409);
    expect(await apply.json()).toMatchObject({ code: 'JOB_NOT_APPLICABLE' });
    expect(await usedOf(h, owner.id)).toBe(before - 8);
    expect((await h.verify()).ok).toBe(true);
  });
});
