import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { echoModule, echoType } from '../../src/job-types/echo/index.js';
import type { JobTypeModule } from '../../src/job-types/module.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

/** A second job type, so that filtering by type has something to tell apart. */
const otherModule: JobTypeModule = { type: { ...echoType, name: 'echo_other' } };

/** Follows `next_cursor` to the end, returning every row and the number of pages. */
async function walk<T>(h: Harness, key: string, path: string): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response = await h.request('GET', `${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`, { key });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { data: T[]; next_cursor: string | null };
    rows.push(...page.data);
    cursor = page.next_cursor;
    pages++;
  } while (cursor && pages < 100);
  return { rows, pages };
}

describe.each(DIALECTS)('listing and paging (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('lists jobs newest first, filtered by status and type, across pages without duplicates or gaps', async () => {
    const clock = fixedClock('2026-11-10T10:00:00Z');
    h = await createHarness(dialect, { clock, tollgate: { modules: [echoModule, otherModule] } });
    const tenant = await h.tenant({ limits: { credits: 1000 } });
    const other = await h.tenant({ limits: { credits: 1000 } });
    expect((await h.request('POST', '/v1/jobs', { key: other.key, body: { type: 'echo', input: {} } })).status).toBe(201);

    // 23 jobs; several share a millisecond, so the order must not rest on created_at alone.
    const created: { id: string; type: string; createdAt: number }[] = [];
    for (let i = 0; i < 23; i++) {
      if (i % 3 === 0) clock.advance(1);
      const type = i % 4 === 0 ? 'echo_other' : 'echo';
      const response = await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type, input: {} } });
      expect(response.status).toBe(201);
      created.push({ id: (await response.json()).job.id, type, createdAt: clock.now() });
    }
    const cancelled = new Set(created.filter((_, i) => i % 5 === 0).map((j) => j.id));
    for (const id of cancelled) expect((await h.request('POST', `/v1/jobs/${id}/cancel`, { key: tenant.key })).status).toBe(200);
    /** Every expected job exactly once, newest first (the order among jobs of one millisecond is the server's). */
    const expectListed = (rows: { id: string; created_at: string }[], expected: typeof created) => {
      expect(rows.map((j) => j.id).sort()).toEqual(expected.map((j) => j.id).sort());
      const times = rows.map((j) => Date.parse(j.created_at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(times).toEqual(rows.map((j) => created.find((c) => c.id === j.id)!.createdAt));
    };

    const all = await walk<{ id: string; created_at: string }>(h, tenant.key, '/v1/jobs?limit=5');
    expectListed(all.rows, created);
    expect(all.pages).toBe(5);

    const onlyCancelled = await walk<{ id: string; status: string; created_at: string }>(h, tenant.key, '/v1/jobs?status=cancelled&limit=2');
    expectListed(onlyCancelled.rows, created.filter((j) => cancelled.has(j.id)));
    expect(onlyCancelled.rows.every((j) => j.status === 'cancelled')).toBe(true);

    const pending = await walk<{ id: string; created_at: string }>(h, tenant.key, '/v1/jobs?status=pending&type=echo&limit=4');
    expectListed(pending.rows, created.filter((j) => !cancelled.has(j.id) && j.type === 'echo'));

    const ofOtherType = await walk<{ type: string }>(h, tenant.key, '/v1/jobs?type=echo_other&limit=100');
    expect(ofOtherType.rows).toHaveLength(created.filter((j) => j.type === 'echo_other').length);
    expect(ofOtherType.pages).toBe(1);

    const first = await (await h.request('GET', '/v1/jobs?limit=5', { key: tenant.key })).json();
    // Opaque: the cursor is not the id or the timestamp a client could build by itself.
    expect(first.next_cursor).not.toContain(first.data[4].id);
  });

  it("pages a job's items in order", async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const { job } = await (await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'echo', input: { items: 7 } } })).json();

    const items = await walk<{ seq: number; status: string; cost: number; input: unknown }>(h, tenant.key, `/v1/jobs/${job.id}/items?limit=3`);
    expect(items.pages).toBe(3);
    expect(items.rows.map((i) => i.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(items.rows.every((i) => i.status === 'pending')).toBe(true);
    expect(items.rows.reduce((sum, i) => sum + i.cost, 0)).toBe(7);
    expect(items.rows[3]!.input).toEqual({ seq: 3 });
  });

  it('pages the usage history newest first, filtered by meter and by a from/to window', async () => {
    const clock = fixedClock('2026-11-10T10:00:00Z');
    h = await createHarness(dialect, { clock });
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const admit = async (items: number) => (await (await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'echo', input: { items } } })).json()).job.id as string;

    const early = await admit(1); // 10:00
    clock.set('2026-11-10T11:00:00Z');
    const middle = await admit(2);
    clock.set('2026-11-10T12:00:00Z');
    expect((await h.request('POST', `/v1/jobs/${middle}/cancel`, { key: tenant.key })).status).toBe(200);
    clock.set('2026-11-10T13:00:00Z');
    const late = await admit(3);

    const history = await walk<{ id: number; kind: string; amount: number; job_id: string; meter: string; created_at: string }>(h, tenant.key, '/v1/usage/history?limit=2');
    expect(history.pages).toBe(2);
    expect(history.rows.map((e) => [e.kind, e.amount, e.job_id])).toEqual([
      ['charge', 3, late],
      ['refund', -2, middle],
      ['charge', 2, middle],
      ['charge', 1, early],
    ]);
    expect(new Set(history.rows.map((e) => e.id)).size).toBe(4);

    const window = await walk<{ job_id: string; kind: string }>(h, tenant.key, `/v1/usage/history?from=${encodeURIComponent('2026-11-10T11:00:00Z')}&to=${encodeURIComponent('2026-11-10T13:00:00Z')}`);
    expect(window.rows.map((e) => [e.kind, e.job_id])).toEqual([
      ['refund', middle],
      ['charge', middle],
    ]);

    expect((await walk(h, tenant.key, '/v1/usage/history?meter=credits')).rows).toHaveLength(4);
    expect((await walk(h, tenant.key, '/v1/usage/history?meter=lead_evaluations')).rows).toHaveLength(0);
    const badDate = await h.request('GET', '/v1/usage/history?from=yesterday', { key: tenant.key });
    expect(badDate.status).toBe(400);
  });
});
