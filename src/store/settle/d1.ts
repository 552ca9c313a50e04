import { prepareNamed, type D1Store } from '../d1.js';
import { itemRefundKeySql } from '../sql/fragments.js';
import { sqliteSql } from '../sql/fragments.sqlite.js';
import type { Outcome, SettledJob } from './index.js';

// One batch per settle. Each statement stands on what the database holds, not on what an earlier
// statement returned (a batch cannot branch): the item's attempt fence, then a refund keyed on the
// item (inserted for a failed item only; usage moves with it, trigger `ledger_entries_move_usage`),
// then each touched job rolled up from its items. A refund for an item failed before finds its key
// taken and writes nothing, so a repeated or late outcome moves no money.

const SETTLE_ITEM = `
UPDATE job_items SET status = :status, result = :result, error = :error, run_at = COALESCE(:run_at, run_at),
  finished_at = CASE WHEN :status IN ('succeeded', 'failed') THEN :now END, locked_by = NULL, locked_until = NULL
WHERE id = :id AND status = 'running' AND locked_by = :worker AND attempts = :attempt
  AND (:expiredBefore IS NULL OR locked_until < :expiredBefore)
RETURNING id`;

const REFUND = `
INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, key_id, created_at)
SELECT i.tenant_id, j.meter, j.period, 'refund', -i.cost, i.job_id, i.id, 'item failed', ${itemRefundKeySql('i.job_id', 'i.id')}, j.key_id, :now
FROM job_items i JOIN jobs j ON j.id = i.job_id
WHERE i.id = :id AND i.status = 'failed' AND i.cost > 0
ON CONFLICT (dedup_key) DO NOTHING`;

// The roll-up fragment counts this settle's ends on top of the job's counters; here they are what the
// items say now minus what the counters say, which is the same number (verify: counters count items).
const count = (status: string) => `(SELECT COUNT(*) FROM job_items i WHERE i.job_id = jobs.id AND i.status = '${status}')`;
const ROLL_UP = `
UPDATE jobs SET
  ${sqliteSql.jobRollUp({
    job: '',
    done: `(${count('succeeded')} - items_done)`,
    failed: `(${count('failed')} - items_failed)`,
    oneResult: `(SELECT result FROM job_items i WHERE i.job_id = jobs.id AND i.status = 'succeeded' LIMIT 1)`,
    lastError: `(SELECT error FROM job_items i WHERE i.job_id = jobs.id AND i.status = 'failed' ORDER BY finished_at DESC, id DESC LIMIT 1)`,
    now: ':now',
  })}
WHERE id IN (SELECT job_id FROM job_items WHERE id IN (SELECT value FROM json_each(:ids)))
  AND status IN ('pending', 'processing')
  AND (items_done <> ${count('succeeded')} OR items_failed <> ${count('failed')})
RETURNING id, tenant_id, status`;

export async function settleOnD1(store: D1Store, worker: string, now: number, outcomes: Outcome[], expiredBefore: number | null): Promise<{ settled: number[]; jobs: SettledJob[] }> {
  // Settling to actual decides each hold against the limit in item order (settle/sqlite.ts): a batch
  // cannot do that yet, and no edge job type settles to actual.
  if (outcomes.some((o) => typeof o.actual === 'number')) throw new Error('settling to actual cost has no D1 form');
  const p = (text: string, params: Record<string, unknown>) => prepareNamed(store.d1, text, params);
  const statements = outcomes.flatMap((o) => [p(SETTLE_ITEM, { ...o, worker, now, expiredBefore }), p(REFUND, { id: o.id, now })]);
  statements.push(p(ROLL_UP, { now, ids: JSON.stringify(outcomes.map((o) => o.id)) }));
  const results = await store.d1.batch<Record<string, unknown>>(statements);
  const settled = outcomes.filter((_, n) => results[2 * n]!.results.length > 0).map((o) => o.id);
  const jobs = results.at(-1)!.results.map((r) => ({ id: String(r.id), tenantId: String(r.tenant_id), status: String(r.status) }));
  return { settled, jobs };
}
