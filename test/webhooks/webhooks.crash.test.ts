import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { spawnTollgate, type ChildServer } from '../support/server.js';
import { until } from '../support/until.js';
import { databaseEnv } from '../worker/helpers.js';
import { startReceiver } from './receiver.js';

const JOBS = 300;
const WEBHOOKS = { WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_MS: '20', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_RETRY_SCHEDULE_MS: '0,50,50,50,50,50,50,50,50,50' };

// The outbox's promise: a process killed outright (SIGKILL, no shutdown code) while jobs finish and
// events are delivered loses none of them. Its settled jobs' events were committed with the settle;
// its claimed deliveries come back when their lease runs out. Duplicates carry the same webhook-id.
describe.each(DIALECTS)('webhooks across SIGKILLs (%s)', (dialect) => {
  let h: Harness | undefined;
  let child: ChildServer | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await child?.stop('SIGKILL');
    await h?.close();
    await close?.();
  });

  it(`delivers the end of each of ${JOBS} jobs at least once, with one webhook-id per event`, { timeout: 120_000 }, async () => {
    h = await createHarness(dialect, { clock: systemClock, env: { ...WEBHOOKS, SHUTDOWN_GRACE_MS: '0' } });
    const harness = h;
    // A receiver that fails now and then, so retries are in flight when the process dies.
    const r = await startReceiver((n) => (n % 7 === 3 ? 500 : 200));
    close = r.close;
    const t = await harness.tenant({ limits: { credits: 100_000 } });
    const created = await harness.request('POST', '/v1/webhook-endpoints', { key: t.key, body: { url: r.url, events: ['job.completed'] } });
    r.trust((await created.json()).secret);
    const jobs: string[] = [];
    for (let i = 0; i < JOBS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, JOBS - i) }, async () => (await (await harness.request('POST', '/v1/jobs', { key: t.key, body: { type: 'echo', input: { items: 1, sleep_ms: 5 } } })).json()).job.id as string),
      );
      jobs.push(...batch);
    }

    for (let round = 0; round < 3; round++) {
      child = await spawnTollgate('worker', { ...databaseEnv(harness), ...WEBHOOKS, WORKERS: '8', WORKER_LEASE_MS: '1500', WORKER_POLL_MS: '20' });
      const seen = r.received.length;
      await until(async () => r.received.length, (n) => n >= seen + 20 + Math.floor(Math.random() * 40), 60_000, `deliveries in round ${round}\n${child.output()}`);
      expect(await child.stop('SIGKILL')).toBeNull();
      child = undefined;
    }

    harness.tollgate.startWorkers({ leaseMs: 1500, pollMs: 20 });
    const delivered = () => new Set(r.received.filter((x) => x.verifiedBy.length === 1).map((x) => x.body.data.id as string));
    await until(async () => delivered().size, (n) => n >= JOBS, 90_000, 'every job delivered');

    expect([...delivered()].sort()).toEqual([...jobs].sort());
    const idsByJob = new Map<string, Set<string>>();
    for (const x of r.received) idsByJob.set(x.body.data.id, (idsByJob.get(x.body.data.id) ?? new Set()).add(x.id));
    expect([...idsByJob.values()].every((ids) => ids.size === 1)).toBe(true);
    const events = await harness.tollgate.deps.store.db.selectFrom('webhook_events').select('id').execute();
    expect(events).toHaveLength(JOBS);
    expect((await harness.verify()).ok).toBe(true);
  });
});
