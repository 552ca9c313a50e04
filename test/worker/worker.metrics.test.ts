import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { expectProblem } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, jobRow, until } from './helpers.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition format 0.0.4, failing on any line that is not in it. */
function parsePrometheus(text: string) {
  const samples: Sample[] = [];
  const help = new Set<string>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$/.exec(line);
    if (m) {
      help.add(m[1]!);
      continue;
    }
    m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (m) {
      types.set(m[1]!, m[2]!);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|\+Inf|NaN)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').match(/[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"/g) ?? []) {
      const eq = pair.indexOf('=');
      labels[pair.slice(0, eq)] = pair.slice(eq + 2, -1);
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  for (const s of samples) {
    const family = s.name.replace(/_(bucket|sum|count)$/, '');
    const declared = types.has(s.name) ? s.name : family;
    if (!types.has(declared) || !help.has(declared)) throw new Error(`${s.name} has no HELP or TYPE`);
  }
  return { samples, types };
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe.each(DIALECTS)('GET /metrics (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  it('gives the admin Prometheus text: jobs by status and type, admissions, refusals, processing time, queues per tenant', async () => {
    const clock = fixedClock('2025-06-10T12:00:00Z');
    h = await createHarness(dialect, { clock });
    const busy = await h.tenant({ id: 'busy', limits: { credits: 100 } });
    const waiting = await h.tenant({ id: 'waiting', limits: { credits: 3 } });
    const runner = h.tollgate.startWorkers({ pollMs: 10 });
    const done = await admitEcho(h, busy.key, { items: 4 });
    const failed = await admitEcho(h, busy.key, { items: 1, fail: 'permanent' });
    await until(() => jobRow(h, done.id), (j) => j.status === 'completed', 5000, 'the job');
    await until(() => jobRow(h, failed.id), (j) => j.status === 'failed', 5000, 'the job');
    await runner.stop(0);

    await admitEcho(h, waiting.key, { items: 3 });
    expect((await h.request('POST', '/v1/jobs', { key: waiting.key, body: { type: 'echo', input: { items: 1 } } })).status).toBe(402);
    clock.advance(5000);

    const response = await h.request('GET', '/metrics', { key: ADMIN_KEY });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const { samples, types } = parsePrometheus(await response.text());

    expect(types.get('tollgate_jobs')).toBe('gauge');
    expect(find(samples, 'tollgate_jobs', { status: 'completed', type: 'echo' })[0]?.value).toBe(1);
    expect(find(samples, 'tollgate_jobs', { status: 'failed', type: 'echo' })[0]?.value).toBe(1);
    expect(find(samples, 'tollgate_jobs', { status: 'pending', type: 'echo' })[0]?.value).toBe(1);

    expect(types.get('tollgate_admissions_total')).toBe('counter');
    expect(find(samples, 'tollgate_admissions_total', { type: 'echo' })[0]?.value).toBe(3);
    expect(types.get('tollgate_refusals_total')).toBe('counter');
    expect(find(samples, 'tollgate_refusals_total', { code: 'insufficient_credits' })[0]?.value).toBe(1);

    expect(types.get('tollgate_item_processing_seconds')).toBe('histogram');
    const buckets = find(samples, 'tollgate_item_processing_seconds_bucket', { type: 'echo' });
    expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: 5 });
    expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b));
    expect(find(samples, 'tollgate_item_processing_seconds_count', { type: 'echo' })[0]?.value).toBe(5);
    expect(find(samples, 'tollgate_item_processing_seconds_sum', { type: 'echo' })[0]?.value).toBeGreaterThanOrEqual(0);

    expect(find(samples, 'tollgate_queue_depth')).toEqual([{ name: 'tollgate_queue_depth', labels: { tenant: 'waiting' }, value: 3 }]);
    expect(find(samples, 'tollgate_queue_oldest_age_seconds')).toEqual([{ name: 'tollgate_queue_oldest_age_seconds', labels: { tenant: 'waiting' }, value: 5 }]);
  });

  it('answers 403 to a tenant key and 401 without a key', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant();
    await expectProblem(await h.request('GET', '/metrics', { key: tenant.key }), 403, 'forbidden');
    await expectProblem(await h.request('GET', '/metrics'), 401, 'unauthorized');
    await expectProblem(await h.request('GET', '/metrics', { key: 'tg_wrong_key_000000000000000000' }), 401, 'unauthorized');
  });
});
