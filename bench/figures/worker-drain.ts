// Items drained per second by standalone worker processes with a no-op handler (echo, sleep_ms 0):
// the cost of claim, lease, settle and the job's completion, nothing else. The queue is filled
// first with the API alone (WORKERS=0), then the workers start; the drain time is the span from
// the first job's start to the last job's completion as the server recorded them, so process
// boot is not counted.
import { authHeaders, call, createTenant, expect, field, listOf, lookup, timeOf } from '../api.js';
import type { Dialect } from '../database.js';
import { DIALECT_NAMES, formatNumber, perDialect, withServer, type BenchContext, type Figure, type Row } from '../figure.js';
import { rawUpdateRate } from '../raw-writes.js';
import { startWorker, type ChildHandle, type RunningServer } from '../server.js';
import { sleep } from '../stats.js';
import { Unavailable } from '../unavailable.js';

const ITEMS_PER_JOB = 1000;
const WORKER_CONCURRENCY = 400;
const WORKER_BATCH_SIZE = 200;
const TARGET_ITEMS_PER_SECOND: Record<Dialect, number> = { sqlite: 20_000, postgres: 12_000 };
const FINISHED_FIELDS = ['completed_at', 'finished_at', 'settled_at'];

export const workerDrain: Figure = {
  id: 'worker-drain',
  title: 'Worker drain rate',
  description:
    `Items/s drained by 1 and 2 worker processes (concurrency ${WORKER_CONCURRENCY}, batches of ${WORKER_BATCH_SIZE}, each) from a queue of echo jobs of ` +
    `${ITEMS_PER_JOB} items with a no-op handler, against a raw loop of batched \`UPDATE\`s (100 rows per statement) ` +
    'on the same database in the same run.',
  async run(context) {
    const notes: string[] = [];
    const items = context.quick ? 5000 : 20_000;
    const rows = await perDialect(context, notes, async (dialect) => {
      const result: Row[] = [];
      for (const workers of [1, 2]) {
        result.push(await drain(context, dialect, workers, items, notes));
      }
      return result;
    });
    return { rows, notes };
  },
};

async function drain(context: BenchContext, dialect: Dialect, workers: number, items: number, notes: string[]): Promise<Row> {
  const name = DIALECT_NAMES[dialect];
  return withServer(context, dialect, `drain_${workers}`, { workers: 0 }, async (server, database) => {
    const tenant = await createTenant(server.url, 'bench drain tenant');
    const jobIds: string[] = [];
    for (let index = 0; index < items / ITEMS_PER_JOB; index++) {
      const job = await expect(server.url, 'POST', '/v1/jobs', 201, {
        token: tenant.key,
        body: { type: 'echo', input: { items: ITEMS_PER_JOB, sleep_ms: 0 } },
      });
      jobIds.push(field(job.body, 'id'));
    }

    context.log(`worker-drain ${dialect}: baseline, then ${workers} worker(s) for ${items} items`);
    const baseline = await rawUpdateRate(database, items);

    const spawned = performance.now();
    const processes = Array.from({ length: workers }, () =>
      // Tuned for no-op handlers, as the peers' figures are: many items in flight and large claim and
      // settle batches, so statements (not handlers) are what is measured.
      startWorker(context.repoRoot, database, {
        WORKERS: String(WORKER_CONCURRENCY),
        WORKER_BATCH_SIZE: String(WORKER_BATCH_SIZE),
      }),
    );
    try {
      await waitAllCompleted(server, tenant.key, jobIds, processes);
    } finally {
      await Promise.all(processes.map((process) => process.stop()));
    }
    const wallMs = performance.now() - spawned;

    const spanMs = await drainSpanMs(server, tenant.key, jobIds);
    const drainMs = spanMs ?? wallMs;
    notes.push(
      `${name}, ${workers} worker(s): ${items} items; first start to last completion ` +
        (spanMs === undefined ? 'not reported by the API, so wall time from spawn (boot included) is used' : `${formatNumber(spanMs)} ms`) +
        `; wall time from spawn ${formatNumber(wallMs)} ms; raw UPDATE baseline ${formatNumber(baseline)} rows/s.`,
    );
    if (spanMs !== undefined && spanMs < 200) {
      notes.push(`${name}, ${workers} worker(s): the drain took under 200 ms; millisecond timestamps make this figure coarse, raise the item count.`);
    }
    const value = (items / drainMs) * 1000;
    const target = TARGET_ITEMS_PER_SECOND[dialect];
    return {
      label: `${name}: ${workers} worker${workers > 1 ? 's' : ''}`,
      value,
      unit: 'items/s',
      baseline,
      baselineLabel: 'raw batched UPDATE',
      baselineUnit: 'rows/s',
      ratio: value / baseline,
      target: { text: `≥ ${formatNumber(target)} items/s`, met: value >= target },
    };
  });
}

async function waitAllCompleted(
  server: RunningServer,
  key: string,
  jobIds: readonly string[],
  workers: readonly ChildHandle[],
): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  const wanted = new Set(jobIds);
  let polls = 0;
  while (Date.now() < deadline) {
    const crashed = workers.find((worker) => worker.hasExited());
    // Exit code 2 is the CLI's answer to an unknown command: `tollgate worker` is not built yet.
    if (crashed?.exitCode() === 2) throw new Unavailable('`tollgate worker` is not a command yet (the CLI printed its usage)');
    if (crashed) throw new Error(`a worker exited while draining (code ${crashed.exitCode()}):\n${crashed.output()}`);
    const completed = await jobsWithStatus(server, key, 'completed');
    if ([...wanted].every((id) => completed.has(id))) return;
    if (++polls % 40 === 0) {
      for (const status of ['failed', 'partially_completed']) {
        const failed = await jobsWithStatus(server, key, status);
        if (failed.size > 0) throw new Error(`${failed.size} job(s) ${status} while draining a no-op handler`);
      }
    }
    await sleep(25);
  }
  throw new Error(`the queue was not drained within 5 minutes:\n${workers[0]?.output() ?? ''}`);
}

async function jobsWithStatus(server: RunningServer, key: string, status: string): Promise<Set<string>> {
  const response = await call(server.url, 'GET', `/v1/jobs?status=${status}&limit=100`, { headers: authHeaders(key) });
  if (response.status !== 200) throw new Error(`GET /v1/jobs?status=${status} answered ${response.status}: ${response.text.slice(0, 300)}`);
  const jobs = listOf(response.body) ?? [];
  return new Set(jobs.filter((job) => job.status === undefined || job.status === status).map((job) => String(job.id)));
}

/** From the earliest `started_at` to the latest completion timestamp, if the job resource carries them. */
async function drainSpanMs(server: RunningServer, key: string, jobIds: readonly string[]): Promise<number | undefined> {
  let firstStart = Infinity;
  let lastFinish = -Infinity;
  for (const id of jobIds) {
    const job = (await expect(server.url, 'GET', `/v1/jobs/${encodeURIComponent(id)}`, 200, { token: key })).body;
    const started = timeOf(lookup(job, 'started_at'));
    const finished = FINISHED_FIELDS.map((name) => timeOf(lookup(job, name))).find((time) => time !== undefined);
    if (started === undefined || finished === undefined) return undefined;
    firstStart = Math.min(firstStart, started);
    lastFinish = Math.max(lastFinish, finished);
  }
  return lastFinish > firstStart ? lastFinish - firstStart : undefined;
}
