import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { expect } from 'vitest';
import { statementsOfFile } from '../../src/edge/migration-files.js';

const ROOT = join(import.meta.dirname, '..', '..');
export const ADMIN_KEY = 'tg_edge_admin_test_key_0123456789';

let bundle: Promise<string> | undefined;

/** The Worker as `wrangler deploy` would upload it (its bundler, its nodejs_compat polyfills), built once per file. */
function buildBundle(): Promise<string> {
  bundle ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'tollgate-edge-'));
    await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    });
    return join(outdir, 'worker.js');
  })();
  return bundle;
}

export interface Edge {
  /** The Worker's address: real HTTP into workerd. */
  url: string;
  mf: Miniflare;
  /** A request with a key (admin by default) and a JSON body. */
  request(method: string, path: string, options?: { key?: string; headers?: Record<string, string>; body?: unknown }): Promise<Response>;
  /** One run of the Cron Trigger. */
  cron(): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, ...values: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A fresh Worker in workerd with its own local D1, migrated from migrations/d1 as wrangler applies them. */
export async function startEdge(vars: Record<string, string> = {}): Promise<Edge> {
  const scriptPath = await buildBundle();
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    compatibilityDate: '2025-09-01',
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: { DB: 'tollgate' },
    bindings: { TOLLGATE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', ...vars },
    host: '127.0.0.1',
    port: 0,
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  const d1 = await mf.getD1Database('DB');
  const dir = join(ROOT, 'migrations', 'd1');
  for (const file of readdirSync(dir).sort()) {
    await d1.batch(statementsOfFile(readFileSync(join(dir, file), 'utf8')).map((s) => d1.prepare(s)));
  }
  return {
    url,
    mf,
    request: (method, path, { key = ADMIN_KEY, headers = {}, body } = {}) =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      }),
    async cron() {
      // Miniflare's Fetcher has scheduled() at run time; its types only know it with @cloudflare/workers-types.
      const worker = (await mf.getWorker()) as unknown as { scheduled(options: { cron: string }): Promise<unknown> };
      await worker.scheduled({ cron: '* * * * *' });
    },
    async query(sql, ...values) {
      return (await d1.prepare(sql).bind(...values).all()).results as never;
    },
    close: () => mf.dispose(),
  };
}

export interface Site {
  id: string;
  key: string;
}

/** A tenant (seed 000's site) with a tenant key, through the admin API. */
export async function createSite(edge: Edge, id: string, limits?: Record<string, number>): Promise<Site> {
  const tenant = await edge.request('POST', '/v1/tenants', { body: { id, name: id, ...(limits ? { limits } : {}) } });
  expect(tenant.status).toBe(201);
  const key = await edge.request('POST', `/v1/tenants/${id}/keys`, { body: { role: 'tenant' } });
  expect(key.status).toBe(201);
  return { id, key: (await key.json()).key };
}

export const USER = 'user_xyz';
export const siteHeaders = (s: Site, user = USER) => ({ 'X-Site-Id': s.id, 'X-User-Id': user });

export async function createLead(edge: Edge, s: Site, body: Record<string, unknown> = { name: 'A lead' }): Promise<{ id: string }> {
  const response = await edge.request('POST', '/api/ops/leads', { key: s.key, headers: siteHeaders(s), body });
  expect(response.status).toBe(201);
  return (await response.json()).data;
}

export const requestEvaluation = (edge: Edge, s: Site, leadId: string, body: unknown = {}) =>
  edge.request('POST', `/api/ops/leads/${leadId}/ai-evaluation`, { key: s.key, headers: siteHeaders(s), body });

/** `tollgate verify` on the edge: the admin route over the Worker's own D1. */
export async function expectVerified(edge: Edge): Promise<void> {
  const response = await edge.request('GET', '/v1/admin/verify');
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true });
}

export const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
