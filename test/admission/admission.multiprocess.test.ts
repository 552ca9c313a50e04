import { afterAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/core/verify.js';
import { openStore } from '../../src/store/db.js';
import { fetchJob } from '../support/admission.js';
import { ADMIN_KEY, countBy, DIALECTS, freshDatabase, hammer } from '../support/harness.js';
import { spawnTollgate, type ChildServer } from '../support/server.js';

// Two processes share nothing but the database: only PostgreSQL serves several processes at once.
describe.runIf(DIALECTS.includes('postgres'))('two server processes on one PostgreSQL database', () => {
  const servers: ChildServer[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await drop?.();
  });

  it('admits exactly 20 of 200 requests split across both for a tenant with 20 units; used = ledger = jobs', async () => {
    const database = await freshDatabase('postgres');
    drop = database.drop;
    const env = { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema!, WORKERS: '0' };
    servers.push(...(await Promise.all([spawnTollgate('serve', env), spawnTollgate('serve', env)])));
    const [a, b] = servers as [ChildServer, ChildServer];

    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const tenant = await (await fetch(`${a.url}/v1/tenants`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Shared', limits: { credits: 20 } }) })).json();
    const key = await (await fetch(`${b.url}/v1/tenants/${tenant.id}/keys`, { method: 'POST', headers: admin, body: '{}' })).json();
    expect(key.key).toMatch(/^tg_/);

    const results = await hammer(200, (i) => fetchJob((i % 2 ? a : b).url, key.key, { type: 'echo', input: {} }));

    expect(countBy(results, (r) => r.status), a.output() + b.output()).toEqual({ 201: 20, 402: 180 });
    const usage = await (await fetch(`${a.url}/v1/usage`, { headers: { authorization: `Bearer ${key.key}` } })).json();
    expect(usage.meters.find((m: { name: string }) => m.name === 'credits')).toMatchObject({ used: 20, remaining: 0 });

    const store = openStore(database.url, { schema: database.schema! });
    try {
      const db = store.db;
      const used = await db.selectFrom('usage').select('used').where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
      const ledger = await db.selectFrom('ledger_entries').select((eb) => eb.fn.sum<number>('amount').as('s')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
      const jobs = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
      expect({ used: Number(used.used), ledger: Number(ledger.s), jobs: Number(jobs.n) }).toEqual({ used: 20, ledger: 20, jobs: 20 });
      expect((await verify(store)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
