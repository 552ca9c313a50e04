import type { SqlMigration } from '../../store/migrations/index.js';

/**
 * Leads and their evaluations. A lead's id is unique per tenant (a site may import leads with its
 * own ids, and one site's ids must say nothing about another's). Evaluations outlive the jobs that
 * made them: finished jobs are pruned after JOB_RETENTION_DAYS, so `evaluations` does not reference
 * `jobs`. `has_pets` is 0/1/NULL because SQLite has no boolean.
 */
export const leadsMigration: SqlMigration = {
  name: '0002_leads',
  sql: () => `
CREATE TABLE leads (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  move_in_date TEXT,
  monthly_income DOUBLE PRECISION,
  desired_rent DOUBLE PRECISION,
  household_size INTEGER,
  desired_bedrooms INTEGER,
  employment_status TEXT,
  has_pets INTEGER CHECK (has_pets IN (0, 1)),
  pets TEXT,
  notes TEXT,
  status TEXT NOT NULL,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX leads_tenant_created ON leads (tenant_id, created_at DESC, id DESC);
CREATE INDEX leads_tenant_status_created ON leads (tenant_id, status, created_at DESC, id DESC);

-- One evaluation per job at most: its id is derived from the job id (eval_ + the job id's suffix),
-- so an attempt retried after a lost lease finds the row the first one wrote.
CREATE TABLE evaluations (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  job_id TEXT NOT NULL UNIQUE,
  score INTEGER NOT NULL CHECK (score >= 0 AND score <= 100),
  recommendation TEXT NOT NULL CHECK (recommendation IN ('approve', 'review', 'decline')),
  reasons TEXT NOT NULL,
  risk_flags TEXT NOT NULL,
  model_version TEXT NOT NULL,
  requested_by TEXT,
  requested_at BIGINT NOT NULL,
  started_at BIGINT,
  created_at BIGINT NOT NULL,
  FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX evaluations_lead ON evaluations (tenant_id, lead_id, created_at DESC, id DESC);

-- A lead's jobs, newest first (status endpoint, the leads list). Partial: other types do not pay for it, and
-- the queries name the type as a literal so that both planners can use it.
CREATE INDEX jobs_lead_evaluation_subject ON jobs (tenant_id, subject, created_at DESC, id DESC)
  WHERE type = 'lead_evaluation'
`,
};

/**
 * A result exists only if it was paid for: an evaluation becomes visible in the transaction that
 * settles its item as succeeded, and in no other. The handler only returns the evaluation (the item's
 * result); this trigger derives the `evaluations` row from it when the settle statement, fenced by
 * the attempt, moves the item to `succeeded`. A cancelled, failed or fenced-out attempt never gets
 * there, so it delivers nothing. A lead deleted meanwhile gets no row (its evaluations go with it).
 */
export const evaluationsOnSettleMigration: SqlMigration = {
  name: '0005_lead_evaluations_on_settle',
  sql: (d) =>
    d.dialect === 'sqlite'
      ? [
          `DROP TRIGGER IF EXISTS job_items_lead_evaluation_settled`,
          `CREATE TRIGGER job_items_lead_evaluation_settled AFTER UPDATE OF status ON job_items
FOR EACH ROW WHEN NEW.status = 'succeeded' AND OLD.status <> 'succeeded' AND NEW.type = 'lead_evaluation'
BEGIN
  INSERT INTO evaluations (id, tenant_id, lead_id, job_id, score, recommendation, reasons, risk_flags,
    model_version, requested_by, requested_at, started_at, created_at)
  SELECT 'eval_' || substr(j.id, 5), j.tenant_id, json_extract(j.input, '$.lead_id'), j.id,
    json_extract(NEW.result, '$.score'), json_extract(NEW.result, '$.recommendation'),
    json_extract(NEW.result, '$.reasons'), json_extract(NEW.result, '$.risk_flags'),
    json_extract(NEW.result, '$.model_version'), j.requested_by, j.created_at, j.started_at, NEW.finished_at
  FROM jobs j
  WHERE j.id = NEW.job_id
    AND EXISTS (SELECT 1 FROM leads l WHERE l.tenant_id = j.tenant_id AND l.id = json_extract(j.input, '$.lead_id'))
  ON CONFLICT DO NOTHING;
END`,
        ]
      : [
          `CREATE OR REPLACE FUNCTION tollgate_lead_evaluation_settled() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO evaluations (id, tenant_id, lead_id, job_id, score, recommendation, reasons, risk_flags,
    model_version, requested_by, requested_at, started_at, created_at)
  SELECT 'eval_' || substr(j.id, 5), j.tenant_id, j.input::jsonb ->> 'lead_id', j.id,
    (NEW.result::jsonb ->> 'score')::int, NEW.result::jsonb ->> 'recommendation',
    (NEW.result::jsonb -> 'reasons')::text, (NEW.result::jsonb -> 'risk_flags')::text,
    NEW.result::jsonb ->> 'model_version', j.requested_by, j.created_at, j.started_at, NEW.finished_at
  FROM jobs j
  WHERE j.id = NEW.job_id
    AND EXISTS (SELECT 1 FROM leads l WHERE l.tenant_id = j.tenant_id AND l.id = j.input::jsonb ->> 'lead_id')
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$fn$`,
          `DROP TRIGGER IF EXISTS job_items_lead_evaluation_settled ON job_items`,
          `CREATE TRIGGER job_items_lead_evaluation_settled AFTER UPDATE OF status ON job_items
FOR EACH ROW WHEN (NEW.status = 'succeeded' AND OLD.status IS DISTINCT FROM 'succeeded' AND NEW.type = 'lead_evaluation')
EXECUTE FUNCTION tollgate_lead_evaluation_settled()`,
        ],
};
