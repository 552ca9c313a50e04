import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/core/verify.js';
import { openStore, type Store } from '../../src/store/db.js';
import { ADMIN_KEY, DIALECTS, freshDatabase, TEST_DATABASE_URL } from '../support/harness.js';
import { spawnTollgate, type ChildServer } from '../support/server.js';
import { ClientRecord, Load } from './load.js';
import { seeded } from './random.js';

/**
 * Stopping PostgreSQL breaks every other suite that uses it at that moment, so this file runs only
 * when asked to (TOLLGATE_PG_RESTART_TEST=1), in its own vitest project ordered after the others.
 * It stops and starts the cluster that serves TEST_DATABASE_URL's port (the tests run as root).
 */
const enabled = DIALECTS.includes('postgres') && process.env.TOLLGATE_PG_RESTART_TEST === '1';

/** `pg_lsclusters` line whose port is TEST_DATABASE_URL's: [version, name]. */
function clusterOf(url: string): [string, string] {
  const port = new URL(url).port || '5432';
  const lines = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).trim().split('\n');
  const line = lines.map((l) => l.trim().split(/\s+/)).find((cols) => cols[2] === port);
  if (!line) throw new Error(`no PostgreSQL cluster on port ${port}:\n${lines.join('\n')}`);
  return [line[0]!, line[1]!];
}

const pgctl = (action: 'stop' | 'start' | 'restart') => {
  const [version, name] = clusterOf(TEST_DATABASE_URL);
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', ...(action === 'start' ? [] : ['-m', 'fast']), version, name, action], { stdio: 'pipe' });
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

describe.runIf(enabled)('PostgreSQL restarts under load (serial)', () => {
  let server: ChildServer | undefined;
  let store: Store | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    // Whatever happened, leave the database running for whatever comes next.
    try {
      pgctl('start');
    } catch {
      /* already running */
    }
    await store?.close();
    await server?.stop();
    await drop?.();
  });

  it('answers 503 while the database is down, recovers by itself, and loses nothing acknowledged', async () => {
    const database = await freshDatabase('postgres');
    drop = database.drop;
    server = await spawnTollgate('serve', { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema!, WORKERS: '16', WORKER_LEASE_MS: '2000', WORKER_POLL_MS: '100' });
    store = openStore(database.url, { schema: database.schema! });
    const pid = server.process.pid;
    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const tenant = await (await fetch(`${server.url}/v1/tenants`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Restart', limits: { credits: 300 } }) })).json();
    const key = (await (await fetch(`${server.url}/v1/tenants/${tenant.id}/keys`, { method: 'POST', headers: admin, body: '{}' })).json()).key as string;
    // The probe's own tenant, so that the load spending its credits never reads as "not recovered".
    const prober = await (await fetch(`${server.url}/v1/tenants`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Probe', limits: { credits: 1000 } }) })).json();
    const probeKey = (await (await fetch(`${server.url}/v1/tenants/${prober.id}/keys`, { method: 'POST', headers: admin, body: '{}' })).json()).key as string;
    const record = new ClientRecord();
    const load = new Load(server.url, [{ id: tenant.id, key }], seeded(7), record, 'restart');
    const admitted = async () => {
      const response = await fetch(`${server!.url}/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${probeKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'echo', input: {} }) });
      return response.status === 201;
    };
    const ready = async () => (await fetch(`${server!.url}/readyz`)).status;

    load.start(4);
    await sleep(1000);

    // Down: readiness says so, and an admission is a 503 problem the client may retry, never a 500.
    pgctl('stop');
    await until('/readyz to answer 503', async () => (await ready()) === 503, 10_000);
    const down = await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'echo', input: {} }) });
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toBe('application/problem+json');
    expect(down.headers.get('retry-after')).toBeTruthy();
    expect(await down.json()).toMatchObject({ code: 'service_unavailable' });
    await sleep(1000);

    // Back: the same process serves again, without a restart of its own.
    pgctl('start');
    await until('/readyz to answer 200', async () => (await ready()) === 200, 30_000);
    await until('an admission to succeed', admitted, 15_000);

    // A restart in one step (no observable gap needed): recovery again.
    await sleep(500);
    pgctl('restart');
    await until('an admission to succeed after restart', admitted, 30_000);
    await sleep(1000);
    await load.stop();

    expect(server.process.exitCode, server.output()).toBeNull();
    expect(server.process.pid).toBe(pid);
    expect(record.problems, server.output()).toEqual([]);
    expect(record.acked.size).toBeGreaterThan(0);
    expect(record.outcomes['503_service_unavailable'] ?? 0).toBeGreaterThan(0);

    // Nothing acknowledged is lost; the ledger holds; the embedded workers finish everything.
    const ids = [...record.acked.values()].map((a) => a.jobId);
    const found = await store.db.selectFrom('jobs').select('id').where('id', 'in', ids).execute();
    expect(found.length).toBe(ids.length);
    await until('every job to finish', async () => {
      const row = await store!.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'processing']).executeTakeFirstOrThrow();
      return Number(row.n) === 0;
    }, 30_000);
    expect(await verify(store)).toMatchObject({ ok: true });
  }, 150_000);
});
