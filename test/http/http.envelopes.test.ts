import { Hono } from 'hono';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/kit.js';
import { echoModule } from '../../src/job-types/echo/index.js';
import { builtInModules } from '../../src/job-types/index.js';
import type { JobTypeModule } from '../../src/job-types/module.js';
import { expectProblem } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

const BODY_LIMIT = 1024;
const big = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT) });

/** Status and JSON body of a response. */
const answer = async (response: Response) => ({ status: response.status, body: await response.json() });

/**
 * Every refusal the app makes (a missing key, a worker key on the wrong route, a body too large, no
 * such route) answers in the family of the path: problem documents on /v1, seed 000's envelope under
 * /api/ops/leads, seed 004's under /api/jobs, /api/catalog and /api/credits, a body both seeds read on
 * the rest of /api.
 */
describe.each(DIALECTS)('refusals answer in the family of the path (%s)', (dialect) => {
  let h: Harness;
  let tenant: { id: string; key: string };
  let worker: string;
  beforeAll(async () => {
    h = await createHarness(dialect, { env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
    tenant = await h.tenant();
    const created = await h.request('POST', '/v1/keys', { key: ADMIN_KEY, body: { role: 'worker', name: 'box', job_types: ['echo'] } });
    worker = (await created.json()).key;
  });
  afterAll(() => h?.close());

  it('401 without a key, with WWW-Authenticate everywhere', async () => {
    const v1 = await h.request('GET', '/v1/jobs');
    expect(v1.headers.get('www-authenticate')).toBe('Bearer');
    await expectProblem(v1, 401, 'unauthorized');
    const message = 'Missing bearer token: send Authorization: Bearer <key>';
    const cases: [string, unknown][] = [
      ['/api/ops/leads', { success: false, error: 'Unauthorized', code: 'UNAUTHORIZED', message }],
      ['/api/jobs', { error: 'Unauthorized', code: 'UNAUTHORIZED', message }],
      ['/api/credits', { error: 'Unauthorized', code: 'UNAUTHORIZED', message }],
      ['/api/nothing', { success: false, error: 'Unauthorized', code: 'UNAUTHORIZED', message }],
    ];
    for (const [path, body] of cases) {
      const response = await h.request('GET', path);
      expect(response.headers.get('www-authenticate'), path).toBe('Bearer');
      expect([path, await answer(response)]).toStrictEqual([path, { status: 401, body }]);
    }
  });

  it('403 for a worker key outside /v1/worker', async () => {
    const message = 'A worker key may only use the /v1/worker routes';
    await expectProblem(await h.request('GET', '/v1/jobs', { key: worker }), 403, 'forbidden');
    expect(await answer(await h.request('GET', '/api/ops/leads', { key: worker }))).toStrictEqual({ status: 403, body: { success: false, error: 'Forbidden', message } });
    expect(await answer(await h.request('GET', '/api/jobs', { key: worker }))).toStrictEqual({ status: 403, body: { error: 'Forbidden', code: 'FORBIDDEN', message } });
  });

  it('404 for a path no route serves', async () => {
    await expectProblem(await h.request('GET', '/v1/nothing', { key: tenant.key }), 404, 'not_found');
    const leads = await h.request('DELETE', '/api/ops/leads/lead_1/notes', { key: tenant.key });
    expect(await answer(leads)).toStrictEqual({ status: 404, body: { success: false, error: 'NotFound', message: 'No route for DELETE /api/ops/leads/lead_1/notes' } });
    const jobs = await h.request('GET', '/api/jobs/job_1/nothing', { key: tenant.key });
    expect(await answer(jobs)).toStrictEqual({ status: 404, body: { error: 'Not found', code: 'NOT_FOUND', message: 'No route for GET /api/jobs/job_1/nothing' } });
    const rest = await h.request('GET', '/api/nothing', { key: tenant.key });
    expect(await answer(rest)).toStrictEqual({ status: 404, body: { success: false, error: 'NotFound', code: 'NOT_FOUND', message: 'No route for GET /api/nothing' } });
    // Outside the API a GET is the dashboard's (a client-side route), anything else a problem.
    await expectProblem(await h.request('POST', '/somewhere', { key: tenant.key }), 404, 'not_found');
  });

  it('413 for a body over the limit', async () => {
    const message = `The request body exceeds ${BODY_LIMIT} bytes`;
    await expectProblem(await h.request('POST', '/v1/jobs', { key: tenant.key, body: big }), 413, 'payload_too_large');
    const leads = await h.request('POST', '/api/ops/leads', { key: tenant.key, body: big, headers: { 'x-site-id': tenant.id, 'x-user-id': 'u' } });
    expect(await answer(leads)).toStrictEqual({ status: 413, body: { success: false, error: 'PayloadTooLarge', message } });
    const jobs = await h.request('POST', '/api/jobs', { key: tenant.key, body: big });
    expect(await answer(jobs)).toStrictEqual({ status: 413, body: { error: 'Payload too large', code: 'PAYLOAD_TOO_LARGE', message } });
  });
});

describe('a module claims its paths for its envelope', () => {
  let h: Harness;
  const logs: { msg: string; err?: { stack?: string }; path?: string }[] = [];
  const boom: JobTypeModule = {
    type: echoModule.type,
    routes: () => {
      const app = new Hono<AppEnv>();
      app.get('/api/boom/now', () => Promise.reject(new Error('kaput')));
      return app;
    },
    api: { prefixes: ['/api/boom'], envelope: { render: (c, { error, status }) => c.json({ oops: error.code }, status as 500) } },
  };
  beforeAll(async () => {
    const logger = pino({ level: 'error' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    h = await createHarness('sqlite', { tollgate: { modules: [boom], logger } });
  });
  afterAll(() => h?.close());

  it('renders a thrown error with the module envelope and logs the 5xx once, with its stack', async () => {
    const t = await h.tenant();
    expect(await answer(await h.request('GET', '/api/boom/now', { key: t.key, unchecked: true }))).toStrictEqual({ status: 500, body: { oops: 'internal_error' } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ msg: 'request failed', path: '/api/boom/now', err: { stack: expect.stringContaining('kaput') } });
    // A refusal on its paths is its envelope's too; client errors are not logged.
    expect(await answer(await h.request('GET', '/api/boom/nothing', { key: t.key }))).toStrictEqual({ status: 404, body: { oops: 'not_found' } });
    expect(await answer(await h.request('GET', '/api/boom/now'))).toStrictEqual({ status: 401, body: { oops: 'unauthorized' } });
    expect(logs).toHaveLength(1);
  });

  it('the built-in modules claim the seed paths', () => {
    const claims = builtInModules({ config: h.config, store: h.tollgate.deps.store, clock: h.clock, logger: pino({ level: 'silent' }), provider: undefined }).flatMap((m) => m.api?.prefixes ?? []);
    expect(claims.sort()).toEqual(['/api/catalog', '/api/credits', '/api/jobs', '/api/ops/leads']);
  });
});
