/**
 * How long one big catalog admission takes: `POST /api/jobs` for 1,000 products × 5 attributes
 * (5,000 items) against a synced catalog, in-process (no socket), median of sequential runs on a
 * fresh database per dialect. The phases are timed apart so a slow number says where it goes:
 * resolving the selection (the products lookup) and core admission (charge, job, items, ledger).
 *
 *   npx tsx test/catalog/admission-time.ts [runs]        # TEST_DATABASE_URL adds PostgreSQL
 *
 * `measureCatalogAdmission` is exported for bench/figures.
 */
import { admitJob } from '../../src/core/admission.js';
import { findTenant } from '../../src/store/tenants.store.js';
import { jobInputOf } from '../../src/job-types/catalog-optimization/submit.js';
import { createHarness, DIALECTS, type DialectName } from '../support/harness.js';

export interface AdmissionTiming {
  dialect: DialectName;
  items: number;
  runs: number;
  /** Whole request through the app: parse, validate, resolve, admit, render. */
  requestMedianMs: number;
  requestMinMs: number;
  requestMaxMs: number;
  /** The products lookup alone. */
  resolveMedianMs: number;
  /** core admitJob alone, on an already resolved input. */
  admitMedianMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measureCatalogAdmission(dialect: DialectName, options: { products?: number; attributes?: string[]; runs?: number } = {}): Promise<AdmissionTiming> {
  const count = options.products ?? 1000;
  const attributes = options.attributes ?? ['title', 'description', 'seo_title', 'seo_description', 'tags'];
  const runs = options.runs ?? 15;
  const h = await createHarness(dialect, { env: { WORKERS: '0' } });
  try {
    const t = await h.tenant({ limits: { credits: 1_000_000_000 } });
    const productIds = Array.from({ length: count }, (_, i) => `sku-${String(i).padStart(6, '0')}`);
    const synced = await h.request('PUT', '/api/catalog/products', {
      key: t.key,
      body: { products: productIds.map((id, i) => ({ id, title: `Product ${i}`, description: `About product ${i}`, attributes: { color: 'red' } })) },
    });
    if (synced.status !== 200) throw new Error(`catalog sync failed: ${synced.status} ${await synced.text()}`);
    const body = { sourceScope: 'products', productIds, attributes, language: 'en' };

    const post = async () => {
      const begun = performance.now();
      const response = await h.request('POST', '/api/jobs', { key: t.key, body });
      const elapsed = performance.now() - begun;
      if (response.status !== 201) throw new Error(`admission failed: ${response.status} ${await response.text()}`);
      return elapsed;
    };
    await post(); // warm-up: prepared statements, JIT
    const request: number[] = [];
    for (let i = 0; i < runs; i++) request.push(await post());

    const tenant = (await findTenant(h.tollgate.deps.store.db, t.id))!;
    const resolve: number[] = [];
    const admit: number[] = [];
    const parsed = { sourceScope: 'products' as const, ids: productIds, attributes: attributes as never, language: 'en', prompt: null };
    for (let i = 0; i < runs; i++) {
      let begun = performance.now();
      const input = await h.tollgate.deps.registry.get('catalog_optimization')!.prepare!(jobInputOf(parsed), { tenantId: t.id });
      resolve.push(performance.now() - begun);
      begun = performance.now();
      const result = await admitJob(h.tollgate.deps, { tenant, type: 'catalog_optimization', input });
      admit.push(performance.now() - begun);
      if (!result.ok) throw new Error(`admission refused: ${JSON.stringify(result)}`);
    }
    if (!(await h.verify()).ok) throw new Error('ledger invariants broken');
    return {
      dialect,
      items: count * attributes.length,
      runs,
      requestMedianMs: median(request),
      requestMinMs: Math.min(...request),
      requestMaxMs: Math.max(...request),
      resolveMedianMs: median(resolve),
      admitMedianMs: median(admit),
    };
  } finally {
    await h.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.argv[2] ?? 15);
  for (const dialect of DIALECTS) {
    const r = await measureCatalogAdmission(dialect, { runs });
    const f = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(
      `${dialect.padEnd(8)} ${r.items} items, ${r.runs} runs: POST /api/jobs median ${f(r.requestMedianMs)} ` +
        `(min ${f(r.requestMinMs)}, max ${f(r.requestMaxMs)}); resolve ${f(r.resolveMedianMs)}, admitJob ${f(r.admitMedianMs)}`,
    );
  }
}
