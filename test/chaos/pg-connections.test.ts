import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { ADMIN_KEY, DIALECTS, freshDatabase, TEST_DATABASE_URL } from '../support/harness.js';
import { spawnTollgate, type ChildServer } from '../support/server.js';
import { checkInvariants } from './invariants.js';
import { ClientRecord, Load } from './load.js';
import { seeded } from './random.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What a database restart does to a process, without restarting the database (other suites share
 * it): every connection of one server child is terminated again and again under load, including
 * those lent out in the middle of a transaction. The child names its connections (PGAPPNAME), so
 * nothing else is touched. The process must survive, answer 503 at worst, and lose nothing.
 */
describe.runIf(DIALECTS.includes('postgres'))('connections terminated under load (postgres)', () => {
  let server: ChildServer | undefined;
  let store: Store | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await store?.close();
    await server?.stop('SIGKILL');
    await drop?.();
  });

  it('keeps serving, loses no acknowledged job and keeps the ledger sound', async () => {
    const database = await freshDatabase('postgres');
    drop = database.drop;
    const appName = `tollgate_chaos_${randomBytes(4).toString('hex')}`;
    server = await spawnTollgate('serve', {
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: database.schema!,
      PGAPPNAME: appName,
      WORKERS: '4',
      WORKER_LEASE_MS: '1000',
      WORKER_POLL_MS: '50',
    });
    const pid = server.process.pid;
    store = openStore(database.url, { schema: database.schema! });
    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const tenant = await (await fetch(`${server.url}/v1/tenants`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Cut', limits: { credits: 400 } }) })).json();
    const key = (await (await fetch(`${server.url}/v1/tenants/${tenant.id}/keys`, { method: 'POST', headers: admin, body: '{}' })).json()).key as string;
    // A tenant of its own for the check afterwards, so that the load spending its credits cannot hide a failure.
    const prober = await (await fetch(`${server.url}/v1/tenants`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Probe', limits: { credits: 10 } }) })).json();
    const probeKey = (await (await fetch(`${server.url}/v1/tenants/${prober.id}/keys`, { method: 'POST', headers: admin, body: '{}' })).json()).key as string;
    const record = new ClientRecord();
    const load = new Load(server.url, [{ id: tenant.id, key }], seeded(11), record, 'cut');

    const killer = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await killer.connect();
    let terminated = 0;
    try {
      load.start(6);
      for (let i = 0; i < 12; i++) {
        await sleep(250);
        const { rowCount } = await killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);
        terminated += rowCount ?? 0;
      }
      await sleep(500);
      await load.stop();
    } finally {
      await killer.end();
    }

    expect(terminated).toBeGreaterThan(0);
    expect(server.process.exitCode, server.output()).toBeNull();
    expect(server.process.pid).toBe(pid);
    expect(record.problems, server.output()).toEqual([]);
    const after = await load.admit({ key: 'cut-after', tenant: { id: prober.id, key: probeKey }, body: { type: 'echo', input: {} }, attempts: 0 });
    expect('status' in after ? after.status : after.error).toBe(201);

    // The embedded workers drain what was admitted; the ledger and the jobs agree.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const row = await store.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'processing']).executeTakeFirstOrThrow();
      if (Number(row.n) === 0 || Date.now() > deadline) break;
      await sleep(100);
    }
    const { problems } = await checkInvariants(store, record, { allTerminal: true });
    expect(problems).toEqual([]);
  }, 90_000);
});
