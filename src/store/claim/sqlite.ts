import type { SqliteStore } from '../db.js';
import { sqliteSql } from '../sql/fragments.sqlite.js';
import type { ClaimedItem, ClaimedItemRow, ClaimedJob, ClaimRequest } from './index.js';
import { picked, queueHead, RANKED, runningAndAtCap } from './sql.js';

// SQLite has one writer and no round trips: each operation is one synchronous transaction, and a
// loop of cached prepared statements inside it costs what one multi-row statement would.
// The SQL mirrors pg.ts beside it step by step; read that file for the reasoning.

// Per type, the head of its queue, merged (SQLite has no LATERAL: one branch per type, cached by count).
export function claimSql(types: number): string {
  const heads = Array.from({ length: types }, (_, n) => `SELECT * FROM (${queueHead(sqliteSql, `:type${n}`)})`);
  return `
WITH ${runningAndAtCap(sqliteSql)}, candidates AS (
  ${heads.join('\n  UNION ALL ')}
), ${RANKED}
UPDATE job_items SET status = 'running', attempts = attempts + 1, locked_by = :worker,
  locked_until = :now + :leaseMs, started_at = COALESCE(started_at, :now)
WHERE id IN (${picked(sqliteSql)})
RETURNING id, job_id, tenant_id, type, seq, input, attempts, cost`;
}

const JOB_FOR_CLAIM = `
UPDATE jobs SET status = CASE WHEN status = 'pending' THEN 'processing' ELSE status END,
  started_at = COALESCE(started_at, :now), updated_at = :now
WHERE id = :jobId
RETURNING input, max_attempts, settle`;

export function claimOnSqlite(store: SqliteStore, r: ClaimRequest): Promise<ClaimedItem[]> {
  return store.sqlite.exclusive((h) =>
    h.transaction(() => {
      const { types, ...rest } = r;
      const params = { ...rest, scan: r.batch * 4, ...Object.fromEntries(types.map((type, n) => [`type${n}`, type])) };
      const items = h.prepare(claimSql(types.length)).all(params) as ClaimedItemRow[];
      const jobs = new Map<string, ClaimedJob>();
      for (const item of items) {
        if (!jobs.has(item.job_id)) {
          const job = h.prepare(JOB_FOR_CLAIM).get({ jobId: item.job_id, now: r.now }) as { input: string; max_attempts: number; settle: ClaimedJob['settle'] };
          jobs.set(item.job_id, { job_input: job.input, max_attempts: job.max_attempts, settle: job.settle });
        }
      }
      return items.map((item) => ({ ...item, ...jobs.get(item.job_id)! }));
    }),
  );
}
