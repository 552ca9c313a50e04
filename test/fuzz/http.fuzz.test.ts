import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/core/errors.js';
import { STATUS } from '../../src/http/errors.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

/** The seed routes under /api (not in /openapi.json, which documents /v1), with their methods. */
const API_ROUTES: [string, string][] = [
  ['POST', '/api/ops/leads'],
  ['GET', '/api/ops/leads'],
  ['GET', '/api/ops/leads/{leadId}'],
  ['PATCH', '/api/ops/leads/{leadId}'],
  ['POST', '/api/ops/leads/{leadId}/ai-evaluation'],
  ['GET', '/api/ops/leads/{leadId}/ai-evaluation'],
  ['GET', '/api/ops/leads/{leadId}/ai-evaluation/{jobId}'],
  ['PUT', '/api/catalog/products'],
  ['GET', '/api/catalog/products'],
  ['PUT', '/api/catalog/collections'],
  ['GET', '/api/catalog/collections'],
  ['GET', '/api/credits'],
  ['POST', '/api/jobs'],
  ['GET', '/api/jobs'],
  ['GET', '/api/jobs/{id}'],
  ['GET', '/api/jobs/{id}/items'],
  ['POST', '/api/jobs/{id}/cancel'],
  ['POST', '/api/jobs/{id}/apply'],
];
const OTHER_PATHS = [
  '/',
  '/docs',
  '/docs/init.js',
  '/docs/swagger-ui.css',
  '/docs/nothing.js',
  '/openapi.json',
  '/healthz',
  '/readyz',
  '/metrics',
  '/v1',
  '/v1/',
  '/api',
  '/assets/index.js',
  '/assets/../../package.json',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/jobs/some-client-route',
  '//v1//jobs',
  '/V1/JOBS',
];
const ERROR_CODES = new Set(Object.keys(STATUS) as ErrorCode[]);

const SQL = ["'; DROP TABLE jobs;--", "' OR '1'='1", '1; SELECT pg_sleep(5)--', "\\'; DELETE FROM usage; --", '" OR ""="', 'tenants WHERE 1=1 --'];

const printable = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
const latin1 = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength });

/** Nesting that JSON.parse accepts and recursive code (stringify, canonical forms, schemas) may not. */
const deep = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

interface Fixtures {
  ids: string[];
  tenantKey: string;
  tenantId: string;
  otherId: string;
}

/** Bodies: JSON of every shape, near-valid ones for each route, malformed, huge numbers, deep nesting, 1 MB strings, SQL. */
function bodyArbitrary(): fc.Arbitrary<string | undefined> {
  const jsonValue = fc.jsonValue({ maxDepth: 4 });
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: jsonValue.map((v) => JSON.stringify(v)), weight: 3 },
    { arbitrary: fc.record({ type: fc.constantFrom('echo', 'lead_evaluation', 'catalog_optimization', 'nope'), input: jsonValue }).map((v) => JSON.stringify(v)), weight: 3 },
    { arbitrary: fc.record({ type: fc.constant('echo'), input: fc.record({ items: fc.oneof(fc.integer(), fc.double(), fc.constant(1e308)), message: fc.oneof(fc.string(), fc.constantFrom(...SQL)) }, { requiredKeys: [] }) }).map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: fc.record({ name: fc.oneof(fc.string(), fc.constantFrom(...SQL)), id: fc.oneof(fc.string(), fc.constantFrom(...SQL)), limits: fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.double(), fc.constant(null))) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: fc.record({ products: fc.array(fc.record({ id: fc.string(), title: fc.string(), attributes: fc.dictionary(fc.string(), fc.string()) }, { requiredKeys: [] }), { maxLength: 3 }), attributes: fc.array(fc.string(), { maxLength: 3 }), productIds: fc.array(fc.string(), { maxLength: 3 }), sourceScope: fc.string(), language: fc.string() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: fc.string({ maxLength: 200 }), weight: 2 },
    { arbitrary: fc.constantFrom('{', '{"type":', '[1,2', '{"a":1,}', "{'a':1}", 'nul', '\u0000', '\uFEFF{}', '{"type":"echo","input":{"items":1}}garbage', '{"a":"\\ud800"}', '"\\uDFFF"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}'), weight: 2 },
    { arbitrary: fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '{"type":"echo","input":{"items":123456789012345678901234567890}}', '{"limits":{"credits":1e400}}', '{"name":"x","limits":{"credits":9007199254740993}}'), weight: 1 },
    { arbitrary: fc.constantFrom(10_000, 50_000).chain((d) => fc.constantFrom(deep(d, '[', ']'), deepObject(d), `{"type":"echo","input":${deepObject(d)}}`, `{"type":"lead_evaluation","input":${deep(d, '[', ']')}}`, `{"type":"catalog_optimization","input":${deepObject(d)}}`, `{"products":${deep(d, '[', ']')}}`, `{"name":"x","limits":${deepObject(d)}}`)), weight: 1 },
    { arbitrary: fc.constantFrom(1024 * 1024 - 100, 1024 * 1024 + 10).chain((n) => fc.constantFrom(`"${'x'.repeat(n)}"`, JSON.stringify({ type: 'echo', input: { message: 'é'.repeat(n / 2) } }), JSON.stringify({ name: '\u{1F600}'.repeat(n / 4) }))), weight: 1 },
  );
}

function idArbitrary(f: Fixtures) {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...f.ids), weight: 4 },
    { arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent), weight: 3 },
    { arbitrary: fc.constantFrom(...SQL).map(encodeURIComponent), weight: 2 },
    { arbitrary: fc.constantFrom('%zz', '%', '%00', '..', '%2e%2e', '%2F', 'x'.repeat(5000), '\u{1F600}', '%E2%80%AE', '0', '-1', '1e999', 'null', 'undefined'), weight: 2 },
  );
}

const fill = (template: string, ids: string[]) => {
  let i = 0;
  return template.replace(/\{[^}]+\}/g, () => ids[i++]!);
};

function requestArbitrary(templates: string[], f: Fixtures): fc.Arbitrary<Fuzzed> {
  const id = idArbitrary(f);
  const path = fc.oneof(
    { arbitrary: fc.tuple(fc.constantFrom(...templates), fc.array(id, { minLength: 3, maxLength: 3 })).map(([t, ids]) => fill(t, ids)), weight: 6 },
    { arbitrary: fc.constantFrom(...OTHER_PATHS), weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom('/v1/', '/api/', '/'), fc.array(id, { maxLength: 4 })).map(([p, segs]) => p + segs.join('/')), weight: 2 },
  );
  const queryValue = fc.oneof(printable(50), fc.constantFrom(...SQL), fc.constantFrom('-1', '0', '101', '1e400', 'NaN', 'pending', 'eyJ4IjoxfQ', 'W251bGwsbnVsbF0', '2026-13-45'));
  const query = fc
    .array(fc.tuple(fc.constantFrom('limit', 'cursor', 'status', 'type', 'meter', 'from', 'to', 'search', 'access_token', 'tenant_id'), queryValue), { maxLength: 3 })
    .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ''));
  const authorization = fc.oneof(
    fc.constant(undefined),
    fc.constant(`Bearer ${f.tenantKey}`),
    fc.constant(`Bearer ${ADMIN_KEY}`),
    fc.constant(`Bearer ${f.tenantKey}x`),
    latin1(80).map((s) => `Bearer ${s}`),
    latin1(80),
    fc.constant(`Basic ${Buffer.from('a:b').toString('base64')}`),
  );
  const tenantHeader = fc.option(fc.oneof(fc.constantFrom(f.tenantId, f.otherId), latin1(60), fc.constantFrom(...SQL)), { nil: undefined });
  const contentType = fc.option(
    fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/problem+json', 'application/json; charset=utf-16', ''),
    { nil: undefined },
  );
  return fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
    path,
    query,
    authorization,
    tenant: tenantHeader,
    site: tenantHeader,
    user: fc.option(fc.oneof(printable(30), fc.constant('x'.repeat(300))), { nil: undefined }),
    idempotencyKey: fc.option(fc.oneof(printable(40), latin1(300), fc.constantFrom(...SQL)), { nil: undefined }),
    contentType,
    body: bodyArbitrary(),
  });
}

/** A body each route accepts, so that a mutation of it gets past the first check. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /v1/jobs': { type: 'echo', input: { items: 1 } },
  'POST /v1/tenants': { name: 'Fuzzed tenant' },
  'PATCH /v1/tenants/{id}': { name: 'Renamed' },
  'POST /v1/tenants/{id}/keys': { name: 'fuzzed' },
  'POST /v1/ping': { hello: 'world' },
  'POST /api/ops/leads': { name: 'Fuzzed lead' },
  'PATCH /api/ops/leads/{leadId}': { notes: 'fuzzed' },
  'POST /api/ops/leads/{leadId}/ai-evaluation': { force_refresh: true },
  'PUT /api/catalog/products': { products: [{ id: 'p9', title: 'Fuzzed', attributes: { color: 'red' } }] },
  'PUT /api/catalog/collections': { collections: [{ id: 'c9', title: 'Fuzzed', productIds: ['p1'] }] },
  'POST /api/jobs': { sourceScope: 'products', productIds: ['p1'], attributes: ['title'], language: 'en' },
};

/** The route's valid body with one thing done to it: a field added that nests deep or weighs a lot, or one replaced. */
function mutatedBody(route: string): fc.Arbitrary<string | undefined> {
  const valid = VALID_BODIES[route];
  if (valid === undefined) return bodyArbitrary();
  const extra = fc.oneof(
    fc.constantFrom(10_000, 50_000).map((d) => deepObject(d)),
    fc.constant(deep(10_000, '[', ']')),
    fc.constant(`"${'x'.repeat(900_000)}"`),
    fc.constantFrom('1e999', '123456789012345678901234567890', '-0', '"\\ud800"', 'null', '[]', '{}'),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.constantFrom(...SQL).map((v) => JSON.stringify(v)),
  );
  const json = JSON.stringify(valid);
  const fields = Object.keys(valid as object);
  return fc.oneof(
    extra.map((x) => `${json.slice(0, -1)},"extra":${x}}`),
    fc.tuple(fc.constantFrom(...fields), extra).map(([field, x]) => `${json.slice(0, -1)},${JSON.stringify(field)}:${x}}`),
    fc.constant(json),
  );
}

/** Every real route with its own method and a key that may use it: the bodies reach the handlers. */
function routedArbitrary(routes: [string, string][], f: Fixtures): fc.Arbitrary<Fuzzed> {
  return fc
    .constantFrom(...routes)
    .chain((route) => fc.record({
      route: fc.constant(route),
      ids: fc.array(fc.oneof({ arbitrary: fc.constantFrom(...f.ids), weight: 3 }, { arbitrary: idArbitrary(f), weight: 1 }), { minLength: 3, maxLength: 3 }),
      admin: fc.boolean(),
      idempotencyKey: fc.option(printable(40), { nil: undefined }),
      contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', undefined),
      body: fc.oneof(bodyArbitrary(), mutatedBody(`${route[0]} ${route[1]}`), mutatedBody(`${route[0]} ${route[1]}`)),
    }))
    .map(({ route: [method, template], ids, admin, ...rest }) => ({
      method,
      path: fill(template, ids),
      query: '',
      authorization: `Bearer ${admin ? ADMIN_KEY : f.tenantKey}`,
      tenant: admin ? f.tenantId : undefined,
      site: f.tenantId,
      user: 'fuzzer',
      ...rest,
    }));
}

interface Fuzzed {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  tenant: string | undefined;
  site: string | undefined;
  user: string | undefined;
  idempotencyKey: string | undefined;
  contentType: string | undefined;
  body: string | undefined;
}

/** What the answer must look like, or why it does not. */
async function judge(response: Response, r: Fuzzed): Promise<string | undefined> {
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return response.status === 200 ? undefined : `event stream with ${response.status}`;
  }
  const text = await response.text();
  if (response.status >= 500) return `${response.status}: ${text.slice(0, 500)}`;
  if (r.method === 'HEAD' || response.status === 204) return undefined;
  // What the server sees: the URL parser resolves dot segments, also percent-encoded ones (/v1/%2e%2e is /).
  const path = new URL(`http://localhost${r.path}`).pathname;
  const isV1 = path === '/v1' || path.startsWith('/v1/') || (path === '/metrics' && response.status >= 400);
  const isApi = path === '/api' || path.startsWith('/api/');
  if (isV1 && response.status >= 400) {
    if (type !== 'application/problem+json') return `a /v1 error as ${type}: ${text.slice(0, 200)}`;
    const body = JSON.parse(text) as { code?: unknown; status?: unknown };
    if (!ERROR_CODES.has(body.code as ErrorCode) || body.status !== response.status) return `not a problem document: ${text.slice(0, 300)}`;
  } else if (isV1 && !type.startsWith('application/json') && !type.startsWith('text/plain')) {
    return `a /v1 success as ${type}`;
  } else if (isApi) {
    if (!type.startsWith('application/json')) return `an /api answer as ${type}: ${text.slice(0, 200)}`;
    const body = JSON.parse(text) as { error?: unknown };
    if (response.status >= 400 && typeof body.error !== 'string') return `not a seed envelope: ${text.slice(0, 300)}`;
  } else if (response.status >= 400 && r.method !== 'GET' && type !== 'application/problem+json' && !type.startsWith('text/plain')) {
    return `a ${r.method} outside the APIs answered ${response.status} as ${type}`;
  }
  return undefined;
}

const describeRequest = (r: Fuzzed) =>
  JSON.stringify({ ...r, body: r.body === undefined ? undefined : r.body.length > 300 ? `${r.body.slice(0, 120)}… (${r.body.length} chars)` : r.body, path: r.path.length > 300 ? `${r.path.slice(0, 200)}…` : r.path });

describe.each(DIALECTS)('HTTP fuzzing (%s)', (dialect) => {
  let h: Harness;
  let fixtures: Fixtures;
  let templates: string[];
  let routes: [string, string][];
  const logs: string[] = [];

  beforeAll(async () => {
    const { default: pino } = await import('pino');
    const logger = pino({ level: 'error' }, { write: (line: string) => logs.push(line) });
    h = await createHarness(dialect, { tollgate: { logger } });
    const a = await h.tenant({ limits: { credits: 1000, lead_evaluations: 50 } });
    const b = await h.tenant({ limits: { credits: 1000, lead_evaluations: 50 } });
    const echo = await (await h.request('POST', '/v1/jobs', { key: a.key, body: { type: 'echo', input: { items: 2 } } })).json();
    const site = (t: { id: string }) => ({ 'x-site-id': t.id, 'x-user-id': 'fuzzer' });
    const lead = await (await h.request('POST', '/api/ops/leads', { key: a.key, headers: site(a), body: { name: 'Fuzzed lead' } })).json();
    for (const t of [a, b]) await h.request('PUT', '/api/catalog/products', { key: t.key, body: { products: [{ id: 'p1', title: 'A shirt', attributes: { color: 'blue' } }] } });
    const catalogJob = await (await h.request('POST', '/api/jobs', { key: b.key, body: { sourceScope: 'products', productIds: ['p1'], attributes: ['title'], language: 'en' } })).json();
    fixtures = { ids: [echo.job?.id, lead.data?.id, catalogJob.jobId, a.id, b.id].filter((x): x is string => typeof x === 'string'), tenantKey: a.key, tenantId: a.id, otherId: b.id };
    const openapi = await (await h.request('GET', '/openapi.json')).json();
    const v1 = Object.entries(openapi.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m): [string, string] => [m.toUpperCase(), path]));
    routes = [...v1, ...API_ROUTES];
    templates = [...new Set(routes.map(([, path]) => path))];
  });
  afterAll(() => h?.close());

  const send = async (r: Fuzzed) => {
    const headers: Record<string, string> = {};
    if (r.authorization !== undefined) headers.authorization = r.authorization;
    if (r.tenant !== undefined) headers['x-tenant-id'] = r.tenant;
    if (r.site !== undefined) headers['x-site-id'] = r.site;
    if (r.user !== undefined) headers['x-user-id'] = r.user;
    if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
    if (r.contentType !== undefined) headers['content-type'] = r.contentType;
    const withBody = r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD';
    const response = await h.app.request(`${r.path}${r.query}`, { method: r.method, headers, ...(withBody ? { body: r.body } : {}) });
    const verdict = await judge(response, r);
    expect(verdict, describeRequest(r)).toBeUndefined();
  };

  it('never answers 5xx to any method, path, header or body; /v1 errors are problem documents, /api errors the seed envelope', async () => {
    await fc.assert(fc.asyncProperty(requestArbitrary(templates, fixtures), send), { numRuns: 300 });
    expect(logs, 'nothing was logged as a server error').toEqual([]);
    expect(await h.verify()).toMatchObject({ ok: true });
  }, 120_000);

  it('never answers 5xx when a valid key sends any body to any real route', async () => {
    await fc.assert(fc.asyncProperty(routedArbitrary(routes, fixtures), send), { numRuns: 1000 });
    expect(logs, 'nothing was logged as a server error').toEqual([]);
    expect(await h.verify()).toMatchObject({ ok: true });
  }, 120_000);
});
