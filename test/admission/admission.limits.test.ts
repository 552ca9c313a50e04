import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIERS } from '../../src/config.js';
import { expectProblem, ledgerEntries, postEcho, usedOf } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('limits changed mid-month (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const setLimits = async (tenantId: string, limits: Record<string, number | null>) => {
    const response = await h.request('PATCH', `/v1/tenants/${tenantId}`, { key: ADMIN_KEY, body: { limits } });
    expect(response.status).toBe(200);
    return response.json();
  };

  it('takes a raised limit into account at once', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 3 } });
    expect((await postEcho(h, tenant.key, { items: 3 })).status).toBe(201);
    await expectProblem(await postEcho(h, tenant.key, { items: 2 }), 402, 'insufficient_credits');

    await setLimits(tenant.id, { credits: 5 });
    const admitted = await postEcho(h, tenant.key, { items: 2 });
    expect(admitted.status).toBe(201);
    expect((await admitted.json()).meter).toMatchObject({ used: 5, limit: 5, remaining: 0 });
  });

  it('admits nothing more once the limit is lowered below what is used, and changes nothing already charged', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 10 } });
    expect((await postEcho(h, tenant.key, { items: 6 })).status).toBe(201);
    const before = await ledgerEntries(h, tenant.id);

    await setLimits(tenant.id, { credits: 4 });
    const refused = await expectProblem(await postEcho(h, tenant.key, { items: 1 }), 402, 'insufficient_credits');
    expect(refused).toMatchObject({ used: 6, limit: 4, remaining: 0, required: 1 });

    expect(await usedOf(h, tenant.id)).toBe(6);
    expect(await ledgerEntries(h, tenant.id)).toEqual(before);
    const usage = await (await h.request('GET', '/v1/usage', { key: tenant.key })).json();
    expect(usage.meters.find((m: { name: string }) => m.name === 'credits')).toMatchObject({ used: 6, limit: 4, remaining: 0 });
  });

  it('removes an override with null: the tier default applies again', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ tier: 'free', limits: { credits: 1 } });
    expect((await postEcho(h, tenant.key)).status).toBe(201);
    expect((await postEcho(h, tenant.key)).status).toBe(402);

    const patched = await setLimits(tenant.id, { credits: null });
    expect(patched.limits).toEqual({});
    const admitted = await postEcho(h, tenant.key);
    expect(admitted.status).toBe(201);
    expect((await admitted.json()).meter).toMatchObject({ used: 2, limit: DEFAULT_TIERS.free!.credits });
  });

  it('decides by the limit in the database, even when this process still has the tenant cached', async () => {
    h = await createHarness(dialect, { env: { KEY_CACHE_MS: '600000' } });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    expect((await postEcho(h, tenant.key, { items: 2 })).status).toBe(201);

    // Another process lowers the limit: this one's key cache does not see it, admission does.
    await h.tollgate.deps.store.db.updateTable('tenants').set({ limits: JSON.stringify({ credits: 2 }) }).where('id', '=', tenant.id).execute();
    await expectProblem(await postEcho(h, tenant.key), 402, 'insufficient_credits');
    expect(await usedOf(h, tenant.id)).toBe(2);
  });
});
