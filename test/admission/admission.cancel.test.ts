import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem, fetchJob, ledgerEntries, ledgerSum, usedOf } from '../support/admission.js';
import { countBy, createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('cancel (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const admit = async (key: string, items: number) => {
    const response = await h.request('POST', '/v1/jobs', { key, body: { type: 'echo', input: { items } } });
    expect(response.status).toBe(201);
    return (await response.json()).job as { id: string };
  };

  it('cancels a pending job and refunds its whole cost through one refund entry', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admit(tenant.key, 4);
    expect(await usedOf(h, tenant.id)).toBe(4);

    const response = await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: job.id, status: 'cancelled', progress: { items_cancelled: 4, percent: 100 }, estimated_completion: null });

    expect(await usedOf(h, tenant.id)).toBe(0);
    const entries = await ledgerEntries(h, tenant.id);
    expect(entries.map((e) => ({ kind: e.kind, amount: Number(e.amount), job_id: e.job_id }))).toEqual([
      { kind: 'charge', amount: 4, job_id: job.id },
      { kind: 'refund', amount: -4, job_id: job.id },
    ]);
    const items = await (await h.request('GET', `/v1/jobs/${job.id}/items`, { key: tenant.key })).json();
    expect(items.data.map((i: { status: string }) => i.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    // The refunded allowance can be spent again.
    expect((await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'echo', input: { items: 10 } } })).status).toBe(201);
    expect((await h.verify()).ok).toBe(true);
  });

  it('answers 409 job_not_cancellable to a second cancel and refunds nothing more', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const job = await admit(tenant.key, 3);
    expect((await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key })).status).toBe(200);

    const again = await expectProblem(await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key }), 409, 'job_not_cancellable');
    expect(again).toMatchObject({ status: 409, job_status: 'cancelled' });
    expect(await ledgerSum(h, tenant.id)).toBe(0);
    expect((await ledgerEntries(h, tenant.id)).filter((e) => e.kind === 'refund')).toHaveLength(1);
  });

  it("answers 404 for another tenant's job and leaves it pending and charged", async () => {
    h = await createHarness(dialect);
    const owner = await h.tenant({ limits: { credits: 10 } });
    const stranger = await h.tenant({ limits: { credits: 10 } });
    const job = await admit(owner.key, 2);

    await expectProblem(await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: stranger.key }), 404, 'not_found');
    await expectProblem(await h.request('POST', `/v1/jobs/job_doesNotExist0000/cancel`, { key: owner.key }), 404, 'not_found');
    expect((await (await h.request('GET', `/v1/jobs/${job.id}`, { key: owner.key })).json()).status).toBe('pending');
    expect(await usedOf(h, owner.id)).toBe(2);
  });

  it('refunds once when 20 cancels of one job race', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 10 } });
    const url = await h.listen();
    const created = await fetchJob(url, tenant.key, { type: 'echo', input: { items: 5 } });
    const { job } = await created.json();

    const results = await hammer(20, () => fetch(`${url}/v1/jobs/${job.id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${tenant.key}` } }));

    expect(countBy(results, (r) => r.status)).toEqual({ 200: 1, 409: 19 });
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'job_not_cancellable')).toBe(true);
    expect(await usedOf(h, tenant.id)).toBe(0);
    expect((await ledgerEntries(h, tenant.id)).filter((e) => e.kind === 'refund')).toHaveLength(1);
    expect((await h.verify()).ok).toBe(true);
  });
});
