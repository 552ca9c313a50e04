import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

/**
 * EventSource cannot send headers, so the two SSE routes take the key as `?access_token=`. Anywhere
 * else a key in the URL would end up in access logs, proxies and browser history: it is refused,
 * also on a route whose last segment happens to be an id spelled "events".
 */
describe.each(DIALECTS)('a key in the query string (%s)', (dialect) => {
  let h: Harness;
  let t: { id: string; key: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    t = await h.tenant({ limits: { credits: 10 } });
  });
  afterAll(() => h?.close());

  const withToken = (path: string, key: string, headers: Record<string, string> = {}) =>
    h.app.request(`${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(key)}`, { headers });

  it('opens the two SSE routes', async () => {
    const job = await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: {} } })).json();
    for (const path of ['/v1/events', `/v1/jobs/${job.job.id}/events`]) {
      const response = await withToken(path, t.key);
      expect(response.status, path).toBe(200);
      await response.body?.cancel();
    }
  });

  it('opens nothing else, even a route whose id is "events"', async () => {
    expect((await h.request('POST', '/v1/tenants', { key: ADMIN_KEY, body: { id: 'events', name: 'Named events' } })).status).toBe(201);
    const site = { 'x-site-id': t.id, 'x-user-id': 'u' };
    for (const [path, key, headers] of [
      ['/v1/tenants/events', ADMIN_KEY, {}],
      ['/v1/tenants/events/keys', ADMIN_KEY, {}],
      ['/api/ops/leads/events', t.key, site],
      ['/v1/jobs/events', t.key, {}],
      ['/v1/me', t.key, {}],
      ['/v1/events/', t.key, {}],
    ] as [string, string, Record<string, string>][]) {
      expect((await withToken(path, key, headers)).status, path).toBe(401);
    }
  });
});
