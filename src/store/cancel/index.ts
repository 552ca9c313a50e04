/**
 * Cancel: a pending or processing job's unfinished items are cancelled and their cost refunded, in
 * one transaction, once.
 *
 * Invariants:
 * - usage MUST change only together with its ledger entry, in this transaction (recordMovement); so
 *   MUST the usage of the key whose budget the job was charged to (`jobs.key_id`), by the same amount.
 * - The refund is written under the unique dedup key `refund:<job>`, so a job is refunded for
 *   cancelling at most once, whatever races it.
 * - A running item's lease is voided with it, so its worker's late outcome is refused by the settle's
 *   attempt fence and delivers nothing.
 * - Lock order, the same on every write path (see docs/architecture.md): job items in id order, then
 *   usage rows, then key usage rows, then jobs. Settles take items, usage, jobs; claims take items (SKIP LOCKED), then jobs.
 *   Cancel used to take the job first and deadlocked against settles on PostgreSQL.
 *
 * Dialect-free Kysely but for pg.ts, the item locks: SQLite has one writer and needs none.
 */
import type { Transaction } from 'kysely';
import type { Store } from '../db.js';
import type { Database, Job, LedgerKind } from '../schema.js';
import { cancelRefundKey } from '../sql/fragments.js';
import { transact } from '../transact.js';
import { insertCancelEvent } from '../webhooks/outbox.js';
import { cancelOnD1 } from './d1.js';
import { lockOpenItems } from './pg.js';

export type CancelOutcome = { ok: true; job: Job } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'not_cancellable'; status: Job['status'] };

class NotCancellable extends Error {}

export async function cancelJob(store: Store, tenantId: string, jobId: string, now: number): Promise<CancelOutcome> {
  if (store.dialect === 'd1') return cancelOnD1(store, tenantId, jobId, now);
  try {
    return await transact(store, async (trx) => {
      const job = await trx.selectFrom('jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', jobId).executeTakeFirst();
      if (!job) return { ok: false, reason: 'not_found' };
      if (job.status !== 'pending' && job.status !== 'processing') return { ok: false, reason: 'not_cancellable', status: job.status };
      if (store.dialect === 'postgres') await lockOpenItems(trx, jobId);
      const cancelled = await trx
        .updateTable('job_items')
        .set({ status: 'cancelled', finished_at: now, locked_by: null, locked_until: null })
        .where('job_id', '=', jobId)
        .where('status', 'in', ['pending', 'running'])
        .returning('cost')
        .execute();
      await recordMovement(trx, {
        tenantId,
        meter: job.meter,
        period: job.period,
        kind: 'refund',
        amount: -cancelled.reduce((sum, r) => sum + Number(r.cost), 0),
        jobId,
        itemId: null,
        reason: 'cancelled',
        dedupKey: cancelRefundKey(jobId),
        keyId: job.key_id,
        now,
      });
      const updated = await trx
        .updateTable('jobs')
        .set((eb) => ({ status: 'cancelled', finished_at: now, updated_at: now, items_cancelled: eb('items_cancelled', '+', cancelled.length) }))
        .where('id', '=', jobId)
        .where('status', 'in', ['pending', 'processing'])
        .returningAll()
        .executeTakeFirst();
      // Its last items settled between the read and the item locks: the job finished; undo.
      if (!updated) throw new NotCancellable();
      await insertCancelEvent(trx, tenantId, jobId, now);
      return { ok: true, job: updated };
    });
  } catch (error) {
    if (!(error instanceof NotCancellable)) throw error;
    const job = await store.db.selectFrom('jobs').select('status').where('tenant_id', '=', tenantId).where('id', '=', jobId).executeTakeFirst();
    return job ? { ok: false, reason: 'not_cancellable', status: job.status } : { ok: false, reason: 'not_found' };
  }
}

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
  /** The key whose budget the job was charged to: its usage moves too. */
  keyId: string | null;
  now: number;
}

/**
 * Write a ledger entry and move the usage counter by the same amount, and the key's usage counter
 * when the entry names a key, in the caller's transaction.
 * Returns false, changing nothing, when an entry with the same dedup key exists: a second refund of
 * the same item is impossible. Cancel is its only caller: admit and settle write in their own SQL,
 * and a new caller is a new writer of usage, to be listed in docs/architecture.md.
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
      key_id: m.keyId,
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
  if (m.keyId === null) return true;
  await trx
    .insertInto('key_usage')
    .values({ key_id: m.keyId, meter: m.meter, period: m.period, tenant_id: m.tenantId, used: m.amount, updated_at: m.now })
    .onConflict((oc) =>
      oc.columns(['key_id', 'meter', 'period']).doUpdateSet((eb) => ({
        used: eb('key_usage.used', '+', eb.ref('excluded.used')),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  return true;
}
