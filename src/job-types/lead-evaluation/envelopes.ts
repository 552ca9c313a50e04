import type { Context } from 'hono';
import type { FieldIssue } from '../../core/errors.js';
import type { AppEnv, Envelope } from '../../http/kit.js';

/**
 * The seed's envelopes, `{success:false, error, message}`, with the seed's exact words where it has
 * them (missing headers, LeadNotFound, JobAlreadyPending, AlreadyEvaluated, QuotaExceeded, InternalError).
 */
type C = Context<AppEnv>;

export const missingHeaders = (c: C) => c.json({ success: false, error: 'Missing required headers' }, 400);

export const leadNotFound = (c: C) => c.json({ success: false, error: 'LeadNotFound', message: 'Lead not found or access denied' }, 404);

export const siteNotFound = (c: C) => c.json({ success: false, error: 'SiteNotFound', message: 'Site not found or access denied' }, 404);

export const jobNotFound = (c: C, message: string) => c.json({ success: false, error: 'JobNotFound', message }, 404);

export const jobAlreadyPending = (c: C, jobId: string) =>
  c.json({ success: false, error: 'JobAlreadyPending', message: 'An evaluation is already in progress for this lead', job_id: jobId }, 409);

export const alreadyEvaluated = (c: C, evaluationId: string) =>
  c.json({ success: false, error: 'AlreadyEvaluated', message: 'Lead already evaluated. Use force_refresh=true to re-evaluate.', evaluation_id: evaluationId }, 409);

export const validationError = (c: C, message: string, errors: FieldIssue[]) =>
  c.json({ success: false, error: 'ValidationError', message, errors }, 400);

const pascal = (code: string) => code.replace(/(^|_)([a-z])/g, (_, __, ch: string) => ch.toUpperCase());

/** What went wrong, in the words of the route that failed: the seed's for creating a job. */
function internalMessage(c: C): string {
  if (c.req.method === 'POST' && c.req.path.endsWith('/ai-evaluation')) return 'Failed to create evaluation job';
  return 'An unexpected error occurred';
}

/**
 * Seed 000's envelope for everything under `/api/ops/leads`: errors the routes throw and the app's
 * refusals. A refused key also carries `code` (`UNAUTHORIZED`, `TOO_MANY_REQUESTS`), as the README's
 * table of answers has always shown it.
 */
export const leadEnvelope: Envelope = {
  render(c, { error, status, headers }) {
    if (error.code === 'validation_failed') return validationError(c, error.message, (error.details.errors as FieldIssue[] | undefined) ?? []);
    if (error.code === 'malformed_json') return validationError(c, error.message, [{ path: '(body)', message: 'is not valid JSON' }]);
    const message = error.code === 'internal_error' ? internalMessage(c) : error.message;
    const code = error.code === 'unauthorized' || error.code === 'too_many_requests' ? { code: error.code.toUpperCase() } : {};
    return c.json({ success: false, error: pascal(error.code), ...code, message }, status as 400, headers);
  },
};
