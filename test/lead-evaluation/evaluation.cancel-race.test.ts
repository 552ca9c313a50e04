import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { usedOf } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { fetchEvaluation, insertLeads, until, verifyAndClose } from './support.js';

/**
 * A result exists only if it was paid for. Admitting an evaluation and cancelling it at once races
 * the cancel against a worker that is already running it: whichever wins, a lead has an evaluation
 * exactly when its unit stayed charged.
 */
describe.each(DIALECTS)('cancelling evaluations while workers run them (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => verifyAndClose(h));

  it('delivers an evaluation for exactly the units charged, over 40 leads on a quota of 20', async () => {
    h = await createHarness(dialect, { clock: systemClock, env: { WORKERS: '8', WORKER_POLL_MS: '20' } });
    const t = await h.tenant({ tier: 'free' });
    const leads = await insertLeads(h, t.id, 40);
    // Outcomes wait 100 ms before they are settled: the window in which a cancel finds the handler
    // finished but its item not yet settled. Cancels come at once or up to 300 ms later, so some land
    // before the claim, some in that window and some after the job completed.
    h.tollgate.startWorkers({ settleDelayMs: 100 });
    const url = await h.listen();

    const outcomes = await Promise.all(
      leads.map(async (leadId, i) => {
        const admitted = await fetchEvaluation(url, t, leadId);
        if (admitted.status !== 201) return admitted.status;
        const { data } = await admitted.json();
        await new Promise((r) => setTimeout(r, [0, 50, 100, 150, 300][i % 5]));
        const cancelled = await fetch(`${url}/v1/jobs/${data.job_id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${t.key}` } });
        await cancelled.arrayBuffer();
        return cancelled.status;
      }),
    );
    expect(outcomes.every((s) => s === 200 || s === 409 || s === 429)).toBe(true);
    expect(outcomes.filter((s) => s === 200).length).toBeGreaterThan(0);

    const db = h.tollgate.deps.store.db;
    await until(
      () => db.selectFrom('jobs').select('id').where('tenant_id', '=', t.id).where('status', 'in', ['pending', 'processing']).execute(),
      (active) => active.length === 0,
    );

    const evaluated = await Promise.all(
      leads.map(async (leadId) => {
        const response = await fetch(`${url}/api/ops/leads/${leadId}/ai-evaluation`, {
          headers: { authorization: `Bearer ${t.key}`, 'x-site-id': t.id, 'x-user-id': 'u' },
        });
        if (response.status === 404) return false;
        const { data } = await response.json();
        if (data.evaluation !== null) expect(data.status).toBe('completed');
        else expect(data.status).not.toBe('completed');
        return data.evaluation !== null;
      }),
    );
    const charged = await usedOf(h, t.id, undefined, 'lead_evaluations');
    expect(evaluated.filter(Boolean).length).toBe(charged);
    const rows = await (db as any).selectFrom('evaluations').select('id').where('tenant_id', '=', t.id).execute();
    expect(rows.length).toBe(charged);
  });
});
