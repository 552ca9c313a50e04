// What settling to the actual cost costs: a job type whose admission charge is a hold, released down
// to the actual cost when each item settles (issue 13), against the same type at a fixed price, in
// the same run and on the same server. Admission: POST /v1/jobs of one-item jobs over many tenants,
// fixed, then actual, then fixed again (baseline = the mean of the two fixed phases, so that a
// database growing during the run does not favour either). Drain: the same number of items of each
// type drained by one remote worker process (`tollgate/worker`), which reports an actual cost below
// the hold for every item; afterwards each tenant is checked to have paid exactly the actual costs.
import { authHeaders, createTenant, createTenants, expect, field } from '../api.js';
import type { Dialect } from '../database.js';
import { DIALECT_NAMES, formatNumber, perDialect, withServer, type BenchContext, type Figure, type Row } from '../figure.js';
import { describeStatuses, rateOf, runLoad } from '../load.js';
import { ADMIN_KEY, startScript, type RunningServer } from '../server.js';
import { assertCharged, timeDrain } from './worker-drain.js';

const HOLD_PER_ITEM = 10;
const ACTUAL_PER_ITEM = 7;
const ITEMS_PER_JOB = 1000;
const TENANTS = 100;
const CONNECTIONS = 50;
const REMOTE_CONCURRENCY = 2000;
const TARGET_RATIO = 0.9;

const typeOf = (settle: 'fixed' | 'actual') => ({
  description: `Bench: ${settle} cost`,
  input_schema: { type: 'object', required: ['documents'], properties: { documents: { type: 'array', maxItems: ITEMS_PER_JOB } } },
  meter: 'credits',
  cost: { per_item: HOLD_PER_ITEM },
  items: { from: '/documents' },
  lease_ms: 60_000,
  settle,
  handler: { kind: 'remote' },
});
const TYPES = { fixed: 'bench_fixed', actual: 'bench_actual' } as const;
type Settle = keyof typeof TYPES;

export const holds: Figure = {
  id: 'holds',
  title: 'Holds: settling to the actual cost',
  description:
    `A job type that holds ${HOLD_PER_ITEM} credits per item at admission and settles each item to its actual cost ` +
    `(${ACTUAL_PER_ITEM}, reported by the worker), against the same type at a fixed ${HOLD_PER_ITEM} per item, in the same run: ` +
    `admissions/s of one-item jobs at ${CONNECTIONS} connections over ${TENANTS} tenants (baseline: the mean of a fixed phase before ` +
    `and after), and items/s drained by one remote \`tollgate/worker\` process (concurrency ${REMOTE_CONCURRENCY}) from jobs of ${ITEMS_PER_JOB}, ` +
    `every tenant checked to have paid exactly the actual costs.`,
  async run(context) {
    const notes: string[] = [];
    const rows = await perDialect(context, notes, (dialect) => measure(context, dialect, notes));
    return { rows, notes };
  },
};

async function measure(context: BenchContext, dialect: Dialect, notes: string[]): Promise<Row[]> {
  const name = DIALECT_NAMES[dialect];
  const admission = await withServer(context, dialect, 'holds_admission', { workers: 0 }, async (server) => {
    await defineTypes(server);
    const tenants = await createTenants(server.url, TENANTS);
    const phase = async (settle: Settle) => {
      const result = await runLoad({
        url: `${server.url}/v1/jobs`,
        method: 'POST',
        headers: (sequence) => authHeaders(tenants[sequence % tenants.length]!.key),
        body: JSON.stringify({ type: TYPES[settle], input: { documents: [{ n: 0 }] } }),
        connections: CONNECTIONS,
        ...context.load,
      });
      notes.push(`${name}, admission ${settle}: ${describeStatuses(result)}, p99 ${formatNumber(result.p99)} ms.`);
      return rateOf(result, 201);
    };
    const before = await phase('fixed');
    const actual = await phase('actual');
    const after = await phase('fixed');
    return { fixed: (before + after) / 2, actual };
  });
  const items = context.drainItems;
  const fixedDrain = await drain(context, dialect, 'fixed', items, notes);
  const actualDrain = await drain(context, dialect, 'actual', items, notes);
  const ratioRow = (label: string, value: number, baseline: number, unit: string): Row => ({
    label,
    value,
    unit,
    baseline,
    baselineLabel: 'fixed price',
    ratio: value / baseline,
    target: { text: `≥ ${TARGET_RATIO}× fixed price`, met: value / baseline >= TARGET_RATIO, ratio: TARGET_RATIO },
  });
  return [
    { label: `${name}: admission, fixed price`, value: admission.fixed, unit: 'jobs/s', isBaseline: true },
    ratioRow(`${name}: admission, hold settled to actual`, admission.actual, admission.fixed, 'jobs/s'),
    { label: `${name}: remote drain, fixed price`, value: fixedDrain, unit: 'items/s', isBaseline: true },
    ratioRow(`${name}: remote drain, settled to actual`, actualDrain, fixedDrain, 'items/s'),
  ];
}

async function defineTypes(server: RunningServer): Promise<void> {
  for (const settle of ['fixed', 'actual'] as const) {
    await expect(server.url, 'PUT', `/v1/job-types/${TYPES[settle]}`, 201, { token: ADMIN_KEY, body: typeOf(settle) });
  }
}

async function drain(context: BenchContext, dialect: Dialect, settle: Settle, items: number, notes: string[]): Promise<number> {
  return withServer(context, dialect, `holds_drain_${settle}`, { workers: 0 }, async (server) => {
    await defineTypes(server);
    const tenant = await createTenant(server.url, `bench holds ${settle}`);
    const jobIds: string[] = [];
    for (let index = 0; index < items / ITEMS_PER_JOB; index++) {
      const body = { type: TYPES[settle], input: { documents: Array.from({ length: ITEMS_PER_JOB }, (_, i) => ({ n: i })) } };
      jobIds.push(field((await expect(server.url, 'POST', '/v1/jobs', 201, { token: tenant.key, body })).body, 'id'));
    }
    context.log(`holds ${dialect}: drain ${settle}, ${items} items`);
    const key = field(
      (await expect(server.url, 'POST', '/v1/keys', 201, { token: ADMIN_KEY, body: { role: 'worker', name: 'bench', job_types: [TYPES[settle]] } })).body,
      'key',
    );
    const args = [server.url, key, TYPES[settle], String(REMOTE_CONCURRENCY), ...(settle === 'actual' ? [String(ACTUAL_PER_ITEM)] : [])];
    const worker = startScript(context.repoRoot, 'bench/remote-worker.ts', args);
    const drained = await timeDrain(server, tenant.key, jobIds, items, [worker], performance.now());
    const spanMs = drained.spanMs ?? drained.wallMs;
    await assertCharged(server, tenant.key, items * (settle === 'actual' ? ACTUAL_PER_ITEM : HOLD_PER_ITEM));
    notes.push(`${DIALECT_NAMES[dialect]}, drain ${settle}: ${items} items, first start to last completion ${formatNumber(spanMs)} ms, charged exactly.`);
    return (items / spanMs) * 1000;
  });
}
