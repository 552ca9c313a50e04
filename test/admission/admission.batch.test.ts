import { afterEach, describe, expect, it } from 'vitest';
import { periodOf } from '../../src/core/period.js';
import type { PostgresStore, Store } from '../../src/store/db.js';
import { admit, type AdmissionPlan, type AdmissionRow } from '../../src/store/admit/index.js';
import { writeSet, type SetResult } from '../../src/store/admit/pg-batch.js';
import { admitBatch } from '../../src/store/admit/pg.js';
import { acquireIdempotencyKey } from '../../src/store/idempotency.store.js';
import { countBy, createHarness, DIALECTS, hammer, type Harness } from '../support/harness.js';

// A batch of admissions is decided exactly as if they were taken one after another in arrival order.
// On PostgreSQL the set-based statement is driven directly (pg-batch.ts `writeSet`: one attempt, no
// fallback to the single path, so a broken statement cannot hide behind it); on both databases a
// batch also forms by itself from admissions submitted together.

const NOW = Date.UTC(2030, 4, 10, 12);
const PERIOD = periodOf(NOW);

let serial = 0;
function planner(h: Harness) {
  const tierLimits = JSON.stringify(h.config.tiers);
  return (tenantId: string, cost: number, o: Partial<AdmissionPlan> & { itemCount?: number } = {}): AdmissionPlan => {
    const { itemCount = 1, ...rest } = o;
    const jobId = `job_batch_${String(++serial).padStart(5, '0')}`;
    // Costs split over the items, the first ones taking the remainder.
    const items = Array.from({ length: itemCount }, (_, i): [unknown, number] => [{ jobId, i }, Math.floor(cost / itemCount) + (i < cost % itemCount ? 1 : 0)]);
    return {
      jobId,
      tenantId,
      type: 'echo',
      subject: null,
      input: JSON.stringify({ jobId, note: 'ünïcode "quoted"' }),
      cost,
      meter: 'credits',
      period: PERIOD,
      tierLimits,
      requestedBy: null,
      maxAttempts: 3,
      settle: 'fixed',
      overage: 'cap',
      keyId: null,
      thresholds: JSON.stringify(h.config.webhooks.thresholds),
      now: NOW,
      items,
      itemsTotal: itemCount,
      ...rest,
    };
  };
}

const pgStore = (h: Harness): PostgresStore => {
  const store = h.tollgate.deps.store;
  if (store.dialect !== 'postgres') throw new Error('postgres only');
  return store;
};

/** Everything admission writes, comparable across two PostgreSQL schemas (ids of items and entries left out). */
async function written(store: Store) {
  const db = store.db;
  const [usage, ledger, jobs, items, keys] = await Promise.all([
    db.selectFrom('usage').select(['tenant_id', 'meter', 'period', 'used', 'updated_at']).orderBy('tenant_id').orderBy('meter').orderBy('period').execute(),
    db.selectFrom('ledger_entries').select(['tenant_id', 'meter', 'period', 'kind', 'amount', 'job_id', 'reason', 'dedup_key', 'created_at']).orderBy('dedup_key').execute(),
    db.selectFrom('jobs').selectAll().orderBy('id').execute(),
    db.selectFrom('job_items').select(['job_id', 'tenant_id', 'type', 'seq', 'status', 'input', 'cost', 'vtime', 'run_at']).orderBy('job_id').orderBy('seq').execute(),
    db.selectFrom('idempotency_keys').select(['tenant_id', 'key', 'status', 'job_id', 'response_body', 'lock_token']).orderBy('tenant_id').orderBy('key').execute(),
  ]);
  // JSON text is compared as values: each database spells it its own way.
  const parsed = <T extends Record<string, unknown>>(rows: T[], column: string) => rows.map((row) => ({ ...row, [column]: JSON.parse(row[column] as string) }));
  return { usage, ledger, jobs: parsed(jobs, 'input'), items: parsed(items, 'input'), keys };
}

describe.each(DIALECTS)('a batch of admissions (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  it('submitted together, is decided in arrival order: a refusal consumes nothing, so a later smaller one fits', async () => {
    h = await createHarness(dialect);
    const plan = planner(h);
    const t = await h.tenant({ limits: { credits: 10 } });
    expect(await admit(h.tollgate.deps.store, plan(t.id, 5))).toEqual({ ok: true, used: 5 });
    // Submitted in one turn of the event loop: one group commit.
    const rows = await Promise.all([3, 4, 2].map((cost) => admit(h.tollgate.deps.store, plan(t.id, cost))));
    // The refusal's usage is read after it: within the batch on SQLite (8), after the whole batch on
    // PostgreSQL (10). Either way the 4 did not fit and took nothing.
    expect(rows).toEqual([
      { ok: true, used: 8 },
      { ok: false, reason: 'limit', used: dialect === 'sqlite' ? 8 : 10, limit: 10, held: 0, heldItems: 0 },
      { ok: true, used: 10 },
    ]);
  });
});

describe.each(DIALECTS)('many concurrent admissions over real HTTP (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  it('admit exactly what fits per tenant, one job per subject and per key, with used = ledger = jobs, across tenants, a hot one and keys', async () => {
    h = await createHarness(dialect);
    const url = await h.listen();
    const plain = await Promise.all(Array.from({ length: 20 }, () => h.tenant({ limits: { credits: 10 } })));
    const hot = await h.tenant({ limits: { credits: 30 } });
    const subjects = await Promise.all(Array.from({ length: 5 }, () => h.tenant({ limits: { credits: 100 } })));
    const keyed = await Promise.all(Array.from({ length: 5 }, () => h.tenant({ limits: { credits: 100 } })));
    type Send = { tenant: string; key: string; input: Record<string, unknown>; idempotencyKey?: string };
    const sends: Send[] = [
      ...plain.flatMap((t) => Array.from({ length: 12 }, () => ({ tenant: t.id, key: t.key, input: {} }))),
      ...Array.from({ length: 120 }, () => ({ tenant: hot.id, key: hot.key, input: {} })),
      ...subjects.flatMap((t) => Array.from({ length: 10 }, () => ({ tenant: t.id, key: t.key, input: { subject: 'lead_1' } }))),
      // Ten keys per tenant, five of them sent twice at once.
      ...keyed.flatMap((t) => Array.from({ length: 15 }, (_, i) => ({ tenant: t.id, key: t.key, input: { items: 2 }, idempotencyKey: `order-${i % 10}` }))),
    ];
    // Interleaved, so that every batch holds many tenants.
    const order = sends.map((_, i) => (i * 7919) % sends.length);
    expect(new Set(order).size).toBe(sends.length);
    const results = await hammer(sends.length, (i) => {
      const s = sends[order[i]!]!;
      return fetch(`${url}/v1/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json', ...(s.idempotencyKey ? { 'idempotency-key': s.idempotencyKey } : {}) },
        body: JSON.stringify({ type: 'echo', input: s.input }),
      });
    });
    const byTenant = (id: string) => results.filter((_, i) => sends[order[i]!]!.tenant === id);

    for (const t of plain) expect(countBy(byTenant(t.id), (r) => r.status)).toEqual({ 201: 10, 402: 2 });
    expect(countBy(byTenant(hot.id), (r) => r.status)).toEqual({ 201: 30, 402: 90 });
    for (const t of subjects) {
      const answers = byTenant(t.id);
      expect(countBy(answers, (r) => r.status)).toEqual({ 201: 1, 409: 9 });
      const admitted = answers.find((r) => r.status === 201)!.body.job.id;
      expect(answers.filter((r) => r.status === 409).every((r) => r.body.code === 'job_already_active' && r.body.job_id === admitted)).toBe(true);
    }
    for (const t of keyed) {
      const answers = byTenant(t.id);
      expect(answers.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'request_in_flight'))).toBe(true);
      // One job per key, whichever request admitted it, and every 201 for a key names it.
      const jobs = new Set(answers.filter((r) => r.status === 201).map((r) => r.body.job.id));
      expect(jobs.size).toBe(10);
    }

    const db = h.tollgate.deps.store.db;
    const [usage, ledger, jobs] = await Promise.all([
      db.selectFrom('usage').select(['tenant_id', 'used']).execute(),
      db.selectFrom('ledger_entries').select(['tenant_id', 'amount']).execute(),
      db.selectFrom('jobs').select(['tenant_id', 'cost']).execute(),
    ]);
    const sums = (rows: { tenant_id: string }[], value: (r: any) => number) =>
      rows.reduce<Record<string, number>>((acc, r) => ((acc[r.tenant_id] = (acc[r.tenant_id] ?? 0) + Number(value(r))), acc), {});
    const expected = Object.fromEntries([...plain.map((t) => [t.id, 10]), [hot.id, 30], ...subjects.map((t) => [t.id, 1]), ...keyed.map((t) => [t.id, 20])]);
    expect(sums(usage, (r) => r.used)).toEqual(expected);
    expect(sums(ledger, (r) => r.amount)).toEqual(expected);
    expect(sums(jobs, (r) => r.cost)).toEqual(expected);
  });
});

describe.runIf(DIALECTS.includes('postgres'))('the set-based group commit on PostgreSQL', () => {
  let h: Harness;
  const harnesses: Harness[] = [];
  afterEach(async () => {
    for (const x of harnesses.splice(0)) {
      expect(await x.verify()).toMatchObject({ ok: true });
      await x.close();
    }
  });
  const start = async () => {
    const x = await createHarness('postgres');
    harnesses.push(x);
    return x;
  };

  it('admits 3, refuses 4, admits 2 with 5 remaining, and moves usage once by the sum', async () => {
    h = await start();
    const plan = planner(h);
    const t = await h.tenant({ limits: { credits: 5 } });
    const plans = [plan(t.id, 3), plan(t.id, 4), plan(t.id, 2)];
    expect(await writeSet(pgStore(h), plans)).toEqual([
      { ok: true, used: 3 },
      { ok: false, reason: 'limit', used: 3, limit: 5 },
      { ok: true, used: 5 },
    ]);
    const w = await written(h.tollgate.deps.store);
    expect(w.usage).toEqual([{ tenant_id: t.id, meter: 'credits', period: PERIOD, used: 5, updated_at: NOW }]);
    expect(w.ledger.map((e) => [e.job_id, e.amount, e.dedup_key])).toEqual([
      [plans[0]!.jobId, 3, `charge:${plans[0]!.jobId}`],
      [plans[2]!.jobId, 2, `charge:${plans[2]!.jobId}`],
    ]);
    expect(w.jobs.map((j) => j.id)).toEqual([plans[0]!.jobId, plans[2]!.jobId]);
  });

  it('refuses a duplicate of an active job and of an earlier admission of the same batch, but not of a refused one', async () => {
    h = await start();
    const plan = planner(h);
    const t = await h.tenant({ limits: { credits: 10 } });
    const store = pgStore(h);
    const active = plan(t.id, 1, { subject: 'lead_0' });
    expect(await writeSet(store, [active])).toEqual([{ ok: true, used: 1 }]);

    const plans = [
      plan(t.id, 1, { subject: 'lead_0' }), // the active job's subject
      plan(t.id, 2, { subject: 'lead_1' }),
      plan(t.id, 1, { subject: 'lead_1' }), // the previous admission's
      plan(t.id, 9, { subject: 'lead_2' }), // does not fit (3 used)…
      plan(t.id, 4, { subject: 'lead_2' }), // …so this one is no duplicate
      plan(t.id, 1, { subject: 'lead_2' }),
      plan(t.id, 1, { subject: 'lead_1', type: 'other' }), // another type: another subject
    ];
    expect(await writeSet(store, plans)).toEqual([
      { ok: false, reason: 'duplicate', activeJobId: active.jobId },
      { ok: true, used: 3 },
      { ok: false, reason: 'duplicate', activeJobId: plans[1]!.jobId },
      { ok: false, reason: 'limit', used: 3, limit: 10 },
      { ok: true, used: 7 },
      { ok: false, reason: 'duplicate', activeJobId: plans[4]!.jobId },
      { ok: true, used: 8 },
    ]);
  });

  it('answers a missing tenant as such and decides the rest, over many tenants and a hot one', async () => {
    h = await start();
    const plan = planner(h);
    const tenants = await Promise.all(Array.from({ length: 30 }, (_, i) => h.tenant({ limits: { credits: 3 + (i % 4) } })));
    const hot = await h.tenant({ limits: { credits: 40 } });
    const plans: AdmissionPlan[] = [plan('tenant_missing', 1)];
    for (let round = 0; round < 3; round++) {
      for (const t of tenants) plans.push(plan(t.id, 2));
      for (let i = 0; i < 20; i++) plans.push(plan(hot.id, 1 + (i % 3)));
    }
    const results = await writeSet(pgStore(h), plans);
    expect(results[0]).toEqual({ ok: false, reason: 'tenant_missing' });

    // What one admission after another gives, computed here.
    const used = new Map<string, number>();
    const limitOf = new Map([...tenants.map((t, i) => [t.id, 3 + (i % 4)] as const), [hot.id, 40]]);
    const expected = plans.slice(1).map((p): Exclude<SetResult, 'retry'> => {
      const before = used.get(p.tenantId) ?? 0;
      const limit = limitOf.get(p.tenantId)!;
      if (before + p.cost > limit) return { ok: false, reason: 'limit', used: before, limit };
      used.set(p.tenantId, before + p.cost);
      return { ok: true, used: before + p.cost };
    });
    expect(results.slice(1)).toEqual(expected);
    const w = await written(h.tollgate.deps.store);
    expect(Object.fromEntries(w.usage.map((u) => [u.tenant_id, u.used]))).toEqual(Object.fromEntries(used));
    expect(w.ledger).toHaveLength(expected.filter((r) => r.ok).length);
  });

  it('writes what the single path writes: the same answers, usage, ledger, jobs, items and keys', async () => {
    // Two databases with the same tenants: one takes the plans as one batch, the other one at a time.
    const [a, b] = [await start(), await start()];
    const plan = planner(a);
    const ids = Array.from({ length: 6 }, (_, i) => `tenant_cmp_${i}`);
    for (const x of [a, b]) {
      for (const [i, id] of ids.entries()) await x.tenant({ id, limits: { credits: 8 + 3 * i, tokens: 5 + i } });
    }
    // An item already pending, so that the fair-queue start is not the empty queue's.
    const first = plan(ids[0]!, 2, { itemCount: 2 });
    const keyed = new Set<string>();
    const plans: AdmissionPlan[] = [];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 90; i++) {
      const tenantId = i % 17 === 5 ? 'tenant_gone' : ids[random(ids.length)]!;
      const meter = random(4) === 0 ? 'tokens' : 'credits';
      const subject = random(3) === 0 ? `lead_${random(4)}` : null;
      const p = plan(tenantId, 1 + random(6), {
        meter,
        subject,
        type: meter === 'tokens' ? 'count_tokens' : 'echo',
        // A second period in the same batch (a request read the clock just after midnight).
        ...(random(10) === 0 ? { period: '2030-06', now: NOW + 1 } : {}),
        itemCount: 1 + random(3),
        ...(random(5) === 0 ? { settle: 'actual' as const, overage: 'charge' as const } : {}),
      });
      if (random(3) === 0 && tenantId !== 'tenant_gone') keyed.add(p.jobId);
      plans.push(p);
    }
    for (const x of [a, b]) {
      expect(await admit(x.tollgate.deps.store, first)).toMatchObject({ ok: true });
      for (const p of plans.filter((p) => keyed.has(p.jobId))) {
        const acquired = await acquireIdempotencyKey(x.tollgate.deps.store.db, { tenantId: p.tenantId, key: `key-${p.jobId}`, requestHash: 'h', token: `token-${p.jobId}`, now: NOW, lockMs: 60_000, expiresAt: NOW + 1000 });
        expect(acquired.acquired).toBe(true);
      }
    }
    const withKeys = plans.map((p) =>
      keyed.has(p.jobId) ? { ...p, idempotency: { key: `key-${p.jobId}`, token: `token-${p.jobId}`, expiresAt: NOW + 1000, outcome: (used: number) => JSON.stringify({ job: p.jobId, used }) } } : p,
    );

    const batched = await writeSet(pgStore(a), withKeys);
    const single: AdmissionRow[] = [];
    for (const p of withKeys) single.push(await admit(b.tollgate.deps.store, p));

    // The batch answers a refusal with the usage it decided on; admit/pg.ts then reads it again (with
    // the meter's open holds), as the single path reads it after its rollback.
    const decided = (r: AdmissionRow) => (!r.ok && r.reason === 'limit' ? { ok: false, reason: 'limit', used: r.used, limit: r.limit } : r);
    expect(batched).toEqual(single.map(decided));
    // The mix is worth comparing: every kind of answer is in it.
    expect(countBy(single, (r) => (r.ok ? 'ok' : r.reason))).toMatchObject({ ok: expect.any(Number), limit: expect.any(Number), duplicate: expect.any(Number), tenant_missing: expect.any(Number) });
    const [wa, wb] = [await written(a.tollgate.deps.store), await written(b.tollgate.deps.store)];
    // updated_at: the batch stamps a row once, with the latest admission's clock.
    const noStamp = (w: typeof wa) => ({ ...w, usage: w.usage.map(({ updated_at: _, ...u }) => u) });
    expect(noStamp(wa)).toEqual(noStamp(wb));
    expect(wa.keys.filter((k) => k.status === 'done')).toHaveLength(single.filter((r, i) => r.ok && keyed.has(plans[i]!.jobId)).length);
    expect(wa.jobs.filter((j) => j.settle === 'actual').length).toBeGreaterThan(0);
  });

  /** A rival transaction that moves a tenant's usage with its ledger entry, and a way to wait until `writeSet` waits on it. */
  async function rival(store: PostgresStore, move: string, tenantId: string) {
    const client = await store.pool.connect();
    await client.query('BEGIN');
    await client.query(move, [tenantId, PERIOD, NOW]);
    await client.query(`INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, reason, created_at) VALUES ($1, 'credits', $2, 'adjustment', 5, 'rival', $3)`, [
      tenantId,
      PERIOD,
      NOW,
    ]);
    const { xid } = (await client.query(`SELECT pg_current_xact_id()::xid::text AS xid`)).rows[0];
    const waiting = `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype = 'transactionid' AND transactionid::text = $1`;
    return {
      waitedOn: () => expect.poll(async () => (await client.query(waiting, [xid])).rows[0].n, { timeout: 10_000 }).toBe(1),
      commit: async () => {
        await client.query('COMMIT');
        client.release();
      },
    };
  }

  it('decides on the usage a concurrent transaction committed while the batch waited for the row', async () => {
    h = await start();
    const plan = planner(h);
    const t = await h.tenant({ limits: { credits: 10 } });
    const other = await h.tenant({ limits: { credits: 10 } });
    const store = pgStore(h);
    expect(await writeSet(store, [plan(t.id, 1)])).toEqual([{ ok: true, used: 1 }]);

    const r = await rival(store, `UPDATE usage SET used = used + 5 WHERE tenant_id = $1 AND meter = 'credits' AND period = $2 AND updated_at <= $3`, t.id);
    const batch = writeSet(store, [plan(t.id, 3), plan(other.id, 2), plan(t.id, 2)]);
    await r.waitedOn();
    await r.commit();
    // 1 + 5 by the rival: 3 fits, 2 no longer does.
    expect(await batch).toEqual([
      { ok: true, used: 9 },
      { ok: true, used: 2 },
      { ok: false, reason: 'limit', used: 9, limit: 10 },
    ]);
  });

  it('answers retry for the admissions of a usage row another transaction created after the batch began, and writes nothing of them', async () => {
    h = await start();
    const plan = planner(h);
    const t = await h.tenant({ limits: { credits: 10 } });
    const other = await h.tenant({ limits: { credits: 10 } });
    const store = pgStore(h);

    const r = await rival(store, `INSERT INTO usage (tenant_id, meter, period, used, updated_at) VALUES ($1, 'credits', $2, 5, $3)`, t.id);
    const plans = [plan(t.id, 3), plan(other.id, 2), plan(t.id, 4), plan(t.id, 1, { subject: 'lead_1' }), plan(t.id, 1, { subject: 'lead_1' })];
    const batch = writeSet(store, plans);
    await r.waitedOn();
    await r.commit();
    expect(await batch).toEqual(['retry', { ok: true, used: 2 }, 'retry', 'retry', 'retry']);
    const w = await written(store);
    expect(w.usage.map((u) => [u.tenant_id, u.used])).toEqual([
      [t.id, 5],
      [other.id, 2],
    ].sort());
    expect(w.jobs.map((j) => j.id)).toEqual([plans[1]!.jobId]);

    // The batch function makes them again, in order, on the row as it is now.
    const again = [plans[0]!, plans[2]!, plans[3]!, plans[4]!];
    expect(await admitBatch(store, again)).toEqual([
      { ok: true, value: { ok: true, used: 8 } },
      // A refusal is read again after the batch, with the meter's open holds: the usage is the batch's end.
      { ok: true, value: { ok: false, reason: 'limit', used: 9, limit: 10, held: 0, heldItems: 0 } },
      { ok: true, value: { ok: true, used: 9 } },
      { ok: true, value: { ok: false, reason: 'duplicate', activeJobId: plans[3]!.jobId } },
    ]);
  });

  it('answers an admission whose key was taken over as lost, and commits the rest of its batch', async () => {
    h = await start();
    const plan = planner(h);
    const t = await h.tenant({ limits: { credits: 10 } });
    const db = h.tollgate.deps.store.db;
    const plans = [plan(t.id, 2), plan(t.id, 3), plan(t.id, 1)];
    for (const [i, p] of plans.entries()) {
      await acquireIdempotencyKey(db, { tenantId: t.id, key: `k${i}`, requestHash: 'h', token: `mine${i}`, now: NOW, lockMs: 1000, expiresAt: NOW + 1000 });
      p.idempotency = { key: `k${i}`, token: `mine${i}`, expiresAt: NOW + 1000, outcome: (used) => JSON.stringify({ used }) };
    }
    // Another request took the second key over (its lock had run out).
    await db.updateTable('idempotency_keys').set({ lock_token: 'theirs' }).where('key', '=', 'k1').execute();

    const results = await admitBatch(pgStore(h), plans);
    expect(results).toEqual([
      { ok: true, value: { ok: true, used: 2 } },
      { ok: true, value: { ok: false, reason: 'idempotency_lost' } },
      { ok: true, value: { ok: true, used: 3 } },
    ]);
    const keys = await db.selectFrom('idempotency_keys').select(['key', 'status', 'response_body']).orderBy('key').execute();
    expect(keys).toEqual([
      { key: 'k0', status: 'done', response_body: JSON.stringify({ used: 2 }) },
      { key: 'k1', status: 'in_flight', response_body: null },
      { key: 'k2', status: 'done', response_body: JSON.stringify({ used: 3 }) },
    ]);
  });
});
