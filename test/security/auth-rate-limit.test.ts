import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { fixedClock } from '../../src/core/clock.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

const LIMIT = 5;

/** One request over real HTTP from a chosen loopback address (Linux routes all of 127/8 to lo). */
function send(base: string, path: string, options: { from: string; key?: string; headers?: Record<string, string> }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }>((resolve, reject) => {
    const url = new URL(path, base);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        localAddress: options.from,
        agent: false,
        headers: { ...(options.key ? { authorization: `Bearer ${options.key}` } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Failed authentications are counted per client address (the socket's, not a header the client
 * writes) in a one-minute window; past the limit the address's failures get 429 with Retry-After.
 * Only failures are throttled: a valid key from the same address (a NAT, a proxy, the dashboard
 * beside a broken client) always gets in. Successes do not count.
 */
describe.each(DIALECTS)('failed authentication is rate-limited per address (%s)', (dialect) => {
  let h: Harness;
  let base: string;
  let tenant: { id: string; key: string };
  beforeAll(async () => {
    h = await createHarness(dialect, { env: { AUTH_FAILURES_PER_MINUTE: String(LIMIT) } });
    base = await h.listen();
    tenant = await h.tenant();
  });
  afterAll(() => h?.close());

  it('answers 429 with Retry-After after the limit, on /v1 and /api, whatever X-Forwarded-For says', async () => {
    const from = '127.0.0.1';
    const failures = [
      await send(base, '/v1/jobs', { from }),
      await send(base, '/v1/jobs', { from, key: 'tg_wrongwrongwrongwrongwrongwrong00' }),
      await send(base, '/v1/me', { from, headers: { authorization: `Basic ${tenant.key}` } }),
      await send(base, '/api/credits', { from, key: `${tenant.key}x` }),
      await send(base, '/v1/usage', { from, key: 'nonsense' }),
    ];
    expect(failures.map((r) => r.status)).toEqual(Array(LIMIT).fill(401));

    const blocked = await send(base, '/v1/jobs', { from, key: 'tg_stillguessing000000000000000000' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toBe('application/problem+json');
    expect(blocked.body).toMatchObject({ code: 'too_many_requests', status: 429 });
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);

    // Valid keys from the same address are never refused by the limiter: the tenant's and the admin's.
    expect((await send(base, '/v1/me', { from, key: tenant.key })).status).toBe(200);
    expect((await send(base, '/v1/tenants', { from, key: ADMIN_KEY })).status).toBe(200);
    expect((await send(base, '/v1/me', { from, key: 'tg_stillguessing000000000000000001' })).status).toBe(429);
    // The seed routes answer in their own envelope: seed 004's on /api/credits, seed 000's on /api/ops/leads.
    const catalog = await send(base, '/api/credits', { from, key: 'tg_guess' });
    expect(catalog.status).toBe(429);
    expect(catalog.headers['retry-after']).toBeDefined();
    expect(catalog.body).toStrictEqual({ error: 'Too many requests', code: 'TOO_MANY_REQUESTS', message: 'Too many failed authentications from this address' });
    const leads = await send(base, '/api/ops/leads', { from, key: 'tg_guess' });
    expect(leads.status).toBe(429);
    expect(leads.headers['retry-after']).toBeDefined();
    expect(leads.body).toMatchObject({ success: false, error: 'TooManyRequests' });
    // A header the client writes does not make it someone else.
    for (const forwarded of ['10.0.0.1', '127.0.0.9', '203.0.113.7, 127.0.0.1']) {
      expect((await send(base, '/v1/me', { from, key: 'tg_guess', headers: { 'x-forwarded-for': forwarded, 'x-real-ip': forwarded } })).status).toBe(429);
    }

    // Another address has its own count, and a working client is never slowed.
    const other = '127.0.0.2';
    expect((await send(base, '/v1/me', { from: other, key: tenant.key })).status).toBe(200);
    for (let i = 0; i < 50; i++) expect((await send(base, '/v1/me', { from: '127.0.0.3', key: tenant.key })).status).toBe(200);
    for (let i = 0; i < LIMIT; i++) expect((await send(base, '/v1/me', { from: '127.0.0.3', key: 'tg_bad' })).status).toBe(401);

    // The window ends: the first address's failures are answered 401 again, not 429.
    (h.clock as ReturnType<typeof fixedClock>).advance(60_000);
    expect((await send(base, '/v1/me', { from, key: 'tg_guess' })).status).toBe(401);
  });
});
