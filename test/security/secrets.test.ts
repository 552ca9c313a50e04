import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type NodeStore } from '../../src/store/db.js';
import { DIALECTS, freshDatabase } from '../support/harness.js';
import { spawnTollgate, type ChildServer } from '../support/server.js';

const ADMIN = 'tg_security_admin_secret_9f3b1c77e2d4';

/** Every row of every table in the store's schema, as text. */
async function dump(store: NodeStore): Promise<string> {
  const tables =
    store.dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(store.db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${store.schema}`.execute(store.db)).rows.map((r) => r.name);
  expect(tables).toEqual(expect.arrayContaining(['api_keys', 'jobs', 'ledger_entries', 'idempotency_keys']));
  let text = '';
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(store.db);
    text += `${table}\n${JSON.stringify(rows)}\n`;
  }
  return text;
}

/**
 * A key is a secret: only its SHA-256 is stored, and no log line carries it, at the most verbose
 * level, whatever happens to the request: success, a failed or revoked key, a key in the query
 * string, a server error. Real processes, so that what is checked is what an operator would see.
 */
describe.each(DIALECTS)('keys never appear in plain text (%s)', (dialect) => {
  let server: ChildServer | undefined;
  let store: NodeStore | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await store?.close();
    await server?.stop('SIGKILL');
    await drop?.();
  });

  it('not in any table, not in the logs at LOG_LEVEL=trace, not even around a 500', async () => {
    const database = await freshDatabase(dialect);
    drop = database.drop;
    server = await spawnTollgate('serve', {
      DATABASE_URL: database.url,
      ...(database.schema ? { DATABASE_SCHEMA: database.schema } : {}),
      TOLLGATE_ADMIN_KEY: ADMIN,
      LOG_LEVEL: 'trace',
      WORKERS: '2',
      KEY_CACHE_MS: '0',
      DEMO_SEED: '0',
    });
    store = openStore(database.url, database.schema ? { schema: database.schema } : {});
    const url = server.url;
    const call = (path: string, key: string, init: RequestInit = {}) =>
      fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });

    const tenant = await (await call('/v1/tenants', ADMIN, { method: 'POST', body: JSON.stringify({ name: 'Secretive' }) })).json();
    const issued = await (await call(`/v1/tenants/${tenant.id}/keys`, ADMIN, { method: 'POST', body: JSON.stringify({ name: 'main' }) })).json();
    const revoked = await (await call(`/v1/tenants/${tenant.id}/keys`, ADMIN, { method: 'POST', body: '{}' })).json();
    const adminKey = await (await call(`/v1/tenants/${tenant.id}/keys`, ADMIN, { method: 'POST', body: JSON.stringify({ role: 'admin' }) })).json();
    const key = issued.key as string;
    const secrets = [ADMIN, key, revoked.key as string, adminKey.key as string];
    const wrong = [`${key}x`, `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, `${ADMIN}x`, 'tg_neverIssuedButLooksLikeAKey00000'];

    // Used: admissions (one with an Idempotency-Key), reads, the admin key acting for the tenant, the worker running the job.
    expect((await call('/v1/jobs', key, { method: 'POST', body: JSON.stringify({ type: 'echo', input: { items: 2 } }) })).status).toBe(201);
    expect((await call('/v1/jobs', key, { method: 'POST', headers: { 'idempotency-key': 'once' }, body: JSON.stringify({ type: 'echo', input: {} }) })).status).toBe(201);
    expect((await call('/v1/me', key)).status).toBe(200);
    expect((await call('/v1/usage', adminKey.key, { headers: { 'x-tenant-id': tenant.id } })).status).toBe(200);
    expect((await call('/api/credits', key)).status).toBe(200);
    // The key where EventSource puts it: the query string.
    const stream = await fetch(`${url}/v1/events?access_token=${encodeURIComponent(key)}`);
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    // Revoked, then used; wrong keys of every kind; the key in places it does not belong.
    expect((await call(`/v1/keys/${revoked.id}`, ADMIN, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/v1/jobs', revoked.key)).status).toBe(401);
    for (const w of wrong) expect((await call('/v1/jobs', w)).status).toBe(401);
    expect((await fetch(`${url}/v1/jobs`, { headers: { 'x-api-key': key } })).status).toBe(401);
    expect((await fetch(`${url}/v1/jobs?access_token=${encodeURIComponent(key)}`)).status).toBe(401);
    expect((await call('/api/jobs', `${key}x`)).status).toBe(401);

    // A server error: the jobs table goes away under the running server.
    await sql`ALTER TABLE jobs RENAME TO jobs_gone`.execute(store.db);
    try {
      expect((await call('/v1/jobs', key)).status).toBe(500);
      expect((await fetch(`${url}/v1/jobs/job_x/events?access_token=${encodeURIComponent(key)}`)).status).toBe(500);
      expect((await call('/v1/jobs', key, { method: 'POST', headers: { 'idempotency-key': 'boom' }, body: JSON.stringify({ type: 'echo', input: {} }) })).status).toBe(500);
    } finally {
      await sql`ALTER TABLE jobs_gone RENAME TO jobs`.execute(store.db);
    }
    await new Promise((r) => setTimeout(r, 300));
    await server.stop('SIGTERM');

    const logs = server.output();
    // The logs are there and verbose: the check below means something.
    expect(logs).toMatch(/"msg":"request failed"/);
    expect(logs).toMatch(/"msg":"tollgate listening"/);
    const tables = await dump(store);
    expect(tables).toContain(createHash('sha256').update(key).digest('hex'));
    for (const secret of [...secrets, ...wrong]) {
      // The visible prefix (tg_ and 6 characters) is meant to be shown; the rest never is.
      const tail = secret.slice(9);
      expect(logs.includes(tail), `a secret's tail in the logs: ${secret.slice(0, 9)}…`).toBe(false);
      expect(tables.includes(tail), `a secret's tail in the database: ${secret.slice(0, 9)}…`).toBe(false);
    }
  }, 90_000);
});
