import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

const cursor = (json: string) => Buffer.from(json).toString('base64url');

/** Cursors no route issued: out of every column's range, of the wrong type, or not JSON at all. */
const CRAFTED = [
  cursor('[1e400,"x"]'),
  cursor('[1e20,"x"]'),
  cursor('[-1,"x"]'),
  cursor('[1.5,"x"]'),
  cursor('["x",1]'),
  cursor('[0,"x\\u0000"]'),
  cursor('[0,"x",1]'),
  cursor('1e400'),
  cursor('1e20'),
  cursor('-5'),
  cursor('"a\\u0000"'),
  cursor('{}'),
  cursor('null'),
  'not base64 at all!',
];

/** A crafted cursor is a 400 in its route family's own shape, on every list route, on both databases. */
describe.each(DIALECTS)('crafted pagination cursors (%s)', (dialect) => {
  let h: Harness;
  let t: { id: string; key: string };
  let jobId: string;
  let catalogJobId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    t = await h.tenant({ limits: { credits: 100 } });
    jobId = (await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 2 } } })).json()).job.id;
    await h.request('PUT', '/api/catalog/products', { key: t.key, body: { products: [{ id: 'p', title: 'Mug' }] } });
    catalogJobId = (await (await h.request('POST', '/api/jobs', { key: t.key, body: { sourceScope: 'products', productIds: ['p'], attributes: ['title'], language: 'en' } })).json()).jobId;
  });
  afterAll(() => h?.close());

  const site = () => ({ 'x-site-id': t.id, 'x-user-id': 'u' });
  const routes = () =>
    [
      ['v1', '/v1/jobs', t.key, {}],
      ['v1', `/v1/jobs/${jobId}/items`, t.key, {}],
      ['v1', '/v1/usage/history', t.key, {}],
      ['v1', '/v1/tenants', ADMIN_KEY, {}],
      ['seed000', '/api/ops/leads', t.key, site()],
      ['seed004', '/api/jobs', t.key, {}],
      ['seed004', `/api/jobs/${catalogJobId}/items`, t.key, {}],
      ['seed004', '/api/catalog/products', t.key, {}],
    ] as const;

  it('answers every crafted cursor with 400 in the route family’s shape, never a 500', async () => {
    for (const [family, path, key, headers] of routes()) {
      for (const value of CRAFTED) {
        const response = await h.request('GET', `${path}?cursor=${encodeURIComponent(value)}`, { key, headers });
        const body = await response.json();
        const where = `${path} ${Buffer.from(value, 'base64url').toString()}`;
        expect(response.status, where).toBe(400);
        if (family === 'v1') expect(body, where).toMatchObject({ code: 'validation_failed', errors: [{ path: 'cursor' }] });
        if (family === 'seed000') expect(body, where).toMatchObject({ success: false, error: 'ValidationError', errors: [{ path: 'cursor' }] });
        if (family === 'seed004') expect(body, where).toMatchObject({ code: 'VALIDATION_ERROR', field: 'cursor' });
      }
    }
  });

  it('still pages with the cursors the routes issue', async () => {
    const first = await (await h.request('GET', `/v1/jobs/${jobId}/items?limit=1`, { key: t.key })).json();
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await h.request('GET', `/v1/jobs/${jobId}/items?limit=1&cursor=${first.next_cursor}`, { key: t.key });
    expect(second.status).toBe(200);
    expect((await second.json()).data[0].seq).toBe(1);
  });
});
