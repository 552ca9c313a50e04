import type { Job, JobStatus } from '../../store/schema.js';
import type { EvaluationRow } from './evaluations.store.js';
import { leadValues, type Lead } from './lead.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** An evaluation as the API and the job's result show it. */
export interface Evaluation {
  evaluation_id: string;
  score: number;
  recommendation: string;
  reasons: { text: string; fields: string[] }[];
  risk_flags: string[];
  model_version: string;
}

/** The seed's job statuses are Tollgate's; a one-item job is never partially completed. */
const SEED_STATUS: Record<JobStatus, string> = {
  pending: 'pending',
  processing: 'processing',
  completed: 'completed',
  partially_completed: 'failed',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function renderEvaluation(row: EvaluationRow): Evaluation {
  return {
    evaluation_id: row.id,
    score: Number(row.score),
    recommendation: row.recommendation,
    reasons: JSON.parse(row.reasons) as Evaluation['reasons'],
    risk_flags: JSON.parse(row.risk_flags) as string[],
    model_version: row.model_version,
  };
}

/**
 * A lead's evaluation job as `GET …/ai-evaluation` shows it. Without the job (pruned after the
 * retention period) its evaluation still answers, as the completed job it came from.
 */
export function renderEvaluationJob(leadId: string, job: Job | undefined, evaluation: EvaluationRow | undefined) {
  if (!job) {
    const e = evaluation!;
    return {
      job_id: e.job_id,
      lead_id: leadId,
      status: 'completed',
      requested_at: iso(e.requested_at)!,
      started_at: iso(e.started_at),
      completed_at: iso(e.created_at),
      error: null,
      model_version: e.model_version,
      evaluation: renderEvaluation(e),
    };
  }
  return {
    job_id: job.id,
    lead_id: leadId,
    status: SEED_STATUS[job.status],
    requested_at: iso(job.created_at)!,
    started_at: iso(job.started_at),
    completed_at: iso(job.finished_at),
    error: job.error,
    model_version: (JSON.parse(job.input) as { model_version?: string }).model_version ?? null,
    evaluation: evaluation ? renderEvaluation(evaluation) : null,
  };
}

/** `latest_evaluation` of a lead: its newest job, or (jobs pruned) its newest evaluation. */
export function renderLatestEvaluation(job: Job | undefined, evaluation: EvaluationRow | undefined) {
  if (job) return { job_id: job.id, status: SEED_STATUS[job.status], evaluation: evaluation ? renderEvaluation(evaluation) : null };
  if (evaluation) return { job_id: evaluation.job_id, status: 'completed', evaluation: renderEvaluation(evaluation) };
  return null;
}

export function renderLead(lead: Lead, latest: ReturnType<typeof renderLatestEvaluation>) {
  return {
    id: lead.id,
    site_id: lead.tenant_id,
    ...leadValues(lead),
    status: lead.status,
    created_by: lead.created_by,
    created_at: iso(lead.created_at)!,
    updated_at: iso(lead.updated_at)!,
    latest_evaluation: latest,
  };
}
