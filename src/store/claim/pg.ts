import type { PostgresStore } from '../db.js';
import { namedQuery } from '../named.js';
import { pgSql } from '../sql/fragments.pg.js';
import type { ClaimRequest, ClaimedItem } from './index.js';
import { picked, queueHead, RANKED, runningAndAtCap } from './sql.js';

// Candidates are read in virtual-time order and locked with SKIP LOCKED, so concurrent claimers
// take disjoint sets; the window then caps each tenant at its concurrency limit (the tenant's, else
// the default) counting what it already runs. Tenants already at their cap are left out of the
// window itself: their backlog at the head of the queue would otherwise fill it, and the tenants
// queued behind would wait for a capped tenant to drain. Claimed items' jobs move to `processing`
// in the same statement. The attempt is counted at claim time: a crash mid-item still used an attempt.
const CLAIM = namedQuery(
  'tollgate_claim_v3',
  `
WITH ${runningAndAtCap(pgSql)}, candidates AS (
  -- Per type, the head of its queue, merged: a backlog of a type this worker does not run is never scanned.
  SELECT c.id, c.tenant_id, c.vtime FROM unnest(:types::text[]) AS t(name)
  CROSS JOIN LATERAL (
    ${queueHead(pgSql, 't.name')}
    FOR UPDATE SKIP LOCKED
  ) c
), ${RANKED}, picked AS (
  ${picked(pgSql)}
), claimed AS (
  UPDATE job_items i
  SET status = 'running', attempts = i.attempts + 1, locked_by = :worker::text,
      locked_until = :now::bigint + :leaseMs::bigint, started_at = COALESCE(i.started_at, :now::bigint)
  FROM picked p
  WHERE i.id = p.id
  RETURNING i.id, i.job_id, i.tenant_id, i.type, i.seq, i.input, i.attempts, i.cost
), started AS (
  UPDATE jobs j SET status = 'processing', started_at = COALESCE(j.started_at, :now::bigint), updated_at = :now::bigint
  WHERE j.id IN (SELECT job_id FROM claimed) AND j.status = 'pending'
)
SELECT c.*, j.input AS job_input, j.max_attempts, j.settle FROM claimed c JOIN jobs j ON j.id = c.job_id`,
);

// The caps count running items as the claim's snapshot saw them: two claims running at once would
// each miss the other's items and together exceed a tenant's cap. So claims take turns, under a
// transaction-scoped advisory lock per schema; the claim statement starts after the lock is granted,
// so its snapshot holds every earlier claim. A claim is one short statement per batch: the turns are short.
const CLAIM_TURN = `BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.tollgate_claim'))`;

export async function claimOnPostgres(store: PostgresStore, r: ClaimRequest): Promise<ClaimedItem[]> {
  const client = await store.pool.connect();
  try {
    await client.query(CLAIM_TURN);
    const { rows } = await client.query(CLAIM({ ...r, scan: r.batch * 4 }));
    await client.query('COMMIT');
    return rows as ClaimedItem[];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
