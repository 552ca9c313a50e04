import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem, fetchJob, usedOf } from '../support/admission.js';
import { ADMIN_KEY, countBy, createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('key budgets at admission (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  /** A second key of the tenant, made over the API with these budgets. */
  const budgetedKey = async (tenantId: string, limits: Record<string, number>) => {
    const response = await h.request('POST', `/v1/tenants/${tenantId}/keys`, { key: ADMIN_KEY, body: { name: 'surface', limits } });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.limits).toEqual(limits);
    return { id: body.id as string, key: body.key as string };
  };
  const keyUsage = async (key: string, id: string) => (await (await h.request('GET', `/v1/keys/${id}/usage`, { key })).json()).meters;
  const tenantCredits = async (key: string) => (await (await h.request('GET', '/v1/usage', { key })).json()).meters.find((m: { name: string }) => m.name === 'credits');

  it('admits exactly 10 of 30 concurrent requests on a key with a budget of 10 inside an allowance of 100; the refusals name the key', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const surface = await budgetedKey(tenant.id, { credits: 10 });
    const url = await h.listen();

    const results = await hammer(30, () => fetchJob(url, surface.key, { type: 'echo', input: {} }));
    expect(countBy(results, (r) => r.status)).toEqual({ 201: 10, 402: 20 });
    for (const refused of results.filter((r) => r.status === 402)) {
      expect(refused.body).toMatchObject({ code: 'key_budget_exceeded', key_id: surface.id, meter: 'credits', limit: 10, used: 10, remaining: 0, required: 1 });
    }

    expect(await tenantCredits(tenant.key)).toMatchObject({ used: 10, limit: 100, remaining: 90 });
    expect(await keyUsage(surface.key, surface.id)).toEqual([expect.objectContaining({ name: 'credits', used: 10, limit: 10, remaining: 0 })]);
    // The tenant's other key, with no budget of its own, still admits from the 90 left.
    expect((await fetchJob(url, tenant.key, { type: 'echo', input: { items: 5 } })).status).toBe(201);
    expect(await usedOf(h, tenant.id)).toBe(15);
    const charged = await h.tollgate.deps.store.db.selectFrom('ledger_entries').select(['key_id']).where('tenant_id', '=', tenant.id).execute();
    expect(countBy(charged, (e) => e.key_id ?? 'none')).toEqual({ [surface.id]: 10, none: 1 });
    expect(await h.verify()).toMatchObject({ ok: true, keyDrift: [] });

    // verify compares each key's counter with the entries that name the key.
    await h.tollgate.deps.store.db.updateTable('key_usage').set((eb) => ({ used: eb('used', '-', 3) })).where('key_id', '=', surface.id).execute();
    const report = await h.verify();
    expect(report).toMatchObject({ ok: false, drift: [], keyDrift: [{ key_id: surface.id, meter: 'credits', used: 7, ledger: 10 }] });
  });

  it("names the tenant's allowance when it is the one that does not fit, and charges neither", async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 5 } });
    const surface = await budgetedKey(tenant.id, { credits: 50 });
    expect((await h.request('POST', '/v1/jobs', { key: surface.key, body: { type: 'echo', input: { items: 4 } } })).status).toBe(201);
    const refused = await expectProblem(await h.request('POST', '/v1/jobs', { key: surface.key, body: { type: 'echo', input: { items: 2 } } }), 402, 'insufficient_credits');
    expect(refused).toMatchObject({ used: 4, limit: 5, remaining: 1 });
    expect(await keyUsage(surface.key, surface.id)).toEqual([expect.objectContaining({ used: 4, limit: 50, remaining: 46 })]);
    expect(await h.verify()).toMatchObject({ ok: true });
  });

  it('answers 429 key_budget_exceeded on a quota meter, with Retry-After and RateLimit of the key', async () => {
    h = await createHarness(dialect, { env: { TOLLGATE_METERS: JSON.stringify({ credits: 'quota' }) } });
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const surface = await budgetedKey(tenant.id, { credits: 1 });
    expect((await h.request('POST', '/v1/jobs', { key: surface.key, body: { type: 'echo', input: {} } })).status).toBe(201);
    const response = await h.request('POST', '/v1/jobs', { key: surface.key, body: { type: 'echo', input: {} } });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(response.headers.get('ratelimit')).toMatch(/^"credits";r=0;t=\d+$/);
    expect(await expectProblem(response, 429, 'key_budget_exceeded')).toMatchObject({ key_id: surface.id, used: 1, limit: 1 });
    expect(await usedOf(h, tenant.id)).toBe(1);
  });

  it("holds on the seeds' admission routes too, refused in their own envelope", async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const surface = await budgetedKey(tenant.id, { credits: 0 });
    await h.request('PUT', '/api/catalog/products', { key: tenant.key, body: { products: [{ id: 'p1', title: 'A shirt', attributes: { color: 'blue' } }] } });
    const body = { sourceScope: 'products', productIds: ['p1'], attributes: ['title'], language: 'en' };
    const refused = await h.request('POST', '/api/jobs', { key: surface.key, body });
    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({ code: 'INSUFFICIENT_CREDITS', required: 1, remaining: 0 });
    expect(await usedOf(h, tenant.id)).toBe(0);
    expect((await h.request('POST', '/api/jobs', { key: tenant.key, body })).status).toBe(201);
  });

  it('gives a cancelled job back to both levels, once, and the key can spend it again', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const surface = await budgetedKey(tenant.id, { credits: 10 });
    const admitted = await h.request('POST', '/v1/jobs', { key: surface.key, body: { type: 'echo', input: { items: 10 } } });
    const job = (await admitted.json()).job;
    await expectProblem(await h.request('POST', '/v1/jobs', { key: surface.key, body: { type: 'echo', input: {} } }), 402, 'key_budget_exceeded');

    expect((await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: surface.key })).status).toBe(200);
    await expectProblem(await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: surface.key }), 409, 'job_not_cancellable');
    expect(await tenantCredits(tenant.key)).toMatchObject({ used: 0, remaining: 100 });
    expect(await keyUsage(surface.key, surface.id)).toEqual([expect.objectContaining({ used: 0, remaining: 10 })]);
    const refund = await h.tollgate.deps.store.db.selectFrom('ledger_entries').selectAll().where('kind', '=', 'refund').executeTakeFirstOrThrow();
    expect(refund).toMatchObject({ key_id: surface.id });
    expect(Number(refund.amount)).toBe(-10);
    expect((await h.request('POST', '/v1/jobs', { key: surface.key, body: { type: 'echo', input: { items: 10 } } })).status).toBe(201);
    expect(await h.verify()).toMatchObject({ ok: true, keyDrift: [] });
  });
});
