import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../../src/core/clock.js';
import { defineJobType } from '../../src/core/job-types.js';
import { claimItems } from '../../src/store/claim/index.js';
import { settleItems } from '../../src/store/settle/index.js';
import { usedOf } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

// Jobs of `holds.length` items, each holding its own amount; an excess is charged while it fits.
const metered = defineJobType({
  name: 'metered',
  input: z.object({ hold: z.number().int().min(1), n: z.number().int().min(1) }),
  meter: 'credits',
  settle: 'actual',
  overage: 'charge',
  cost: (input) => input.hold * input.n,
  items: (input) => Array.from({ length: input.n }, () => ({})),
  process: async () => ({ result: null, cost: 0 }),
});

/**
 * A worker's flush settles many items in one transaction, in the order their handlers finished.
 * The holds of a batch are settled the same way on both databases, whatever that order: all of the
 * batch's releases count, and excesses go in item order, each counted with every earlier one.
 */
describe.each(DIALECTS)('holds settled in one batch (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  /** Admits a job for a fresh tenant, claims its items, and settles them in `order` (indexes by seq) with those actual costs. */
  async function settleInOrder(limit: number, hold: number, actuals: number[], order: number[]) {
    h = await createHarness(dialect, { clock: fixedClock('2026-03-10T12:00:00.000Z'), tollgate: { jobTypes: [metered] } });
    const t = await h.tenant({ limits: { credits: limit } });
    const admitted = await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'metered', input: { hold, n: actuals.length } } });
    expect(admitted.status).toBe(201);
    const job = (await admitted.json()).job.id as string;
    const now = h.clock.now();
    const claimed = await claimItems(h.tollgate.deps.store, { worker: 'w', types: ['metered'], now, batch: 10, leaseMs: 60_000, defaultCap: 100 });
    const bySeq = claimed.sort((a, b) => a.seq - b.seq);
    const outcomes = order.map((i) => ({ id: Number(bySeq[i]!.id), attempt: 1, status: 'succeeded' as const, result: 'null', error: null, run_at: null, actual: actuals[i]! }));
    const { settled } = await settleItems(h.tollgate.deps.store, 'w', now, outcomes);
    expect(settled).toHaveLength(actuals.length);
    const items = await h.tollgate.deps.store.db.selectFrom('job_items').select(['actual_cost', 'uncharged']).where('job_id', '=', job).orderBy('seq').execute();
    return { items: items.map((i) => [Number(i.actual_cost), Number(i.uncharged)]), used: await usedOf(h, t.id) };
  }

  it("counts a later item's release before an earlier item's excess: a full allowance still pays an excess the batch releases room for", async () => {
    // Limit 20, two holds of 10: the first used 15, the second 5. The batch fits exactly.
    expect(await settleInOrder(20, 10, [15, 5], [0, 1])).toEqual({ items: [[15, 0], [5, 0]], used: 20 });
  });

  it('charges excesses in item order, not in the order the outcomes arrived', async () => {
    // Limit 3, two holds of 1, each used 2: room for one excess, the first item's.
    expect(await settleInOrder(3, 1, [2, 2], [1, 0])).toEqual({ items: [[2, 0], [1, 1]], used: 3 });
  });
});
