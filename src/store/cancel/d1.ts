import { prepareNamed, type D1Store } from '../d1.js';
import type { Job } from '../schema.js';
import { cancelRefundKey } from '../sql/fragments.js';
import type { CancelOutcome } from './index.js';

// One batch, in this order: the refund of the open items (usage moves with it, trigger
// `ledger_entries_move_usage`), the job cancelled counting them, then the items cancelled and their
// leases voided. Every statement requires the job cancellable (or, for the items, just cancelled by
// this tenant), so a job that ended first gets nothing, and `refund:<job>` makes a second cancel's
// refund a no-op.
const REFUND = `
INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, key_id, created_at)
SELECT j.tenant_id, j.meter, j.period, 'refund', -SUM(i.cost), j.id, NULL, 'cancelled', :dedupKey, j.key_id, :now
FROM jobs j JOIN job_items i ON i.job_id = j.id AND i.status IN ('pending', 'running')
WHERE j.id = :jobId AND j.tenant_id = :tenantId AND j.status IN ('pending', 'processing')
GROUP BY j.id HAVING SUM(i.cost) <> 0
ON CONFLICT (dedup_key) DO NOTHING`;

const CANCEL_JOB = `
UPDATE jobs SET status = 'cancelled', finished_at = :now, updated_at = :now,
  items_cancelled = items_cancelled + (SELECT COUNT(*) FROM job_items i WHERE i.job_id = jobs.id AND i.status IN ('pending', 'running'))
WHERE id = :jobId AND tenant_id = :tenantId AND status IN ('pending', 'processing')
RETURNING *`;

const CANCEL_ITEMS = `
UPDATE job_items SET status = 'cancelled', finished_at = :now, locked_by = NULL, locked_until = NULL
WHERE job_id = :jobId AND status IN ('pending', 'running')
  AND EXISTS (SELECT 1 FROM jobs WHERE id = :jobId AND tenant_id = :tenantId AND status = 'cancelled')`;

const STATUS = `SELECT status FROM jobs WHERE id = :jobId AND tenant_id = :tenantId`;

export async function cancelOnD1(store: D1Store, tenantId: string, jobId: string, now: number): Promise<CancelOutcome> {
  const params = { tenantId, jobId, now, dedupKey: cancelRefundKey(jobId) };
  const [, cancelled] = await store.d1.batch<Job>([REFUND, CANCEL_JOB, CANCEL_ITEMS].map((text) => prepareNamed(store.d1, text, params)));
  const job = cancelled!.results[0];
  if (job) return { ok: true, job };
  const row = await prepareNamed(store.d1, STATUS, params).first<{ status: Job['status'] }>();
  return row ? { ok: false, reason: 'not_cancellable', status: row.status } : { ok: false, reason: 'not_found' };
}
