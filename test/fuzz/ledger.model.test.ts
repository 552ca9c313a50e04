import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admitJob } from '../../src/core/admission.js';
import { fixedClock } from '../../src/core/clock.js';
import { TollgateError } from '../../src/core/errors.js';
import { cancelJob } from '../../src/core/jobs.js';
import { periodEnd, periodOf } from '../../src/core/period.js';
import type { AppDeps } from '../../src/http/deps.js';
import { findTenant } from '../../src/store/tenants.store.js';
import { claimItems } from '../../src/store/claim/index.js';
import { settleItems } from '../../src/store/settle/index.js';
import type { Runner } from '../../src/worker/runner.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { modelReaper } from './reaper.js';

/**
 * The job lifecycle against a reference model, driving the store as the worker does (claim, settle,
 * the reaper) with a clock the test moves, across month boundaries. After every step: the tenant's
 * usage per period equals the model's and its ledger sum, never exceeds the limit, every item and
 * job is where the model says, and no item or cancel was refunded twice.
 */
const WORKER = 'model-worker';
const LEASE_MS = 1000;
const MAX_ATTEMPTS = 5; // echo's

type ItemStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
interface MItem {
  id: number;
  cost: number;
  status: ItemStatus;
  attempts: number;
  runAt: number;
  lockedUntil: number;
}
interface MJob {
  id: string;
  period: string;
  status: string;
  items: MItem[];
}
interface Model {
  limit: number;
  used: Map<string, number>;
  jobs: MJob[];
}
interface Real {
  h: Harness;
  deps: AppDeps;
  tenantId: string;
  clock: ReturnType<typeof fixedClock>;
  reaper: Runner;
}

const ENDED = new Set<ItemStatus>(['succeeded', 'failed', 'cancelled']);

function refund(model: Model, job: MJob, amount: number) {
  model.used.set(job.period, (model.used.get(job.period) ?? 0) - amount);
}

/** The job's status after its items moved, as the settle statement computes it. */
function settleJob(job: MJob) {
  if (job.status !== 'pending' && job.status !== 'processing') return;
  if (!job.items.every((i) => ENDED.has(i.status))) return;
  const done = job.items.filter((i) => i.status === 'succeeded').length;
  const failed = job.items.filter((i) => i.status === 'failed').length;
  job.status = failed === 0 ? 'completed' : done === 0 ? 'failed' : 'partially_completed';
}

const itemsOf = (model: Model) => model.jobs.flatMap((j) => j.items.map((item) => ({ job: j, item })));

/** A step of the run: act on both, then the database must read back as the model. */
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
  constructor(readonly items: number) {
    super();
  }
  override async act(model: Model, real: Real) {
    const now = real.clock.now();
    const period = periodOf(now);
    const tenant = (await findTenant(real.deps.store.db, real.tenantId))!;
    const result = await admitJob(real.deps, { tenant, type: 'echo', input: { items: this.items } });
    const fits = (model.used.get(period) ?? 0) + this.items <= model.limit;
    expect(result.ok).toBe(fits);
    if (!result.ok || !('job' in result)) return;
    model.used.set(period, (model.used.get(period) ?? 0) + this.items);
    const rows = await real.deps.store.db.selectFrom('job_items').select(['id', 'cost']).where('job_id', '=', result.job.id).orderBy('seq').execute();
    model.jobs.push({
      id: result.job.id,
      period,
      status: 'pending',
      items: rows.map((r) => ({ id: Number(r.id), cost: Number(r.cost), status: 'pending', attempts: 0, runAt: now, lockedUntil: 0 })),
    });
  }
  override toString = () => `admit(${this.items})`;
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
    const open = job.items.filter((i) => i.status === 'pending' || i.status === 'running');
    for (const item of open) item.status = 'cancelled';
    refund(model, job, open.reduce((sum, i) => sum + i.cost, 0));
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
    const claimed = await claimItems(real.deps.store, { worker: WORKER, types: ['echo'], now, batch: this.batch, leaseMs: LEASE_MS, defaultCap: 1_000_000 });
    const claimable = itemsOf(model).filter(({ item }) => item.status === 'pending' && item.runAt <= now);
    expect(claimed.length).toBe(Math.min(this.batch, claimable.length));
    for (const c of claimed) {
      const found = claimable.find(({ item }) => item.id === Number(c.id));
      expect(found, `claimed item ${c.id} was not claimable`).toBeDefined();
      const { job, item } = found!;
      item.status = 'running';
      item.attempts++;
      item.lockedUntil = now + LEASE_MS;
      expect(c.attempts).toBe(item.attempts);
      if (job.status === 'pending') job.status = 'processing';
    }
  }
  override toString = () => `claim(${this.batch})`;
}

class Settle extends Step {
  constructor(
    readonly pick: number,
    readonly outcome: 'succeeded' | 'failed' | 'pending',
    readonly forgery: 'none' | 'stale_attempt' | 'other_worker' | 'again',
    readonly retryInMs: number,
  ) {
    super();
  }
  override check(model: Readonly<Model>) {
    return itemsOf(model as Model).length > 0;
  }
  override async act(model: Model, real: Real) {
    const now = real.clock.now();
    const all = itemsOf(model);
    const running = all.filter(({ item }) => item.status === 'running');
    // A forged or repeated outcome may aim at any item; a genuine one only at a running item.
    const pool = this.forgery === 'none' ? running : all;
    if (pool.length === 0) return;
    const { job, item } = pool[this.pick % pool.length]!;
    const attempt = this.forgery === 'stale_attempt' ? item.attempts - 1 : item.attempts;
    const worker = this.forgery === 'other_worker' ? 'someone-else' : WORKER;
    const outcome = {
      id: item.id,
      attempt,
      status: this.outcome,
      result: this.outcome === 'succeeded' ? '{"ok":true}' : null,
      error: this.outcome === 'succeeded' ? null : 'model says no',
      run_at: this.outcome === 'pending' ? now + this.retryInMs : null,
    };
    const { settled } = await settleItems(real.deps.store, worker, now, [outcome]);
    const counts = item.status === 'running' && attempt === item.attempts && worker === WORKER;
    expect(settled).toEqual(counts ? [item.id] : []);
    if (!counts) return;
    item.status = this.outcome;
    if (this.outcome === 'pending') item.runAt = now + this.retryInMs;
    if (this.outcome === 'failed') refund(model, job, item.cost);
    settleJob(job);
  }
  override toString = () => `settle(${this.pick}, ${this.outcome}, ${this.forgery}, ${this.retryInMs})`;
}

/** The reaper, as every runner runs it: leases that ran out go back to pending, or fail on the last attempt. */
class Reap extends Step {
  override async act(model: Model, real: Real) {
    const now = real.clock.now();
    const reaped = await real.reaper.reapExpiredLeases();
    const expired = itemsOf(model).filter(({ item }) => item.status === 'running' && item.lockedUntil < now);
    expect(reaped).toBe(expired.length);
    for (const { job, item } of expired) {
      if (item.attempts >= MAX_ATTEMPTS) {
        item.status = 'failed';
        refund(model, job, item.cost);
        settleJob(job);
      } else {
        item.status = 'pending';
        item.runAt = now;
      }
    }
  }
  override toString = () => 'reap';
}

class Tick extends Step {
  constructor(
    readonly kind: 'ms' | 'month_end' | 'next_month',
    readonly ms: number,
  ) {
    super();
  }
  override async act(_: Model, real: Real) {
    const now = real.clock.now();
    if (this.kind === 'ms') real.clock.advance(this.ms);
    else if (this.kind === 'month_end') real.clock.set(Math.max(now, periodEnd(periodOf(now)) - 1 - (this.ms % 50)));
    else real.clock.set(periodEnd(periodOf(now)) + (this.ms % 50));
  }
  override toString = () => `tick(${this.kind}, ${this.ms})`;
}

const admit = fc.integer({ min: 1, max: 4 }).map((n) => new Admit(n));
const cancel = fc.nat().map((n) => new Cancel(n));
const claim = fc.integer({ min: 1, max: 5 }).map((n) => new Claim(n));
const settle = fc
  .tuple(
    fc.nat(),
    fc.constantFrom('succeeded' as const, 'failed' as const, 'pending' as const),
    fc.constantFrom('none' as const, 'none' as const, 'none' as const, 'stale_attempt' as const, 'other_worker' as const, 'again' as const),
    fc.integer({ min: 0, max: 1500 }),
  )
  .map(([pick, outcome, forgery, ms]) => new Settle(pick, outcome, forgery, ms));
const reap = fc.constant(new Reap());
const tick = fc
  .tuple(fc.constantFrom('ms' as const, 'ms' as const, 'ms' as const, 'month_end' as const, 'next_month' as const), fc.integer({ min: 1, max: 1500 }))
  .map(([kind, ms]) => new Tick(kind, ms));
// fc.commands picks uniformly among the arbitraries: repeating one weighs it.
const commands = [admit, admit, cancel, claim, claim, settle, settle, settle, reap, tick, tick];

/** The database, read back, must be the model. */
async function compare(model: Model, real: Real) {
  const db = real.deps.store.db;
  const usage = await db.selectFrom('usage').select(['period', 'used']).where('tenant_id', '=', real.tenantId).where('meter', '=', 'credits').execute();
  const ledger = await db.selectFrom('ledger_entries').select(['period', 'amount', 'kind', 'item_id', 'job_id', 'dedup_key']).where('tenant_id', '=', real.tenantId).execute();
  const jobs = await db.selectFrom('jobs').select(['id', 'status', 'items_done', 'items_failed', 'items_cancelled']).where('tenant_id', '=', real.tenantId).execute();
  const items = await db.selectFrom('job_items').select(['id', 'status', 'attempts']).where('tenant_id', '=', real.tenantId).execute();

  const usedOf = new Map(usage.map((u) => [u.period, Number(u.used)]));
  const ledgerOf = new Map<string, number>();
  for (const e of ledger) ledgerOf.set(e.period, (ledgerOf.get(e.period) ?? 0) + Number(e.amount));
  for (const period of new Set([...model.used.keys(), ...usedOf.keys(), ...ledgerOf.keys()])) {
    const expected = model.used.get(period) ?? 0;
    expect({ period, used: usedOf.get(period) ?? 0, ledger: ledgerOf.get(period) ?? 0 }).toEqual({ period, used: expected, ledger: expected });
    expect(expected).toBeLessThanOrEqual(model.limit);
    expect(expected).toBeGreaterThanOrEqual(0);
  }
  const refundsPerItem = new Map<number, number>();
  for (const e of ledger) if (e.item_id !== null) refundsPerItem.set(Number(e.item_id), (refundsPerItem.get(Number(e.item_id)) ?? 0) + 1);
  for (const [id, n] of refundsPerItem) expect(n, `refunds of item ${id}`).toBe(1);
  const cancels = ledger.filter((e) => e.dedup_key?.startsWith('refund:') && e.item_id === null).map((e) => e.job_id);
  expect(new Set(cancels).size).toBe(cancels.length);

  const jobOf = new Map(jobs.map((j) => [j.id, j]));
  const itemOf = new Map(items.map((i) => [Number(i.id), i]));
  expect(jobs.length).toBe(model.jobs.length);
  for (const job of model.jobs) {
    const count = (s: ItemStatus) => job.items.filter((i) => i.status === s).length;
    expect(jobOf.get(job.id)).toMatchObject({ status: job.status, items_done: count('succeeded'), items_failed: count('failed'), items_cancelled: count('cancelled') });
    for (const item of job.items) expect(itemOf.get(item.id), `item ${item.id}`).toMatchObject({ status: item.status, attempts: item.attempts });
    const refunded = ledger.filter((e) => e.job_id === job.id && e.kind === 'refund').reduce((s, e) => s - Number(e.amount), 0);
    expect(refunded, `refunds of job ${job.id}`).toBe(job.items.filter((i) => i.status === 'failed' || i.status === 'cancelled').reduce((s, i) => s + i.cost, 0));
  }
}

describe.each(DIALECTS)('ledger and job lifecycle against a model (%s)', (dialect) => {
  let h: Harness;
  let clock: ReturnType<typeof fixedClock>;
  beforeAll(async () => {
    clock = fixedClock('2026-01-31T23:59:58.000Z');
    h = await createHarness(dialect, { clock });
  });
  afterAll(() => h?.close());

  it('admit, cancel, claim, settle (also forged and repeated), reap and month rollover keep used = ledger ≤ limit, refunding once', async () => {
    const deps = h.tollgate.deps;
    const reaper = modelReaper(deps, clock, LEASE_MS);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 15 }), fc.commands(commands, { maxCommands: 40, size: 'max' }), async (limit, cmds) => {
        // A tenant per run; the run ends with its jobs cancelled, so the next run's claims see only its own.
        const tenant = await h.tenant({ limits: { credits: limit } });
        const real: Real = { h, deps, tenantId: tenant.id, clock, reaper };
        const model: Model = { limit, used: new Map(), jobs: [] };
        try {
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        } finally {
          for (const job of model.jobs) await cancelJob(deps, tenant.id, job.id).catch(() => {});
        }
        expect(await h.verify()).toMatchObject({ ok: true });
      }),
      { numRuns: dialect === 'sqlite' ? 100 : 40 },
    );
  }, 120_000);
});
