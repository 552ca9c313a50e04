import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../src/core/clock.js';
import { defineJobType } from '../../src/core/job-types.js';
import { secondsUntilReset } from '../../src/core/period.js';
import { countBy, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { until } from '../support/until.js';
import { postJob, products, putProducts } from '../catalog/support.js';
import { insertLeads, requestEvaluation } from '../lead-evaluation/support.js';

// Each job of `measured_<meter>` holds 20 at admission and settles to the `actual` it is given;
// `flat_<meter>` is a fixed price, admitted on PostgreSQL through the group-commit batch.
const Measured = (meter: string) =>
  defineJobType({
    name: `measured_${meter}`,
    input: z.object({ actual: z.number().int().min(0) }),
    meter,
    settle: 'actual',
    cost: () => 20,
    process: async (item) => ({ result: { ok: true }, cost: (item.input as { actual: number }).actual }),
  });
const Flat = (meter: string) =>
  defineJobType({
    name: `flat_${meter}`,
    input: z.object({ cost: z.number().int().min(1) }),
    meter,
    cost: (input) => input.cost,
    process: async () => ({ ok: true }),
  });

const METERS = [
  { meter: 'credits', status: 402, spent: 'insufficient_credits' },
  { meter: 'calls', status: 429, spent: 'quota_exceeded' },
] as const;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: any;
}

describe.each(DIALECTS)('a job that fits once open holds settle (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  const start = () =>
    createHarness(dialect, {
      clock: systemClock,
      env: { TOLLGATE_METERS: '{"calls":"quota"}' },
      tollgate: { jobTypes: [Measured('credits'), Measured('calls'), Measured('lead_evaluations'), Flat('credits'), Flat('calls')] },
    });
  const post = async (base: string, key: string, type: string, input: unknown): Promise<Answer> => {
    const response = await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type, input }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
  };
  const meterOf = async (key: string, name: string) => (await (await h.request('GET', '/v1/usage', { key })).json()).meters.find((m: any) => m.name === name);
  const jobs = async (key: string) => {
    const all: any[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: any = await (await h.request('GET', `/v1/jobs?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { key })).json();
      all.push(...page.data);
      cursor = page.next_cursor;
    }
    return all;
  };
  const expectHeld = (answer: Answer, status: number, fields: Record<string, unknown>) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.body).toMatchObject({ code: 'allowance_held', status, required: 20, ...fields });
    expect(answer.retryAfter).toMatch(/^[1-9]\d*$/);
  };

  it.each(METERS)('100 concurrent admissions on $meter: holds fill the allowance, the rest wait on allowance_held and get in as holds settle', async ({ meter, status }) => {
    h = await start();
    const t = await h.tenant({ limits: { [meter]: 500 } });
    const base = await h.listen();
    const type = `measured_${meter}`;
    const actualOf = (i: number) => 1 + (i % 5);

    // No worker runs yet: 25 holds of 20 fill the 500, and every other client is told to wait.
    const first = await Promise.all(Array.from({ length: 100 }, (_, i) => post(base, t.key, type, { actual: actualOf(i) })));
    expect(countBy(first, (a) => a.status)).toEqual({ 201: 25, [status]: 75 });
    for (const answer of first.filter((a) => a.status !== 201)) expectHeld(answer, status, { meter, used: 500, held: 500, spent: 0, remaining: 0, limit: 500 });
    expect(await meterOf(t.key, meter)).toMatchObject({ used: 500, held: 500, spent: 0, remaining: 0 });

    // Each settle releases what its item did not use; the waiting clients retry until they are in.
    h.tollgate.startWorkers({ concurrency: 8, batchSize: 8, pollMs: 10 });
    const refusals: Answer[] = [];
    await Promise.all(
      first.map(async (answer, i) => {
        for (let last = answer; last.status !== 201; ) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          last = await post(base, t.key, type, { actual: actualOf(i) });
          if (last.status !== 201) refusals.push(last);
        }
      }),
    );
    for (const answer of refusals) expectHeld(answer, status, { meter });

    const all = await until(() => jobs(t.key), (js) => js.length === 100 && js.every((j) => j.status === 'completed'), 60_000, 'every job to complete');
    expect(all.map((j) => j.actual).reduce((a, b) => a + b, 0)).toBe(300);
    expect(await meterOf(t.key, meter)).toMatchObject({ used: 300, held: 0, spent: 300, remaining: 200 });
  });

  it('a fixed-price job on a meter with open holds is told to wait too, through group commit', async () => {
    h = await start();
    const t = await h.tenant({ limits: { credits: 100 } });
    const base = await h.listen();
    for (let i = 0; i < 4; i++) expect((await post(base, t.key, 'measured_credits', { actual: 0 })).status).toBe(201);

    // 80 held, 20 left: one fixed job of 20 fits, the others would once the holds settle.
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(base, t.key, 'flat_credits', { cost: 20 })));
    expect(countBy(answers, (a) => a.status)).toEqual({ 201: 1, 402: 19 });
    for (const answer of answers.filter((a) => a.status === 402)) expectHeld(answer, 402, { used: 100, held: 80, spent: 20, remaining: 0 });
  });

  it.each(METERS)('a spent $meter allowance, no holds open, is still $spent to 20 concurrent admissions', async ({ meter, status, spent }) => {
    h = await start();
    const t = await h.tenant({ limits: { [meter]: 100 } });
    const base = await h.listen();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(base, t.key, `flat_${meter}`, { cost: 20 })));
    expect(countBy(answers, (a) => a.status)).toEqual({ 201: 5, [status]: 15 });
    const resetIn = secondsUntilReset(new Date().toISOString().slice(0, 7), Date.now());
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.body).toMatchObject({ code: spent, status, meter, used: 100, limit: 100, remaining: 0 });
      expect(answer.body).not.toHaveProperty('held');
      expect(Math.abs(Number(answer.retryAfter) - resetIn)).toBeLessThanOrEqual(5);
    }
  });

  it('holds that could not free enough leave the refusal a spent allowance', async () => {
    h = await start();
    const t = await h.tenant({ limits: { credits: 100 } });
    const base = await h.listen();
    expect((await post(base, t.key, 'flat_credits', { cost: 60 })).status).toBe(201);
    expect((await post(base, t.key, 'measured_credits', { actual: 0 })).status).toBe(201);
    // 60 spent and 20 held: 50 does not fit even were the hold released in full.
    const answer = await post(base, t.key, 'flat_credits', { cost: 50 });
    expect(answer.body).toMatchObject({ code: 'insufficient_credits', used: 80, remaining: 20, required: 50 });
    // 40 would.
    const held = await post(base, t.key, 'flat_credits', { cost: 40 });
    expect(held.body).toMatchObject({ code: 'allowance_held', used: 80, held: 20, spent: 60, remaining: 20, required: 40 });
  });

  it('the seed routes say it in their own envelopes, with the wait: 402 for the catalog, 429 for lead evaluations', async () => {
    h = await start();
    const t = await h.tenant({ limits: { credits: 100, lead_evaluations: 20 } });
    const base = await h.listen();
    for (let i = 0; i < 5; i++) expect((await post(base, t.key, 'measured_credits', { actual: 0 })).status).toBe(201);
    expect((await post(base, t.key, 'measured_lead_evaluations', { actual: 0 })).status).toBe(201);

    await putProducts(h, t.key, products(4));
    const catalog = await postJob(h, t.key, { sourceScope: 'products', productIds: ['p1', 'p2', 'p3', 'p4'], attributes: ['title'], language: 'en' });
    expect(catalog.status).toBe(402);
    expect(catalog.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await catalog.json()).toMatchObject({ error: 'Insufficient credits', code: 'ALLOWANCE_HELD', required: 4, remaining: 0, held: 100, creditsTotal: 100, creditsUsed: 100 });

    const [lead] = await insertLeads(h, t.id, 1);
    const evaluation = await requestEvaluation(h, t, lead!, {});
    expect(evaluation.status).toBe(429);
    expect(evaluation.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await evaluation.json()).toMatchObject({ success: false, error: 'AllowanceHeld', usage: { used: 20, held: 20, limit: 20 } });
  });
});
