import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

interface Resources {
  echoJob: string;
  lead: string;
  evaluationJob: string;
  catalogJob: string;
  /** The owner's tenant key. */
  key: string;
  endpoint: string;
  delivery: string;
}

/** Which resource of the owner each path parameter names, by route. A new route with an id must be added here. */
const V1_PARAMS: Record<string, (r: Resources) => Record<string, string>> = {
  '/v1/jobs/{id}': (r) => ({ id: r.echoJob }),
  '/v1/jobs/{id}/items': (r) => ({ id: r.echoJob }),
  '/v1/jobs/{id}/cancel': (r) => ({ id: r.echoJob }),
  '/v1/jobs/{id}/events': (r) => ({ id: r.echoJob }),
  '/v1/keys/{id}/usage': (r) => ({ id: r.key }),
  '/v1/webhook-endpoints/{id}': (r) => ({ id: r.endpoint }),
  '/v1/webhook-endpoints/{id}/rotate-secret': (r) => ({ id: r.endpoint }),
  '/v1/webhook-endpoints/{id}/deliveries': (r) => ({ id: r.endpoint }),
  '/v1/webhook-endpoints/{id}/deliveries/{delivery}/retry': (r) => ({ id: r.endpoint, delivery: r.delivery }),
  '/v1/webhook-endpoints/{id}/test': (r) => ({ id: r.endpoint }),
};

/** The seed routes that take an id (not in /openapi.json): method, path, the owner's ids, a body. */
const API_ROUTES: { method: string; path: string; params: (r: Resources) => Record<string, string>; body?: unknown }[] = [
  { method: 'GET', path: '/api/ops/leads/{leadId}', params: (r) => ({ leadId: r.lead }) },
  { method: 'PATCH', path: '/api/ops/leads/{leadId}', params: (r) => ({ leadId: r.lead }), body: { notes: 'written by another tenant' } },
  { method: 'POST', path: '/api/ops/leads/{leadId}/ai-evaluation', params: (r) => ({ leadId: r.lead }), body: { force_refresh: true } },
  { method: 'GET', path: '/api/ops/leads/{leadId}/ai-evaluation', params: (r) => ({ leadId: r.lead }) },
  { method: 'GET', path: '/api/ops/leads/{leadId}/ai-evaluation/{jobId}', params: (r) => ({ leadId: r.lead, jobId: r.evaluationJob }) },
  { method: 'GET', path: '/api/jobs/{id}', params: (r) => ({ id: r.catalogJob }) },
  { method: 'GET', path: '/api/jobs/{id}/items', params: (r) => ({ id: r.catalogJob }) },
  { method: 'POST', path: '/api/jobs/{id}/apply', params: (r) => ({ id: r.catalogJob }) },
  { method: 'POST', path: '/api/jobs/{id}/cancel', params: (r) => ({ id: r.catalogJob }) },
];

const fill = (template: string, params: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));

/**
 * Another tenant's resource is answered as if it did not exist: 404, never 403 (which would confirm
 * it exists), never its data, and nothing changes. Every /v1 route with an id comes from
 * /openapi.json, so a new one cannot be forgotten; the seed routes are listed above.
 */
describe.each(DIALECTS)("another tenant's ids (%s)", (dialect) => {
  let h: Harness;
  let owner: { id: string; key: string };
  let intruder: { id: string; key: string };
  let resources: Resources;
  const site = (t: { id: string }) => ({ 'x-site-id': t.id, 'x-user-id': 'someone' });

  beforeAll(async () => {
    h = await createHarness(dialect);
    owner = await h.tenant({ limits: { credits: 100, lead_evaluations: 10 } });
    intruder = await h.tenant({ limits: { credits: 100, lead_evaluations: 10 } });
    const echo = await (await h.request('POST', '/v1/jobs', { key: owner.key, body: { type: 'echo', input: { items: 2 } } })).json();
    const lead = await (await h.request('POST', '/api/ops/leads', { key: owner.key, headers: site(owner), body: { name: 'Private lead', notes: 'original' } })).json();
    const evaluation = await (await h.request('POST', `/api/ops/leads/${lead.data.id}/ai-evaluation`, { key: owner.key, headers: site(owner), body: {} })).json();
    // The intruder has a lead of its own with the same id shape, to mix ids across tenants too.
    await h.request('POST', '/api/ops/leads', { key: intruder.key, headers: site(intruder), body: { name: 'Own lead' } });
    await h.request('PUT', '/api/catalog/products', { key: owner.key, body: { products: [{ id: 'p1', title: 'A shirt', attributes: { color: 'blue' } }] } });
    const catalog = await (await h.request('POST', '/api/jobs', { key: owner.key, body: { sourceScope: 'products', productIds: ['p1'], attributes: ['title'], language: 'en' } })).json();
    // A public address given as an IP: no DNS lookup, and no dispatcher runs here to deliver to it.
    const endpoint = await (await h.request('POST', '/v1/webhook-endpoints', { key: owner.key, body: { url: 'https://93.184.216.34/hook', events: ['job.completed'] } })).json();
    await h.request('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, { key: owner.key });
    const deliveries = await (await h.request('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, { key: owner.key })).json();
    const key = await h.tollgate.deps.store.db.selectFrom('api_keys').select('id').where('tenant_id', '=', owner.id).executeTakeFirstOrThrow();
    resources = {
      echoJob: echo.job?.id,
      lead: lead.data?.id,
      evaluationJob: evaluation.data?.job_id,
      catalogJob: catalog.jobId,
      key: key.id,
      endpoint: endpoint.id,
      delivery: String(deliveries.data?.[0]?.id),
    };
    expect(Object.values(resources).every((id) => typeof id === 'string'), JSON.stringify(resources)).toBe(true);
  });
  afterAll(() => h?.close());

  /** Everything the owner has, to show that the intruder changed nothing. */
  const snapshot = async () => {
    const db = h.tollgate.deps.store.db;
    return {
      jobs: await db.selectFrom('jobs').select(['id', 'status', 'items_cancelled']).where('tenant_id', '=', owner.id).orderBy('id').execute(),
      usage: await db.selectFrom('usage').select(['tenant_id', 'meter', 'used']).orderBy('tenant_id').orderBy('meter').execute(),
      ledger: await db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      endpoints: await db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute(),
      deliveries: await db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute(),
      events: await db.selectFrom('webhook_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      lead: await (await h.request('GET', `/api/ops/leads/${resources.lead}`, { key: owner.key, headers: site(owner) })).json(),
    };
  };

  const read = async (response: Response) => {
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      await response.body?.cancel();
      return { stream: true };
    }
    return (await response.json()) as Record<string, unknown>;
  };

  it('every /v1 route with an id answers 404 not_found, also when the intruder names the owner in X-Tenant-Id', async () => {
    const openapi = await (await h.request('GET', '/openapi.json')).json();
    // The document also holds the seed families (their isolation is test/catalog's and test/lead-evaluation's) and /docs.
    const v1 = Object.entries(openapi.paths as Record<string, Record<string, { tags?: string[] }>>).filter(([path]) => path.startsWith('/v1/'));
    const routes = v1.flatMap(([path, methods]) =>
      Object.entries(methods)
        // Admin routes, job types (the same for every tenant) and worker routes (no tenant key gets in) hold no tenant's data.
        .filter(([, op]) => !op.tags?.some((tag) => ['admin', 'job types', 'workers'].includes(tag)))
        .map(([method]) => ({ method: method.toUpperCase(), path })),
    );
    const withIds = routes.filter((r) => r.path.includes('{'));
    expect(withIds.filter((r) => !V1_PARAMS[r.path]).map((r) => `${r.method} ${r.path}`), 'routes with an id but no fixture here').toEqual([]);
    expect(withIds.length).toBeGreaterThanOrEqual(4);

    const before = await snapshot();
    for (const route of withIds) {
      const path = fill(route.path, V1_PARAMS[route.path]!(resources));
      for (const headers of [{}, { 'x-tenant-id': owner.id }] as Record<string, string>[]) {
        const response = await h.request(route.method, path, { key: intruder.key, headers });
        const body = await read(response);
        expect({ route: `${route.method} ${path}`, headers, status: response.status, code: body.code }).toEqual({ route: `${route.method} ${path}`, headers, status: 404, code: 'not_found' });
      }
    }
    // Routes without an id act for the caller's own tenant: naming another is a 404 too.
    for (const route of routes.filter((r) => !r.path.includes('{') && r.method === 'GET')) {
      const response = await h.request('GET', route.path, { key: intruder.key, headers: { 'x-tenant-id': owner.id } });
      const body = await read(response);
      expect({ route: route.path, status: response.status, code: body.code }).toEqual({ route: route.path, status: 404, code: 'not_found' });
    }
    expect(await snapshot()).toEqual(before);

    // The fixtures are real: the owner reaches each of them.
    for (const route of withIds.filter((r) => r.method === 'GET')) {
      const response = await h.request('GET', fill(route.path, V1_PARAMS[route.path]!(resources)), { key: owner.key });
      await read(response);
      expect({ route: route.path, status: response.status }).toEqual({ route: route.path, status: 200 });
    }
  });

  it('every seed route with an id answers 404 in the seed envelope, whichever site the intruder names', async () => {
    const before = await snapshot();
    const notBuilt: string[] = [];
    for (const route of API_ROUTES) {
      const path = fill(route.path, route.params(resources));
      const label = `${route.method} ${route.path}`;
      const attempts = [
        { ...site(intruder) },
        { ...site(owner) },
        { ...site(intruder), 'x-tenant-id': owner.id },
      ];
      const answers = [];
      for (const headers of attempts) {
        const response = await h.request(route.method, path, { key: intruder.key, headers, ...(route.body ? { body: route.body } : {}) });
        answers.push({ status: response.status, body: await read(response) });
      }
      // A route that does not exist yet answers "No route" to everybody, its owner included: reported,
      // not failed. The owner reads (GET the resource) rather than repeat a POST that would change it.
      const ownerView = await h.request('GET', path.replace(/\/(apply|cancel)$/, ''), { key: owner.key, headers: site(owner) });
      const ownerBody = await read(ownerView);
      if (ownerView.status === 404 && String(ownerBody.message ?? '').startsWith('No route')) {
        notBuilt.push(label);
        continue;
      }
      for (const [i, answer] of answers.entries()) {
        expect({ route: label, attempt: i, status: answer.status, hasError: typeof answer.body.error === 'string' }).toEqual({ route: label, attempt: i, status: 404, hasError: true });
        expect(JSON.stringify(answer.body)).not.toContain('Private lead');
      }
    }
    if (notBuilt.length > 0) console.warn(`seed routes not built yet, skipped: ${notBuilt.join(', ')}`);
    expect(await snapshot()).toEqual(before);
  });

  it('an admin key acting for the intruder sees no more than the intruder', async () => {
    const response = await h.request('GET', `/v1/jobs/${resources.echoJob}`, { key: ADMIN_KEY, headers: { 'x-tenant-id': intruder.id } });
    expect(response.status).toBe(404);
    const lead = await h.request('GET', `/api/ops/leads/${resources.lead}`, { key: ADMIN_KEY, headers: site(intruder) });
    expect(lead.status).toBe(404);
  });
});
