import { sql } from 'kysely';
import { verify } from '../../src/core/verify.js';
import type { Store } from '../../src/store/db.js';
import type { ClientRecord } from './load.js';

const TERMINAL = new Set(['completed', 'partially_completed', 'failed', 'cancelled']);

interface JobRow {
  id: string;
  status: string;
  cost: number;
  items_total: number;
  items_done: number;
  items_failed: number;
  items_cancelled: number;
  max_attempts: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  open: number;
  items: number;
  refundable: number;
  refunded: number;
  charges: number;
  charged: number;
  keys: number;
  max_item_attempts: number;
}

export interface Census {
  jobs: number;
  active: number;
  byStatus: Record<string, number>;
}

/**
 * Everything the ledger and the job lifecycle promise, read from a quiescent database, plus what
 * the clients were told. Returns one line per violation; empty means sound.
 *
 * - used = SUM(ledger) for every tenant × meter × period, and no job without its charge (verify);
 * - every acknowledged job exists, and no refused key has a job;
 * - every job is charged once, exactly its cost; its refunds equal the cost of its failed and
 *   cancelled items (each item settled once: at most one refund per item, per cancel);
 * - the job's counters equal its items' statuses, and a job is terminal exactly when no item is open;
 * - every job belongs to exactly one Idempotency-Key (every request carried one): a retry never made a second job.
 */
export async function checkInvariants(store: Store, record: ClientRecord, options: { allTerminal?: boolean } = {}): Promise<{ problems: string[]; census: Census }> {
  const problems: string[] = [];
  const db = store.db;

  const report = await verify(store);
  for (const d of report.drift) problems.push(`drift: ${d.tenant_id}/${d.meter}/${d.period} used ${d.used} ≠ ledger ${d.ledger}`);
  for (const d of report.keyDrift) problems.push(`key drift: ${d.key_id}/${d.meter}/${d.period} used ${d.used} ≠ ledger ${d.ledger}`);
  for (const id of report.jobsWithoutCharge) problems.push(`job ${id} exists without its charge`);

  const { rows } = await sql<JobRow>`
    SELECT j.id, j.status, j.cost, j.items_total, j.items_done, j.items_failed, j.items_cancelled, j.max_attempts,
      (SELECT COUNT(*) FROM job_items i WHERE i.job_id = j.id AND i.status = 'succeeded') AS succeeded,
      (SELECT COUNT(*) FROM job_items i WHERE i.job_id = j.id AND i.status = 'failed') AS failed,
      (SELECT COUNT(*) FROM job_items i WHERE i.job_id = j.id AND i.status = 'cancelled') AS cancelled,
      (SELECT COUNT(*) FROM job_items i WHERE i.job_id = j.id AND i.status IN ('pending', 'running')) AS open,
      (SELECT COUNT(*) FROM job_items i WHERE i.job_id = j.id) AS items,
      (SELECT COALESCE(MAX(i.attempts), 0) FROM job_items i WHERE i.job_id = j.id) AS max_item_attempts,
      (SELECT COALESCE(SUM(i.cost), 0) FROM job_items i WHERE i.job_id = j.id AND i.status IN ('failed', 'cancelled')) AS refundable,
      (SELECT COALESCE(-SUM(l.amount), 0) FROM ledger_entries l WHERE l.job_id = j.id AND l.kind = 'refund') AS refunded,
      (SELECT COUNT(*) FROM ledger_entries l WHERE l.job_id = j.id AND l.kind = 'charge') AS charges,
      (SELECT COALESCE(SUM(l.amount), 0) FROM ledger_entries l WHERE l.job_id = j.id AND l.kind = 'charge') AS charged,
      (SELECT COUNT(*) FROM idempotency_keys k WHERE k.job_id = j.id) AS keys
    FROM jobs j`.execute(db);

  const census: Census = { jobs: rows.length, active: 0, byStatus: {} };
  const ids = new Set<string>();
  for (const raw of rows) {
    const j = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, k === 'id' || k === 'status' ? v : Number(v)])) as unknown as JobRow;
    ids.add(j.id);
    census.byStatus[j.status] = (census.byStatus[j.status] ?? 0) + 1;
    const terminal = TERMINAL.has(j.status);
    if (!terminal) census.active++;
    const say = (what: string) => problems.push(`job ${j.id} (${j.status}): ${what}`);
    if (j.charges !== 1 || j.charged !== j.cost) say(`${j.charges} charge entries totalling ${j.charged}, cost ${j.cost}`);
    if (j.refunded !== j.refundable) say(`refunded ${j.refunded} but its failed and cancelled items cost ${j.refundable}`);
    if (j.items !== j.items_total) say(`${j.items} items, items_total ${j.items_total}`);
    if (j.items_done !== j.succeeded || j.items_failed !== j.failed || j.items_cancelled !== j.cancelled) {
      say(`counters done/failed/cancelled ${j.items_done}/${j.items_failed}/${j.items_cancelled}, items ${j.succeeded}/${j.failed}/${j.cancelled}`);
    }
    if (terminal && j.open > 0) say(`terminal with ${j.open} open items`);
    if (!terminal && j.open === 0) say('every item ended but the job did not');
    if (j.status === 'completed' && j.failed + j.cancelled > 0) say('completed with failed or cancelled items');
    if (j.status === 'cancelled' && j.cancelled === 0) say('cancelled without a cancelled item');
    if (j.max_item_attempts > j.max_attempts) say(`an item ran ${j.max_item_attempts} attempts, max ${j.max_attempts}`);
    if (j.keys !== 1) say(`${j.keys} Idempotency-Keys name it (every admission carried one: a retry made a job of its own)`);
    if (options.allTerminal && !terminal) say('still active after the drain');
  }

  const doubled = await sql<{ dedup_key: string; n: number }>`
    SELECT dedup_key, COUNT(*) AS n FROM ledger_entries WHERE dedup_key IS NOT NULL GROUP BY dedup_key HAVING COUNT(*) > 1`.execute(db);
  for (const d of doubled.rows) problems.push(`ledger dedup key ${d.dedup_key} written ${d.n} times`);
  const itemRefunds = await sql<{ item_id: number; n: number; status: string | null }>`
    SELECT l.item_id, COUNT(*) AS n, MAX(i.status) AS status FROM ledger_entries l LEFT JOIN job_items i ON i.id = l.item_id
    WHERE l.item_id IS NOT NULL GROUP BY l.item_id`.execute(db);
  for (const r of itemRefunds.rows) {
    if (Number(r.n) !== 1 || r.status !== 'failed') problems.push(`item ${r.item_id} (${r.status}) has ${r.n} refunds of its own`);
  }

  for (const [key, { jobId }] of record.acked) if (!ids.has(jobId)) problems.push(`acknowledged job ${jobId} (key ${key}) does not exist`);
  if (record.refused.size > 0) {
    const refusedWithJob = await db
      .selectFrom('idempotency_keys')
      .select(['key', 'job_id'])
      .where('key', 'in', [...record.refused])
      .where('job_id', 'is not', null)
      .execute();
    for (const r of refusedWithJob) problems.push(`key ${r.key} was refused, yet job ${r.job_id} exists for it`);
  }
  const keyed = await db.selectFrom('idempotency_keys').select(['key', 'job_id']).where('job_id', 'is not', null).execute();
  const jobOfKey = new Map(keyed.map((k) => [k.key, k.job_id]));
  for (const [key, { jobId }] of record.acked) {
    if (jobOfKey.get(key) !== jobId) problems.push(`key ${key} was answered with ${jobId}, the database says ${jobOfKey.get(key) ?? 'none'}`);
  }
  return { problems, census };
}
