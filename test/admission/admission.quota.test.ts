import { afterEach, describe, expect, it } from 'vitest';
import { countBy, createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('quota under concurrency (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('admits exactly 20 of 200 concurrent requests for a tenant with 20 units left, and used = ledger = jobs', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 20 } });
    const url = await h.listen();
    const results = await hammer(200, () =>
      fetch(`${url}/v1/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'echo', input: {} }),
      }),
    );
    expect(countBy(results, (r) => r.status)).toEqual({ 201: 20, 402: 180 });
    expect(results.filter((r) => r.status === 402).every((r) => r.body.code === 'insufficient_credits' && r.body.remaining === 0)).toBe(true);

    const usage = await (await h.request('GET', '/v1/usage', { key: tenant.key })).json();
    expect(usage.meters.find((m: { name: string }) => m.name === 'credits')).toMatchObject({ used: 20, limit: 20, remaining: 0 });
    const jobs = await h.tollgate.deps.store.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    expect(Number(jobs.n)).toBe(20);
    const ledger = await h.tollgate.deps.store.db.selectFrom('ledger_entries').select((eb) => eb.fn.sum<number>('amount').as('s')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    expect(Number(ledger.s)).toBe(20);
    expect((await h.verify()).ok).toBe(true);
  });

  it('answers 429 with Retry-After on an exhausted quota meter', async () => {
    h = await createHarness(dialect, { env: { TOLLGATE_METERS: JSON.stringify({ credits: 'quota' }) } });
    const tenant = await h.tenant({ limits: { credits: 1 } });
    expect((await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'echo', input: {} } })).status).toBe(201);
    const refused = await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'echo', input: {} } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit')).toMatch(/^"credits";r=0;t=\d+$/);
    expect(await refused.json()).toMatchObject({ code: 'quota_exceeded', used: 1, limit: 1, remaining: 0 });
  });
});
