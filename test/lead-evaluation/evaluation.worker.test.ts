import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { claimItems } from '../../src/store/claim/index.js';
import { settleItems } from '../../src/store/settle/index.js';
import { usedOf } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { createLead, getJson, ISO, requestEvaluation, strongLead, until, verifyAndClose, type TestSite } from './support.js';

const status = (h: Harness, t: TestSite, leadId: string) => getJson(h, t, `/api/ops/leads/${leadId}/ai-evaluation`).then((r) => r.body.data);
const finished = (d: any) => d.status !== 'pending' && d.status !== 'processing';

describe.each(DIALECTS)('lead evaluation with the local model (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => verifyAndClose(h));

  it('evaluates a lead; status, job result and the lead show the same stored evaluation; a second request is AlreadyEvaluated', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const t = await h.tenant();
    const lead = await createLead(h, t, strongLead(new Date(h.clock.now())));
    const created = (await (await requestEvaluation(h, t, lead.id, {})).json()).data;
    expect(await status(h, t, lead.id)).toMatchObject({ job_id: created.job_id, status: 'pending', evaluation: null });

    h.tollgate.startWorkers();
    const done = await until(() => status(h, t, lead.id), finished);
    const evaluationId = `eval_${created.job_id.slice('job_'.length)}`;
    expect(done).toStrictEqual({
      job_id: created.job_id,
      lead_id: lead.id,
      status: 'completed',
      requested_at: created.requested_at,
      started_at: ISO,
      completed_at: ISO,
      error: null,
      model_version: 'tollgate-local-lead-v1',
      evaluation: {
        evaluation_id: evaluationId,
        score: 100,
        recommendation: 'approve',
        reasons: expect.any(Array),
        risk_flags: [],
        model_version: 'tollgate-local-lead-v1',
      },
    });
    expect(done.evaluation.reasons).toHaveLength(6);
    for (const reason of done.evaluation.reasons) expect(Object.keys(reason).sort()).toEqual(['fields', 'text']);
    expect(done.evaluation.reasons[0]).toEqual({ text: 'Monthly income $6,000 is 3.0× the desired rent $2,000 (3× or more)', fields: ['monthly_income', 'desired_rent'] });

    const job = await (await h.request('GET', `/v1/jobs/${created.job_id}`, { key: t.key })).json();
    expect(job.result).toStrictEqual(done.evaluation);
    expect((await getJson(h, t, `/api/ops/leads/${lead.id}`)).body.data.latest_evaluation).toStrictEqual({
      job_id: created.job_id,
      status: 'completed',
      evaluation: done.evaluation,
    });

    const again = await requestEvaluation(h, t, lead.id, {});
    expect(again.status).toBe(409);
    expect(await again.json()).toStrictEqual({
      success: false,
      error: 'AlreadyEvaluated',
      message: 'Lead already evaluated. Use force_refresh=true to re-evaluate.',
      evaluation_id: evaluationId,
    });
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(1);
  });

  it('re-evaluates with force_refresh after a completion: 201, a second evaluation, both charged', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    h.tollgate.startWorkers();
    const t = await h.tenant();
    const lead = await createLead(h, t, strongLead(new Date(h.clock.now())));
    const first = (await (await requestEvaluation(h, t, lead.id)).json()).data;
    const one = await until(() => status(h, t, lead.id), finished);
    expect(one.status).toBe('completed');

    // The lead changed since: the income no longer covers the rent twice.
    await h.request('PATCH', `/api/ops/leads/${lead.id}`, { key: t.key, headers: { 'X-Site-Id': t.id, 'X-User-Id': 'u' }, body: { monthly_income: 3000 } });
    const refreshed = await requestEvaluation(h, t, lead.id, { force_refresh: true });
    expect(refreshed.status).toBe(201);
    const second = (await refreshed.json()).data;
    expect(second.job_id).not.toBe(first.job_id);
    const two = await until(() => status(h, t, lead.id), (d) => d.job_id === second.job_id && finished(d));
    expect(two.evaluation.evaluation_id).not.toBe(one.evaluation.evaluation_id);
    expect(two.evaluation).toMatchObject({ score: 60, recommendation: 'review', risk_flags: ['income_below_2x_rent'] });
    // The first stays readable by its job id.
    expect((await getJson(h, t, `/api/ops/leads/${lead.id}/ai-evaluation/${first.job_id}`)).body.data.evaluation).toStrictEqual(one.evaluation);

    const rows = await (h.tollgate.deps.store.db as any).selectFrom('evaluations').selectAll().where('lead_id', '=', lead.id).execute();
    expect(rows).toHaveLength(2);
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(2);
  });

  it('fails a job for good when its lead was deleted meanwhile, and refunds the quota', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const t = await h.tenant();
    const lead = await createLead(h, t);
    const created = (await (await requestEvaluation(h, t, lead.id)).json()).data;
    await (h.tollgate.deps.store.db as any).deleteFrom('leads').where('id', '=', lead.id).execute();

    h.tollgate.startWorkers({ retry: { baseMs: 1, capMs: 5 } });
    const job = await until(
      () => h.request('GET', `/v1/jobs/${created.job_id}`, { key: t.key }).then((r) => r.json()),
      (j) => j.status !== 'pending' && j.status !== 'processing',
    );
    expect(job).toMatchObject({ status: 'failed', error: expect.stringContaining(lead.id) });
    const items = await (await h.request('GET', `/v1/jobs/${created.job_id}/items`, { key: t.key })).json();
    expect(items.data[0].attempts).toBe(1);
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(0);
  });

  it('delivers only the evaluation of the attempt that settled: a fenced-out attempt writes nothing', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const t = await h.tenant();
    const lead = await createLead(h, t, strongLead(new Date(h.clock.now())));
    const created = (await (await requestEvaluation(h, t, lead.id)).json()).data;
    const type = h.tollgate.deps.registry.get('lead_evaluation')!;
    const store = h.tollgate.deps.store;
    const evaluations = () => (store.db as any).selectFrom('evaluations').selectAll().where('job_id', '=', created.job_id).execute();
    const claim = async (worker: string) => {
      const [item] = await claimItems(store, { worker, types: ['lead_evaluation'], now: Date.now(), batch: 1, leaseMs: 1, defaultCap: 100 });
      return item!;
    };
    const run = (item: { id: number; attempts: number }) =>
      type.process!(
        { id: item.id, jobId: created.job_id, tenantId: t.id, type: 'lead_evaluation', seq: 0, input: { lead_id: lead.id, model_version: 'tollgate-local-lead-v1' }, attempt: item.attempts },
        { signal: new AbortController().signal, progress: () => {}, jobInput: {} },
      );
    const outcome = (item: { id: number; attempts: number }, result: unknown) => ({ id: item.id, attempt: item.attempts, status: 'succeeded' as const, result: JSON.stringify(result), error: null, run_at: null });

    // Attempt 1 runs, then its lease runs out before it reports: the reaper returns the item.
    const first = await claim('w1');
    const stale = await run(first);
    expect(await evaluations()).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 5));
    await settleItems(store, 'w1', Date.now(), [{ ...outcome(first, null), status: 'pending', result: null, error: 'lease expired', run_at: 0 }], Date.now());
    // Attempt 2 sees a changed lead and settles; attempt 1's late success is refused and delivers nothing.
    await h.request('PATCH', `/api/ops/leads/${lead.id}`, { key: t.key, headers: { 'X-Site-Id': t.id, 'X-User-Id': 'u' }, body: { monthly_income: 100 } });
    const second = await claim('w2');
    expect(second.attempts).toBe(2);
    const fresh = (await run(second)) as { score: number };
    expect((await settleItems(store, 'w2', Date.now(), [outcome(second, fresh)])).settled).toEqual([second.id]);
    expect((await settleItems(store, 'w1', Date.now(), [outcome(first, stale)])).settled).toEqual([]);

    const rows = await evaluations();
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].score)).toBe(fresh.score);
    expect(fresh.score).not.toBe((stale as { score: number }).score);
    expect((await status(h, t, lead.id)).evaluation).toMatchObject({ score: fresh.score });
  });
});
