import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

// Found by http.fuzz.test.ts: `/api/*` guards `/api` itself, yet an authenticated GET /api was
// answered with the dashboard's HTML (200) where every other unknown /api path gets the seed's 404.
describe.each(DIALECTS)('the bare /api prefix (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h?.close());

  it('answers the seed 404 envelope, like any unknown /api path', async () => {
    const t = await h.tenant();
    for (const method of ['GET', 'POST']) {
      const response = await h.request(method, '/api', { key: t.key });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({ success: false, error: 'NotFound', code: 'NOT_FOUND' });
    }
    const anonymous = await h.request('GET', '/api');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'Unauthorized' });
  });
});
