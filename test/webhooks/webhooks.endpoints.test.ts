import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('webhook endpoints (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('creates, lists, changes, rotates and deletes an endpoint; the secret is shown at creation and rotation only', async () => {
    h = await createHarness(dialect, { env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    const tenant = await h.tenant();
    const created = await h.request('POST', '/v1/webhook-endpoints', {
      key: tenant.key,
      body: { url: 'http://127.0.0.1:9/hook', events: ['job.completed', 'usage.threshold'], description: 'CRM' },
    });
    expect(created.status).toBe(201);
    const endpoint = await created.json();
    expect(endpoint).toMatchObject({ url: 'http://127.0.0.1:9/hook', events: ['job.completed', 'usage.threshold'], description: 'CRM', enabled: true });
    expect(endpoint.id).toMatch(/^whe_/);
    expect(Buffer.from(endpoint.secret.replace(/^whsec_/, ''), 'base64').length).toBeGreaterThanOrEqual(24);

    const one = await (await h.request('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: tenant.key })).json();
    expect(one.secret).toBeUndefined();
    const list = await (await h.request('GET', '/v1/webhook-endpoints', { key: tenant.key })).json();
    expect(list.data.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);

    const patched = await h.request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { key: tenant.key, body: { events: ['job.failed'], enabled: false } });
    expect(await patched.json()).toMatchObject({ events: ['job.failed'], enabled: false, disabled_reason: 'disabled by the tenant' });

    const rotated = await (await h.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { key: tenant.key })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.rotation_overlap_until).not.toBeNull();

    expect((await h.request('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, { key: tenant.key })).status).toBe(204);
    expect((await h.request('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: tenant.key })).status).toBe(404);
  });

  it("refuses a bad URL, unknown events, and another tenant's endpoint; an admin acts for a tenant it names", async () => {
    h = await createHarness(dialect, { env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    const a = await h.tenant({ id: 'a' });
    const b = await h.tenant({ id: 'b' });
    for (const body of [{ url: 'ftp://example.com/x', events: ['job.completed'] }, { url: 'https://example.com/x', events: ['job.exploded'] }, { url: 'https://example.com/x', events: [] }]) {
      const r = await h.request('POST', '/v1/webhook-endpoints', { key: a.key, body });
      expect(r.status).toBe(400);
      expect((await r.json()).code).toBe('validation_failed');
    }
    const byAdmin = await h.request('POST', '/v1/webhook-endpoints', { key: ADMIN_KEY, headers: { 'x-tenant-id': 'a' }, body: { url: 'http://127.0.0.1:9/x', events: ['job.completed'] } });
    expect(byAdmin.status).toBe(201);
    const id = (await byAdmin.json()).id;
    expect((await h.request('GET', `/v1/webhook-endpoints/${id}`, { key: a.key })).status).toBe(200);
    expect((await h.request('GET', `/v1/webhook-endpoints/${id}`, { key: b.key })).status).toBe(404);
    expect((await h.request('DELETE', `/v1/webhook-endpoints/${id}`, { key: b.key })).status).toBe(404);
    expect((await h.request('GET', '/v1/webhook-endpoints', { key: b.key, headers: {} })).status).toBe(200);
    expect((await (await h.request('GET', '/v1/webhook-endpoints', { key: b.key })).json()).data).toEqual([]);
  });

  it('refuses loopback, private and metadata addresses without WEBHOOKS_ALLOW_PRIVATE, and writes nothing', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant();
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[fd00::1]/x']) {
      const r = await h.request('POST', '/v1/webhook-endpoints', { key: tenant.key, body: { url, events: ['job.completed'] } });
      expect(r.status, url).toBe(400);
      const problem = await r.json();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors[0].path).toBe('url');
    }
    expect((await (await h.request('GET', '/v1/webhook-endpoints', { key: tenant.key })).json()).data).toEqual([]);
  });

  it('lists every webhook route in /openapi.json with bearer security', async () => {
    h = await createHarness(dialect);
    const doc = await (await h.request('GET', '/openapi.json')).json();
    for (const path of ['/v1/webhook-endpoints', '/v1/webhook-endpoints/{id}', '/v1/webhook-endpoints/{id}/rotate-secret', '/v1/webhook-endpoints/{id}/deliveries', '/v1/webhook-endpoints/{id}/deliveries/{delivery}/retry', '/v1/webhook-endpoints/{id}/test']) {
      const item = doc.paths[path];
      expect(item, path).toBeDefined();
      for (const op of Object.values(item) as { security?: unknown }[]) expect(op.security ?? doc.security).toEqual([{ bearer: [] }]);
    }
  });
});
