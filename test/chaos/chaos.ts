import { isDatabaseUnavailable } from '../../src/http/errors.js';
import { openStore, type Store } from '../../src/store/db.js';
import { ADMIN_KEY, freshDatabase, type DialectName } from '../support/harness.js';
import { freePort, spawnTollgate, type ChildServer } from '../support/server.js';
import { checkInvariants, type Census } from './invariants.js';
import { ClientRecord, Load, type ChaosTenant } from './load.js';
import { seeded } from './random.js';

export interface ChaosOptions {
  dialect: DialectName;
  rounds: number;
  /** Length of one round of load, during which the server and a worker are each killed. */
  durationMs: number;
  /** `tollgate worker` processes alive at once. */
  workers?: number;
  /** Concurrent client loops. */
  clients?: number;
  serverKillsPerRound?: number;
  workerKillsPerRound?: number;
  /** Credits each tenant may spend: bounds the work the drain must finish. */
  creditsPerTenant?: number;
  drainTimeoutMs?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  dialect: DialectName;
  seed: number;
  rounds: number;
  serverKills: number;
  /** Items running under each killed worker at the moment it died. */
  workerKills: number[];
  outcomes: Record<string, number>;
  acknowledged: number;
  /** Intents never acknowledged nor refused: their key is still held by a request a killed server was running. */
  unresolved: number;
  census: Census;
  problems: string[];
  elapsedMs: number;
}

const WORKER_CONCURRENCY = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Crash safety, end to end: admission load against a real `tollgate serve` child (no embedded
 * workers) and `tollgate worker` children on one fresh database; the server and workers are killed
 * with SIGKILL at random moments and started again on the same database. After every round the
 * load stops, the workers die mid-item, and the invariants are checked on the quiescent database;
 * at the end the unacknowledged intents are retried, the workers drain everything, and the
 * invariants must hold with every job finished.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seeded(seed);
  const log = (line: string) => options.log?.(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const workerCount = options.workers ?? 2;
  const database = await freshDatabase(options.dialect);
  const port = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    ...(database.schema ? { DATABASE_SCHEMA: database.schema } : {}),
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  const serverEnv = { ...env, WORKERS: '0' };
  const workerEnv = { ...env, WORKERS: String(WORKER_CONCURRENCY), WORKER_BATCH_SIZE: String(WORKER_CONCURRENCY), WORKER_LEASE_MS: '1000', WORKER_POLL_MS: '100', SHUTDOWN_GRACE_MS: '0' };
  const url = `http://127.0.0.1:${port}`;

  let server: ChildServer | undefined;
  const workers: ChildServer[] = [];
  let store: Store | undefined;
  const record = new ClientRecord();
  const report: ChaosReport = {
    dialect: options.dialect,
    seed,
    rounds: 0,
    serverKills: 0,
    workerKills: [],
    outcomes: record.outcomes,
    acknowledged: 0,
    unresolved: 0,
    census: { jobs: 0, active: 0, byStatus: {} },
    problems: [],
    elapsedMs: 0,
  };
  const fail = (problems: string[], when: string) => report.problems.push(...problems.map((p) => `${when}: ${p}`));

  const startWorker = async () => workers.push(await spawnTollgate('worker', workerEnv));
  const killWorker = async (worker: ChildServer) => {
    workers.splice(workers.indexOf(worker), 1);
    if (worker.process.exitCode !== null) report.problems.push(`worker ${worker.process.pid} died by itself (${worker.process.exitCode}):\n${worker.output().slice(-4000)}`);
    await worker.stop('SIGKILL');
  };
  /** The server logs every 5xx with its error: a 503 for an unavailable database is allowed, a 500 is a bug. */
  const killServer = async () => {
    const current = server!;
    server = undefined;
    await current.stop('SIGKILL');
    for (const line of current.output().split('\n')) {
      if (!line.includes('"request failed"')) continue;
      const err = (JSON.parse(line) as { err?: unknown }).err;
      if (!isDatabaseUnavailable(err)) report.problems.push(`server answered 500: ${line.slice(0, 1500)}`);
    }
  };
  /** Items each worker holds right now, read from the database (the worker id carries the pid). */
  const running = async () => {
    const rows = await store!.db.selectFrom('job_items').select('locked_by').where('status', '=', 'running').execute();
    return (worker: ChildServer) => rows.filter((r) => r.locked_by?.includes(`:${worker.process.pid}:`)).length;
  };

  try {
    server = await spawnTollgate('serve', serverEnv);
    store = openStore(database.url, database.schema ? { schema: database.schema } : {});
    const credits = options.creditsPerTenant ?? 150;
    const tenants: ChaosTenant[] = [];
    // Two roomy tenants, one that runs out (402s, and cancels make room again), one capped at two items at once.
    const small = Math.ceil(credits / 4);
    for (const [i, t] of [{ credits }, { credits }, { credits: small }, { credits: small, max_concurrency: 2 }].entries()) {
      const { max_concurrency, ...limits } = t as { credits: number; max_concurrency?: number };
      const tenant = await admin(url, 'POST', '/v1/tenants', { id: `chaos_${i}`, name: `Chaos ${i}`, limits, ...(max_concurrency ? { max_concurrency } : {}) });
      const key = await admin(url, 'POST', `/v1/tenants/${tenant.id}/keys`, {});
      tenants.push({ id: tenant.id, key: key.key });
    }
    const load = new Load(url, tenants, random, record, 'chaos');
    const allowance = new Map(tenants.map((t, i) => [t.id, i < 2 ? credits : small]));
    /** Each round gets a fresh allowance on top of what is used, so that every round has work to do. */
    const topUp = async (base: string, on: Store, list: ChaosTenant[]) => {
      for (const t of list) {
        const rows = await on.db.selectFrom('usage').select('used').where('tenant_id', '=', t.id).where('meter', '=', 'credits').execute();
        const used = rows.reduce((sum, r) => sum + Number(r.used), 0);
        await admin(base, 'PATCH', `/v1/tenants/${t.id}`, { limits: { credits: used + allowance.get(t.id)! } });
      }
    };

    for (let round = 1; round <= options.rounds; round++) {
      if (round > 1) await topUp(url, store, tenants);
      while (workers.length < workerCount) await startWorker();
      load.start(options.clients ?? 6);
      const moment = () => options.durationMs * (0.1 + 0.8 * random.next());
      const events = [
        ...Array.from({ length: options.serverKillsPerRound ?? 1 }, () => ({ kind: 'server' as const, at: moment() })),
        ...Array.from({ length: options.workerKillsPerRound ?? 1 }, () => ({ kind: 'worker' as const, at: moment() })),
      ].sort((a, b) => a.at - b.at);
      const roundStart = Date.now();
      const notes: string[] = [];
      for (const event of events) {
        await sleep(Math.max(0, roundStart + event.at - Date.now()));
        if (event.kind === 'server') {
          await killServer();
          report.serverKills++;
          await sleep(random.between(0, 300));
          const t = Date.now();
          server = await spawnTollgate('serve', serverEnv);
          notes.push(`server killed at ${Math.round(event.at)} ms, back in ${Date.now() - t} ms`);
        } else {
          // In the middle of items: wait (briefly) until a worker holds some.
          let held = await running();
          for (let wait = 0; wait < 40 && workers.every((w) => held(w) === 0); wait++) {
            await sleep(50);
            held = await running();
          }
          const victim = [...workers].sort((a, b) => held(b) - held(a))[0]!;
          const n = held(victim);
          await killWorker(victim);
          report.workerKills.push(n);
          notes.push(`worker killed with ${n} items running`);
          await startWorker();
        }
      }
      await sleep(Math.max(0, roundStart + options.durationMs - Date.now()));
      await load.stop();
      // The rest of the workers die mid-item too: the database is now quiescent and must be sound.
      const held = await running();
      const dying = [...workers];
      const heldAtEnd = dying.map(held);
      dying.forEach((worker, i) => {
        // Outcomes wait a few ms for their settle batch, so a worker may briefly hold a batch more than it runs.
        if (heldAtEnd[i]! > 2 * WORKER_CONCURRENCY) {
          report.problems.push(`worker ${worker.process.pid} held ${heldAtEnd[i]} running items with a concurrency of ${WORKER_CONCURRENCY}:\n${worker.output().slice(-3000)}`);
        }
      });
      for (const worker of dying) await killWorker(worker);
      report.workerKills.push(...heldAtEnd);
      notes.push(`round ended killing ${dying.length} workers holding ${heldAtEnd.join('+')} items`);
      const { problems, census } = await checkInvariants(store, record);
      fail(problems, `round ${round}`);
      report.rounds = round;
      log(`chaos ${options.dialect} round ${round}/${options.rounds}: ${notes.join('; ')}; jobs ${census.jobs} (${census.active} active), acknowledged ${record.acked.size}, unresolved ${record.unresolved.size}; ${problems.length === 0 ? 'invariants hold' : `${problems.length} PROBLEMS`}`);
    }

    // The end: retry what was never acknowledged, with its original key and body, then drain.
    while (workers.length < workerCount) await startWorker();
    const retried = [...record.unresolved.values()];
    record.outcomes.retried = retried.length;
    const retryStarted = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let intent = retried.pop(); intent; intent = retried.pop()) {
          for (let attempt = 0; attempt < 20; attempt++) {
            const answer = await load.admit(intent);
            if ('error' in answer || answer.status === 503) await sleep(100);
            else break;
          }
        }
      }),
    );
    const drainStarted = Date.now();
    const drained = await waitForDrain(store, options.drainTimeoutMs ?? 60_000);
    log(`chaos ${options.dialect}: retried ${record.outcomes.retried ?? 0} unacknowledged intents in ${drainStarted - retryStarted} ms, drained in ${Date.now() - drainStarted} ms`);
    const { problems, census } = await checkInvariants(store, record, { allTerminal: true });
    fail(problems, 'after the drain');
    if (!drained) report.problems.push(`after the drain: ${census.active} jobs still active after ${options.drainTimeoutMs ?? 60_000} ms`);
    report.census = census;
    // What is left unresolved holds a key a killed server took (IDEMPOTENCY lock, 60 s): it must have no job.
    const leftovers = [...record.unresolved.keys()];
    if (leftovers.length > 0) {
      const rows = await store.db.selectFrom('idempotency_keys').select(['key', 'status', 'job_id']).where('key', 'in', leftovers).execute();
      for (const r of rows) if (r.job_id !== null || r.status !== 'in_flight') report.problems.push(`unresolved key ${r.key} is ${r.status} with job ${r.job_id}`);
    }
    report.acknowledged = record.acked.size;
    report.unresolved = record.unresolved.size;
    report.problems.push(...record.problems.map((p) => `client: ${p}`));
    log(
      `chaos ${options.dialect} done: ${report.serverKills} server kills, ${report.workerKills.length} worker kills (${report.workerKills.reduce((a, b) => a + b, 0)} items mid-flight), ` +
        `jobs ${JSON.stringify(census.byStatus)}; ${report.problems.length === 0 ? 'invariants hold' : `${report.problems.length} PROBLEMS`}`,
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    if (server) await killServer();
    await store?.close();
    await database.drop();
    report.elapsedMs = Date.now() - started;
  }
  return report;
}

async function admin(url: string, method: string, path: string, body: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function waitForDrain(store: Store, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'processing'])
      .executeTakeFirstOrThrow();
    if (Number(row.n) === 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
}
