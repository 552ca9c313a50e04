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

// Two transactions that lock a subject and a usage row in opposite orders (a group-committed
// admission or a cancel against a single admission) deadlock; PostgreSQL aborts one of them.
describe.runIf(DIALECTS.includes('postgres'))('dedup when PostgreSQL breaks a deadlock', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('retries the admission that lost the deadlock instead of answering 500', async () => {
    h = await createHarness('postgres');
    const tenant = await h.tenant({ limits: { credits: 10 } });
    expect((await postEcho(h, tenant.key, { subject: 'other' })).status).toBe(201);
    const store = h.tollgate.deps.store;
    if (store.dialect !== 'postgres') throw new Error('postgres only');

    const rival = await store.pool.connect();
    try {
      // The rival takes the subject first…
      await rival.query('BEGIN');
      await rival.query(
        `INSERT INTO jobs (id, tenant_id, type, status, subject, input, cost, meter, period, items_total, max_attempts, created_at, updated_at)
         SELECT 'job_rival', $1, 'echo', 'pending', 'lead_1', '{}', 1, 'credits', period, 1, 5, 0, 0 FROM usage WHERE tenant_id = $1`,
        [tenant.id],
      );
      // …the admission charges the usage row and waits for the subject…
      const { xid } = (await rival.query(`SELECT pg_current_xact_id()::xid::text AS xid`)).rows[0];
      const admission = postEcho(h, tenant.key, { subject: 'lead_1' });
      const waiting = `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype = 'transactionid' AND transactionid::text = $1`;
      await expect.poll(async () => (await rival.query(waiting, [xid])).rows[0].n, { timeout: 5000 }).toBe(1);
      // …and the rival then wants the usage row: a cycle, broken by aborting the admission (it waited first).
      await rival.query('UPDATE usage SET updated_at = updated_at WHERE tenant_id = $1', [tenant.id]);
      await rival.query('ROLLBACK');

      const response = await admission;
      expect(response.status).toBe(201);
      expect((await response.json()).job.subject).toBe('lead_1');
    } finally {
      rival.release();
    }
    expect(await usedOf(h, tenant.id)).toBe(2);
    expect((await h.verify()).ok).toBe(true);
  });
});
