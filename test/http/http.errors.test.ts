import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, IDEMPOTENCY_TTL_MS } from '../../src/core/admission.js';
import { expectProblem, postEcho } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

const BODY_LIMIT = 1024;

/** The `errors[].path` of a validation problem. */
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

describe.each(DIALECTS)('every /v1 error is a problem document (%s)', (dialect) => {
  let h: Harness;
  let tenant: { id: string; key: string };
  let stranger: { id: string; key: string };
  let jobId: string;

  beforeAll(async () => {
    h = await createHarness(dialect, { env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
    tenant = await h.tenant({ limits: { credits: 5 } });
    stranger = await h.tenant({ limits: { credits: 5 } });
    const created = await postEcho(h, stranger.key, { items: 2, subject: 'lead_1' });
    jobId = (await created.json()).job.id;
  });
  afterAll(() => h?.close());

  describe('401 unauthorized', () => {
    it('without an Authorization header', async () => {
      const response = await h.request('GET', '/v1/jobs');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      await expectProblem(response, 401, 'unauthorized');
    });

    it('with a key nobody issued, or not a bearer token', async () => {
      await expectProblem(await h.request('GET', '/v1/jobs', { key: 'tg_notAKeyAnybodyIssued0000000000' }), 401, 'unauthorized');
      await expectProblem(await h.request('GET', '/v1/jobs', { headers: { authorization: `Basic ${tenant.key}` } }), 401, 'unauthorized');
    });

    it('with a revoked key', async () => {
      const created = await (await h.request('POST', `/v1/tenants/${tenant.id}/keys`, { key: ADMIN_KEY, body: {} })).json();
      expect((await h.request('GET', '/v1/jobs', { key: created.key })).status).toBe(200);
      expect((await h.request('DELETE', `/v1/keys/${created.id}`, { key: ADMIN_KEY })).status).toBe(204);
      await expectProblem(await h.request('GET', '/v1/jobs', { key: created.key }), 401, 'unauthorized');
    });
  });

  it('403 forbidden: a tenant key on admin routes', async () => {
    await expectProblem(await h.request('GET', '/v1/tenants', { key: tenant.key }), 403, 'forbidden');
    await expectProblem(await h.request('POST', '/v1/tenants', { key: tenant.key, body: { name: 'x' } }), 403, 'forbidden');
    await expectProblem(await h.request('PATCH', `/v1/tenants/${tenant.id}`, { key: tenant.key, body: { limits: { credits: 1000 } } }), 403, 'forbidden');
    await expectProblem(await h.request('POST', `/v1/tenants/${tenant.id}/keys`, { key: tenant.key, body: {} }), 403, 'forbidden');
    await expectProblem(await h.request('DELETE', '/v1/keys/key_x', { key: tenant.key }), 403, 'forbidden');
  });

  it("404 not_found: another tenant's job, its items, its cancel; an unknown route", async () => {
    await expectProblem(await h.request('GET', `/v1/jobs/${jobId}`, { key: tenant.key }), 404, 'not_found');
    await expectProblem(await h.request('GET', `/v1/jobs/${jobId}/items`, { key: tenant.key }), 404, 'not_found');
    await expectProblem(await h.request('POST', `/v1/jobs/${jobId}/cancel`, { key: tenant.key }), 404, 'not_found');
    await expectProblem(await h.request('GET', '/v1/nothing-here', { key: tenant.key }), 404, 'not_found');
    await expectProblem(await h.request('GET', '/v1/tenants/no-such-tenant', { key: ADMIN_KEY }), 404, 'not_found');
  });

  describe('400 validation_failed with errors[].path', () => {
    it('for wrongly typed fields', async () => {
      const notAString = await expectProblem(await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 5, input: {} } }), 400, 'validation_failed');
      expect(paths(notAString)).toContain('type');
      const badInput = await expectProblem(await postEcho(h, tenant.key, { items: 'three', extra: true }), 400, 'validation_failed');
      expect(paths(badInput)).toContain('input.items');
      const notAnObject = await expectProblem(await h.request('POST', '/v1/jobs', { key: tenant.key, body: [1, 2] }), 400, 'validation_failed');
      expect(notAnObject.errors.length).toBeGreaterThan(0);
      const badLimits = await expectProblem(await h.request('PATCH', `/v1/tenants/${tenant.id}`, { key: ADMIN_KEY, body: { limits: { credits: -1 } } }), 400, 'validation_failed');
      expect(paths(badLimits)).toContain('limits.credits');
    });

    it('for an unknown job type', async () => {
      const body = await expectProblem(await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'no_such_type', input: {} } }), 400, 'validation_failed');
      expect(paths(body)).toEqual(['type']);
    });

    it('for limit=0, limit=101 and a cursor the API did not issue', async () => {
      for (const path of ['/v1/jobs?limit=0', '/v1/jobs?limit=101', `/v1/jobs/${jobId}/items?limit=0`, '/v1/usage/history?limit=101']) {
        const body = await expectProblem(await h.request('GET', path, { key: stranger.key }), 400, 'validation_failed');
        expect(paths(body)).toEqual(['query.limit']);
      }
      for (const path of ['/v1/jobs?cursor=garbage', `/v1/jobs/${jobId}/items?cursor=garbage`, '/v1/usage/history?cursor=WzEsMl0', `/v1/tenants?cursor=${'x'.repeat(20)}`]) {
        const body = await expectProblem(await h.request('GET', path, { key: path.startsWith('/v1/tenants') ? ADMIN_KEY : stranger.key }), 400, 'validation_failed');
        expect(paths(body)).toEqual(['cursor']);
      }
    });

    it('for an admin key that does not name a tenant', async () => {
      const body = await expectProblem(await h.request('GET', '/v1/jobs', { key: ADMIN_KEY }), 400, 'validation_failed');
      expect(paths(body)).toEqual(['X-Tenant-Id']);
    });
  });

  it('400 malformed_json', async () => {
    await expectProblem(await h.request('POST', '/v1/jobs', { key: tenant.key, body: '{"type": "echo", ' }), 400, 'malformed_json');
    await expectProblem(await h.request('POST', '/v1/tenants', { key: ADMIN_KEY, body: 'not json' }), 400, 'malformed_json');
  });

  it('415 unsupported_media_type for a body that is not declared as JSON', async () => {
    const response = await h.request('POST', '/v1/jobs', { key: tenant.key, body: JSON.stringify({ type: 'echo', input: {} }), headers: { 'content-type': 'text/plain' } });
    await expectProblem(response, 415, 'unsupported_media_type');
  });

  it('413 payload_too_large above BODY_LIMIT_BYTES, in-process and over HTTP', async () => {
    const big = { type: 'echo', input: { message: 'x'.repeat(BODY_LIMIT) } };
    await expectProblem(await h.request('POST', '/v1/jobs', { key: tenant.key, body: big }), 413, 'payload_too_large');
    const url = await h.listen();
    const overHttp = await fetch(`${url}/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' }, body: JSON.stringify(big) });
    await expectProblem(overHttp, 413, 'payload_too_large');
  });

  it('402 insufficient_credits with required and remaining', async () => {
    const body = await expectProblem(await postEcho(h, stranger.key, { items: 4 }), 402, 'insufficient_credits');
    expect(body).toMatchObject({ required: 4, remaining: 3, used: 2, limit: 5, meter: 'credits' });
  });

  it('409 job_already_active naming the job', async () => {
    expect(await expectProblem(await postEcho(h, stranger.key, { subject: 'lead_1' }), 409, 'job_already_active')).toMatchObject({ job_id: jobId });
  });

  it('409 job_not_cancellable', async () => {
    const { job } = await (await postEcho(h, tenant.key, { subject: 'to_cancel' })).json();
    expect((await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key })).status).toBe(200);
    await expectProblem(await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key }), 409, 'job_not_cancellable');
  });

  it('409 conflict on a duplicate tenant id', async () => {
    await expectProblem(await h.request('POST', '/v1/tenants', { key: ADMIN_KEY, body: { id: tenant.id, name: 'again' } }), 409, 'conflict');
  });

  it('422 idempotency_key_reused and 409 request_in_flight', async () => {
    expect((await postEcho(h, tenant.key, {}, { 'idempotency-key': 'errors-1' })).status).toBe(201);
    await expectProblem(await postEcho(h, tenant.key, { items: 2 }, { 'idempotency-key': 'errors-1' }), 422, 'idempotency_key_reused');

    const now = h.clock.now();
    await h.tollgate.deps.store.db
      .insertInto('idempotency_keys')
      .values({
        tenant_id: tenant.id,
        key: 'errors-2',
        request_hash: fingerprint('echo', { route: 'POST /v1/jobs', body: { type: 'echo', input: {} } }),
        status: 'in_flight',
        lock_token: 'elsewhere',
        locked_until: now + 60_000,
        job_id: null,
        response_status: null,
        response_body: null,
        created_at: now,
        expires_at: now + IDEMPOTENCY_TTL_MS,
      })
      .execute();
    await expectProblem(await postEcho(h, tenant.key, {}, { 'idempotency-key': 'errors-2' }), 409, 'request_in_flight');
  });

  it('never answers 5xx to arbitrary JSON as the body or as the input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue().map((body) => ({ body })), fc.jsonValue().map((input) => ({ body: { type: 'echo', input } }))), async ({ body }) => {
        const response = await h.request('POST', '/v1/jobs', { key: stranger.key, body: JSON.stringify(body) });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers.get('content-type')).toBe('application/problem+json');
        await response.body?.cancel();
      }),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx to arbitrary bytes, declared as JSON or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 2 * BODY_LIMIT, unit: 'binary' }), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (text, contentType) => {
        const response = await h.request('POST', '/v1/jobs', { key: stranger.key, body: text, headers: { 'content-type': contentType } });
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toMatch(/^application\/(problem\+)?json/);
        await response.body?.cancel();
      }),
      { numRuns: 150 },
    );
  });
});

describe.each(DIALECTS)('errors that need their own configuration (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('429 quota_exceeded on a quota meter, with Retry-After', async () => {
    h = await createHarness(dialect, { env: { TOLLGATE_METERS: JSON.stringify({ credits: 'quota' }) } });
    const tenant = await h.tenant({ limits: { credits: 0 } });
    const response = await postEcho(h, tenant.key);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await expectProblem(response, 429, 'quota_exceeded')).toMatchObject({ required: 1, remaining: 0, meter: 'credits' });
  });

  it('429 too_many_requests after too many failed authentications', async () => {
    h = await createHarness(dialect, { env: { AUTH_FAILURES_PER_MINUTE: '3' } });
    const tenant = await h.tenant();
    for (let i = 0; i < 3; i++) await expectProblem(await h.request('GET', '/v1/me', { key: 'tg_wrong' }), 401, 'unauthorized');
    const blocked = await h.request('GET', '/v1/me', { key: 'tg_wrong' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectProblem(blocked, 429, 'too_many_requests');
    // Only failures are throttled: a valid key from the same address still gets in.
    expect((await h.request('GET', '/v1/me', { key: tenant.key })).status).toBe(200);
  });
});
