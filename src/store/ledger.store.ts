import type { Kysely } from 'kysely';
import type { Database, LedgerEntry } from './schema.js';

// Reads only. Every statement that writes usage or the ledger is in an operation folder (admit/,
// settle/, cancel/) and listed in docs/architecture.md.

export function usageForPeriod(db: Kysely<Database>, tenantId: string, period: string) {
  return db.selectFrom('usage').select(['meter', 'used']).where('tenant_id', '=', tenantId).where('period', '=', period).execute();
}

export function keyUsageForPeriod(db: Kysely<Database>, keyId: string, period: string) {
  return db.selectFrom('key_usage').select(['meter', 'used']).where('key_id', '=', keyId).where('period', '=', period).execute();
}

/**
 * Open holds per meter: the charges of pending and running items of jobs that settle to their actual
 * cost. They are part of `used` until their items settle.
 */
export async function heldForPeriod(db: Kysely<Database>, tenantId: string, period: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('job_items as i')
    .innerJoin('jobs as j', 'j.id', 'i.job_id')
    .select(['j.meter', (eb) => eb.fn.sum<number | string>('i.cost').as('held')])
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', 'in', ['pending', 'running'])
    .where('j.period', '=', period)
    .where('j.settle', '=', 'actual')
    .groupBy('j.meter')
    .execute();
  return new Map(rows.map((r) => [r.meter, Number(r.held)]));
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

export interface KeyDrift {
  key_id: string;
  meter: string;
  period: string;
  used: number;
  ledger: number;
}

/** Every key × meter × period whose budget counter differs from the sum of the ledger entries naming the key. */
export async function findKeyDrift(db: Kysely<Database>): Promise<KeyDrift[]> {
  const usage = await db.selectFrom('key_usage').select(['key_id', 'meter', 'period', 'used']).execute();
  const sums = await db
    .selectFrom('ledger_entries')
    .select(['key_id', 'meter', 'period', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where('key_id', 'is not', null)
    .groupBy(['key_id', 'meter', 'period'])
    .execute();
  const key = (r: { key_id: string | null; meter: string; period: string }) => `${r.key_id}\u0000${r.meter}\u0000${r.period}`;
  const byKey = new Map<string, KeyDrift>();
  for (const u of usage) byKey.set(key(u), { key_id: u.key_id, meter: u.meter, period: u.period, used: Number(u.used), ledger: 0 });
  for (const s of sums) {
    const existing = byKey.get(key(s));
    if (existing) existing.ledger = Number(s.total);
    else byKey.set(key(s), { key_id: s.key_id!, meter: s.meter, period: s.period, used: 0, ledger: Number(s.total) });
  }
  return [...byKey.values()].filter((d) => d.used !== d.ledger);
}
