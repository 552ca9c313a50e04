import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { admitJob } from '../../src/core/admission.js';
import { fixedClock } from '../../src/core/clock.js';
import { TollgateError } from '../../src/core/errors.js';
import { defineJobType } from '../../src/core/job-types.js';
import { cancelJob } from '../../src/core/jobs.js';
import type { AppDeps } from '../../src/http/deps.js';
import { claimItems } from '../../src/store/claim/index.js';
import { heldForPeriod } from '../../src/store/ledger.store.js';
import { settleItems, type Outcome } from '../../src/store/settle/index.js';
import { findTenant } from '../../src/store/tenants.store.js';
import type { Runner } from '../../src/worker/runner.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { modelReaper } from './reaper.js';

/**
 * Holds against a reference model: jobs of a fixed price and jobs that settle to what their work
 * used (overage `cap` and `charge`), driven through the store as workers drive it: claims, settles
 * with actual costs below, at and above the hold (one at a time and in batches), failures, retries,
 * leases lost to the reaper and re-claimed, workers that crash and report late, forged and repeated
 * outcomes, and cancels. After every step the database must read back as the model: used = the
 * ledger ≤ the limit, held = the open holds, each item's charge − release = its actual cost (or its
 * hold when capped), one give-back per item; after every run `verify` is clean.
 */
const WORKER = 'holds-worker';
const LEASE_MS = 1000;
const MAX_ATTEMPTS = 3;

const TYPES = { fixed: 'm_fixed', cap: 'm_cap', charge: 'm_charge' } as const;
type Kind = keyof typeof TYPES;

const typeOf = (kind: Kind) =>
  defineJobType({
    name: TYPES[kind],
    input: z.object({ n: z.number().int().min(1).max(4), hold: z.number().int().min(1).max(9) }),
    meter: 'credits',
    ...(kind === 'fixed' ? {} : { settle: 'actual' as const, overage: kind }),
    maxAttempts: MAX_ATTEMPTS,
    cost: (input) => input.n * input.hold,
    items: (input) => Array.from({ length: input.n }, () => ({})),
    itemCount: (input) => input.n,
    process: async () => ({ result: null, cost: 0 }),
  });

type ItemStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
interface MItem {
  id: number;
  cost: number;
  status: ItemStatus;
  attempts: number;
  runAt: number;
  lockedUntil: number;
  /** A settled hold: what the item was charged in the end, and the excess left uncharged. */
  actualCost: number | null;
  uncharged: number;
}
interface MJob {
  id: string;
  kind: Kind;
  status: string;
  items: MItem[];
}
interface Model {
  limit: number;
  used: number;
  jobs: MJob[];
}
interface Real {
  deps: AppDeps;
  tenantId: string;
  period: string;
  clock: ReturnType<typeof fixedClock>;
  reaper: Runner;
}

const ENDED = new Set<ItemStatus>(['succeeded', 'failed', 'cancelled']);
const OPEN = new Set<ItemStatus>(['pending', 'running']);

function settleJob(job: MJob) {
  if (job.status !== 'pending' && job.status !== 'processing') return;
  if (!job.items.every((i) => ENDED.has(i.status))) return;
  const done = job.items.filter((i) => i.status === 'succeeded').length;
  const failed = job.items.filter((i) => i.status === 'failed').length;
  job.status = failed === 0 ? 'completed' : done === 0 ? 'failed' : 'partially_completed';
}

const itemsOf = (model: Model) => model.jobs.flatMap((job) => job.items.map((item) => ({ job, item })));
const running = (model: Model) => itemsOf(model).filter(({ item }) => item.status === 'running');

/** A reported outcome: succeeded with an actual cost of the hold plus `delta` (at least 0), failed, or retried. */
interface Report {
  outcome: 'succeeded' | 'failed' | 'pending';
  delta: number;
}

function outcomeFor(item: MItem, attempt: number, report: Report, now: number): Outcome {
  const actual = Math.max(0, item.cost + report.delta);
  return report.outcome === 'succeeded'
    ? { id: item.id, attempt, status: 'succeeded', result: '{"ok":true}', error: null, run_at: null, actual }
    : { id: item.id, attempt, status: report.outcome, result: null, error: 'model says no', run_at: report.outcome === 'pending' ? now + 1 : null };
}

/**
 * The model of one settle transaction of accepted outcomes, as the store decides it: each item's
 * status first (a failed item refunded its cost), then the holds of the succeeded items of `actual`
 * jobs: every release counts, and each excess under overage `charge`, in item order, is charged
 * when it fits together with the excesses before it in the batch (charged or not); the rest of an
 * excess is uncharged.
 */
function applySettle(model: Model, accepted: { job: MJob; item: MItem; outcome: Outcome }[]) {
  for (const { item, outcome } of accepted) {
    item.status = outcome.status;
    if (outcome.status === 'pending') item.runAt = outcome.run_at!;
    if (outcome.status === 'failed') model.used -= item.cost;
  }
  const holds = accepted.filter(({ job, outcome }) => outcome.status === 'succeeded' && job.kind !== 'fixed').sort((a, b) => a.item.id - b.item.id);
  const released = holds.reduce((sum, { item, outcome }) => sum + Math.max(item.cost - outcome.actual!, 0), 0);
  const base = model.used - released;
  let excessSoFar = 0;
  let overcharged = 0;
  for (const { job, item, outcome } of holds) {
    const excess = Math.max(outcome.actual! - item.cost, 0);
    if (job.kind === 'charge') excessSoFar += excess;
    const charged = job.kind === 'charge' && excess > 0 && base + excessSoFar <= model.limit ? excess : 0;
    overcharged += charged;
    item.actualCost = Math.min(outcome.actual!, item.cost) + charged;
    item.uncharged = excess - charged;
  }
  model.used = base + overcharged;
  for (const { job } of accepted) settleJob(job);
}

abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_model: Readonly<Model>): boolean {
    return true;
  }
  abstract act(model: Model, real: Real): Promise<void>;
  async run(model: Model, real: Real) {
    await this.act(model, real);
    await compare(model, real);
  }
}

class Admit extends Step {
  constructor(
    readonly kind: Kind,
    readonly n: number,
    readonly hold: number,
  ) {
    super();
  }
  override async act(model: Model, real: Real) {
    const tenant = (await findTenant(real.deps.store.db, real.tenantId))!;
    const result = await admitJob(real.deps, { tenant, type: TYPES[this.kind], input: { n: this.n, hold: this.hold } });
    const cost = this.n * this.hold;
    expect(result.ok).toBe(model.used + cost <= model.limit);
    if (!result.ok || !('job' in result)) return;
    model.used += cost;
    const rows = await real.deps.store.db.selectFrom('job_items').select(['id', 'cost']).where('job_id', '=', result.job.id).orderBy('seq').execute();
    const now = real.clock.now();
    model.jobs.push({
      id: result.job.id,
      kind: this.kind,
      status: 'pending',
      items: rows.map((r) => ({ id: Number(r.id), cost: Number(r.cost), status: 'pending', attempts: 0, runAt: now, lockedUntil: 0, actualCost: null, uncharged: 0 })),
    });
  }
  override toString = () => `admit(${this.kind}, ${this.n}×${this.hold})`;
}

class Cancel extends Step {
  constructor(readonly pick: number) {
    super();
  }
  override check(model: Readonly<Model>) {
    return model.jobs.length > 0;
  }
  override async act(model: Model, real: Real) {
    const job = model.jobs[this.pick % model.jobs.length]!;
    const active = job.status === 'pending' || job.status === 'processing';
    const outcome = await cancelJob(real.deps, real.tenantId, job.id).then(
      () => 'cancelled',
      (error) => (error instanceof TollgateError ? error.code : String(error)),
    );
    expect(outcome).toBe(active ? 'cancelled' : 'job_not_cancellable');
    if (!active) return;
    for (const item of job.items.filter((i) => OPEN.has(i.status))) {
      item.status = 'cancelled';
      model.used -= item.cost;
    }
    job.status = 'cancelled';
  }
  override toString = () => `cancel(${this.pick})`;
}

class Claim extends Step {
  constructor(readonly batch: number) {
    super();
  }
  override async act(model: Model, real: Real) {
    const now = real.clock.now();
    const claimed = await claimItems(real.deps.store, { worker: WORKER, types: Object.values(TYPES), now, batch: this.batch, leaseMs: LEASE_MS, defaultCap: 1_000_000 });
    const claimable = itemsOf(model).filter(({ item }) => item.status === 'pending' && item.runAt <= now);
    expect(claimed.length).toBe(Math.min(this.batch, claimable.length));
    for (const c of claimed) {
      const found = claimable.find(({ item }) => item.id === Number(c.id));
      expect(found, `claimed item ${c.id} was not claimable`).toBeDefined();
      const { job, item } = found!;
      expect(c.settle).toBe(job.kind === 'fixed' ? 'fixed' : 'actual');
      item.status = 'running';
      item.attempts++;
      item.lockedUntil = now + LEASE_MS;
      if (job.status === 'pending') job.status = 'processing';
    }
  }
  override toString = () => `claim(${this.batch})`;
}

/** Outcomes for up to `reports.length` running items in one transaction, as a worker's flush sends them. */
class Settle extends Step {
  constructor(
    readonly pick: number,
    readonly reports: Report[],
  ) {
    super();
  }
  override check(model: Readonly<Model>) {
    return running(model as Model).length > 0;
  }
  override async act(model: Model, real: Real) {
    const now = real.clock.now();
    const pool = running(model);
    const chosen = this.reports.slice(0, pool.length).map((report, i) => ({ ...pool[(this.pick + i) % pool.length]!, report }));
    const batch = chosen.map(({ job, item, report }) => ({ job, item, outcome: outcomeFor(item, item.attempts, report, now) }));
    const { settled } = await settleItems(real.deps.store, WORKER, now, batch.map((b) => b.outcome), null, JSON.stringify(real.deps.config.tiers));
    expect(settled.sort((a, b) => a - b)).toEqual(batch.map((b) => b.item.id).sort((a, b) => a - b));
    applySettle(model, batch);
  }
  override toString = () => `settle(${this.pick}, ${JSON.stringify(this.reports)})`;
}

/**
 * Outcomes that must change nothing: a stale attempt, another worker's, or one sent again after it
 * counted (the retry of a worker that lost the answer), each reporting some actual cost.
 */
class Forged extends Step {
  constructor(
    readonly pick: number,
    readonly forgery: 'stale_attempt' | 'other_worker' | 'again',
    readonly report: Report,
  ) {
    super();
  }
  override check(model: Readonly<Model>) {
    return itemsOf(model as Model).some(({ item }) => item.attempts > 0);
  }
  override async act(model: Model, real: Real) {
    const pool = itemsOf(model).filter(({ item }) => item.attempts > 0);
    const { item } = pool[this.pick % pool.length]!;
    // `again` only where it cannot count: the item's attempt was settled already.
    if (this.forgery === 'again' && item.status === 'running') return;
    const attempt = this.forgery === 'stale_attempt' ? item.attempts - 1 : item.attempts;
    const worker = this.forgery === 'other_worker' ? 'someone-else' : WORKER;
    const { settled } = await settleItems(real.deps.store, worker, real.clock.now(), [outcomeFor(item, attempt, this.report, real.clock.now())], null, JSON.stringify(real.deps.config.tiers));
    expect(settled).toEqual([]);
  }
  override toString = () => `forged(${this.pick}, ${this.forgery}, ${JSON.stringify(this.report)})`;
}

/** The reaper: expired leases go back to pending, or fail (refunding the hold) on the last attempt. */
function reapModel(model: Model, now: number) {
  for (const { job, item } of running(model).filter(({ item }) => item.lockedUntil < now)) {
    if (item.attempts >= MAX_ATTEMPTS) {
      item.status = 'failed';
      model.used -= item.cost;
      settleJob(job);
    } else {
      item.status = 'pending';
      item.runAt = now;
    }
  }
}

class Reap extends Step {
  override async act(model: Model, real: Real) {
    const now = real.clock.now();
    const expected = running(model).filter(({ item }) => item.lockedUntil < now).length;
    expect(await real.reaper.reapExpiredLeases()).toBe(expected);
    reapModel(model, now);
  }
  override toString = () => 'reap';
}

/**
 * A worker crashes holding an item: its lease runs out, the reaper takes the item back, and the
 * outcome the dead attempt had computed arrives afterwards (a restarted worker sending what it had
 * buffered): fenced out, it moves nothing.
 */
class Crash extends Step {
  constructor(
    readonly pick: number,
    readonly report: Report,
  ) {
    super();
  }
  override check(model: Readonly<Model>) {
    return running(model as Model).length > 0;
  }
  override async act(model: Model, real: Real) {
    const { item } = running(model)[this.pick % running(model).length]!;
    const attempt = item.attempts;
    real.clock.set(Math.max(real.clock.now(), item.lockedUntil + 1));
    const now = real.clock.now();
    expect(await real.reaper.reapExpiredLeases()).toBe(running(model).filter(({ item }) => item.lockedUntil < now).length);
    reapModel(model, now);
    const { settled } = await settleItems(real.deps.store, WORKER, now, [outcomeFor(item, attempt, this.report, now)], null, JSON.stringify(real.deps.config.tiers));
    expect(settled).toEqual([]);
  }
  override toString = () => `crash(${this.pick}, ${JSON.stringify(this.report)})`;
}

class Tick extends Step {
  constructor(readonly ms: number) {
    super();
  }
  override async act(_: Model, real: Real) {
    real.clock.advance(this.ms);
  }
  override toString = () => `tick(${this.ms})`;
}

const kind = fc.constantFrom<Kind>('fixed', 'cap', 'charge', 'cap', 'charge');
// Below, at and above the hold, with "at" as likely as either side.
const report = fc.record({
  outcome: fc.constantFrom('succeeded' as const, 'succeeded' as const, 'succeeded' as const, 'failed' as const, 'pending' as const),
  delta: fc.oneof(fc.integer({ min: -9, max: -1 }), fc.constant(0), fc.integer({ min: 1, max: 6 })),
});
const commands = [
  fc.tuple(kind, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 })).map(([k, n, hold]) => new Admit(k, n, hold)),
  fc.tuple(kind, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 })).map(([k, n, hold]) => new Admit(k, n, hold)),
  fc.nat().map((n) => new Cancel(n)),
  fc.integer({ min: 1, max: 5 }).map((n) => new Claim(n)),
  fc.integer({ min: 1, max: 5 }).map((n) => new Claim(n)),
  fc.tuple(fc.nat(), fc.array(report, { minLength: 1, maxLength: 1 })).map(([pick, reports]) => new Settle(pick, reports)),
  fc.tuple(fc.nat(), fc.array(report, { minLength: 1, maxLength: 1 })).map(([pick, reports]) => new Settle(pick, reports)),
  fc.tuple(fc.nat(), fc.array(report, { minLength: 2, maxLength: 4 })).map(([pick, reports]) => new Settle(pick, reports)),
  fc.tuple(fc.nat(), fc.constantFrom('stale_attempt' as const, 'other_worker' as const, 'again' as const), report).map(([pick, f, r]) => new Forged(pick, f, r)),
  fc.tuple(fc.nat(), report).map(([pick, r]) => new Crash(pick, r)),
  fc.constant(new Reap()),
  fc.integer({ min: 1, max: 1500 }).map((ms) => new Tick(ms)),
];

/** The database, read back, must be the model. */
async function compare(model: Model, real: Real) {
  const db = real.deps.store.db;
  const usage = await db.selectFrom('usage').select('used').where('tenant_id', '=', real.tenantId).where('meter', '=', 'credits').execute();
  const ledger = await db.selectFrom('ledger_entries').select(['amount', 'kind', 'item_id', 'job_id']).where('tenant_id', '=', real.tenantId).execute();
  const items = await db.selectFrom('job_items').select(['id', 'status', 'attempts', 'actual_cost', 'uncharged']).where('tenant_id', '=', real.tenantId).execute();
  const jobs = await db.selectFrom('jobs').select(['id', 'status']).where('tenant_id', '=', real.tenantId).execute();

  const used = usage.reduce((sum, u) => sum + Number(u.used), 0);
  const ledgerSum = ledger.reduce((sum, e) => sum + Number(e.amount), 0);
  expect({ used, ledger: ledgerSum }).toEqual({ used: model.used, ledger: model.used });
  expect(model.used).toBeLessThanOrEqual(model.limit);
  const held = itemsOf(model).filter(({ job, item }) => job.kind !== 'fixed' && OPEN.has(item.status)).reduce((sum, { item }) => sum + item.cost, 0);
  expect((await heldForPeriod(db, real.tenantId, real.period)).get('credits') ?? 0).toBe(held);

  const itemOf = new Map(items.map((i) => [Number(i.id), i]));
  const jobOf = new Map(jobs.map((j) => [j.id, j]));
  const entriesOf = (id: number, kind: string) => ledger.filter((e) => Number(e.item_id) === id && e.kind === kind);
  for (const job of model.jobs) {
    expect(jobOf.get(job.id)?.status, `job ${job.id}`).toBe(job.status);
    for (const item of job.items) {
      const row = itemOf.get(item.id)!;
      expect({ id: item.id, status: row.status, attempts: row.attempts, actual_cost: row.actual_cost === null ? null : Number(row.actual_cost), uncharged: Number(row.uncharged) }).toEqual({
        id: item.id,
        status: item.status,
        attempts: item.attempts,
        actual_cost: item.actualCost,
        uncharged: item.uncharged,
      });
      const [releases, refunds, overages] = ['release', 'refund', 'charge'].map((k) => entriesOf(item.id, k));
      expect(releases!.length + refunds!.length, `give-backs of item ${item.id}`).toBeLessThanOrEqual(1);
      expect(overages!.length, `overage charges of item ${item.id}`).toBeLessThanOrEqual(1);
      const net = [...releases!, ...refunds!, ...overages!].reduce((sum, e) => sum + Number(e.amount), 0);
      // What the item kept: charged − released = its actual cost (its hold when capped); a failed item nothing.
      const kept = item.status === 'failed' ? 0 : item.status === 'succeeded' && job.kind !== 'fixed' ? item.actualCost! : item.cost;
      if (item.status !== 'cancelled') expect(item.cost + net, `charged − released of item ${item.id}`).toBe(kept);
    }
  }
}

describe.each(DIALECTS)('holds against a model (%s)', (dialect) => {
  let h: Harness;
  let clock: ReturnType<typeof fixedClock>;
  beforeAll(async () => {
    clock = fixedClock('2026-03-10T12:00:00.000Z');
    h = await createHarness(dialect, { clock, tollgate: { jobTypes: [typeOf('fixed'), typeOf('cap'), typeOf('charge')] } });
  });
  afterAll(() => h?.close());

  it('admissions, settles below / at / above the hold (cap and charge), failures, retries, lost leases, crashes and cancels keep used = ledger ≤ limit and charged − released = actual', async () => {
    const deps = h.tollgate.deps;
    const reaper = modelReaper(deps, clock, LEASE_MS);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), fc.commands(commands, { maxCommands: 40, size: 'max' }), async (limit, cmds) => {
        const tenant = await h.tenant({ limits: { credits: limit } });
        const real: Real = { deps, tenantId: tenant.id, period: '2026-03', clock, reaper };
        const model: Model = { limit, used: 0, jobs: [] };
        try {
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        } finally {
          // The run's jobs end cancelled, so that the next run's claims and reaps see only its own.
          for (const job of model.jobs) await cancelJob(deps, tenant.id, job.id).catch(() => {});
        }
        expect(await h.verify()).toMatchObject({ ok: true });
      }),
      { numRuns: dialect === 'sqlite' ? 60 : 25 },
    );
  }, 120_000);
});
