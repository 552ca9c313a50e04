// Items drained per second with a no-op handler: the cost of claim, lease, settle and completion,
// nothing else. The peers first, each with its own worker in a fresh process and a few worker
// settings (the best one is its figure: "tuned"); then Tollgate's standalone worker processes
// (echo, sleep_ms 0) on SQLite and PostgreSQL. The queue is filled before the workers start and
// the drain is timed from the first item started to the last one settled, as the stores recorded
// it, so process boot is not counted. Every drain is checked exact: every item settled once, the
// tenant charged exactly its items.
import { authHeaders, call, createTenant, expect, field, listOf, lookup, timeOf } from '../api.js';
import type { Dialect } from '../database.js';
import { atLeast, DIALECT_NAMES, formatNumber, perDialect, withServer, type BenchContext, type Figure, type Row } from '../figure.js';
import { loadPeer } from '../peers/index.js';
import { describeTuning, PEER_IDS, type DrainOutcome, type PeerId, type Tuning } from '../peers/peer.js';
import { assertPeersReachable, drainPeer, ensurePeersDatabase, withPeerPlace } from '../peers/process.js';
import { startWorker, type ChildHandle, type RunningServer } from '../server.js';
import { sleep } from '../stats.js';
import { Unavailable } from '../unavailable.js';

const ITEMS_PER_JOB = 1000;
const WORKER_CONCURRENCY = 400;
const WORKER_BATCH_SIZE = 200;
/** Tollgate's drain against the best tuned peer (issue 12 §4). */
const TARGET_VS_BEST_PEER: Record<Dialect, number> = { sqlite: 2, postgres: 1.2 };
const FINISHED_FIELDS = ['completed_at', 'finished_at', 'settled_at'];

interface PeerDrain {
  id: PeerId;
  worker: string;
  tuning: Tuning;
  rate: number;
}

export const workerDrain: Figure = {
  id: 'worker-drain',
  title: 'Worker drain rate against the tuned peers',
  description:
    'Items/s settled with a no-op handler from a queue filled beforehand, first item started to last item settled. ' +
    'Peers, one worker process each, in the peers\' database or a Redis prefix of their own: pg-boss `work`, graphile-worker `run`, ' +
    'BullMQ `Worker`, each tried with the settings listed in the notes, its best kept. Tollgate: 1 and 2 `tollgate worker` processes ' +
    `(concurrency ${WORKER_CONCURRENCY}, claim batches of ${WORKER_BATCH_SIZE}) draining echo jobs of ${ITEMS_PER_JOB} items. ` +
    'Baseline: the best tuned peer. Every drain is checked exact (each item handled and settled once; Tollgate: every job completed ' +
    'with all its items done and the tenant charged exactly one credit per item).',
  async run(context) {
    const notes: string[] = [];
    const items = context.drainItems;
    const peers = await drainPeers(context, items, notes);
    const best = [...peers].sort((a, b) => b.rate - a.rate)[0];
    const rows: Row[] = peers.map((peer) => ({
      label: `${peer.worker}, tuned (${describeTuning(peer.tuning)})`,
      value: peer.rate,
      unit: 'items/s',
      ...(peer === best
        ? { isBaseline: true }
        : { baseline: best?.rate ?? Number.NaN, baselineLabel: 'best tuned peer', baselineUnit: 'items/s', ratio: peer.rate / (best?.rate ?? Number.NaN) }),
    }));
    rows.push(
      ...(await perDialect(context, notes, async (dialect) => {
        const result: Row[] = [];
        for (const workers of [1, 2]) {
          const rate = await drain(context, dialect, workers, items, notes);
          const target = TARGET_VS_BEST_PEER[dialect];
          const row: Row = {
            label: `${DIALECT_NAMES[dialect]}: Tollgate, ${workers} worker${workers > 1 ? 's' : ''}`,
            value: rate,
            unit: 'items/s',
            summary: workers === 1,
          };
          if (best) {
            const ratio = rate / best.rate;
            Object.assign(row, {
              baseline: best.rate,
              baselineLabel: `best tuned peer, ${best.id}`,
              baselineUnit: 'items/s',
              ratio,
              peer: { label: `${best.worker}, tuned`, value: best.rate, unit: 'items/s', ratio },
              target: { text: `≥ ${target}× the best tuned peer, every settlement exact`, met: ratio >= target, ratio: target, by: atLeast(ratio, target) },
            });
          }
          result.push(row);
        }
        return result;
      })),
    );
    return { rows, notes };
  },
};

async function drainPeers(context: BenchContext, items: number, notes: string[]): Promise<PeerDrain[]> {
  const results: PeerDrain[] = [];
  if (!context.unavailable.has('postgres')) await ensurePeersDatabase(context);
  for (const id of PEER_IDS) {
    try {
      await assertPeersReachable(context, [id]);
      const peer = await loadPeer(id);
      const tried: string[] = [];
      let best: PeerDrain | undefined;
      for (const tuning of peer.tunings) {
        context.log(`worker-drain: ${id} (${describeTuning(tuning)}) for ${items} items`);
        const outcome = await withPeerPlace(context, `${id}_drain`, (place) => drainPeer(context, id, place, items, tuning));
        assertExact(id, outcome, items);
        const rate = (items / outcome.spanMs) * 1000;
        tried.push(`${describeTuning(tuning)}: ${formatNumber(rate)} items/s`);
        if (!best || rate > best.rate) best = { id, worker: peer.worker, tuning, rate };
      }
      notes.push(`${peer.worker} (${peer.tuningDoc}): ${tried.join('; ')}.`);
      if (best) results.push(best);
    } catch (error) {
      if (!(error instanceof Unavailable)) context.log(`${id} failed: ${(error as Error).stack ?? error}`);
      notes.push(`${id}: ${error instanceof Unavailable ? 'skipped' : 'failed'}, ${(error as Error).message.split('\n')[0]}.`);
    }
  }
  return results;
}

function assertExact(id: PeerId, outcome: DrainOutcome, items: number): void {
  if (outcome.handled !== items || outcome.completed !== items || outcome.notCompleted !== 0) {
    throw new Error(`${id} drain was not exact: ${JSON.stringify(outcome)} for ${items} jobs`);
  }
}

async function drain(context: BenchContext, dialect: Dialect, workers: number, items: number, notes: string[]): Promise<number> {
  const name = DIALECT_NAMES[dialect];
  return withServer(context, dialect, `drain_${workers}`, { workers: 0 }, async (server, database) => {
    const tenant = await createTenant(server.url, 'bench drain tenant');
    const jobIds: string[] = [];
    for (let index = 0; index < Math.ceil(items / ITEMS_PER_JOB); index++) {
      const job = await expect(server.url, 'POST', '/v1/jobs', 201, {
        token: tenant.key,
        body: { type: 'echo', input: { items: Math.min(ITEMS_PER_JOB, items - index * ITEMS_PER_JOB), sleep_ms: 0 } },
      });
      jobIds.push(field(job.body, 'id'));
    }

    context.log(`worker-drain ${dialect}: ${workers} Tollgate worker(s) for ${items} items`);
    const spawned = performance.now();
    const processes = Array.from({ length: workers }, () =>
      // Tuned for no-op handlers, as the peers are: many items in flight and large claim and settle
      // batches, so statements (not handlers) are what is measured.
      startWorker(context.repoRoot, database, {
        WORKERS: String(WORKER_CONCURRENCY),
        WORKER_BATCH_SIZE: String(WORKER_BATCH_SIZE),
      }),
    );
    const { spanMs, wallMs } = await timeDrain(server, tenant.key, jobIds, items, processes, spawned);
    await assertCharged(server, tenant.key, items);
    const drainMs = spanMs ?? wallMs;
    notes.push(
      `${name}, ${workers} Tollgate worker(s): ${items} items, exact; first start to last completion ` +
        (spanMs === undefined ? 'not reported by the API, so wall time from spawn (boot included) is used' : `${formatNumber(spanMs)} ms`) +
        `; wall time from spawn ${formatNumber(wallMs)} ms.`,
    );
    if (spanMs !== undefined && spanMs < 200) {
      notes.push(`${name}, ${workers} worker(s): the drain took under 200 ms; millisecond timestamps make this figure coarse, raise --drain-items.`);
    }
    return (items / drainMs) * 1000;
  });
}

/** The tenant's credits used after a drain are exactly `credits`: what was admitted and completed, no refund, no double charge. */
export async function assertCharged(server: RunningServer, key: string, credits: number): Promise<void> {
  const usage = (await expect(server.url, 'GET', '/v1/usage', 200, { token: key })).body as { meters?: { name: string; used: number }[] };
  const meter = usage.meters?.find((m) => m.name === 'credits');
  if (meter?.used !== credits) throw new Error(`after the drain the tenant was charged ${meter?.used} credits, not ${credits}`);
}

/**
 * Waits until every job completed, stops the worker processes, and times the drain: the span from
 * the first job's start to the last one's completion as the server recorded them (`spanMs`, undefined
 * when the API does not report it) and the wall time since `spawned`.
 */
export async function timeDrain(
  server: RunningServer,
  key: string,
  jobIds: readonly string[],
  items: number,
  processes: readonly ChildHandle[],
  spawned: number,
): Promise<{ spanMs: number | undefined; wallMs: number }> {
  try {
    await waitAllCompleted(server, key, jobIds, processes);
  } finally {
    await Promise.all(processes.map((process) => process.stop()));
  }
  const wallMs = performance.now() - spawned;
  return { spanMs: await drainSpanMs(server, key, jobIds, items), wallMs };
}

export async function waitAllCompleted(
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
export async function drainSpanMs(server: RunningServer, key: string, jobIds: readonly string[], items: number): Promise<number | undefined> {
  let firstStart = Infinity;
  let lastFinish = -Infinity;
  let done = 0;
  for (const id of jobIds) {
    const job = (await expect(server.url, 'GET', `/v1/jobs/${encodeURIComponent(id)}`, 200, { token: key })).body;
    const progress = lookup(job, 'progress') as { items_total?: number; items_done?: number } | undefined;
    if (progress?.items_done !== progress?.items_total) throw new Error(`job ${id} completed with ${JSON.stringify(progress)}`);
    done += progress?.items_done ?? 0;
    const started = timeOf(lookup(job, 'started_at'));
    const finished = FINISHED_FIELDS.map((name) => timeOf(lookup(job, name))).find((time) => time !== undefined);
    if (started === undefined || finished === undefined) return undefined;
    firstStart = Math.min(firstStart, started);
    lastFinish = Math.max(lastFinish, finished);
  }
  if (done !== items) throw new Error(`the drain settled ${done} items as done, not ${items}`);
  return lastFinish > firstStart ? lastFinish - firstStart : undefined;
}
