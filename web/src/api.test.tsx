import { describe, expect, it } from 'vitest';
import { ApiError, createApi, withQuery } from './api.js';
import { json, problem, fakeFetch } from './test/fake-server.js';

const api = createApi({ key: 'tg_x', tenantId: 'acme' });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('api client', () => {
  it('sends the bearer key and the tenant an admin acts for', async () => {
    const { calls } = fakeFetch({ 'POST /v1/jobs': () => json({ ok: true }, 201) });
    await api.post('/v1/jobs', { type: 'echo', input: {} });
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tg_x');
    expect(calls[0]?.headers.get('X-Tenant-Id')).toBe('acme');
    expect(calls[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(calls[0]?.body).toEqual({ type: 'echo', input: {} });
  });

  it('reads RFC 9457 problems: code, detail, extras and field errors', async () => {
    fakeFetch({
      'POST /v1/jobs': () =>
        problem(400, 'validation_failed', 'The request body is invalid', { errors: [{ path: '/input/text', message: 'Required' }] }),
      'GET /v1/usage': () => problem(429, 'quota_exceeded', 'Monthly quota reached', { used: 20, limit: 20 }),
    });
    const invalid = await failure(api.post('/v1/jobs', {}));
    expect(invalid.code).toBe('validation_failed');
    expect(invalid.message).toBe('The request body is invalid');
    expect(invalid.requestId).toBe('req_test');
    expect(invalid.fieldErrors()).toEqual({ 'input/text': 'Required' });

    const quota = await failure(api.get('/v1/usage'));
    expect(quota.is('quota_exceeded')).toBe(true);
    expect(quota.number('limit')).toBe(20);
  });

  it('reads both seed envelopes', async () => {
    fakeFetch({
      'POST /api/jobs': () => json({ error: 'Validation failed', code: 'VALIDATION_ERROR', message: 'At least one attribute must be selected', field: 'attributes' }, 400),
      'GET /api/ops/leads': () => json({ success: false, error: 'QuotaExceeded', message: 'Monthly evaluation limit (20) reached for this site.' }, 429),
    });
    const seed004 = await failure(api.post('/api/jobs', {}));
    expect(seed004.code).toBe('VALIDATION_ERROR');
    expect(seed004.fieldErrors()).toEqual({ attributes: 'At least one attribute must be selected' });
    const seed000 = await failure(api.get('/api/ops/leads'));
    expect(seed000.code).toBe('QuotaExceeded');
    expect(seed000.message).toBe('Monthly evaluation limit (20) reached for this site.');
  });

  it('turns an unreachable server into a network_error and a 204 into undefined', async () => {
    fakeFetch({ 'DELETE /v1/keys/:id': () => ({ status: 204 }) });
    await expect(api.delete('/v1/keys/key_1')).resolves.toBeUndefined();
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const offline = await failure(api.get('/v1/me'));
    expect(offline.code).toBe('network_error');
    expect(offline.status).toBe(0);
  });

  it('puts the key in the query only for event streams', () => {
    expect(api.eventsUrl('/v1/events')).toBe('/v1/events?access_token=tg_x&tenant_id=acme');
    expect(withQuery('/v1/jobs', { status: '', limit: 25, cursor: null })).toBe('/v1/jobs?limit=25');
  });
});
