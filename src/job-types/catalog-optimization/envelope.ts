/**
 * Seed 004's error envelope, `{error, code, message}` plus fields, for every /api route of this type.
 * Core errors (a tenant that does not exist, a malformed Idempotency-Key) are rendered in the same
 * envelope, so a seed client never sees a /v1 problem document from these routes.
 */
import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { TollgateError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { classify, logIfServerError, retryHeaders, STATUS } from '../../http/errors.js';

export class SeedError extends Error {
  constructor(
    readonly status: 400 | 402 | 404 | 409 | 422 | 500,
    readonly body: { error: string; code: string; message: string } & Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
    this.name = 'SeedError';
  }
}

/** One message per failure, naming the field: what the seed's clients show next to the input. */
export const validationError = (message: string, field?: string) =>
  new SeedError(400, { error: 'Validation failed', code: 'VALIDATION_ERROR', message, ...(field ? { field } : {}) });

export const jobNotFound = () => new SeedError(404, { error: 'Job not found', code: 'NOT_FOUND', message: 'No job with this id exists for this instance' });

const TITLES: Partial<Record<TollgateError['code'], string>> = {
  not_found: 'Not found',
  forbidden: 'Forbidden',
  payload_too_large: 'Payload too large',
  conflict: 'Conflict',
  service_unavailable: 'Service unavailable',
};

export function seedErrorHandler(logger: Logger) {
  return (error: unknown, c: Context<AppEnv>) => {
    if (error instanceof SeedError) return c.json(error.body, error.status, error.headers);
    const classified = classify(error);
    logIfServerError(logger, c, error, classified);
    const status = STATUS[classified.code] as 400;
    if (classified.code === 'validation_failed' || classified.code === 'malformed_json') {
      const first = (classified.details.errors as { path?: string }[] | undefined)?.[0];
      return c.json({ error: 'Validation failed', code: 'VALIDATION_ERROR', message: classified.message, ...(first?.path ? { field: first.path } : {}) }, 400);
    }
    const title = TITLES[classified.code] ?? (status >= 500 ? 'Internal error' : 'Error');
    return c.json({ error: title, code: classified.code.toUpperCase(), message: classified.message }, status, retryHeaders(classified));
  };
}
