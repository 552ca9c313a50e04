// How long one large admission holds the caller: the whole job (charge, job row, every item row,
// ledger entry) is one transaction, so its latency grows with the item count. The baseline is the
// median round trip of the ping route measured in between, on the same server.
import { createTenant, expect, type BenchTenant } from '../api.js';
import { DIALECT_NAMES, formatNumber, pingMedianMs, perDialect, withServer, type Figure, type Row } from '../figure.js';
import { median } from '../stats.js';

const TARGET_MS: Record<string, number> = { sqlite: 150 };
const PRODUCTS = 1000;
const ATTRIBUTES = ['title', 'description', 'seo_title', 'seo_description', 'tags'];

interface BigJob {
  label: string;
  path: string;
  body: unknown;
  /** What the tenant needs before the first request (the catalog job's products). */
  setup?: (url: string, tenant: BenchTenant) => Promise<void>;
}

const productIds = Array.from({ length: PRODUCTS }, (_, i) => `bench-p${i}`);

const BIG_JOBS: BigJob[] = [
  { label: 'echo, 5,000 items (POST /v1/jobs)', path: '/v1/jobs', body: { type: 'echo', input: { items: 5000 } } },
  {
    label: `catalog, ${formatNumber(PRODUCTS)} products × ${ATTRIBUTES.length} attributes (POST /api/jobs)`,
    path: '/api/jobs',
    body: { sourceScope: 'products', productIds, attributes: ATTRIBUTES, language: 'en' },
    setup: async (url, tenant) => {
      const products = productIds.map((id, i) => ({
        id,
        title: `bench product ${i} linen shirt`,
        description: 'A breathable linen shirt for warm days.',
        attributes: { color: 'blue', material: 'linen' },
      }));
      await expect(url, 'PUT', '/api/catalog/products', 200, { token: tenant.key, body: { products } });
    },
  },
];

export const bigJob: Figure = {
  id: 'big-job',
  title: 'Admission of one big job',
  description:
    'Median latency of one large admission, sequential requests, against the median round trip of `POST /v1/ping` on ' +
    `the same server (WORKERS=0): an echo job of 5,000 items, and seed 004's catalog job of ${formatNumber(PRODUCTS)} products × ` +
    `${ATTRIBUTES.length} attributes (5,000 items; its route also resolves and checks the products). Target: ≤ 150 ms on SQLite.`,
  async run(context) {
    const notes: string[] = [];
    const runs = context.quick ? 5 : 20;
    const rows = await perDialect(context, notes, (dialect) =>
      withServer(context, dialect, 'big_job', { workers: 0 }, async (server) => {
        const name = DIALECT_NAMES[dialect];
        const tenant = await createTenant(server.url, 'bench big-job tenant');
        const baseline = await pingMedianMs(server, tenant.key, runs);
        const result: Row[] = [{ label: `${name}: ping round trip (median)`, value: baseline, unit: 'ms', isBaseline: true }];
        for (const job of BIG_JOBS) {
          context.log(`big-job ${dialect}: ${job.label}, ${runs} runs`);
          await job.setup?.(server.url, tenant);
          await expect(server.url, 'POST', job.path, 201, { token: tenant.key, body: job.body });
          const latencies: number[] = [];
          for (let index = 0; index < runs; index++) {
            const begun = performance.now();
            await expect(server.url, 'POST', job.path, 201, { token: tenant.key, body: job.body });
            latencies.push(performance.now() - begun);
          }
          const value = median(latencies);
          const target = TARGET_MS[dialect];
          notes.push(`${name}, ${job.label}: ${runs} runs, fastest ${formatNumber(Math.min(...latencies), 1)} ms, slowest ${formatNumber(Math.max(...latencies), 1)} ms.`);
          result.push({
            label: `${name}: ${job.label} (median)`,
            value,
            unit: 'ms',
            baseline,
            baselineLabel: 'ping median',
            ratio: value / baseline,
            ...(target === undefined ? {} : { target: { text: `≤ ${target} ms`, met: value <= target } }),
          });
        }
        return result;
      }),
    );
    return { rows, notes };
  },
};
