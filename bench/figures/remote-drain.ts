// Items drained per second by one remote worker process (`tollgate/worker`, over HTTP, no-op
// handler) against one in-process worker process (`tollgate worker`, echo with sleep_ms 0) on the
// same database in the same run. Both queues hold the same number of items in jobs of the same
// size; the drain time is the span from the first job's start to the last job's completion as the
// server recorded them, so process boot is not counted. The remote path pays for HTTP, JSON and the
// server's request handling on top of the same claim and settle statements.
import { createTenant, expect, field } from '../api.js';
import type { Dialect } from '../database.js';
import { DIALECT_NAMES, formatNumber, perDialect, withServer, type BenchContext, type Figure, type Row } from '../figure.js';
import { ADMIN_KEY, startScript, startWorker, type ChildHandle, type RunningServer } from '../server.js';
import { assertCharged, timeDrain } from './worker-drain.js';

const ITEMS_PER_JOB = 1000;
const IN_PROCESS = { WORKERS: '400', WORKER_BATCH_SIZE: '200' };
const REMOTE_CONCURRENCY = Number(process.env.BENCH_REMOTE_CONCURRENCY ?? 2000);
const TARGET_RATIO = 0.5;

const NOOP = {
  description: 'No-op items for the remote drain benchmark',
  input_schema: { type: 'object', required: ['documents'], properties: { documents: { type: 'array', maxItems: ITEMS_PER_JOB } } },
  meter: 'credits',
  cost: { per_item: 1 },
  items: { from: '/documents' },
  lease_ms: 60_000,
  handler: { kind: 'remote' },
};

export const remoteDrain: Figure = {
  id: 'remote-drain',
  title: 'Remote worker drain rate',
  description:
    `Items/s drained by one \`tollgate/worker\` process over HTTP (concurrency ${REMOTE_CONCURRENCY}, no-op handler), ` +
    `as a ratio to one in-process \`tollgate worker\` process (concurrency ${IN_PROCESS.WORKERS}, batches of ${IN_PROCESS.WORKER_BATCH_SIZE}) ` +
    `draining the same number of no-op items in jobs of ${ITEMS_PER_JOB}, in the same run.`,
  async run(context) {
    const notes: string[] = [];
    const items = context.quick ? 5000 : 20_000;
    const rows = await perDialect(context, notes, async (dialect) => {
      const local = await drain(context, dialect, 'in-process', items, notes);
      const remote = await drain(context, dialect, 'remote', items, notes);
      const name = DIALECT_NAMES[dialect];
      return [
        { label: `${name}: in-process worker`, value: local, unit: 'items/s', isBaseline: true },
        {
          label: `${name}: remote worker over HTTP`,
          value: remote,
          unit: 'items/s',
          baseline: local,
          baselineLabel: 'in-process worker',
          baselineUnit: 'items/s',
          ratio: remote / local,
          target: { text: `≥ ${TARGET_RATIO}× in-process`, met: remote / local >= TARGET_RATIO },
        },
      ] satisfies Row[];
    });
    return { rows, notes };
  },
};

async function drain(context: BenchContext, dialect: Dialect, kind: 'in-process' | 'remote', items: number, notes: string[]): Promise<number> {
  return withServer(context, dialect, `remote_drain_${kind.replace('-', '_')}`, { workers: 0 }, async (server, database) => {
    const tenant = await createTenant(server.url, `bench ${kind} drain`);
    if (kind === 'remote') await expect(server.url, 'PUT', '/v1/job-types/noop_remote', 201, { token: ADMIN_KEY, body: NOOP });
    const jobIds: string[] = [];
    for (let index = 0; index < items / ITEMS_PER_JOB; index++) {
      const body =
        kind === 'remote'
          ? { type: 'noop_remote', input: { documents: Array.from({ length: ITEMS_PER_JOB }, (_, i) => ({ n: i })) } }
          : { type: 'echo', input: { items: ITEMS_PER_JOB, sleep_ms: 0 } };
      jobIds.push(field((await expect(server.url, 'POST', '/v1/jobs', 201, { token: tenant.key, body })).body, 'id'));
    }
    context.log(`remote-drain ${dialect}: ${kind}, ${items} items`);
    const worker = kind === 'in-process' ? startWorker(context.repoRoot, database, IN_PROCESS) : await startRemote(context, server);
    const drained = await timeDrain(server, tenant.key, jobIds, items, [worker], performance.now());
    const spanMs = drained.spanMs ?? drained.wallMs;
    await assertCharged(server, tenant.key, items);
    notes.push(`${DIALECT_NAMES[dialect]}, ${kind}: ${items} items, first start to last completion ${formatNumber(spanMs)} ms (wall from spawn ${formatNumber(drained.wallMs)} ms).`);
    return (items / spanMs) * 1000;
  });
}

async function startRemote(context: BenchContext, server: RunningServer): Promise<ChildHandle> {
  const key = field((await expect(server.url, 'POST', '/v1/keys', 201, { token: ADMIN_KEY, body: { role: 'worker', name: 'bench', job_types: ['noop_remote'] } })).body, 'key');
  return startScript(context.repoRoot, 'bench/remote-worker.ts', [server.url, key, 'noop_remote', String(REMOTE_CONCURRENCY)]);
}
