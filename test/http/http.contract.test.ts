import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * `/openapi.json` linted as `@redocly/cli lint` does (its engine, @redocly/openapi-core, with the
 * recommended rules), and checked for what the rules leave to taste but clients need: every route
 * served is documented, security, operationIds, tags, resolvable references, the headers.
 */
describe.each(DIALECTS)('the OpenAPI document is a contract (%s)', (dialect) => {
  let h: Harness;
  let doc: Json;
  beforeAll(async () => {
    h = await createHarness(dialect);
    doc = await (await h.request('GET', '/openapi.json')).json();
  });
  afterAll(() => h?.close());

  const operations = () =>
    Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Json, name: `${method.toUpperCase()} ${path}` })),
    );

  it("passes redocly's recommended lint without an error; the only warnings are health's and the docs' lack of a 4xx", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: '/openapi.json', config });
    const said = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(said.filter((p) => p.startsWith('error'))).toEqual([]);
    const open = ['/healthz', '/readyz', '/openapi.json', '/docs'].map((path) => `#/paths/${path.replace(/\//g, '~1')}/get/responses`);
    expect(problems.filter((p) => !(p.ruleId === 'operation-4xx-response' && open.includes(p.location[0]?.pointer ?? ''))).map((p) => p.message)).toEqual([]);
  });

  it('documents every route the server answers, in every family', () => {
    const documented = new Set(operations().map((o) => o.name));
    const served = new Set(
      h.app.routes
        .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`),
    );
    expect([...served].filter((route) => !documented.has(route)).sort()).toEqual([]);
    expect([...documented].filter((route) => !served.has(route)).sort()).toEqual([]);
    for (const seed of ['POST /api/jobs', 'GET /api/ops/leads', 'GET /api/credits', 'GET /healthz', 'GET /readyz', 'GET /metrics']) expect(documented).toContain(seed);
  });

  it('needs the bearer key everywhere but on health, the docs and the document', () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const open = operations().filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0).map((o) => o.name).sort();
    expect(open).toEqual(['GET /docs', 'GET /docs/{file}', 'GET /healthz', 'GET /openapi.json', 'GET /readyz']);
    for (const { op, name } of operations()) if (!open.includes(name)) expect(op.responses['401'], name).toBeDefined();
  });

  it('names each operation once and tags it; the seed families are tagged apart', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.filter((id) => typeof id !== 'string' || !/^[a-z][A-Za-z0-9]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = new Set((doc.tags as Json[]).map((t) => t.name));
    for (const { op, name, path } of operations()) {
      expect(op.tags?.length, name).toBeGreaterThan(0);
      for (const tag of op.tags) expect(declared, `${name}: ${tag}`).toContain(tag);
      if (path.startsWith('/api/')) expect(op.tags[0], name).toMatch(/^seed: /);
    }
  });

  it('describes every response, declares every path parameter, and every $ref resolves', () => {
    for (const { op, name, path } of operations()) {
      for (const [status, response] of Object.entries(op.responses as Json)) expect(response.description, `${name} ${status}`).toBeTruthy();
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const p of params) expect((op.parameters ?? []).some((d: Json) => d.in === 'path' && d.name === p && d.required), `${name} {${p}}`).toBe(true);
    }
    const refs: string[] = [];
    JSON.stringify(doc, (key, value) => (key === '$ref' && refs.push(value), value));
    expect(refs.length).toBeGreaterThan(50);
    const unresolved = refs.filter((r) => r.split('/').slice(1).reduce<any>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc) === undefined);
    expect([...new Set(unresolved)]).toEqual([]);
  });

  it('declares the headers clients act on: X-Tenant-Id, access_token, Location, the admission and refusal headers', () => {
    const op = (method: string, path: string) => doc.paths[path][method];
    const params = (o: Json) => (o.parameters as Json[]).map((p) => `${p.in}:${p.name.toLowerCase()}`);
    expect(params(op('get', '/v1/jobs'))).toContain('header:x-tenant-id');
    for (const path of ['/v1/events', '/v1/jobs/{id}/events']) expect(params(op('get', path))).toEqual(expect.arrayContaining(['query:access_token', 'header:last-event-id']));
    for (const { op, name } of operations()) {
      if (op.responses['201']) expect(op.responses['201'].headers?.Location, name).toBeDefined();
      for (const status of ['401']) if (op.responses[status]) expect(op.responses[status].headers?.WWWAuthenticate, name).toBeDefined();
      for (const status of ['402', '429', '503']) if (op.responses[status]) expect(op.responses[status].headers?.RetryAfter, `${name} ${status}`).toBeDefined();
    }
    expect(Object.keys(op('post', '/v1/jobs').responses['201'].headers).sort()).toEqual(['IdempotentReplayed', 'Location', 'RateLimit', 'RateLimitPolicy', 'RequestId']);
    expect(doc.components.schemas.Tenant.type).toBe('object');
  });
});
