-- tollgate migration core/0002_leads
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
  WHERE type = 'lead_evaluation';
