// Shapes of the server's JSON, in the server's vocabulary (tenant, key, meter, period, job, item, ledger entry).

export type Role = 'admin' | 'tenant';

export interface Tenant {
  id: string;
  name: string;
  tier: string;
  limits: Record<string, number>;
  max_concurrency: number | null;
  created_at: string;
  updated_at: string;
}

export interface Me {
  key: { id: string; role: Role; prefix: string; name: string | null };
  tenant: Tenant | null;
}

export const JOB_STATUSES = [
  'pending',
  'processing',
  'completed',
  'partially_completed',
  'failed',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const FINISHED_STATUSES: readonly JobStatus[] = ['completed', 'partially_completed', 'failed', 'cancelled'];

export interface JobProgress {
  items_total: number;
  items_done: number;
  items_failed: number;
  items_cancelled: number;
  percent: number;
}

export interface Job {
  id: string;
  type: string;
  status: JobStatus;
  subject: string | null;
  cost: number;
  /** What admission reserved (= cost); `actual` what the job cost in the end, null until it finishes. Absent from older servers. */
  reserved?: number;
  actual?: number | null;
  /** `actual`: `cost` is a hold, settled per item to what the work used. */
  settle?: 'fixed' | 'actual';
  meter: string;
  period: string;
  input: unknown;
  result: unknown;
  error: unknown;
  requested_by: string | null;
  progress: JobProgress;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  estimated_completion: string | null;
  /** Why an active job has no estimate (no worker serves its type); absent from older servers. */
  estimated_completion_reason?: string | null;
}

export type ItemStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobItem {
  /** The server's row id: a number today; treated as opaque. */
  id: string | number;
  seq: number;
  status: ItemStatus;
  input: unknown;
  result: unknown;
  error: unknown;
  attempts: number;
  cost: number;
  /** The item's share of the reservation; `actual` what it was charged in the end, null while open. */
  reserved?: number;
  actual?: number | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface Meter {
  name: string;
  kind: 'quota' | 'credits';
  used: number;
  /** The part of `used` held by running jobs that settle to their actual cost; `spent` = used − held. */
  held?: number;
  spent?: number;
  limit: number;
  remaining: number;
  period: string;
  resets_at: string;
}

export interface Usage {
  tenant_id: string;
  period: string;
  meters: Meter[];
}

export interface LedgerEntry {
  id: string;
  kind: 'charge' | 'refund' | 'release' | 'adjustment';
  meter: string;
  period: string;
  amount: number;
  job_id: string | null;
  item_id: string | null;
  reason: string | null;
  created_at: string;
}

export interface KeySummary {
  id: string;
  prefix: string;
  role: Role;
  name: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  role: Role;
  name: string | null;
  tenant_id: string;
  created_at: string;
}

export type JobTypeSource = 'built-in' | 'code' | 'config' | 'api';

/** How a type is charged: declared types carry one of these rules; `null` means its cost is code. */
export type CostRule = { per_job: number } | { per_item: number } | { from: string; multiplier: number };

/** `GET /v1/job-types`. The handler's address and the queue are shown to admin keys only. */
export interface JobType {
  name: string;
  source: JobTypeSource;
  description: string | null;
  meter: string;
  handler: { kind: 'in-process' | 'remote' | 'http'; url?: string; timeout_ms?: number; concurrency?: number };
  cost: CostRule | null;
  items: { from: string } | null;
  subject: string | null;
  max_attempts: number;
  lease_ms: number | null;
  input_schema: Record<string, unknown>;
  version: number | null;
  created_at: string | null;
  updated_at: string | null;
  queue?: { pending: number; running: number; oldest_pending_since: string | null };
}

// Seed 004: the product optimizer's catalog, credits and job creation.

export interface Product {
  id: string;
  title: string;
  /** HTML as the shop stores it, or null: shown as text only (plainText). */
  description: string | null;
  attributes: Record<string, unknown>;
  collectionIds: string[];
  updatedAt: string;
}

export interface Collection {
  id: string;
  title: string;
  productCount: number;
}

export interface Credits {
  creditsTotal: number;
  creditsUsed: number;
  remaining: number;
  month: string;
}

export const OPTIMIZABLE_ATTRIBUTES = ['title', 'description', 'seo_title', 'seo_description', 'tags', 'alt_text'] as const;
export type OptimizableAttribute = (typeof OPTIMIZABLE_ATTRIBUTES)[number];

export interface OptimizationRequest {
  sourceScope: 'products' | 'collections';
  productIds?: string[];
  collectionIds?: string[];
  attributes: string[];
  language: string;
  prompt?: string;
}

export interface OptimizationCreated {
  jobId: string;
  status: string;
  requiredCredits: number;
  remainingCredits: number;
  productCount: number;
  attributeCount: number;
  totalItems: number;
}

/** `GET /api/jobs/:id`, the fields the dashboard reads. */
export interface OptimizationJob {
  jobId: string;
  status: string;
  appliedAt: string | null;
  appliedCount: number | null;
}

export interface OptimizationApplied {
  applied: number;
  skipped: number;
  jobId: string;
}

// Seed 000: leads and their AI evaluation.

export interface Evaluation {
  evaluation_id: string;
  score: number;
  recommendation: 'approve' | 'review' | 'decline';
  reasons: { text: string; fields: string[] }[];
  risk_flags: string[];
  model_version: string;
}

export interface LeadEvaluationState {
  job_id: string;
  status: string;
  evaluation: Evaluation | null;
}

export interface Lead {
  id: string;
  site_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  move_in_date: string | null;
  monthly_income: number | null;
  desired_rent: number | null;
  household_size: number | null;
  desired_bedrooms: number | null;
  employment_status: string | null;
  has_pets: boolean | null;
  pets: string | null;
  notes: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  latest_evaluation: LeadEvaluationState | null;
}

export interface EvaluationJob {
  job_id: string;
  lead_id: string;
  status: string;
  requested_at: string;
  started_at: string | null;
  completed_at: string | null;
  error: unknown;
  evaluation: Evaluation | null;
}

export interface EvaluationRequested {
  job_id: string;
  lead_id: string;
  status: string;
  requested_at: string;
  estimated_completion: string | null;
}

/** A webhook endpoint of the tenant (GET /v1/webhook-endpoints). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  rotation_overlap_until: string | null;
  created_at: string;
  updated_at: string;
}

/** One endpoint × event, with its last attempt (GET /v1/webhook-endpoints/{id}/deliveries). */
export interface WebhookDelivery {
  id: number;
  event_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed' | 'gave_up';
  attempts: number;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}
