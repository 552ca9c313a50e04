import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { fixedClock } from '../../src/core/clock.js';
import { expectProblem, postEcho } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { until } from '../support/until.js';

/** The HTTP details a client developer meets: links, methods, streams that end, refusal headers. */
describe.each(DIALECTS)('HTTP details (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h?.close());

  it('pages lists with a Link rel="next" beside next_cursor, keeping the query, and none on the last page', async () => {
    const t = await h.tenant({ limits: { credits: 100 } });
    for (let i = 0; i < 3; i++) expect((await postEcho(h, t.key)).status).toBe(201);
    const first = await h.request('GET', '/v1/jobs?limit=2&type=echo', { key: t.key });
    const body = await first.json();
    expect(body.next_cursor).toEqual(expect.any(String));
    expect(first.headers.get('link')).toBe(`</v1/jobs?limit=2&type=echo&cursor=${encodeURIComponent(body.next_cursor)}>; rel="next"`);
    const next = first.headers.get('link')!.match(/^<([^>]+)>/)![1]!;
    const last = await h.request('GET', next, { key: t.key });
    expect((await last.json()).data).toHaveLength(1);
    expect(last.headers.get('link')).toBeNull();
  });

  it('answers a wrong method on a known path 405 with Allow, in the path\'s family; an unknown path stays 404', async () => {
    const t = await h.tenant();
    const wrong = await h.request('DELETE', '/v1/jobs', { key: t.key });
    const problem = await expectProblem(wrong, 405, 'method_not_allowed');
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(problem.allow).toBe('GET, HEAD, POST');
    expect((await h.request('PUT', '/v1/jobs/job_x/cancel', { key: t.key, body: {} })).headers.get('allow')).toBe('POST');
    const seed = await h.request('DELETE', '/api/credits', { key: t.key });
    expect(seed.status).toBe(405);
    expect(seed.headers.get('allow')).toBe('GET, HEAD');
    expect(await seed.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    await expectProblem(await h.request('GET', '/v1/nothing', { key: t.key }), 404, 'not_found');
  });

  it("answers a reconnect to a finished job's stream with 204 once the client has its last event, so EventSource stops", async () => {
    const t = await h.tenant({ limits: { credits: 10 } });
    const job = (await (await postEcho(h, t.key)).json()).job;
    expect((await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: t.key })).status).toBe(200);
    const stream = await h.request('GET', `/v1/jobs/${job.id}/events`, { key: t.key });
    expect(stream.status).toBe(200);
    const text = await stream.text();
    const id = text.match(/^id: (.+)$/m)![1]!;
    expect(text).toContain('"status":"cancelled"');
    const again = await h.request('GET', `/v1/jobs/${job.id}/events`, { key: t.key, headers: { 'last-event-id': id } });
    expect(again.status).toBe(204);
    expect(await again.text()).toBe('');
    // A client that missed the last event gets it, then the stream ends again.
    const behind = await h.request('GET', `/v1/jobs/${job.id}/events`, { key: t.key, headers: { 'last-event-id': `${job.id}:0` } });
    expect(behind.status).toBe(200);
    expect(await behind.text()).toContain(`id: ${id}`);
  });

  it('lets an EventSource on a finished job stop after one reconnect: the job once, then 204 and CLOSED', async () => {
    const base = await h.listen();
    const t = await h.tenant({ limits: { credits: 10 } });
    const job = (await (await postEcho(h, t.key)).json()).job;
    await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: t.key });
    let connections = 0;
    const received: string[] = [];
    const source = new EventSource(`${base}/v1/jobs/${job.id}/events?access_token=${t.key}`, {
      fetch: (input, init) => {
        connections++;
        return fetch(input, init);
      },
    });
    source.addEventListener('job', (event) => received.push(JSON.parse(event.data).status));
    try {
      await until(async () => source.readyState, (state) => state === EventSource.CLOSED, 20_000, 'the EventSource to close');
    } finally {
      source.close();
    }
    expect(received).toEqual(['cancelled']);
    expect(connections).toBe(2);
  });

  it('sends Retry-After with the catalog\'s 402, and RateLimit headers with a successful admission', async () => {
    const t = await h.tenant({ limits: { credits: 1 } });
    await h.request('PUT', '/api/catalog/products', { key: t.key, body: { products: [{ id: 'p1', title: 'A product' }, { id: 'p2', title: 'Another' }] } });
    const refused = await h.request('POST', '/api/jobs', { key: t.key, body: { sourceScope: 'products', productIds: ['p1', 'p2'], attributes: ['title'], language: 'en' } });
    expect(refused.status).toBe(402);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const admitted = await postEcho(h, (await h.tenant({ limits: { credits: 5 } })).key);
    expect(admitted.headers.get('ratelimit')).toMatch(/^"credits";r=4;t=\d+$/);
    expect(admitted.headers.get('ratelimit-policy')).toMatch(/^"credits";q=5;w=\d+$/);
  });

  it('replays an admission over real HTTP as it first answered: status, body, Location, RateLimit and the security headers', async () => {
    const base = await h.listen();
    const t = await h.tenant({ limits: { credits: 10 } });
    const post = () =>
      fetch(`${base}/v1/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': '"order 42"' },
        body: JSON.stringify({ type: 'echo', input: { items: 2 } }),
      });
    const first = await post();
    (h.clock as ReturnType<typeof fixedClock>).advance(5_000);
    const replay = await post();
    expect([first.status, replay.status]).toEqual([201, 201]);
    expect(await replay.text()).toBe(await first.text());
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    for (const name of ['location', 'ratelimit', 'ratelimit-policy', 'content-type', 'strict-transport-security', 'x-content-type-options', 'content-security-policy']) {
      expect(replay.headers.get(name), name).toBe(first.headers.get(name));
      expect(first.headers.get(name), name).not.toBeNull();
    }
    expect(replay.headers.get('x-request-id')).toEqual(expect.any(String));
    expect(replay.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it("tells the truth in /metrics' help text: tollgate_refusals_total is labelled by code only", async () => {
    const text = await (await h.request('GET', '/metrics', { key: ADMIN_KEY })).text();
    expect(text).toContain('# HELP tollgate_refusals_total Admissions refused, by code\n');
    for (const line of text.split('\n').filter((l) => l.startsWith('tollgate_refusals_total{'))) expect(line).toMatch(/^tollgate_refusals_total\{code="[a-z_]+"\} \d+$/);
  });
});
