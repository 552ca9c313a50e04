import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../src/core/clock.js';
import { defineJobType } from '../../src/core/job-types.js';
import type { Harness } from '../support/harness.js';
import { createHarness, DIALECTS } from '../support/harness.js';
import { until } from '../support/until.js';

// Each item holds 10 credits and reports the actual cost it was admitted with.
const measured = defineJobType({
  name: 'measured',
  input: z.object({ actuals: z.array(z.number()).min(1).max(10) }),
  meter: 'credits',
  settle: 'actual',
  cost: (input) => 10 * input.actuals.length,
  items: (input) => input.actuals.map((actual) => ({ actual })),
  process: async (item) => ({ result: {}, cost: (item.input as { actual: number }).actual }),
});

type Db = Harness['tollgate']['deps']['store']['db'];
interface Scene {
  db: Db;
  tenant: string;
  /** The settled job: items of actual 3 (released 7), 10, and 15 (capped: 5 uncharged). */
  settled: { id: string; items: number[] };
  /** A job of 3 items nobody ran: 30 credits held. */
  open: { id: string; items: number[] };
}

/** An entry written behind the operations' backs, its usage moved with it so that no counter drifts. */
async function entry(s: Scene, job: string, item: number | null, kind: 'charge' | 'refund' | 'release', amount: number) {
  const [period] = await s.db.selectFrom('jobs').select('period').where('id', '=', job).execute();
  await s.db
    .insertInto('ledger_entries')
    .values({ tenant_id: s.tenant, meter: 'credits', period: period!.period, kind, amount, job_id: job, item_id: item, reason: 'tampered', dedup_key: `tampered:${kind}:${job}:${item}:${amount}`, created_at: Date.now() })
    .execute();
  await s.db.updateTable('usage').set((eb) => ({ used: eb('used', '+', amount) })).where('tenant_id', '=', s.tenant).execute();
}

// Each tampering keeps every counter equal to its ledger; most keep each job's net ledger equal to
// what its items kept too, so that only the holds invariants can see them.
const TAMPERINGS: { name: string; tamper(s: Scene): Promise<unknown>; finding: RegExp; onlyHolds: boolean }[] = [
  {
    name: 'a released credit moved from one item to another of the same job',
    tamper: async (s) => {
      await entry(s, s.settled.id, s.settled.items[0]!, 'charge', 1);
      await entry(s, s.settled.id, s.settled.items[1]!, 'release', -1);
    },
    finding: /item \d+ succeeded: charged − released ≠ actual cost/,
    onlyHolds: true,
  },
  {
    name: 'an item released twice, the second balanced by a charge',
    tamper: async (s) => {
      await entry(s, s.settled.id, s.settled.items[0]!, 'release', -2);
      await entry(s, s.settled.id, s.settled.items[0]!, 'charge', 2);
    },
    finding: /item \d+ was released or refunded 2 times/,
    onlyHolds: true,
  },
  {
    name: 'a capped item that kept less than its hold',
    tamper: async (s) => {
      await entry(s, s.settled.id, s.settled.items[2]!, 'release', -1);
      await s.db.updateTable('job_items').set({ actual_cost: 9 }).where('id', '=', s.settled.items[2]!).execute();
    },
    finding: /item \d+ succeeded above its hold and was capped, but did not keep exactly its hold/,
    onlyHolds: true,
  },
  {
    name: 'an open hold already given an actual cost',
    tamper: (s) => s.db.updateTable('job_items').set({ actual_cost: 10 }).where('id', '=', s.open.items[0]!).execute(),
    finding: /item \d+ is an open hold but was already settled/,
    onlyHolds: true,
  },
  {
    name: 'an open hold refunded while its item is still pending',
    tamper: (s) => entry(s, s.open.id, null, 'refund', -30),
    finding: /credits \d{4}-\d{2}: held 30 is more than its jobs' net charges 23/,
    onlyHolds: false,
  },
  {
    name: 'a failed item refunded twice',
    tamper: async (s) => {
      await s.db.updateTable('job_items').set({ status: 'failed', actual_cost: null, uncharged: 0 }).where('id', '=', s.settled.items[0]!).execute();
      await s.db.deleteFrom('ledger_entries').where('item_id', '=', s.settled.items[0]!).execute();
      await s.db.updateTable('usage').set((eb) => ({ used: eb('used', '+', 7) })).where('tenant_id', '=', s.tenant).execute();
      await entry(s, s.settled.id, s.settled.items[0]!, 'refund', -10);
      await entry(s, s.settled.id, s.settled.items[0]!, 'refund', -5);
    },
    finding: /item \d+ was released or refunded 2 times/,
    onlyHolds: false,
  },
];

describe.each(DIALECTS)('verify: the invariants of holds (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  async function scene(): Promise<Scene> {
    h = await createHarness(dialect, { clock: systemClock, tollgate: { jobTypes: [measured] } });
    const t = await h.tenant({ limits: { credits: 100 } });
    const admit = async (actuals: number[]) => (await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'measured', input: { actuals } } })).json()).job.id as string;
    const db = h.tollgate.deps.store.db;
    const itemsOf = async (job: string) => (await db.selectFrom('job_items').select('id').where('job_id', '=', job).orderBy('seq').execute()).map((r) => Number(r.id));
    const settled = await admit([3, 10, 15]);
    const runner = h.tollgate.startWorkers({ concurrency: 3, batchSize: 3, pollMs: 10 });
    await until(async () => (await db.selectFrom('jobs').select('status').where('id', '=', settled).executeTakeFirstOrThrow()).status, (s) => s === 'completed', 20_000, 'the job to settle');
    await runner.stop(1000);
    const open = await admit([1, 1, 1]);
    return { db, tenant: t.id, settled: { id: settled, items: await itemsOf(settled) }, open: { id: open, items: await itemsOf(open) } };
  }

  it('is clean after holds settle below, at and above their holds, with holds still open', async () => {
    const s = await scene();
    expect(await h.verify()).toEqual({ ok: true, drift: [], keyDrift: [], jobsWithoutCharge: [], inconsistentJobs: [], unpaidResults: [], holds: [] });
    const items = await s.db.selectFrom('job_items').select(['actual_cost', 'uncharged']).where('job_id', '=', s.settled.id).orderBy('seq').execute();
    expect(items.map((i) => [Number(i.actual_cost), Number(i.uncharged)])).toEqual([
      [3, 0],
      [10, 0],
      [10, 5],
    ]);
  });

  it.each(TAMPERINGS)('finds $name', async ({ tamper, finding, onlyHolds }) => {
    const s = await scene();
    await tamper(s);
    const report = await h.verify();
    expect(report.ok).toBe(false);
    expect(report.drift).toEqual([]);
    expect(report.holds.map((f) => f.problem)).toContainEqual(expect.stringMatching(finding));
    if (onlyHolds) expect({ ...report, holds: [] }).toEqual({ ok: false, drift: [], keyDrift: [], jobsWithoutCharge: [], inconsistentJobs: [], unpaidResults: [], holds: [] });
  });
});
