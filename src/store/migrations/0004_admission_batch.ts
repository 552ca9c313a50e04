import type { SqlMigration } from './index.js';

/**
 * PostgreSQL group commit: many admissions in one call, one round trip and one commit. Each
 * admission keeps the guarantees of the single statement in store/admit/pg.ts (admission.pg.ts when
 * this was written):
 * - the conditional upsert on the usage row refuses a charge that does not fit;
 * - the partial unique index `jobs_active_subject` refuses a duplicate (ON CONFLICT DO NOTHING), and
 *   the duplicate's charge is taken back in the same transaction, before anyone else can see it.
 * A tenant's admissions in one batch take its usage row's lock once: a hot tenant stops queueing on it.
 * SQLite needs no function: it batches in-process (store/admit/sqlite.ts).
 *
 * No longer called: batches go through the set-based statement of store/admit/pg-batch.ts, which
 * needs no migration. The function stays, as every applied migration does.
 *
 * Frozen history: an applied migration is never run again, so this body cannot import the shared
 * fragments (store/sql/) without new databases and old ones drifting apart the day a fragment
 * changes. It keeps its own copies of the effective limit, the fair-queue start and the charge key;
 * 0004_admission_batch.test.ts fails when they stop matching the fragments, and then a new migration
 * must recreate the function with the new rule.
 */
export const admissionBatch: SqlMigration = {
  name: '0004_admission_batch',
  sql: (d) =>
    d.dialect === 'sqlite'
      ? []
      : [
          `
CREATE OR REPLACE FUNCTION tollgate_admit_batch(plans jsonb, tier_limits jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  p jsonb;
  results jsonb := '[]'::jsonb;
  lim bigint;
  used_after bigint;
  inserted text;
  active text;
  start bigint;
BEGIN
  FOR p IN SELECT value FROM jsonb_array_elements(plans) LOOP
    SELECT COALESCE((t.limits::jsonb ->> (p->>'meter'))::bigint, (tier_limits -> t.tier ->> (p->>'meter'))::bigint, 0)
      INTO lim FROM tenants t WHERE t.id = p->>'tenantId';
    IF NOT FOUND THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', false, 'reason', 'tenant_missing'));
      CONTINUE;
    END IF;

    -- The charge first, as the single statement in admission.pg.ts does: every admission path locks
    -- the usage row before the subject's index entry, so two paths cannot deadlock on each other.
    used_after := NULL;
    INSERT INTO usage AS u (tenant_id, meter, period, used, updated_at)
    SELECT p->>'tenantId', p->>'meter', p->>'period', (p->>'cost')::bigint, (p->>'now')::bigint
    WHERE (p->>'cost')::bigint <= lim
       OR EXISTS (SELECT 1 FROM usage x WHERE x.tenant_id = p->>'tenantId' AND x.meter = p->>'meter' AND x.period = p->>'period')
    ON CONFLICT (tenant_id, meter, period) DO UPDATE
    SET used = u.used + EXCLUDED.used, updated_at = EXCLUDED.updated_at
    WHERE u.used + EXCLUDED.used <= lim
    RETURNING used INTO used_after;
    IF used_after IS NULL THEN
      SELECT id INTO active FROM jobs
      WHERE p->>'subject' IS NOT NULL AND tenant_id = p->>'tenantId' AND type = p->>'type' AND subject = p->>'subject'
        AND status IN ('pending', 'processing');
      IF active IS NOT NULL THEN
        results := results || jsonb_build_array(jsonb_build_object('ok', false, 'reason', 'duplicate', 'activeJobId', active));
      ELSE
        results := results || jsonb_build_array(jsonb_build_object('ok', false, 'reason', 'limit', 'limit', lim, 'used',
          COALESCE((SELECT used FROM usage x WHERE x.tenant_id = p->>'tenantId' AND x.meter = p->>'meter' AND x.period = p->>'period'), 0)));
      END IF;
      CONTINUE;
    END IF;

    inserted := NULL;
    INSERT INTO jobs (id, tenant_id, type, status, subject, input, cost, meter, period, requested_by,
      items_total, max_attempts, created_at, updated_at)
    VALUES (p->>'jobId', p->>'tenantId', p->>'type', 'pending', p->>'subject', p->>'input', (p->>'cost')::bigint,
      p->>'meter', p->>'period', p->>'requestedBy', (p->>'itemsTotal')::int, (p->>'maxAttempts')::int,
      (p->>'now')::bigint, (p->>'now')::bigint)
    ON CONFLICT (tenant_id, type, subject) WHERE subject IS NOT NULL AND status IN ('pending', 'processing') DO NOTHING
    RETURNING id INTO inserted;
    IF inserted IS NULL THEN
      -- A duplicate: take back this transaction's own charge (no ledger entry was written, so the
      -- counter and the ledger agree again at commit; nothing was ever visible to anyone else).
      UPDATE usage SET used = used - (p->>'cost')::bigint
      WHERE tenant_id = p->>'tenantId' AND meter = p->>'meter' AND period = p->>'period';
      SELECT id INTO active FROM jobs
      WHERE tenant_id = p->>'tenantId' AND type = p->>'type' AND subject = p->>'subject' AND status IN ('pending', 'processing');
      results := results || jsonb_build_array(jsonb_build_object('ok', false, 'reason', 'duplicate', 'activeJobId', active));
      CONTINUE;
    END IF;

    start := GREATEST(
      COALESCE((SELECT MAX(vtime) FROM job_items WHERE tenant_id = p->>'tenantId' AND status = 'pending'), 0) + 1,
      COALESCE((SELECT MIN(vtime) FROM job_items WHERE status = 'pending'), 0));
    INSERT INTO job_items (job_id, tenant_id, type, seq, status, input, cost, vtime, run_at)
    SELECT inserted, p->>'tenantId', p->>'type', (e.n - 1)::int, 'pending', (e.v -> 0)::text, (e.v ->> 1)::bigint,
      start + e.n - 1, (p->>'now')::bigint
    FROM jsonb_array_elements((p->>'items')::jsonb) WITH ORDINALITY AS e(v, n);

    INSERT INTO ledger_entries (tenant_id, meter, period, kind, amount, job_id, reason, dedup_key, created_at)
    VALUES (p->>'tenantId', p->>'meter', p->>'period', 'charge', (p->>'cost')::bigint, inserted, p->>'type',
      'charge:' || inserted, (p->>'now')::bigint);

    results := results || jsonb_build_array(jsonb_build_object('ok', true, 'used', used_after));
  END LOOP;
  RETURN results;
END
$fn$`,
        ],
};
