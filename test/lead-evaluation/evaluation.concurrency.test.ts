import { afterEach, describe, expect, it } from 'vitest';
import { jobCount, ledgerSum, usedOf } from '../support/admission.js';
import { countBy, createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';
import { fetchEvaluation, insertLeads, verifyAndClose } from './support.js';

// The seed read the usage row, decided, and wrote: concurrent requests all saw room and all got in.
describe.each(DIALECTS)('ai-evaluation under concurrent requests (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => verifyAndClose(h));

  it('admits exactly 20 of 100 concurrent requests for 100 leads when 20 evaluations are left; the rest get 429', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const leads = await insertLeads(h, t.id, 100);
    const url = await h.listen();

    const results = await hammer(100, (i) => fetchEvaluation(url, t, leads[i]!));

    expect(countBy(results, (r) => r.status)).toEqual({ 201: 20, 429: 80 });
    for (const r of results.filter((r) => r.status === 429)) {
      expect(r.body).toMatchObject({ success: false, error: 'QuotaExceeded', usage: { used: 20, limit: 20, tier: 'free' } });
    }
    const remaining = results.filter((r) => r.status === 201).map((r) => r.body.usage.remaining).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await jobCount(h, t.id)).toBe(20);
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(20);
    expect(await ledgerSum(h, t.id)).toBe(20);
  });

  it('admits exactly one of 30 concurrent requests for one lead; the 29 others get 409 JobAlreadyPending naming it', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const [lead] = await insertLeads(h, t.id, 1);
    const url = await h.listen();

    const results = await hammer(30, (i) => fetchEvaluation(url, t, lead!, i % 2 ? { force_refresh: true } : {}));

    expect(countBy(results, (r) => r.status)).toEqual({ 201: 1, 409: 29 });
    const admitted = results.find((r) => r.status === 201)!.body.data.job_id;
    for (const r of results.filter((r) => r.status === 409)) {
      expect(r.body).toStrictEqual({ success: false, error: 'JobAlreadyPending', message: 'An evaluation is already in progress for this lead', job_id: admitted });
    }
    expect(await jobCount(h, t.id)).toBe(1);
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(1);
  });
});
