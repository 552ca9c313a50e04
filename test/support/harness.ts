import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import { fixedClock, type Clock } from '../../src/core/clock.js';
import { createKey, createTenant } from '../../src/core/tenants.js';
import type { verify } from '../../src/core/verify.js';
import { contractOf, type ContractCheck } from './contract.js';
import { createTollgate, type Tollgate, type TollgateOptions } from '../../src/main.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * The dialects every storage, admission and HTTP test runs on. PostgreSQL joins when
 * TEST_DATABASE_URL is set, and then a test that cannot connect fails: it never skips.
 */
export const DIALECTS: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const ADMIN_KEY = 'tg_test_admin_key_000000000000000';

/** A fresh place to keep data: its own SQLite file, or its own PostgreSQL schema. */
export async function freshDatabase(dialect: DialectName, postgresUrl = TEST_DATABASE_URL): Promise<{ url: string; schema?: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-test-'));
    return { url: `file:${join(dir, 'tollgate.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return {
    url: postgresUrl,
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

export interface Harness {
  dialect: DialectName;
  tollgate: Tollgate;
  app: Tollgate['app'];
  config: Config;
  clock: Clock;
  /** A tenant with a tenant key, in one line. */
  tenant(options?: { id?: string; tier?: string; limits?: Record<string, number>; max_concurrency?: number }): Promise<{ id: string; key: string }>;
  /**
   * app.request with JSON and a bearer key. The answer is checked against `/openapi.json` (status,
   * body, headers: test/support/contract.ts) and the promise rejects when the document does not
   * declare it; `unchecked` is for the few tests that send what no client would.
   */
  request(method: string, path: string, options?: { key?: string; body?: unknown; headers?: Record<string, string>; unchecked?: boolean }): Promise<Response>;
  /**
   * Real HTTP: serve the app on a free loopback port. Its answers are checked against the document
   * too; a violation cannot reject the client's fetch, so it is kept and `close()` throws it.
   */
  listen(): Promise<string>;
  verify(): ReturnType<typeof verify>;
  close(): Promise<void>;
}

export async function createHarness(
  dialect: DialectName,
  options: { env?: Record<string, string>; clock?: Clock; tollgate?: Omit<TollgateOptions, 'schema' | 'clock'>; postgresUrl?: string } = {},
): Promise<Harness> {
  const database = await freshDatabase(dialect, options.postgresUrl);
  const config = loadConfig({ DATABASE_URL: database.url, TOLLGATE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'silent', KEY_CACHE_MS: '0', AUTH_FAILURES_PER_MINUTE: '100000', ...options.env });
  const clock = options.clock ?? fixedClock(Date.now());
  const tollgate = await createTollgate({ ...options.tollgate, config, clock, ...(database.schema ? { schema: database.schema } : {}) });
  const servers: ServerType[] = [];
  const deps = { store: tollgate.deps.store, config, clock };
  // The document as the server serves it: read once, as a client would (job inputs aside, the
  // responses it declares do not change at run time).
  let contract: Promise<ContractCheck> | undefined;
  const violations: Error[] = [];
  const checked = async (method: string, path: string, response: Response) => {
    contract ??= Promise.resolve(tollgate.app.request('/openapi.json')).then(async (r) => contractOf(await r.json()));
    await (await contract).check(method, path, response);
    return response;
  };
  return {
    dialect,
    tollgate,
    app: tollgate.app,
    config,
    clock,
    async tenant(t = {}) {
      const tenant = await createTenant(deps, { name: t.id ?? 'Test tenant', ...t });
      const key = await createKey(deps, tenant.id, { role: 'tenant' });
      return { id: tenant.id, key: key.secret };
    },
    request(method, path, r = {}) {
      const headers: Record<string, string> = { ...r.headers };
      if (r.key) headers.authorization = `Bearer ${r.key}`;
      let body: string | undefined;
      if (r.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      }
      const answer = Promise.resolve(tollgate.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }));
      return r.unchecked ? answer : answer.then((response) => checked(method, path, response));
    },
    async listen() {
      const fetch = async (request: Request, env: unknown) => {
        const response = await tollgate.app.fetch(request, env as never);
        checked(request.method, request.url, response).catch((error: Error) => violations.push(error));
        return response;
      };
      const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
      servers.push(server);
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    verify: () => tollgate.verify(),
    async close() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await tollgate.close();
      await database.drop();
      if (violations.length > 0) throw new Error(`${violations.length} answer(s) over real HTTP broke the contract:\n${violations.map((v) => v.message).join('\n')}`);
    },
  };
}

/** Fire `n` requests at once over real HTTP (fetch keeps connections alive) and collect the answers. */
export async function hammer(n: number, send: (i: number) => Promise<Response>): Promise<{ status: number; body: any }[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const response = await send(i);
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    }),
  );
}

export const countBy = <T>(items: T[], key: (t: T) => string | number) =>
  items.reduce<Record<string, number>>((acc, t) => ((acc[key(t)] = (acc[key(t)] ?? 0) + 1), acc), {});
