import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

/** The CSP's directives by name. */
const csp = (header: string | null) =>
  Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );

/**
 * The dashboard and the API reference are pages a browser renders: they may not be framed
 * (clickjacking), their types may not be sniffed, and their scripts come from this origin only.
 * Every other answer carries the same headers, errors included.
 */
describe('security headers', () => {
  let h: Harness;
  let base: string;
  let key: string;
  beforeAll(async () => {
    h = await createHarness('sqlite');
    base = await h.listen();
    key = (await h.tenant()).key;
  });
  afterAll(() => h?.close());

  const expectSecure = (response: Response, what: string) => {
    const policy = csp(response.headers.get('content-security-policy'));
    expect(policy['frame-ancestors'], what).toEqual(["'none'"]);
    expect(policy['object-src'], what).toEqual(["'none'"]);
    expect(policy['script-src'], what).toEqual(["'self'"]);
    expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(response.headers.get('x-frame-options'), what).toBe('DENY');
    expect(response.headers.get('referrer-policy'), what).toBe('no-referrer');
  };

  it('GET / (the dashboard) and GET /docs (the API reference), over real HTTP', async () => {
    for (const path of ['/', '/docs', '/jobs/some-client-route', '/docs/init.js']) {
      const response = await fetch(`${base}${path}`);
      // The dashboard is served from dist/web: without `npm run build` it says so with a 404.
      expect(path.startsWith('/docs') ? [200] : [200, 404], path).toContain(response.status);
      expectSecure(response, path);
      await response.arrayBuffer();
    }
    const page = await (await fetch(`${base}/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    if (asset) expectSecure(await fetch(`${base}${asset}`), asset);
  });

  it('API answers and errors carry them too', async () => {
    const answers: [string, Response][] = [
      ['/v1/me', await h.request('GET', '/v1/me', { key })],
      ['/v1/me 401', await h.request('GET', '/v1/me')],
      ['/v1/nothing 404', await h.request('GET', '/v1/nothing', { key })],
      ['/api/credits', await h.request('GET', '/api/credits', { key })],
      ['/openapi.json', await h.request('GET', '/openapi.json')],
      ['/healthz', await h.request('GET', '/healthz')],
    ];
    for (const [what, response] of answers) expectSecure(response, what);
  });

  it('API answers and errors carry them over real HTTP too, with the request id', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const answers: [string, Response][] = [
      ['/v1/me', await fetch(`${base}/v1/me`, { headers: auth })],
      ['/v1/ping', await fetch(`${base}/v1/ping`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' })],
      ['/v1/me 401', await fetch(`${base}/v1/me`)],
      ['/v1/nothing 404', await fetch(`${base}/v1/nothing`, { headers: auth })],
      ['/api/credits', await fetch(`${base}/api/credits`, { headers: auth })],
      ['/healthz', await fetch(`${base}/healthz`)],
    ];
    for (const [what, response] of answers) {
      expectSecure(response, what);
      expect(response.headers.get('x-request-id'), what).toMatch(/^[0-9a-f-]{36}$/);
      await response.arrayBuffer();
    }
    const traced = await fetch(`${base}/v1/nothing`, { headers: { ...auth, 'x-request-id': 'trace-42' } });
    expect(traced.headers.get('x-request-id')).toBe('trace-42');
    expect((await traced.json()).request_id).toBe('trace-42');
  });
});
