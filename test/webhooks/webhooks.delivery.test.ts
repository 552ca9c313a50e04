import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';
import { until } from '../support/until.js';
import { createLead } from '../lead-evaluation/support.js';
import { putProducts, products } from '../catalog/support.js';
import { startReceiver } from './receiver.js';

// Short retries and a fast poll: the schedule's shape is the production one, its delays are not.
const ENV = { WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_MS: '20', WEBHOOK_RETRY_SCHEDULE_MS: '0,20,20,20,20', WORKER_POLL_MS: '20' };

describe.each(DIALECTS)('webhook delivery (%s)', (dialect) => {
  let h: Harness;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await h?.close();
    for (const close of closers.splice(0)) await close();
  });

  const setUp = async (env: Record<string, string> = {}) => {
    h = await createHarness(dialect, { env: { ...ENV, ...env }, clock: systemClock });
  };
  const receiver = async (answer?: Parameters<typeof startReceiver>[0]) => {
    const r = await startReceiver(answer);
    closers.push(r.close);
    return r;
  };
  const subscribe = async (key: string, url: string, events: string[], headers: Record<string, string> = {}) => {
    const r = await h.request('POST', '/v1/webhook-endpoints', { key, headers, body: { url, events } });
    expect(r.status).toBe(201);
    return (await r.json()) as { id: string; secret: string };
  };
  const deliveries = async (key: string, endpointId: string) => (await (await h.request('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`, { key })).json()).data;

  it('sends job.completed for an echo job, a lead evaluation and a catalog job, each body the job as GET /v1/jobs/{id} renders it, signed', async () => {
    await setUp();
    const t = await h.tenant({ id: 'site_a', limits: { credits: 100, lead_evaluations: 10 } });
    const r = await receiver();
    const endpoint = await subscribe(t.key, r.url, ['job.completed']);
    r.trust(endpoint.secret);
    h.tollgate.startWorkers();

    const echo = (await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 2 } } })).json()).job.id;
    const lead = await createLead(h, { id: t.id, key: t.key } as never);
    const evaluation = (await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'lead_evaluation', input: { lead_id: lead.id } } })).json()).job.id;
    await putProducts(h, t.key, products(2));
    const catalog = (
      await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'catalog_optimization', input: { sourceScope: 'products', productIds: ['p1', 'p2'], attributes: ['title'], language: 'en' } } })).json()
    ).job.id;

    await until(async () => r.received.length, (n) => n >= 3, 30_000, 'three deliveries');
    for (const jobId of [echo, evaluation, catalog]) {
      const got = r.received.filter((x) => x.body.data.id === jobId);
      expect(got).toHaveLength(1);
      const [delivery] = got;
      expect(delivery!.verifiedBy).toEqual([endpoint.secret]);
      expect(delivery!.id).toBe(delivery!.body.id);
      expect(delivery!.body.id).toMatch(/^evt_/);
      expect(delivery!.body.type).toBe('job.completed');
      const job = await (await h.request('GET', `/v1/jobs/${jobId}`, { key: t.key })).json();
      expect(delivery!.body.data).toEqual(job);
      expect(job.status).toBe('completed');
    }
    // The receiver answered before the dispatcher recorded it: wait for the record.
    const recorded = await until(
      () => deliveries(t.key, endpoint.id),
      (d: { status: string; attempts: number }[]) => d.every((x) => x.status !== 'pending'),
      20_000,
      'the deliveries recorded',
    );
    expect(recorded.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
      ['delivered', 1],
    ]);
  });

  it('retries a receiver that answers 500 three times, then 200: four attempts with one webhook-id', async () => {
    await setUp();
    const t = await h.tenant({ limits: { credits: 100 } });
    const r = await receiver((n) => (n < 3 ? 500 : 200));
    const endpoint = await subscribe(t.key, r.url, ['job.completed']);
    r.trust(endpoint.secret);
    h.tollgate.startWorkers();
    await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1 } } });

    const [delivery] = await until(() => deliveries(t.key, endpoint.id), (d) => d[0]?.status === 'delivered', 20_000, 'delivered');
    expect(r.received).toHaveLength(4);
    expect(new Set(r.received.map((x) => x.id)).size).toBe(1);
    expect(r.received.every((x) => x.verifiedBy.length === 1)).toBe(true);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 4, last_status_code: 200, event_id: r.received[0]!.id });
  });

  it('gives up after the last attempt of the schedule, and redelivers on request with the same webhook-id', async () => {
    await setUp({ WEBHOOK_RETRY_SCHEDULE_MS: '0,10' });
    const t = await h.tenant({ limits: { credits: 100 } });
    let fail = true;
    const r = await receiver(() => (fail ? 503 : 200));
    const endpoint = await subscribe(t.key, r.url, ['job.completed']);
    h.tollgate.startWorkers();
    await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1 } } });
    const [given] = await until(() => deliveries(t.key, endpoint.id), (d) => d[0]?.status === 'gave_up', 20_000, 'gave up');
    expect(given).toMatchObject({ attempts: 2, last_status_code: 503, next_attempt_at: null });

    fail = false;
    const retry = await h.request('POST', `/v1/webhook-endpoints/${endpoint.id}/deliveries/${given.id}/retry`, { key: t.key });
    expect(retry.status).toBe(202);
    await until(() => deliveries(t.key, endpoint.id), (d) => d[0]?.status === 'delivered', 20_000, 'delivered');
    expect(r.received.map((x) => x.id)).toEqual([given.event_id, given.event_id, given.event_id]);
  });

  it('disables an endpoint that answers 410 Gone, and sends it nothing more', async () => {
    await setUp();
    const t = await h.tenant({ limits: { credits: 100 } });
    const r = await receiver(() => 410);
    const endpoint = await subscribe(t.key, r.url, ['job.completed']);
    h.tollgate.startWorkers();
    await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1 } } });
    const state = await until(
      async () => (await h.request('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: t.key })).json(),
      (e) => e.enabled === false,
      20_000,
      'disabled',
    );
    expect(state.disabled_reason).toMatch(/410/);
    const job = (await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1 } } })).json()).job.id;
    await until(async () => (await (await h.request('GET', `/v1/jobs/${job}`, { key: t.key })).json()).status, (s) => s === 'completed', 20_000, 'completed');
    expect(r.received).toHaveLength(1);
    expect((await deliveries(t.key, endpoint.id)).map((d: { status: string }) => d.status)).toEqual(['failed']);
  });

  it('disables an endpoint failing for longer than WEBHOOK_DISABLE_AFTER_MS without a success', async () => {
    await setUp({ WEBHOOK_DISABLE_AFTER_MS: '1000', WEBHOOK_RETRY_SCHEDULE_MS: Array(200).fill(20).join(',') });
    const t = await h.tenant({ limits: { credits: 100 } });
    const r = await receiver(() => 500);
    const endpoint = await subscribe(t.key, r.url, ['job.completed']);
    h.tollgate.startWorkers();
    await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1 } } });
    const state = await until(
      async () => (await h.request('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: t.key })).json(),
      (e) => e.enabled === false,
      20_000,
      'disabled',
    );
    expect(state.disabled_reason).toMatch(/without a success/);
    expect(state.failing_since).not.toBeNull();
    const [delivery] = await deliveries(t.key, endpoint.id);
    expect(delivery.status).toBe('pending');
    // Enabled again, it starts afresh: its pending delivery goes out.
    r.received.length = 0;
    const again = await h.request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { key: t.key, body: { enabled: true } });
    expect(await again.json()).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
    await until(async () => r.received.length, (n) => n >= 1, 20_000, 'a delivery after enabling');
  });

  it("never sends a tenant's events to another tenant's endpoint", async () => {
    await setUp();
    const a = await h.tenant({ id: 'a', limits: { credits: 100 } });
    const b = await h.tenant({ id: 'b', limits: { credits: 100 } });
    const ra = await receiver();
    const rb = await receiver();
    await subscribe(a.key, ra.url, ['job.completed']);
    await subscribe(b.key, rb.url, ['job.completed']);
    h.tollgate.startWorkers();
    const jobsOf = async (key: string) =>
      Promise.all(Array.from({ length: 5 }, async () => (await (await h.request('POST', '/v1/jobs', { key, body: { type: 'echo', input: { items: 1 } } })).json()).job.id as string));
    const [ja, jb] = await Promise.all([jobsOf(a.key), jobsOf(b.key)]);
    await until(async () => ra.received.length + rb.received.length, (n) => n >= 10, 20_000, 'ten deliveries');
    expect(ra.received.map((x) => x.body.data.id).sort()).toEqual([...ja].sort());
    expect(rb.received.map((x) => x.body.data.id).sort()).toEqual([...jb].sort());
  });

  it('during a rotation both the new and the previous secret verify', async () => {
    await setUp();
    const t = await h.tenant({ limits: { credits: 100 } });
    const r = await receiver();
    const endpoint = await subscribe(t.key, r.url, ['job.completed']);
    const rotated = await (await h.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { key: t.key })).json();
    r.trust(endpoint.secret, rotated.secret);
    h.tollgate.startWorkers();
    await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1 } } });
    await until(async () => r.received.length, (n) => n >= 1, 20_000, 'a delivery');
    expect(r.received[0]!.verifiedBy).toEqual([endpoint.secret, rotated.secret]);
  });

  it('sends job.cancelled from the cancel', async () => {
    await setUp();
    const t = await h.tenant({ limits: { credits: 100 } });
    const r = await receiver();
    await subscribe(t.key, r.url, ['job.cancelled']);
    const job = (await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 3 } } })).json()).job.id;
    expect((await h.request('POST', `/v1/jobs/${job}/cancel`, { key: t.key })).status).toBe(200);
    h.tollgate.startMaintenance();
    await until(async () => r.received.length, (n) => n >= 1, 20_000, 'a delivery');
    expect(r.received[0]!.body).toMatchObject({ type: 'job.cancelled', data: { id: job, status: 'cancelled' } });
  });

  it('sends usage.threshold exactly once for 80 % and once for 100 % when 200 concurrent admissions cross both', async () => {
    await setUp();
    const t = await h.tenant({ limits: { credits: 100 } });
    const r = await receiver();
    await subscribe(t.key, r.url, ['usage.threshold']);
    const base = await h.listen();
    const answers = await hammer(200, () =>
      fetch(`${base}/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'echo', input: { items: 1 } }) }),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(100);
    const events = await h.tollgate.deps.store.db.selectFrom('webhook_events').select(['type', 'payload']).where('type', '=', 'usage.threshold').execute();
    expect(events.map((e) => JSON.parse(e.payload).threshold).sort()).toEqual([100, 80]);
    h.tollgate.startMaintenance();
    await until(async () => r.received.length, (n) => n >= 2, 20_000, 'two deliveries');
    expect(r.received.map((x) => [x.body.data.threshold, x.body.data.meter, x.body.data.limit]).sort()).toEqual([
      [100, 'credits', 100],
      [80, 'credits', 100],
    ]);
    expect(r.received.find((x) => x.body.data.threshold === 80)!.body.data.used).toBeGreaterThanOrEqual(80);
  });
});
