import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('key budget routes (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const createKey = async (tenantId: string, body: unknown) => h.request('POST', `/v1/tenants/${tenantId}/keys`, { key: ADMIN_KEY, body });
  const patch = (id: string, body: unknown, key = ADMIN_KEY) => h.request('PATCH', `/v1/keys/${id}`, { key, body });
  const keyRows = () => h.tollgate.deps.store.db.selectFrom('api_keys').select(['id', 'limits', 'name']).orderBy('id').execute();

  it('sets, changes and removes a budget; admission follows at once', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const created = await (await createKey(tenant.id, { name: 'mobile app', limits: { credits: 2 } })).json();
    expect(created).toMatchObject({ role: 'tenant', name: 'mobile app', limits: { credits: 2 } });
    const post = () => h.request('POST', '/v1/jobs', { key: created.key, body: { type: 'echo', input: { items: 2 } } });
    expect((await post()).status).toBe(201);
    await expectProblem(await post(), 402, 'key_budget_exceeded');

    const raised = await patch(created.id, { limits: { credits: 4 } });
    expect(raised.status).toBe(200);
    expect(await raised.json()).toMatchObject({ id: created.id, limits: { credits: 4 } });
    expect((await post()).status).toBe(201);
    await expectProblem(await post(), 402, 'key_budget_exceeded');

    // Removing the budget leaves the key charged to its tenant only; what it used stays on record.
    expect(await (await patch(created.id, { limits: { credits: null } })).json()).toMatchObject({ limits: {} });
    expect((await post()).status).toBe(201);
    const usage = await (await h.request('GET', `/v1/keys/${created.id}/usage`, { key: created.key })).json();
    expect(usage).toMatchObject({ key_id: created.id, tenant_id: tenant.id, period: expect.stringMatching(/^\d{4}-\d{2}$/) });
    expect(usage.meters).toEqual([{ name: 'credits', kind: 'credits', used: 4, limit: null, remaining: null, period: usage.period, resets_at: expect.any(String) }]);

    // `limits: null` removes every budget; a name may change alone.
    await patch(created.id, { limits: { credits: 9 } });
    expect(await (await patch(created.id, { limits: null, name: 'web' })).json()).toMatchObject({ limits: {}, name: 'web' });
    expect((await h.verify()).ok).toBe(true);
  });

  it('refuses bad budgets with 400 and changes nothing', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const { id } = await (await createKey(tenant.id, { limits: { credits: 5 } })).json();
    const admin = await (await h.request('POST', '/v1/keys', { key: ADMIN_KEY, body: { role: 'admin' } })).json();
    const before = await keyRows();

    const refusals: [Promise<Response>, string][] = [
      [patch(id, { limits: { credits: -1 } }), 'limits.credits'],
      [patch(id, { limits: { credits: 1.5 } }), 'limits.credits'],
      [patch(id, { limits: { credits: '5' } }), 'limits.credits'],
      [patch(id, { limits: { tokens: 5 } }), 'limits.tokens'],
      [patch(id, { limits: { 'Not A Meter': 5 } }), 'limits.Not A Meter'],
      [patch(id, { limits: [5] }), 'limits'],
      [patch(id, { budget: 5 }), '(body)'],
      [patch(admin.id, { limits: { credits: 5 } }), 'limits'],
      [createKey(tenant.id, { limits: { credits: -3 } }), 'limits.credits'],
      [createKey(tenant.id, { limits: { tokens: 3 } }), 'limits.tokens'],
      [h.request('POST', '/v1/keys', { key: ADMIN_KEY, body: { role: 'admin', limits: { credits: 3 } } }), 'limits'],
    ];
    for (const [response, path] of refusals) {
      const body = await expectProblem(await response, 400, 'validation_failed');
      expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await keyRows()).toEqual(before);
    await expectProblem(await patch('key_doesNotExist0000', { limits: { credits: 5 } }), 404, 'not_found');
  });

  it("lets a tenant key read its own tenant's keys' usage, an admin any, and answers 404 for another tenant's", async () => {
    h = await createHarness(dialect);
    const owner = await h.tenant({ limits: { credits: 100 } });
    const stranger = await h.tenant({ limits: { credits: 100 } });
    const { id } = await (await createKey(owner.id, { limits: { credits: 7 } })).json();
    expect((await h.request('POST', '/v1/jobs', { key: owner.key, body: { type: 'echo', input: {} } })).status).toBe(201);

    const read = (key: string, keyId = id) => h.request('GET', `/v1/keys/${keyId}/usage`, { key });
    for (const key of [owner.key, ADMIN_KEY]) {
      const response = await read(key);
      expect(response.status).toBe(200);
      expect((await response.json()).meters).toEqual([expect.objectContaining({ name: 'credits', used: 0, limit: 7, remaining: 7 })]);
    }
    await expectProblem(await read(stranger.key), 404, 'not_found');
    await expectProblem(await read(owner.key, 'key_doesNotExist0000'), 404, 'not_found');
    const adminKey = await (await h.request('POST', '/v1/keys', { key: ADMIN_KEY, body: { role: 'admin' } })).json();
    await expectProblem(await read(owner.key, adminKey.id), 404, 'not_found');
    const worker = await (await h.request('POST', '/v1/keys', { key: ADMIN_KEY, body: { role: 'worker', job_types: ['echo'] } })).json();
    await expectProblem(await read(worker.key), 403, 'forbidden');
    // Changing a budget stays an admin's: the tenant's own key cannot raise it.
    await expectProblem(await patch(id, { limits: { credits: 1000 } }, owner.key), 403, 'forbidden');
  });
});
