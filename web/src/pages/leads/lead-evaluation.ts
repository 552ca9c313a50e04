// A lead's evaluation as the card sees it, and how each server answer moves it.
import { ApiError } from '../../api.js';
import type { Evaluation, EvaluationJob, Lead } from '../../types.js';

export type EvaluationView =
  | { phase: 'none' }
  | { phase: 'requesting' }
  | { phase: 'pending'; jobId: string }
  | { phase: 'done'; jobId: string; evaluation: Evaluation }
  | { phase: 'failed'; jobId: string; error: string };

export interface QuotaUsage {
  used?: number | undefined;
  limit: number;
  remaining?: number | undefined;
  month: string;
  tier?: string | undefined;
}

const FAILED = new Set(['failed', 'cancelled', 'partially_completed']);

export function initialView(lead: Lead): EvaluationView {
  const latest = lead.latest_evaluation;
  if (!latest) return { phase: 'none' };
  if (latest.evaluation) return { phase: 'done', jobId: latest.job_id, evaluation: latest.evaluation };
  if (FAILED.has(latest.status)) return { phase: 'failed', jobId: latest.job_id, error: 'The last evaluation did not finish.' };
  return { phase: 'pending', jobId: latest.job_id };
}

export function viewFromJob(job: EvaluationJob): EvaluationView {
  if (job.evaluation) return { phase: 'done', jobId: job.job_id, evaluation: job.evaluation };
  if (FAILED.has(job.status) || job.status === 'completed') {
    return { phase: 'failed', jobId: job.job_id, error: describe(job.error) ?? 'The evaluation finished without a result.' };
  }
  return { phase: 'pending', jobId: job.job_id };
}

export type RequestRefusal =
  | { kind: 'pending'; jobId: string | null; message: string }
  | { kind: 'evaluated'; message: string }
  | { kind: 'quota'; message: string; usage: QuotaUsage | null }
  | { kind: 'other'; message: string };

/** Seed 000's refusals: 409 JobAlreadyPending / AlreadyEvaluated, 429 QuotaExceeded. */
export function readRefusal(error: unknown): RequestRefusal {
  if (!(error instanceof ApiError)) return { kind: 'other', message: error instanceof Error ? error.message : 'The request failed.' };
  if (error.status === 409 && error.is('JobAlreadyPending', 'job_already_active', 'request_in_flight')) {
    const jobId = error.body.job_id;
    return { kind: 'pending', jobId: typeof jobId === 'string' ? jobId : null, message: error.message };
  }
  if (error.status === 409) return { kind: 'evaluated', message: error.message };
  if (error.status === 429) return { kind: 'quota', message: error.message, usage: readUsage(error.body) };
  return { kind: 'other', message: error.message };
}

function readUsage(body: Readonly<Record<string, unknown>>): QuotaUsage | null {
  const raw = body.usage;
  const usage = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : body;
  const limit = num(usage.limit);
  if (limit === undefined) return null;
  return {
    used: num(usage.used),
    limit,
    remaining: num(usage.remaining),
    month: typeof usage.month === 'string' ? usage.month : typeof usage.period === 'string' ? usage.period : '',
    tier: typeof usage.tier === 'string' ? usage.tier : undefined,
  };
}

export function describeUsage(usage: QuotaUsage): string {
  const used = usage.used ?? (usage.remaining !== undefined ? usage.limit - usage.remaining : undefined);
  const parts = [
    used !== undefined ? `${used} of ${usage.limit} evaluations used` : `limit ${usage.limit} evaluations`,
    usage.month ? `in ${usage.month}` : '',
    usage.tier ? `(${usage.tier} tier)` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function describe(error: unknown): string | undefined {
  if (typeof error === 'string' && error) return error;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return undefined;
}
