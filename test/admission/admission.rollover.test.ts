import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { expectProblem, ledgerSum, postEcho, usedOf } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('month rollover (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const credits = async (key: string) => {
    const usage = await (await h.request('GET', '/v1/usage', { key })).json();
    return { period: usage.period, ...usage.meters.find((m: { name: string }) => m.name === 'credits') };
  };

  it('charges the month the admission happens in: the last millisecond of November, then a fresh December allowance', async () => {
    const clock = fixedClock('2026-11-30T23:59:59.999Z');
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 1 } });

    const november = await postEcho(h, tenant.key);
    expect(november.status).toBe(201);
    expect(await november.json()).toMatchObject({ job: { period: '2026-11' }, meter: { period: '2026-11', used: 1, remaining: 0, resets_at: '2026-12-01T00:00:00.000Z' } });
    const refused = await postEcho(h, tenant.key);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await expectProblem(refused, 402, 'insufficient_credits')).toMatchObject({ period: '2026-11', resets_at: '2026-12-01T00:00:00.000Z' });

    clock.set('2026-12-01T00:00:00.000Z');
    const december = await postEcho(h, tenant.key);
    expect(december.status).toBe(201);
    expect(await december.json()).toMatchObject({ job: { period: '2026-12' }, meter: { period: '2026-12', used: 1, limit: 1, remaining: 0 } });
    expect(await credits(tenant.key)).toMatchObject({ period: '2026-12', used: 1, limit: 1, resets_at: '2027-01-01T00:00:00.000Z' });

    expect(await usedOf(h, tenant.id, '2026-11')).toBe(1);
    expect(await usedOf(h, tenant.id, '2026-12')).toBe(1);
    expect(await ledgerSum(h, tenant.id, '2026-11')).toBe(1);
    expect(await ledgerSum(h, tenant.id, '2026-12')).toBe(1);
    expect((await h.verify()).ok).toBe(true);
  });

  it('says in Retry-After how many seconds remain until the reset', async () => {
    const clock = fixedClock('2026-11-30T23:59:00Z');
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 0 } });

    const refused = await postEcho(h, tenant.key);
    expect(refused.status).toBe(402);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('ratelimit')).toBe('"credits";r=0;t=60');

    clock.set('2026-11-01T00:00:00Z');
    expect((await postEcho(h, tenant.key)).headers.get('retry-after')).toBe(String(30 * 24 * 3600));
  });

  it('refunds a cancelled job to the month it was charged in, not the current one', async () => {
    const clock = fixedClock('2026-11-30T23:00:00Z');
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 5 } });
    const { job } = await (await postEcho(h, tenant.key, { items: 3 })).json();

    clock.set('2026-12-01T01:00:00Z');
    expect((await postEcho(h, tenant.key, { items: 2 })).status).toBe(201);
    expect((await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key })).status).toBe(200);

    expect(await usedOf(h, tenant.id, '2026-11')).toBe(0);
    expect(await usedOf(h, tenant.id, '2026-12')).toBe(2);
    expect(await credits(tenant.key)).toMatchObject({ period: '2026-12', used: 2, remaining: 3 });
    expect((await h.verify()).ok).toBe(true);
  });
});
