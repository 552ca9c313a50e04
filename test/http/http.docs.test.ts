import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declare, SUMMARIZE } from '../job-types/support.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('docs and health (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h?.close());

  it('serves /openapi.json, without a key, as an OpenAPI 3.1 document listing every /v1 route', async () => {
    const response = await h.request('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });

    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    // Every route the server answers on /v1, as the router knows it (`:id` written `{id}`).
    const served = new Set(
      h.app.routes
        .filter((r) => r.path.startsWith('/v1/') && r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect(served.size).toBeGreaterThan(10);
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    for (const route of ['POST /v1/jobs', 'GET /v1/jobs', 'GET /v1/jobs/{id}', 'GET /v1/jobs/{id}/items', 'POST /v1/jobs/{id}/cancel', 'GET /v1/usage', 'GET /v1/usage/history', 'POST /v1/tenants', 'GET /v1/tenants', 'GET /v1/tenants/{id}', 'PATCH /v1/tenants/{id}', 'POST /v1/tenants/{id}/keys', 'GET /v1/tenants/{id}/keys', 'DELETE /v1/keys/{id}', 'GET /v1/me']) {
      expect(documented).toContain(route);
    }
    expect(doc.components.schemas).toHaveProperty('Problem');
  });

  it("describes each registered type's input as a oneOf on `type`, a type declared over the API included", async () => {
    await declare(h, 'summarize', SUMMARIZE);
    const doc = await (await h.request('GET', '/openapi.json')).json();
    const { schemas } = doc.components;
    expect(schemas.AdmitJob.discriminator.propertyName).toBe('type');
    expect(Object.keys(schemas.AdmitJob.discriminator.mapping).sort()).toEqual(['catalog_optimization', 'chat_completion', 'echo', 'lead_evaluation', 'summarize']);
    expect(schemas.AdmitJobEcho.properties.input.properties).toHaveProperty('sleep_ms');
    expect(schemas.AdmitJobSummarize.properties.input).toEqual(SUMMARIZE.input_schema);
    expect(doc.paths['/v1/jobs'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/AdmitJob' });

    // A validator reading the document accepts what the server admits and refuses what it refuses.
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [name, schema] of Object.entries(schemas)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const valid = ajv.compile({ $ref: '#/components/schemas/AdmitJob' });
    expect(valid({ type: 'echo', input: { items: 2, sleep_ms: 10 } })).toBe(true);
    expect(valid({ type: 'summarize', input: { documents: [{ text: 'a' }] } })).toBe(true);
    expect(valid({ type: 'summarize', input: { documents: [] } })).toBe(false);
    expect(valid({ type: 'echo', input: { sleep_ms: 'soon' } })).toBe(false);
    expect(valid({ type: 'nope', input: {} })).toBe(false);
  });

  it('serves /docs as an HTML page whose scripts and styles load', async () => {
    const response = await h.request('GET', '/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) expect((await h.request('GET', asset)).status, asset).toBe(200);
    expect(await (await h.request('GET', '/docs/init.js')).text()).toContain('/openapi.json');
  });

  it('answers /healthz and /readyz without a key', async () => {
    const health = await h.request('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await h.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: dialect });
  });
});
