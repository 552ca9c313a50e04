import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { housekeep } from '../../src/worker/housekeeping.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('webhook retention (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('prunes delivered and abandoned deliveries with the job retention, never a pending one', async () => {
    const clock = fixedClock('2026-03-01T00:00:00Z');
    h = await createHarness(dialect, { clock, env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    const t = await h.tenant();
    const endpoint = await (await h.request('POST', '/v1/webhook-endpoints', { key: t.key, body: { url: 'http://127.0.0.1:9/x', events: ['job.completed'] } })).json();
    for (let i = 0; i < 3; i++) await h.request('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, { key: t.key });
    const db = h.tollgate.deps.store.db;
    const [delivered, gaveUp, pending] = await db.selectFrom('webhook_deliveries').select(['id', 'event_id']).orderBy('id').execute();
    await db.updateTable('webhook_deliveries').set({ status: 'delivered' }).where('id', '=', delivered!.id).execute();
    await db.updateTable('webhook_deliveries').set({ status: 'gave_up' }).where('id', '=', gaveUp!.id).execute();

    clock.advance(29 * DAY);
    expect((await housekeep({ store: h.tollgate.deps.store, clock }, 30)).webhookEvents).toBe(0);
    clock.advance(2 * DAY);
    expect((await housekeep({ store: h.tollgate.deps.store, clock }, 30)).webhookEvents).toBe(2);
    expect(await db.selectFrom('webhook_events').select('id').execute()).toEqual([{ id: pending!.event_id }]);
    expect((await db.selectFrom('webhook_deliveries').select('status').execute()).map((d) => d.status)).toEqual(['pending']);
  });
});
