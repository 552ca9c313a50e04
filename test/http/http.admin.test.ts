import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem, postEcho } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('admin API (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const admin = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    h.request(method, path, { key: ADMIN_KEY, headers, ...(body !== undefined ? { body } : {}) });

  it('creates tenants with a generated or a chosen id, and refuses a duplicate id with 409', async () => {
    h = await createHarness(dialect);
    const generated = await admin('POST', '/v1/tenants', { name: 'Acme' });
    expect(generated.status).toBe(201);
    expect(await generated.json()).toMatchObject({ id: expect.stringMatching(/^tnt_[0-9A-Za-z]{16}$/), name: 'Acme', tier: 'free', limits: {} });

    const chosen = await admin('POST', '/v1/tenants', { id: 'shop-42', name: 'Shop', tier: 'pro', limits: { credits: 7 } });
    expect(chosen.status).toBe(201);
    expect(await chosen.json()).toMatchObject({ id: 'shop-42', tier: 'pro', limits: { credits: 7 } });

    await expectProblem(await admin('POST', '/v1/tenants', { id: 'shop-42', name: 'Other' }), 409, 'conflict');
    expect((await (await admin('GET', '/v1/tenants/shop-42')).json()).name).toBe('Shop');
    const badTier = await expectProblem(await admin('POST', '/v1/tenants', { name: 'x', tier: 'platinum' }), 400, 'validation_failed');
    expect(badTier.errors).toEqual([expect.objectContaining({ path: 'tier' })]);
  });

  it('accepts only configured tiers, never a name every JavaScript object has, on create and patch', async () => {
    h = await createHarness(dialect);
    await admin('POST', '/v1/tenants', { id: 'plain', name: 'Plain' });
    for (const tier of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']) {
      const created = await expectProblem(await admin('POST', '/v1/tenants', { name: 'x', tier }), 400, 'validation_failed');
      expect(created.errors, tier).toEqual([{ path: 'tier', message: 'must be one of: free, pro' }]);
      const patched = await expectProblem(await admin('PATCH', '/v1/tenants/plain', { tier }), 400, 'validation_failed');
      expect(patched.errors, tier).toEqual([{ path: 'tier', message: 'must be one of: free, pro' }]);
    }
    expect((await (await admin('GET', '/v1/tenants/plain')).json()).tier).toBe('free');
    // Limits are read by every admission: a tenant has at most 100 meters, however they are sent.
    const many = (from: number) => Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`m${from + i}`, 1]));
    await expectProblem(await admin('POST', '/v1/tenants', { name: 'x', limits: { ...many(0), ...many(60) } }), 400, 'validation_failed');
    expect((await admin('PATCH', '/v1/tenants/plain', { limits: many(0) })).status).toBe(200);
    const over = await expectProblem(await admin('PATCH', '/v1/tenants/plain', { limits: many(60) }), 400, 'validation_failed');
    expect(over.errors).toEqual([{ path: 'limits', message: 'a tenant may set at most 100 meters' }]);
    expect((await (await admin('GET', '/v1/tenants')).json()).data).toHaveLength(1);
  });

  it('lists tenants by id with cursor paging, without duplicates or gaps', async () => {
    h = await createHarness(dialect);
    const ids = ['t-05', 't-01', 't-04', 't-02', 't-03'];
    for (const id of ids) expect((await admin('POST', '/v1/tenants', { id, name: id })).status).toBe(201);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { data: { id: string }[]; next_cursor: string | null } = await (await admin('GET', `/v1/tenants?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((t) => t.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual([...ids].sort());
    expect(pages).toBe(3);
  });

  it('gets and patches a tenant: name, tier and limits', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 3 } });
    const patched = await admin('PATCH', `/v1/tenants/${tenant.id}`, { name: 'Renamed', tier: 'pro', limits: { lead_evaluations: 5 } });
    expect(patched.status).toBe(200);
    expect(await (await admin('GET', `/v1/tenants/${tenant.id}`)).json()).toMatchObject({
      id: tenant.id,
      name: 'Renamed',
      tier: 'pro',
      limits: { credits: 3, lead_evaluations: 5 },
    });
    const usage = await (await h.request('GET', '/v1/usage', { key: tenant.key })).json();
    expect(usage.meters.find((m: { name: string }) => m.name === 'lead_evaluations')).toMatchObject({ limit: 5 });
    await expectProblem(await admin('PATCH', '/v1/tenants/nobody', { name: 'x' }), 404, 'not_found');
  });

  it('creates a key shown once (tg_, at least 128 bits), lists keys without secrets, and a revoked key gets 401', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant();
    const response = await admin('POST', `/v1/tenants/${tenant.id}/keys`, { name: 'ci' });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({ id: expect.stringMatching(/^key_/), tenant_id: tenant.id, role: 'tenant', name: 'ci', revoked_at: null });
    expect(created.key).toMatch(/^tg_[0-9A-Za-z]+$/);
    expect((created.key.length - 3) * Math.log2(62)).toBeGreaterThanOrEqual(128);
    expect(created.key.startsWith(created.prefix)).toBe(true);

    const me = await (await h.request('GET', '/v1/me', { key: created.key })).json();
    expect(me).toMatchObject({ key: { id: created.id, role: 'tenant' }, tenant: { id: tenant.id } });

    const listed = await (await admin('GET', `/v1/tenants/${tenant.id}/keys`)).json();
    expect(listed.data.map((k: { id: string }) => k.id)).toContain(created.id);
    for (const key of listed.data) {
      expect(Object.keys(key).sort()).toEqual(['created_at', 'id', 'job_types', 'last_used_at', 'limits', 'name', 'prefix', 'revoked_at', 'role', 'tenant_id']);
    }
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(JSON.stringify(await (await admin('GET', `/v1/tenants/${tenant.id}`)).json())).not.toContain(created.key);

    expect((await admin('DELETE', `/v1/keys/${created.id}`)).status).toBe(204);
    await expectProblem(await h.request('GET', '/v1/me', { key: created.key }), 401, 'unauthorized');
    expect((await admin('GET', `/v1/tenants/${tenant.id}/keys`).then((r) => r.json())).data.find((k: { id: string }) => k.id === created.id).revoked_at).not.toBeNull();
    // The tenant's other key still works.
    expect((await h.request('GET', '/v1/me', { key: tenant.key })).status).toBe(200);
    await expectProblem(await admin('DELETE', '/v1/keys/key_doesNotExist000'), 404, 'not_found');
    await expectProblem(await admin('POST', '/v1/tenants/nobody/keys', {}), 404, 'not_found');
  });

  it('stores keys only as hashes: no secret appears in any column of any table', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant();
    const tenantKey = (await (await admin('POST', `/v1/tenants/${tenant.id}/keys`, {})).json()).key as string;
    const adminKey = (await (await admin('POST', `/v1/tenants/${tenant.id}/keys`, { role: 'admin' })).json()).key as string;
    expect((await postEcho(h, tenantKey, {}, { 'idempotency-key': 'k1' })).status).toBe(201);
    expect((await h.request('GET', '/v1/tenants', { key: adminKey })).status).toBe(200);

    const db = h.tollgate.deps.store.db;
    const tables = ['tenants', 'api_keys', 'usage', 'ledger_entries', 'jobs', 'job_items', 'idempotency_keys'] as const;
    const dump = JSON.stringify(await Promise.all(tables.map((t) => db.selectFrom(t).selectAll().execute())));
    expect(dump).toContain(tenant.id);
    for (const secret of [tenant.key, tenantKey, adminKey]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice(9));
    }
    if (h.dialect === 'sqlite') {
      // The bytes on disk too, WAL included.
      const file = h.config.databaseUrl.replace(/^file:/, '');
      const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
      expect(bytes).toContain(tenant.id);
      for (const secret of [tenant.key, tenantKey, adminKey]) expect(bytes).not.toContain(secret);
    }
  });

  it('lets an admin key act for a tenant named in X-Tenant-Id; a tenant key naming another tenant gets 404', async () => {
    h = await createHarness(dialect);
    const a = await h.tenant({ limits: { credits: 5 } });
    const b = await h.tenant({ limits: { credits: 5 } });

    const created = await h.request('POST', '/v1/jobs', { key: ADMIN_KEY, body: { type: 'echo', input: { items: 2 } }, headers: { 'x-tenant-id': a.id } });
    expect(created.status).toBe(201);
    const { job } = await created.json();
    expect((await h.request('GET', `/v1/jobs/${job.id}`, { key: a.key })).status).toBe(200);
    expect((await (await h.request('GET', '/v1/usage', { key: ADMIN_KEY, headers: { 'x-tenant-id': a.id } })).json()).tenant_id).toBe(a.id);
    expect(await (await h.request('GET', '/v1/me', { key: ADMIN_KEY, headers: { 'x-tenant-id': b.id } })).json()).toMatchObject({ key: { role: 'admin' }, tenant: { id: b.id } });
    await expectProblem(await h.request('GET', '/v1/usage', { key: ADMIN_KEY, headers: { 'x-tenant-id': 'nobody' } }), 404, 'not_found');

    await expectProblem(await h.request('GET', '/v1/jobs', { key: a.key, headers: { 'x-tenant-id': b.id } }), 404, 'not_found');
    await expectProblem(await h.request('POST', '/v1/jobs', { key: a.key, body: { type: 'echo', input: {} }, headers: { 'x-tenant-id': b.id } }), 404, 'not_found');
    expect((await h.request('GET', '/v1/jobs', { key: a.key, headers: { 'x-tenant-id': a.id } })).status).toBe(200);
    const usageB = await (await h.request('GET', '/v1/usage', { key: b.key })).json();
    expect(usageB.meters.find((m: { name: string }) => m.name === 'credits').used).toBe(0);
  });
});
