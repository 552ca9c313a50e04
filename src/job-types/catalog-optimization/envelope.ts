/**
 * Seed 004's error envelope, `{error, code, message}` plus fields, for every path this type claims
 * (`/api/jobs`, `/api/catalog`, `/api/credits`). Core errors (a tenant that does not exist, a
 * malformed Idempotency-Key) and the app's refusals (a bad key, a body too large, no such route) are
 * rendered in the same envelope, so a seed client never sees a /v1 problem document or seed 000's
 * envelope from these routes.
 */
import { TollgateError } from '../../core/errors.js';
import type { Envelope } from '../../http/kit.js';

type SeedStatus = 400 | 402 | 404 | 409 | 422;
const CODE_OF: Record<SeedStatus, TollgateError['code']> = {
  400: 'validation_failed',
  402: 'insufficient_credits',
  404: 'not_found',
  409: 'conflict',
  422: 'idempotency_key_reused',
};

/** An answer in the seed's own words, thrown by a route and rendered as it is. */
export class SeedError extends TollgateError {
  constructor(
    readonly status: SeedStatus,
    readonly body: { error: string; code: string; message: string } & Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(CODE_OF[status], body.message);
    this.name = 'SeedError';
  }
}

/** One message per failure, naming the field: what the seed's clients show next to the input. */
export const validationError = (message: string, field?: string) =>
  new SeedError(400, { error: 'Validation failed', code: 'VALIDATION_ERROR', message, ...(field ? { field } : {}) });

export const jobNotFound = () => new SeedError(404, { error: 'Job not found', code: 'NOT_FOUND', message: 'No job with this id exists for this instance' });

const TITLES: Partial<Record<TollgateError['code'], string>> = {
  unauthorized: 'Unauthorized',
  too_many_requests: 'Too many requests',
  not_found: 'Not found',
  forbidden: 'Forbidden',
  payload_too_large: 'Payload too large',
  conflict: 'Conflict',
  service_unavailable: 'Service unavailable',
};

export const catalogEnvelope: Envelope = {
  render(c, { error, status, headers }) {
    if (error instanceof SeedError) return c.json(error.body, error.status, error.headers);
    if (error.code === 'validation_failed' || error.code === 'malformed_json') {
      // The seed's body is the job's input: a field is named as the seed's clients know it.
      const first = (error.details.errors as { path?: string; message?: string }[] | undefined)?.[0];
      const field = first?.path?.replace(/^input\.?/, '');
      const message = error.message === 'The job input is invalid' && first?.message ? `${field} ${first.message}` : error.message;
      return c.json({ error: 'Validation failed', code: 'VALIDATION_ERROR', message, ...(field ? { field } : {}) }, 400);
    }
    const title = TITLES[error.code] ?? (status >= 500 ? 'Internal error' : 'Error');
    return c.json({ error: title, code: error.code.toUpperCase(), message: error.message }, status as 400, headers);
  },
};
