import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint, IDEMPOTENCY_TTL_MS } from '../../src/core/admission.js';
import { fixedClock } from '../../src/core/clock.js';
import { expectProblem, fetchJob, jobCount, ledgerSum, postEcho, usedOf } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';

/** What the route fingerprints: the parsed body `{type, input}` under its route. */
const requestHash = (body: { type: string; input: unknown }) => fingerprint(body.type, { route: 'POST /v1/jobs', body });

describe.each(DIALECTS)('idempotency keys (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const holdKey = (tenantId: string, key: string, hash: string, lockedUntil: number) =>
    h.tollgate.deps.store.db
      .insertInto('idempotency_keys')
      .values({
        tenant_id: tenantId,
        key,
        request_hash: hash,
        status: 'in_flight',
        lock_token: 'another-request',
        locked_until: lockedUntil,
        job_id: null,
        response_status: null,
        response_body: null,
        created_at: h.clock.now(),
        expires_at: h.clock.now() + IDEMPOTENCY_TTL_MS,
      })
      .execute();

  it('replays the stored response for the same key and body, without a second job or charge', async () => {
    const clock = fixedClock(Date.now());
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const first = await postEcho(h, tenant.key, { items: 2 }, { 'idempotency-key': 'order-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const body = await first.json();
    // Later, when the estimate has moved on, the replay still answers what the first answer said.
    clock.advance(60_000);

    // Key order does not make a different body.
    const replay = await h.request('POST', '/v1/jobs', { key: tenant.key, body: { input: { items: 2 }, type: 'echo' }, headers: { 'idempotency-key': 'order-1' } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const replayed = await replay.json();
    expect(replayed.job.id).toBe(body.job.id);
    expect(replayed).toEqual(body);
    // The replay is the first answer again: the same Location and RateLimit, and its own request id.
    for (const header of ['content-type', 'location', 'ratelimit', 'ratelimit-policy']) {
      expect([header, replay.headers.get(header)]).toEqual([header, first.headers.get(header)]);
    }
    expect(first.headers.get('location')).toBe(`/v1/jobs/${body.job.id}`);
    expect(first.headers.get('ratelimit')).toMatch(/^"credits";r=8;t=\d+$/);
    expect(replay.headers.get('x-request-id')).toMatch(/.+/);
    expect(replay.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));

    expect(await jobCount(h, tenant.id)).toBe(1);
    expect(await usedOf(h, tenant.id)).toBe(2);
    expect(await ledgerSum(h, tenant.id)).toBe(2);
  });

  it('refuses the same key with a different body (422) and charges nothing', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 10 } });
    expect((await postEcho(h, tenant.key, { items: 1 }, { 'idempotency-key': 'k' })).status).toBe(201);
    await expectProblem(await postEcho(h, tenant.key, { items: 3 }, { 'idempotency-key': 'k' }), 422, 'idempotency_key_reused');
    expect(await jobCount(h, tenant.id)).toBe(1);
    expect(await usedOf(h, tenant.id)).toBe(1);
  });

  it('answers 409 request_in_flight while another request holds the key, and admits nothing', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 10 } });
    await holdKey(tenant.id, 'k', requestHash({ type: 'echo', input: {} }), h.clock.now() + 60_000);

    const response = await postEcho(h, tenant.key, {}, { 'idempotency-key': 'k' });
    await expectProblem(response, 409, 'request_in_flight');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await jobCount(h, tenant.id)).toBe(0);
    expect(await usedOf(h, tenant.id)).toBe(0);
  });

  it('takes over an expired in-flight lock when the body is the same, not when it differs', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 10 } });
    await holdKey(tenant.id, 'same', requestHash({ type: 'echo', input: {} }), h.clock.now() - 1);
    await holdKey(tenant.id, 'different', requestHash({ type: 'echo', input: { items: 5 } }), h.clock.now() - 1);

    const taken = await postEcho(h, tenant.key, {}, { 'idempotency-key': 'same' });
    expect(taken.status).toBe(201);
    const { job } = await taken.json();
    const replay = await postEcho(h, tenant.key, {}, { 'idempotency-key': 'same' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await replay.json()).job.id).toBe(job.id);

    await expectProblem(await postEcho(h, tenant.key, {}, { 'idempotency-key': 'different' }), 422, 'idempotency_key_reused');
    expect(await usedOf(h, tenant.id)).toBe(1);
  });

  it('does not bind the key to a refused admission: a retry after raising the limit is admitted', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 1 } });
    await expectProblem(await postEcho(h, tenant.key, { items: 3 }, { 'idempotency-key': 'k' }), 402, 'insufficient_credits');

    const patched = await h.request('PATCH', `/v1/tenants/${tenant.id}`, { key: ADMIN_KEY, body: { limits: { credits: 5 } } });
    expect(patched.status).toBe(200);
    const retry = await postEcho(h, tenant.key, { items: 3 }, { 'idempotency-key': 'k' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await usedOf(h, tenant.id)).toBe(3);
  });

  it('admits one job for 20 concurrent requests with one key: each answer is 201 with that job or 409 request_in_flight', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const url = await h.listen();

    const results = await hammer(20, () => fetchJob(url, tenant.key, { type: 'echo', input: { items: 2 } }, { 'idempotency-key': 'burst' }));

    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const jobId = created[0]!.body.job.id;
    for (const r of results) {
      if (r.status === 201) expect(r.body.job.id).toBe(jobId);
      else expect(r).toMatchObject({ status: 409, body: { code: 'request_in_flight' } });
    }
    expect(await jobCount(h, tenant.id)).toBe(1);
    expect(await usedOf(h, tenant.id)).toBe(2);
    expect(await ledgerSum(h, tenant.id)).toBe(2);
    expect((await h.verify()).ok).toBe(true);
  });

  it('scopes keys to the tenant and forgets them after 24 hours', async () => {
    const clock = fixedClock('2026-11-10T12:00:00Z');
    h = await createHarness(dialect, { clock });
    const a = await h.tenant({ limits: { credits: 10 } });
    const b = await h.tenant({ limits: { credits: 10 } });
    const first = await (await postEcho(h, a.key, {}, { 'idempotency-key': 'k' })).json();
    const other = await (await postEcho(h, b.key, {}, { 'idempotency-key': 'k' })).json();
    expect(other.job.id).not.toBe(first.job.id);

    clock.advance(IDEMPOTENCY_TTL_MS - 1);
    expect((await postEcho(h, a.key, {}, { 'idempotency-key': 'k' })).headers.get('idempotent-replayed')).toBe('true');
    clock.advance(2);
    const later = await postEcho(h, a.key, {}, { 'idempotency-key': 'k' });
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect((await later.json()).job.id).not.toBe(first.job.id);
    expect(await usedOf(h, a.id)).toBe(2);
  });

  it('rejects an Idempotency-Key that is not 1–255 visible ASCII characters', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const body = await expectProblem(await postEcho(h, tenant.key, {}, { 'idempotency-key': 'x'.repeat(256) }), 400, 'validation_failed');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    expect(await jobCount(h, tenant.id)).toBe(0);
  });

  it('reads the key as an RFC 8941 string: "order 42" is a key, and a bare token is the same key as its quoted form', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const spaced = await postEcho(h, tenant.key, {}, { 'idempotency-key': '"order 42"' });
    expect(spaced.status).toBe(201);
    const bare = await postEcho(h, tenant.key, {}, { 'idempotency-key': 'ik-1' });
    const quoted = await postEcho(h, tenant.key, {}, { 'idempotency-key': '"ik-1"' });
    expect(quoted.headers.get('idempotent-replayed')).toBe('true');
    expect((await quoted.json()).job.id).toBe((await bare.json()).job.id);
    const escaped = await postEcho(h, tenant.key, {}, { 'idempotency-key': '"say \\"hi\\""' });
    expect(escaped.status).toBe(201);
    expect((await postEcho(h, tenant.key, {}, { 'idempotency-key': '"say \\"hi\\""' })).headers.get('idempotent-replayed')).toBe('true');
    for (const malformed of ['"open', '"a"b', '"\\x"', '""']) {
      const body = await expectProblem(await postEcho(h, tenant.key, {}, { 'idempotency-key': malformed }), 400, 'validation_failed');
      expect(body.errors, malformed).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    }
    expect(await jobCount(h, tenant.id)).toBe(3);
  });
});
