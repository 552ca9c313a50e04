// How long one large admission holds the caller: the whole job (charge, job row, every item row,
// ledger entry) is one transaction, so its latency grows with the item count. The baseline is the
// median round trip of the ping route measured in between, on the same server.
import { createTenant, expect } from '../api.js';
import { DIALECT_NAMES, formatNumber, pingMedianMs, perDialect, withServer, type Figure } from '../figure.js';
import { median } from '../stats.js';

const TARGET_MS: Record<string, number> = { sqlite: 150 };

export interface BigJobRequest {
  label: string;
  body: unknown;
}

export const DEFAULT_BIG_JOB: BigJobRequest = { label: 'echo, 5,000 items', body: { type: 'echo', input: { items: 5000 } } };

/**
 * The request to time: `BENCH_BIG_JOB` may hold `{"label": "...", "body": {...}}`, e.g. a catalog job
 * of 1,000 products × 5 attributes once that job type exists.
 */
export function bigJobRequest(): BigJobRequest {
  const configured = process.env.BENCH_BIG_JOB;
  if (!configured) return DEFAULT_BIG_JOB;
  const parsed = JSON.parse(configured) as Partial<BigJobRequest>;
  if (typeof parsed.label !== 'string' || parsed.body === undefined) {
    throw new Error('BENCH_BIG_JOB must be JSON {"label": string, "body": object}');
  }
  return { label: parsed.label, body: parsed.body };
}

export const bigJob: Figure = {
  id: 'big-job',
  title: 'Admission of one big job',
  description:
    `Median latency of \`POST /v1/jobs\` for one large job (${DEFAULT_BIG_JOB.label} unless BENCH_BIG_JOB says otherwise; ` +
    'the row label names the request used), sequential requests, against the median round trip of `POST /v1/ping` on ' +
    'the same server. WORKERS=0.',
  async run(context) {
    const notes: string[] = [];
    const request = bigJobRequest();
    const runs = context.quick ? 5 : 20;
    const rows = await perDialect(context, notes, (dialect) =>
      withServer(context, dialect, 'big_job', { workers: 0 }, async (server) => {
        const name = DIALECT_NAMES[dialect];
        const tenant = await createTenant(server.url, 'bench big-job tenant');
        context.log(`big-job ${dialect}: ${runs} runs`);
        await expect(server.url, 'POST', '/v1/jobs', 201, { token: tenant.key, body: request.body });
        const baseline = await pingMedianMs(server, tenant.key, runs);
        const latencies: number[] = [];
        for (let index = 0; index < runs; index++) {
          const begun = performance.now();
          await expect(server.url, 'POST', '/v1/jobs', 201, { token: tenant.key, body: request.body });
          latencies.push(performance.now() - begun);
        }
        const value = median(latencies);
        const target = TARGET_MS[dialect];
        notes.push(
          `${name}: ${runs} runs, fastest ${formatNumber(Math.min(...latencies), 1)} ms, ` +
            `slowest ${formatNumber(Math.max(...latencies), 1)} ms.`,
        );
        return [
          { label: `${name}: ping round trip (median)`, value: baseline, unit: 'ms', isBaseline: true },
          {
            label: `${name}: ${request.label} (median)`,
            value,
            unit: 'ms',
            baseline,
            baselineLabel: 'ping median',
            ratio: value / baseline,
            ...(target === undefined ? {} : { target: { text: `≤ ${target} ms`, met: value <= target } }),
          },
        ];
      }),
    );
    return { rows, notes };
  },
};
