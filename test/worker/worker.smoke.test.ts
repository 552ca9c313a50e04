import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { until } from '../support/until.js';

describe.each(DIALECTS)('worker smoke (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('runs jobs to completion and refunds failed items once', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    h.tollgate.startWorkers({ retry: { baseMs: 1, capMs: 5 } });
    const t = await h.tenant({ limits: { credits: 1000 } });
    const ok = await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 200 } } })).json();
    const bad = await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 4, fail: 'permanent', fail_seqs: [1, 2] } } })).json();
    const flaky = await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1, fail: 'transient', fail_attempts: 2 } } })).json();
    const get = (id: string) => h.request('GET', `/v1/jobs/${id}`, { key: t.key }).then((r) => r.json());
    expect(await until(() => get(ok.job.id), (j) => j.status === 'completed')).toMatchObject({ progress: { items_done: 200, percent: 100 }, result: { succeeded: 200, failed: 0 } });
    expect(await until(() => get(bad.job.id), (j) => j.status === 'partially_completed')).toMatchObject({ progress: { items_done: 2, items_failed: 2 } });
    const flakyJob = await until(() => get(flaky.job.id), (j) => j.status === 'completed');
    expect(flakyJob.result).toEqual({ seq: 0, message: null });
    const items = await (await h.request('GET', `/v1/jobs/${flaky.job.id}/items`, { key: t.key })).json();
    expect(items.data[0].attempts).toBe(3);
    const usage = await (await h.request('GET', '/v1/usage', { key: t.key })).json();
    expect(usage.meters.find((m: any) => m.name === 'credits').used).toBe(200 + 4 - 2 + 1);
    expect(await h.verify()).toMatchObject({ ok: true });
  });
});
