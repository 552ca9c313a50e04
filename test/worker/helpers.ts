import { afterEach, expect } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { Runner, type RunnerOptions } from '../../src/worker/runner.js';
import { createHarness, type DialectName, type Harness } from '../support/harness.js';
import { spawnTollgate, type ChildServer } from '../support/server.js';

/** Polls `fn` until `ok` holds; the last value is in the failure message. */
export { until } from '../support/until.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST /v1/jobs for an echo job; expects 201 and returns the rendered job. */
export async function admitEcho(h: Harness, key: string, input: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await h.request('POST', '/v1/jobs', { key, body: { type: 'echo', input }, headers });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.job as { id: string; status: string; estimated_completion: string | null };
}

export async function getJob(h: Harness, key: string, id: string) {
  const response = await h.request('GET', `/v1/jobs/${id}`, { key });
  expect(response.status).toBe(200);
  return response.json();
}

export const store = (h: Harness) => h.tollgate.deps.store;

/** The job's row as stored. */
export function jobRow(h: Harness, id: string) {
  return store(h).db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The job's items as stored, in seq order. */
export function itemRows(h: Harness, jobId: string) {
  return store(h).db.selectFrom('job_items').selectAll().where('job_id', '=', jobId).orderBy('seq').execute();
}

export async function ledgerRows(h: Harness, tenantId: string) {
  const rows = await store(h).db.selectFrom('ledger_entries').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  return rows.map((r) => ({ kind: r.kind, amount: Number(r.amount), job_id: r.job_id, item_id: r.item_id === null ? null : Number(r.item_id), dedup_key: r.dedup_key }));
}

/** The tenant's usage counter over all periods and meters. */
export async function usedBy(h: Harness, tenantId: string): Promise<number> {
  const rows = await store(h).db.selectFrom('usage').select('used').where('tenant_id', '=', tenantId).execute();
  return rows.reduce((sum, r) => sum + Number(r.used), 0);
}

/** A runner wired to the harness's parts, not started: for calling its lease reaper directly. */
export function idleRunner(h: Harness, overrides: Partial<RunnerOptions> = {}): Runner {
  const d = h.tollgate.deps;
  return new Runner({
    store: d.store,
    registry: d.registry,
    clock: d.clock,
    events: d.events,
    logger: d.logger,
    metrics: d.metrics,
    concurrency: 4,
    batchSize: 10,
    leaseMs: 1000,
    pollMs: 50,
    ...overrides,
  });
}

/** Claim-request defaults for driving the store functions by hand. */
export const NO_CAP = 2_000_000_000;

/** Where the harness keeps its data, for a child process pointed at the same database. */
export function databaseEnv(h: Harness): Record<string, string> {
  const s = store(h);
  return { DATABASE_URL: h.config.databaseUrl, ...(s.dialect === 'postgres' ? { DATABASE_SCHEMA: s.schema } : {}) };
}

/**
 * For tests of a worker in a child process. Call in a describe block; the function it returns, called
 * in a test, makes a harness on the real clock (its own workers stop at once) and a tenant of 10 credits.
 * After each test the child is killed outright, so a failing test leaves no process behind.
 */
export function childWorkerTest(dialect: DialectName) {
  let h: Harness | undefined;
  let child: ChildServer | undefined;
  afterEach(async () => {
    await child?.stop('SIGKILL');
    child = undefined;
    await h?.close();
  });
  return async () => {
    const harness = await createHarness(dialect, { clock: systemClock, env: { SHUTDOWN_GRACE_MS: '0' } });
    h = harness;
    const tenant = await harness.tenant({ limits: { credits: 10 } });
    /** Starts `tollgate worker` on the harness's database. */
    const spawnWorker = async (env: Record<string, string>) => (child = await spawnTollgate('worker', { ...databaseEnv(harness), ...env }));
    return { h: harness, tenant, spawnWorker };
  };
}
