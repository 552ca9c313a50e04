/**
 * The claim's parts both dialects share, written once over a dialect's `Fragments`. A tenant's cap
 * is its own max_concurrency, else the default; what it already runs counts against it.
 */
import type { Fragments } from '../sql/fragments.js';

const cap = (f: Fragments) => `COALESCE(t.max_concurrency, ${f.param('defaultCap', 'int')})`;

/** CTEs `running` (items each tenant runs now) and `at_cap` (tenants that may start nothing more). */
export function runningAndAtCap(f: Fragments): string {
  return `running AS (
  SELECT tenant_id, COUNT(*) AS n FROM job_items WHERE status = 'running' GROUP BY tenant_id
), at_cap AS (
  SELECT running.tenant_id FROM running JOIN tenants t ON t.id = running.tenant_id
  WHERE running.n >= ${cap(f)}
)`;
}

/**
 * The head of one type's queue in virtual-time order (index job_items_claimable_type), tenants at
 * their cap left out: their backlog would otherwise fill the window.
 */
export function queueHead(f: Fragments, type: string): string {
  return `SELECT i.id, i.tenant_id, i.vtime FROM job_items i
    WHERE i.status = 'pending' AND i.type = ${type} AND i.run_at <= ${f.param('now', 'bigint')}
      AND i.tenant_id NOT IN (SELECT tenant_id FROM at_cap)
    ORDER BY i.vtime, i.id
    LIMIT ${f.param('scan', 'int')}`;
}

/** CTE `ranked`: each candidate's place within its tenant. */
export const RANKED = `ranked AS (
  SELECT c.id, c.vtime, c.tenant_id, ROW_NUMBER() OVER (PARTITION BY c.tenant_id ORDER BY c.vtime, c.id) AS rn
  FROM candidates c
)`;

/** The ids to claim: in virtual-time order, a tenant's only while what it runs plus its rank fits its cap. */
export function picked(f: Fragments): string {
  return `SELECT r.id FROM ranked r
  JOIN tenants t ON t.id = r.tenant_id
  LEFT JOIN running ON running.tenant_id = r.tenant_id
  WHERE r.rn + COALESCE(running.n, 0) <= ${cap(f)}
  ORDER BY r.vtime, r.id
  LIMIT ${f.param('batch', 'int')}`;
}
