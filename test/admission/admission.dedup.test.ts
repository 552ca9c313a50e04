import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem, fetchJob, jobCount, ledgerSum, postEcho, usedOf } from '../support/admission.js';
import { countBy, createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('dedup by subject (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('admits one of 50 concurrent requests for the same subject; the 49 others get 409 naming that job and cost nothing', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const url = await h.listen();

    const results = await hammer(50, () => fetchJob(url, tenant.key, { type: 'echo', input: { subject: 'lead_1' } }));

    expect(countBy(results, (r) => r.status)).toEqual({ 201: 1, 409: 49 });
    const admitted = results.find((r) => r.status === 201)!.body.job;
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'job_already_active', job_id: admitted.id });
    }
    expect(await jobCount(h, tenant.id)).toBe(1);
    expect(await usedOf(h, tenant.id)).toBe(1);
    expect(await ledgerSum(h, tenant.id)).toBe(1);
    expect((await h.verify()).ok).toBe(true);
  });

  it('reports a duplicate as a duplicate even when the meter is spent', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 1 } });
    const first = await postEcho(h, tenant.key, { subject: 'lead_1' });
    expect(first.status).toBe(201);
    const { job } = await first.json();

    const again = await postEcho(h, tenant.key, { subject: 'lead_1' });
    expect(await expectProblem(again, 409, 'job_already_active')).toMatchObject({ job_id: job.id });
  });

  it('refuses a job with a subject for lack of credits as 402, not as a duplicate of itself', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 0 } });
    const refused = await expectProblem(await postEcho(h, tenant.key, { subject: 'lead_1' }), 402, 'insufficient_credits');
    expect(refused.job_id).toBeUndefined();
    expect(await jobCount(h, tenant.id)).toBe(0);
  });

  it('lets a new job in for the subject once the active one is cancelled, and keeps subjects and tenants apart', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const other = await h.tenant({ limits: { credits: 100 } });

    const first = await (await postEcho(h, tenant.key, { subject: 'lead_1' })).json();
    expect((await postEcho(h, tenant.key, { subject: 'lead_2' })).status).toBe(201);
    expect((await postEcho(h, other.key, { subject: 'lead_1' })).status).toBe(201);
    expect((await postEcho(h, tenant.key, { subject: 'lead_1' })).status).toBe(409);

    expect((await h.request('POST', `/v1/jobs/${first.job.id}/cancel`, { key: tenant.key })).status).toBe(200);
    const second = await postEcho(h, tenant.key, { subject: 'lead_1' });
    expect(second.status).toBe(201);
    expect((await second.json()).job.id).not.toBe(first.job.id);
    // lead_1 (cancelled, refunded), lead_2, lead_1 again.
    expect(await usedOf(h, tenant.id)).toBe(2);
    expect((await h.verify()).ok).toBe(true);
  });
});
