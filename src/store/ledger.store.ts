import type { Kysely, Transaction } from 'kysely';
import type { Database, LedgerEntry, LedgerKind } from './schema.js';

export interface LedgerMovement {
  tenantId: string;
  meter: string;
  period: string;
  kind: LedgerKind;
  /** Signed: a charge is positive, a refund negative. */
  amount: number;
  jobId: string | null;
  itemId: number | null;
  reason: string | null;
  /** Makes the movement happen at most once: `refund:<job>`, `refund:<job>:<item>`. */
  dedupKey: string | null;
  now: number;
}

/**
 * Write a ledger entry and move the usage counter by the same amount, in the caller's transaction.
 * The usage counter MUST change only here (and in admission). Returns false, changing nothing,
 * when an entry with the same dedup key exists: a second refund of the same item is impossible.
 */
export async function recordMovement(trx: Transaction<Database>, m: LedgerMovement): Promise<boolean> {
  if (m.amount === 0) return false;
  const entry = await trx
    .insertInto('ledger_entries')
    .values({
      tenant_id: m.tenantId,
      meter: m.meter,
      period: m.period,
      kind: m.kind,
      amount: m.amount,
      job_id: m.jobId,
      item_id: m.itemId,
      reason: m.reason,
      dedup_key: m.dedupKey,
      created_at: m.now,
    })
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!entry) return false;
  await trx
    .insertInto('usage')
    .values({ tenant_id: m.tenantId, meter: m.meter, period: m.period, used: m.amount, updated_at: m.now })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'meter', 'period']).doUpdateSet((eb) => ({
        used: eb('usage.used', '+', eb.ref('excluded.used')),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  return true;
}

export function usageForPeriod(db: Kysely<Database>, tenantId: string, period: string) {
  return db.selectFrom('usage').select(['meter', 'used']).where('tenant_id', '=', tenantId).where('period', '=', period).execute();
}

export interface HistoryQuery {
  tenantId: string;
  meter?: string;
  from?: number;
  to?: number;
  beforeId?: number;
  limit: number;
}

/** Ledger entries, newest first. */
export function listLedger(db: Kysely<Database>, q: HistoryQuery): Promise<LedgerEntry[]> {
  let query = db.selectFrom('ledger_entries').selectAll().where('tenant_id', '=', q.tenantId).orderBy('id', 'desc').limit(q.limit);
  if (q.meter !== undefined) query = query.where('meter', '=', q.meter);
  if (q.from !== undefined) query = query.where('created_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('created_at', '<', q.to);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return query.execute();
}

export interface Drift {
  tenant_id: string;
  meter: string;
  period: string;
  used: number;
  ledger: number;
}

/** Every tenant × meter × period whose counter differs from its ledger sum (either side missing counts as 0). */
export async function findDrift(db: Kysely<Database>): Promise<Drift[]> {
  const usage = await db.selectFrom('usage').select(['tenant_id', 'meter', 'period', 'used']).execute();
  const sums = await db
    .selectFrom('ledger_entries')
    .select(['tenant_id', 'meter', 'period', (eb) => eb.fn.sum<number>('amount').as('total')])
    .groupBy(['tenant_id', 'meter', 'period'])
    .execute();
  const key = (r: { tenant_id: string; meter: string; period: string }) => `${r.tenant_id}\u0000${r.meter}\u0000${r.period}`;
  const byKey = new Map<string, Drift>();
  for (const u of usage) byKey.set(key(u), { tenant_id: u.tenant_id, meter: u.meter, period: u.period, used: Number(u.used), ledger: 0 });
  for (const s of sums) {
    const existing = byKey.get(key(s));
    if (existing) existing.ledger = Number(s.total);
    else byKey.set(key(s), { tenant_id: s.tenant_id, meter: s.meter, period: s.period, used: 0, ledger: Number(s.total) });
  }
  return [...byKey.values()].filter((d) => d.used !== d.ledger);
}
