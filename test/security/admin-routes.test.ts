import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

const fill = (template: string, id: string) => template.replace(/\{\w+\}/g, encodeURIComponent(id));

/**
 * Admin routes refuse a tenant key with 403 before doing anything, with or without a valid body.
 * The list is /openapi.json's: every operation tagged `admin`, and every path under /v1/tenants or
 * /v1/keys must carry that tag (an admin route missing from the list would escape this test), but for
 * GET /v1/keys/{id}/usage, which a tenant key may use on its own tenant's keys (test/keys/).
 */
describe.each(DIALECTS)('admin routes refuse tenant keys (%s)', (dialect) => {
  let h: Harness;
  let tenant: { id: string; key: string };
  let keyId: string;
  let routes: { method: string; path: string }[];
  beforeAll(async () => {
    h = await createHarness(dialect);
    tenant = await h.tenant({ limits: { credits: 10 } });
    keyId = (await (await h.request('POST', `/v1/tenants/${tenant.id}/keys`, { key: ADMIN_KEY, body: {} })).json()).id;
    const openapi = await (await h.request('GET', '/openapi.json')).json();
    const operations = Object.entries(openapi.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, admin: op.tags?.includes('admin') ?? false })),
    );
    const tenantsMayRead = (o: { method: string; path: string }) => o.method === 'GET' && o.path === '/v1/keys/{id}/usage';
    const untagged = operations.filter((o) => /^\/v1\/(tenants|keys)(\/|$)/.test(o.path) && !o.admin && !tenantsMayRead(o));
    expect(untagged, 'admin paths without the admin tag').toEqual([]);
    routes = operations.filter((o) => o.admin);
  });
  afterAll(() => h?.close());

  it('answers 403 forbidden on every admin operation and changes nothing', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(7);
    const db = h.tollgate.deps.store.db;
    // Using a key touches its last_used_at; everything else must stay as it was.
    const state = async () => ({
      tenants: await db.selectFrom('tenants').selectAll().orderBy('id').execute(),
      keys: await db.selectFrom('api_keys').select(['id', 'tenant_id', 'key_hash', 'role', 'name', 'limits', 'revoked_at']).orderBy('id').execute(),
    });
    const before = await state();
    const bodies: Record<string, unknown> = {
      'POST /v1/tenants': { name: 'Made by a tenant', limits: { credits: 1_000_000 } },
      'PATCH /v1/tenants/{id}': { limits: { credits: 1_000_000 } },
      'POST /v1/tenants/{id}/keys': { role: 'admin' },
      'PATCH /v1/keys/{id}': { limits: { credits: 1_000_000 } },
    };
    for (const route of routes) {
      // The caller's own tenant and key ids: a tenant may not even manage itself.
      const path = fill(route.path, route.path.startsWith('/v1/keys') ? keyId : tenant.id);
      // A valid body, and one that is not: the refusal comes before validation.
      const valid = bodies[`${route.method} ${route.path}`];
      for (const body of valid === undefined ? [undefined] : [valid, { nonsense: [1] }]) {
        const response = await h.request(route.method, path, { key: tenant.key, ...(body !== undefined ? { body } : {}) });
        await expectProblem(response, 403, 'forbidden');
      }
    }
    // And acting for another tenant changes nothing either.
    await expectProblem(await h.request('GET', '/v1/tenants', { key: tenant.key, headers: { 'x-tenant-id': tenant.id } }), 403, 'forbidden');
    await expectProblem(await h.request('GET', '/metrics', { key: tenant.key }), 403, 'forbidden');
    expect(await state()).toEqual(before);
  });

  it('lets an admin key through on the same operations', async () => {
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const response = await h.request('GET', fill(route.path, tenant.id), { key: ADMIN_KEY });
      expect({ route: route.path, status: response.status }).toEqual({ route: route.path, status: 200 });
    }
  });
});
