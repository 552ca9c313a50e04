import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../src/core/clock.js';
import { defineJobType } from '../../src/core/job-types.js';
import { ledgerEntries } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { until } from '../support/until.js';

// Each item holds 10 credits and reports its own actual cost (holds.settle.test.ts's type).
const Measured = (name: string, overage: 'cap' | 'charge') =>
  defineJobType({
    name,
    input: z.object({ actuals: z.array(z.number()).min(1).max(50) }),
    meter: 'credits',
    settle: 'actual',
    overage,
    cost: (input) => 10 * input.actuals.length,
    items: (input) => input.actuals.map((actual) => ({ actual })),
    process: async (item) => ({ result: null, cost: (item.input as { actual: number }).actual }),
  });

/** Refunds of failed items and the releases and overages of holds move the key's budget with the tenant's allowance. */
describe.each(DIALECTS)('key budgets at settle (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.verify()).toMatchObject({ ok: true, keyDrift: [] });
    await h.close();
  });

  const start = () => createHarness(dialect, { clock: systemClock, tollgate: { jobTypes: [Measured('measured', 'cap'), Measured('measured_charge', 'charge')] } });
  const budgetedKey = async (tenantId: string, limits: Record<string, number>) => {
    const body = await (await h.request('POST', `/v1/tenants/${tenantId}/keys`, { key: ADMIN_KEY, body: { limits } })).json();
    return { id: body.id as string, key: body.key as string };
  };
  const admit = async (key: string, type: string, input: unknown) => {
    const response = await h.request('POST', '/v1/jobs', { key, body: { type, input } });
    expect(response.status).toBe(201);
    return (await response.json()).job.id as string;
  };
  const finished = (key: string, job: string) =>
    until(async () => (await (await h.request('GET', `/v1/jobs/${job}`, { key })).json()).status, (s) => !['pending', 'processing'].includes(s), 20_000, `job ${job} to finish`);
  const keyCredits = async (key: string, id: string) => (await (await h.request('GET', `/v1/keys/${id}/usage`, { key })).json()).meters[0];
  const tenantUsed = async (key: string) => (await (await h.request('GET', '/v1/usage', { key })).json()).meters.find((m: { name: string }) => m.name === 'credits').used;

  it("refunds a failed item's cost to the key's budget and the tenant's allowance", async () => {
    h = await start();
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const surface = await budgetedKey(tenant.id, { credits: 10 });
    const job = await admit(surface.key, 'echo', { items: 4, fail: 'permanent', fail_seqs: [1, 3] });
    h.tollgate.startWorkers({ concurrency: 2, batchSize: 4, pollMs: 10 });
    expect(await finished(surface.key, job)).toBe('partially_completed');
    expect(await keyCredits(surface.key, surface.id)).toMatchObject({ used: 2, limit: 10, remaining: 8 });
    expect(await tenantUsed(tenant.key)).toBe(2);
    const refunds = (await ledgerEntries(h, tenant.id)).filter((e) => e.kind === 'refund');
    expect(refunds.map((e) => [Number(e.amount), e.key_id])).toEqual([
      [-1, surface.id],
      [-1, surface.id],
    ]);
  });

  it('releases the unused part of a hold at both levels, and charges an excess only where both have room', async () => {
    h = await start();
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const surface = await budgetedKey(tenant.id, { credits: 25 });
    // Holds 20 of the key's 25; 3 then 10 used: 7 released.
    const below = await admit(surface.key, 'measured', { actuals: [3, 10] });
    h.tollgate.startWorkers({ concurrency: 1, batchSize: 1, pollMs: 10 });
    expect(await finished(surface.key, below)).toBe('completed');
    expect(await keyCredits(surface.key, surface.id)).toMatchObject({ used: 13, remaining: 12 });
    expect(await tenantUsed(tenant.key)).toBe(13);

    // Holds 10 more (23 of 25); the actual 14 wants an excess of 4 and the tenant has room for it,
    // but the key has 2 left: the excess is capped, the tenant is not charged it either.
    const above = await admit(surface.key, 'measured_charge', { actuals: [14] });
    expect(await finished(surface.key, above)).toBe('completed');
    const item = (await (await h.request('GET', `/v1/jobs/${above}/items`, { key: surface.key })).json()).data[0];
    expect([item.actual_cost, item.uncharged]).toEqual([10, 4]);
    expect(await keyCredits(surface.key, surface.id)).toMatchObject({ used: 23, remaining: 2 });
    expect(await tenantUsed(tenant.key)).toBe(23);

    // With room in the budget, an excess is charged to both.
    expect((await h.request('PATCH', `/v1/keys/${surface.id}`, { key: ADMIN_KEY, body: { limits: { credits: 50 } } })).status).toBe(200);
    const fits = await admit(surface.key, 'measured_charge', { actuals: [14] });
    expect(await finished(surface.key, fits)).toBe('completed');
    expect(await keyCredits(surface.key, surface.id)).toMatchObject({ used: 37, limit: 50, remaining: 13 });
    expect(await tenantUsed(tenant.key)).toBe(37);
    const moves = (await ledgerEntries(h, tenant.id)).filter((e) => e.item_id !== null);
    expect(moves.map((e) => [e.kind, Number(e.amount), e.key_id])).toEqual([
      ['release', -7, surface.id],
      ['charge', 4, surface.id],
    ]);
  });
});
