import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../src/core/clock.js';
import { defineJobType } from '../../src/core/job-types.js';
import { ledgerEntries, usedOf } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { until } from '../support/until.js';
import { client, declare, SUMMARIZE, workerKey } from '../job-types/support.js';
import { chatCompletion, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { DEFAULT_PRICES } from '../../src/config.js';

// A type that settles to what its work used: each item holds 10 credits at admission and reports
// its own `actual` (or a bad one) when it succeeds.
const Measured = (name: string, overage: 'cap' | 'charge') =>
  defineJobType({
    name,
    input: z.object({ actuals: z.array(z.unknown()).min(1).max(50) }),
    meter: 'credits',
    settle: 'actual',
    overage,
    maxAttempts: 3,
    cost: (input) => 10 * input.actuals.length,
    items: (input) => input.actuals.map((actual) => ({ actual })),
    process: async (item) => ({ result: { ran: item.seq }, cost: (item.input as { actual: unknown }).actual }),
  });

describe.each(DIALECTS)('settling to the actual cost (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  const start = (env: Record<string, string> = {}) =>
    createHarness(dialect, { clock: systemClock, tollgate: { jobTypes: [Measured('measured', 'cap'), Measured('measured_charge', 'charge')] }, env });
  const usage = async (key: string) => (await (await h.request('GET', '/v1/usage', { key })).json()).meters.find((m: any) => m.name === 'credits');
  const items = async (key: string, job: string) => (await (await h.request('GET', `/v1/jobs/${job}/items`, { key })).json()).data;
  const admit = async (key: string, type: string, actuals: unknown[]) => {
    const response = await h.request('POST', '/v1/jobs', { key, body: { type, input: { actuals } } });
    expect(response.status).toBe(201);
    return (await response.json()).job;
  };
  const finished = (key: string, job: string) =>
    until(async () => (await (await h.request('GET', `/v1/jobs/${job}`, { key })).json()).status, (s) => !['pending', 'processing'].includes(s), 20_000, `job ${job} to finish`);

  it('holds the estimate while items are open, then charges what each item used: below, equal and above (capped) the hold', async () => {
    h = await start();
    const t = await h.tenant({ limits: { credits: 100 } });
    const job = await admit(t.key, 'measured', [3, 10, 15]);
    expect(job).toMatchObject({ cost: 30, reserved: 30, actual: null, settle: 'actual' });
    expect(await usage(t.key)).toMatchObject({ used: 30, held: 30, spent: 0, remaining: 70 });

    h.tollgate.startWorkers({ concurrency: 4, batchSize: 4, pollMs: 10 });
    expect(await finished(t.key, job.id)).toBe('completed');
    expect((await items(t.key, job.id)).map((i: any) => [i.cost, i.actual_cost, i.uncharged])).toEqual([
      [10, 3, 0],
      [10, 10, 0],
      [10, 10, 5],
    ]);
    expect(await usage(t.key)).toMatchObject({ used: 23, held: 0, spent: 23, remaining: 77 });
    // Reserved against actual, beside cost and actual_cost: the job's in the end, and each item's.
    expect(await (await h.request('GET', `/v1/jobs/${job.id}`, { key: t.key })).json()).toMatchObject({ cost: 30, reserved: 30, actual: 23 });
    expect((await items(t.key, job.id)).map((i: any) => [i.reserved, i.actual])).toEqual([
      [10, 3],
      [10, 10],
      [10, 10],
    ]);
    const releases = (await ledgerEntries(h, t.id)).filter((e: any) => e.kind === 'release');
    expect(releases.map((e: any) => Number(e.amount))).toEqual([-7]);
  });

  it('charges an excess while the allowance has room (overage charge), caps it when not, and never passes the limit', async () => {
    h = await start();
    const t = await h.tenant({ limits: { credits: 30 } });
    // Holds 20; the actuals 14 and 25 want 39, the limit leaves room for 30: the first excess (4) fits, the second (15) does not.
    const job = await admit(t.key, 'measured_charge', [14, 25]);
    h.tollgate.startWorkers({ concurrency: 1, batchSize: 1, pollMs: 10 });
    expect(await finished(t.key, job.id)).toBe('completed');
    expect((await items(t.key, job.id)).map((i: any) => [i.actual_cost, i.uncharged])).toEqual([
      [14, 0],
      [10, 15],
    ]);
    expect(await usedOf(h, t.id)).toBe(24);
    const overage = (await ledgerEntries(h, t.id)).filter((e: any) => e.kind === 'charge' && e.item_id !== null);
    expect(overage.map((e: any) => Number(e.amount))).toEqual([4]);
  });

  it('fails an item whose handler reports no valid cost, for good, and refunds its whole hold', async () => {
    h = await start();
    const t = await h.tenant({ limits: { credits: 100 } });
    const job = await admit(t.key, 'measured', [-1, 2.5, 'lots', 4]);
    h.tollgate.startWorkers({ concurrency: 4, batchSize: 4, pollMs: 10 });
    expect(await finished(t.key, job.id)).toBe('partially_completed');
    const settled = await items(t.key, job.id);
    expect(settled.map((i: any) => [i.status, i.attempts, i.actual_cost])).toEqual([
      ['failed', 1, null],
      ['failed', 1, null],
      ['failed', 1, null],
      ['succeeded', 1, 4],
    ]);
    expect(settled[0].error).toMatch(/invalid actual cost \(-1\)/);
    expect(settled.map((i: any) => i.actual)).toEqual([0, 0, 0, 4]);
    expect(await usedOf(h, t.id)).toBe(4);
    expect(await (await h.request('GET', `/v1/jobs/${job.id}`, { key: t.key })).json()).toMatchObject({ reserved: 40, actual: 4 });
  });

  it('a remote worker reports the cost in its outcome; an outcome without one fails the item and refunds it', async () => {
    h = await start();
    await declare(h, 'summarize', { ...SUMMARIZE, settle: 'actual', cost: { per_item: 5 } });
    const t = await h.tenant({ limits: { credits: 100 } });
    const http = client(await h.listen());
    const admitted = (await http('POST', '/v1/jobs', t.key, { type: 'summarize', input: { documents: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] } })).body.job;
    expect(admitted).toMatchObject({ cost: 15, settle: 'actual' });
    const worker = await workerKey(h, ['summarize']);
    const claimed = (await http('POST', '/v1/worker/claim', worker.key, { types: ['summarize'], max: 10 })).body.items as any[];
    const outcomes = [
      { id: claimed[0].id, attempt: 1, status: 'succeeded', result: { s: 'a' }, cost: 2 },
      { id: claimed[1].id, attempt: 1, status: 'succeeded', result: { s: 'b' }, cost: 9 },
      { id: claimed[2].id, attempt: 1, status: 'succeeded', result: { s: 'c' } },
    ];
    const settled = await http('POST', '/v1/worker/settle', worker.key, { outcomes });
    expect(settled.body.results.map((r: any) => r.status)).toEqual(['succeeded', 'succeeded', 'failed']);
    // Sent again after a lost answer: recognised, and nothing moves twice.
    const again = await http('POST', '/v1/worker/settle', worker.key, { outcomes });
    expect(again.body.results.map((r: any) => r.already)).toEqual([true, true, true]);
    expect(await usedOf(h, t.id)).toBe(2 + 5);
    expect((await items(t.key, admitted.id)).map((i: any) => [i.status, i.actual_cost, i.uncharged])).toEqual([
      ['succeeded', 2, 0],
      ['succeeded', 5, 4],
      ['failed', null, 0],
    ]);
  });
});

describe.each(DIALECTS)('chat_completion end to end (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  it('holds the price of the prompt and max_tokens, then charges the tokens the local model used', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const t = await h.tenant({ limits: { credits: 100 } });
    const input = { model: 'local-chat', messages: [{ role: 'user', content: 'Summarise: the sky is blue because air scatters short wavelengths.' }], max_tokens: 500 };
    const admitted = await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'chat_completion', input } });
    expect(admitted.status).toBe(201);
    const job = (await admitted.json()).job;
    h.tollgate.startWorkers({ concurrency: 1, batchSize: 1, pollMs: 10 });
    await until(async () => (await (await h.request('GET', `/v1/jobs/${job.id}`, { key: t.key })).json()).status, (s) => s === 'completed', 20_000, 'the chat to complete');
    const [item] = (await (await h.request('GET', `/v1/jobs/${job.id}/items`, { key: t.key })).json()).data;
    const usage = item.result.usage as { prompt_tokens: number; completion_tokens: number };
    // The local price: 10 per 1,000 prompt tokens and 30 per 1,000 completion tokens, rounded up once.
    const actual = Math.ceil((usage.prompt_tokens * 10 + usage.completion_tokens * 30) / 1000);
    expect(item).toMatchObject({ cost: job.cost, actual_cost: actual, uncharged: 0 });
    expect(actual).toBeLessThan(job.cost);
    expect(await usedOf(h, t.id)).toBe(actual);
  });

  it('charges the tokens the OpenAI-compatible server reported, capped at the hold, and releases the rest', async () => {
    const fake: FakeOpenAI = await startFakeOpenAI();
    try {
      const prices = { ...DEFAULT_PRICES, 'gpt-test': { meter: 'credits', input_per_1k: 150, output_per_1k: 600 } };
      h = await createHarness(dialect, {
        clock: systemClock,
        env: { TOLLGATE_PRICES: JSON.stringify(prices), AI_PROVIDER: 'openai', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test' },
      });
      const t = await h.tenant({ limits: { credits: 1000 } });
      // The server counts the prompt its own way (50 tokens) and answers 120 of the 300 allowed.
      fake.enqueue(chatCompletion('Rayleigh scattering.', { prompt_tokens: 50, completion_tokens: 120 }, 'gpt-test'));
      const input = { model: 'gpt-test', messages: [{ role: 'user', content: 'Why is the sky blue?' }], max_tokens: 300 };
      const admitted = await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'chat_completion', input } });
      expect(admitted.status).toBe(201);
      const job = (await admitted.json()).job;
      h.tollgate.startWorkers({ concurrency: 1, batchSize: 1, pollMs: 10 });
      await until(async () => (await (await h.request('GET', `/v1/jobs/${job.id}`, { key: t.key })).json()).status, (s) => s === 'completed', 20_000, 'the chat to complete');
      const actual = Math.ceil((50 * 150 + 120 * 600) / 1000);
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]!.body).toMatchObject({ model: 'gpt-test', max_tokens: 300 });
      const [item] = (await (await h.request('GET', `/v1/jobs/${job.id}/items`, { key: t.key })).json()).data;
      expect(item).toMatchObject({ status: 'succeeded', cost: job.cost, actual_cost: actual, uncharged: 0 });
      expect(item.result).toMatchObject({ text: 'Rayleigh scattering.', usage: { prompt_tokens: 50, completion_tokens: 120 } });
      expect(await usedOf(h, t.id)).toBe(actual);
      expect((await ledgerEntries(h, t.id)).map((e: { kind: string; amount: number }) => [e.kind, Number(e.amount)])).toEqual([
        ['charge', job.cost],
        ['release', actual - job.cost],
      ]);
    } finally {
      await fake.close();
    }
  });
});
