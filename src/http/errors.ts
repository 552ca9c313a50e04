import { HTTPException } from 'hono/http-exception';
import { TollgateError, type ErrorCode } from '../core/errors.js';
import type { Refusal } from './envelopes/envelope.js';

export const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  quota_exceeded: 429,
  insufficient_credits: 402,
  // 402 on a credits meter; on a quota meter the refusal says 429, as `quota_exceeded` does (routes/jobs.ts).
  allowance_held: 402,
  /** 402 on a credits meter; an admission on a quota meter answers 429 (http/routes/jobs.ts). */
  key_budget_exceeded: 402,
  job_already_active: 409,
  job_not_cancellable: 409,
  job_too_large: 413,
  lease_lost: 409,
  idempotency_key_reused: 422,
  request_in_flight: 409,
  conflict: 409,
  too_many_requests: 429,
  service_unavailable: 503,
  internal_error: 500,
};

/** Converts anything thrown into a TollgateError; unknown errors become `internal_error`. */
export function classify(error: unknown): TollgateError {
  if (error instanceof TollgateError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new TollgateError('payload_too_large', 'The request body is too large');
    if (error.status === 415) return new TollgateError('unsupported_media_type', 'The request body must be application/json');
    if (error.status === 400 && /JSON/i.test(error.message)) return new TollgateError('malformed_json', 'The request body is not valid JSON');
    if (error.status === 400) return new TollgateError('validation_failed', error.message || 'Bad request');
    if (error.status === 401) return new TollgateError('unauthorized', error.message || 'Unauthorized');
    // Any other client error the framework raises stays a client error: never a 500.
    if (error.status >= 400 && error.status < 500) return new TollgateError('validation_failed', error.message || 'Bad request');
  }
  if (error instanceof SyntaxError && /JSON/.test(error.message)) return new TollgateError('malformed_json', 'The request body is not valid JSON');
  if (isDatabaseUnavailable(error)) return new TollgateError('service_unavailable', 'The database is unavailable; retry shortly');
  // PostgreSQL text cannot hold NUL (22021; in jsonb 22P05), SQLite's can: the \u0000 came with the request.
  const code = (error as { code?: string } | null)?.code;
  if (code === '22021' || code === '22P05') {
    return new TollgateError('validation_failed', 'The request contains a NUL character (\\u0000), which cannot be stored', {
      errors: [{ path: '(request)', message: 'must not contain \\u0000' }],
    });
  }
  return new TollgateError('internal_error', 'An unexpected error occurred');
}

/** Connection-level failures (database restarting): a 503 the client may retry, not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  const message = String((error as Error | null)?.message ?? '');
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' ||
    code === '57P03' ||
    code === 'SQLITE_BUSY' ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
  );
}

/**
 * An error as every family renders it: its status, and the headers that go with the code whatever the
 * body (RFC 9110 §11.6.1: a 401 names its scheme; a retry hint where waiting helps).
 */
export function refusalOf(error: TollgateError): Refusal {
  const headers: Record<string, string> = {};
  const retryAfter = error.details.retry_after;
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  else if (error.code === 'service_unavailable') headers['retry-after'] = '1';
  if (error.code === 'unauthorized') headers['www-authenticate'] = 'Bearer';
  if (error.code === 'method_not_allowed' && typeof error.details.allow === 'string') headers.allow = error.details.allow;
  return { error, status: STATUS[error.code], headers };
}
