import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

// Found by http.fuzz.test.ts on PostgreSQL: its text cannot hold NUL, so a \u0000 in a path id, a
// query or a JSON string failed the statement (22021) and the request was answered 500.
describe.each(DIALECTS)('a NUL character in a request (%s)', (dialect) => {
  let h: Harness;
  let t: { id: string; key: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    t = await h.tenant({ limits: { credits: 10 } });
  });
  afterAll(() => h?.close());

  const storable = dialect === 'sqlite';

  it('is a client error on /v1: an id, a query, a body string', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/jobs/%00', undefined],
      ['GET', '/v1/jobs/a%00b/items', undefined],
      ['POST', '/v1/jobs/%00/cancel', undefined],
      ['GET', '/v1/jobs?type=%00', undefined],
      ['GET', '/v1/usage/history?meter=%00', undefined],
      ['POST', '/v1/jobs', { type: 'echo', input: { subject: 'lead\u0000', items: 1 } }],
    ] as const) {
      const response = await h.request(method, path, { key: t.key, ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
      expect(response.headers.get('content-type')).toMatch(/json/);
      if (!storable && response.status === 400) expect(await response.json()).toMatchObject({ code: 'validation_failed' });
    }
    const tenant = await h.request('POST', '/v1/tenants', { key: ADMIN_KEY, body: { name: 'nul\u0000name' } });
    expect(tenant.status).toBe(storable ? 201 : 400);
    expect(await h.verify()).toMatchObject({ ok: true });
  });

  it('is a client error on /api, in the seed envelope', async () => {
    const site = { 'x-site-id': t.id, 'x-user-id': 'u' };
    const lead = await h.request('POST', '/api/ops/leads', { key: t.key, headers: site, body: { name: 'nul\u0000lead' } });
    expect(lead.status).toBe(storable ? 201 : 400);
    for (const path of ['/api/ops/leads/%00', '/api/jobs/%00', '/api/jobs/%00/items']) {
      const response = await h.request('GET', path, { key: t.key, headers: site });
      expect(response.status, path).toBeLessThan(500);
      expect(typeof (await response.json()).error).toBe('string');
    }
  });
});
