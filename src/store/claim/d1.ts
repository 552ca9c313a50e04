import { prepareNamed, type D1Store } from '../d1.js';
import type { ClaimedItem, ClaimedItemRow, ClaimedJob, ClaimRequest } from './index.js';
import { claimSql } from './sqlite.js';

// One batch: SQLite's claim statement (D1 runs it alone, as SQLite's one writer does), then the
// claimed items' jobs marked processing and read. The items are found again by their lease: this
// worker's, ending at this claim's expiry.
const CLAIMED = `SELECT job_id FROM job_items WHERE status = 'running' AND locked_by = :worker AND locked_until = :now + :leaseMs`;
const JOBS_FOR_CLAIM = `
UPDATE jobs SET status = CASE WHEN status = 'pending' THEN 'processing' ELSE status END,
  started_at = COALESCE(started_at, :now), updated_at = :now
WHERE id IN (${CLAIMED})
RETURNING id, input, max_attempts, settle`;

export async function claimOnD1(store: D1Store, r: ClaimRequest): Promise<ClaimedItem[]> {
  const { types, ...rest } = r;
  const params = { ...rest, scan: r.batch * 4, ...Object.fromEntries(types.map((type, n) => [`type${n}`, type])) };
  const [items, jobs] = await store.d1.batch<Record<string, unknown>>([
    prepareNamed(store.d1, claimSql(types.length), params),
    prepareNamed(store.d1, JOBS_FOR_CLAIM, params),
  ]);
  const byId = new Map<string, ClaimedJob>(
    jobs!.results.map((j) => [String(j.id), { job_input: String(j.input), max_attempts: Number(j.max_attempts), settle: j.settle as ClaimedJob['settle'] }]),
  );
  return (items!.results as unknown as ClaimedItemRow[]).map((item) => ({ ...item, ...byId.get(item.job_id)! }));
}
