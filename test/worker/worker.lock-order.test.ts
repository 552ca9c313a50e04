import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createHarness, TEST_DATABASE_URL, type Harness } from '../support/harness.js';
import { idleRunner } from './helpers.js';

/**
 * Every write path takes its row locks in one order (items by id, then usage, then jobs), so cancel,
 * settle, claim and lease extension cannot deadlock: PostgreSQL never has to break a cycle, which it
 * does by aborting one transaction after deadlock_timeout (1 s). Retries kept the money right, but
 * cancels took 1-1.8 s. The deadlock counter is per database, so this test gets a database of its own
 * that nothing else writes to.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('lock order on PostgreSQL', () => {
  const name = `tollgate_locks_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const admin = () => new pg.Client({ connectionString: TEST_DATABASE_URL });
  const deadlocks = async () => {
    const c = admin();
    await c.connect();
    try {
      const { rows } = await c.query<{ deadlocks: string }>('SELECT deadlocks FROM pg_stat_database WHERE datname = $1', [name]);
      return Number(rows[0]?.deadlocks ?? 0);
    } finally {
      await c.end();
    }
  };
  let h: Harness | undefined;

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
  });
  afterAll(async () => {
    await h?.close().catch(() => {});
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('cancels racing settles of the same jobs raise no deadlock', async () => {
    h = await createHarness('postgres', { clock: systemClock, postgresUrl: url.toString(), env: { WORKER_POLL_MS: '10', SHUTDOWN_GRACE_MS: '0' } });
    const t = await h.tenant({ limits: { credits: 100_000 } });
    const base = await h.listen();
    const before = await deadlocks();
    // Four workers settle in small batches while 120 jobs are cancelled at random moments.
    const runners = Array.from({ length: 4 }, () => idleRunner(h!, { concurrency: 16, batchSize: 8, settleDelayMs: 1, pollMs: 10, leaseMs: 30_000 }).start());
    const post = (path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const ids = await Promise.all(
      Array.from({ length: 120 }, async (_, i) => (await (await post('/v1/jobs', { type: 'echo', input: { items: 12, sleep_ms: 20 + (i % 5) * 5 } })).json()).job.id as string),
    );
    const cancels = await Promise.all(
      ids.map(async (id, i) => {
        await new Promise((r) => setTimeout(r, (i * 37) % 600));
        const began = performance.now();
        const response = await post(`/v1/jobs/${id}/cancel`);
        await response.arrayBuffer();
        return { status: response.status, ms: performance.now() - began };
      }),
    );
    expect(cancels.every((c) => c.status === 200 || c.status === 409)).toBe(true);
    expect(cancels.filter((c) => c.status === 200).length).toBeGreaterThan(10);
    await Promise.all(runners.map((r) => r.stop(0)));
    expect((await h.verify()).ok).toBe(true);
    await h.close();
    h = undefined;
    // Backends report their counters when they exit; give the last ones a moment.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await deadlocks()).toBe(before);
  });
});
