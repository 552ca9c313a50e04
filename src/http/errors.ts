import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { TollgateError, type ErrorCode } from '../core/errors.js';
import type { AppEnv } from './context.js';

export const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  quota_exceeded: 429,
  insufficient_credits: 402,
  job_already_active: 409,
  job_not_cancellable: 409,
  idempotency_key_reused: 422,
  request_in_flight: 409,
  conflict: 409,
  too_many_requests: 429,
  service_unavailable: 503,
  internal_error: 500,
};

const TITLES: Record<ErrorCode, string> = {
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  validation_failed: 'Validation failed',
  malformed_json: 'Malformed JSON',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  quota_exceeded: 'Quota exceeded',
  insufficient_credits: 'Insufficient credits',
  job_already_active: 'Job already active',
  job_not_cancellable: 'Job not cancellable',
  idempotency_key_reused: 'Idempotency key reused',
  request_in_flight: 'Request in flight',
  conflict: 'Conflict',
  too_many_requests: 'Too many requests',
  service_unavailable: 'Service unavailable',
  internal_error: 'Internal error',
};

/** An RFC 9457 problem document. `type` is a stable URI per code; `code` is what clients switch on. */
export function problem(
  c: Context<AppEnv>,
  code: ErrorCode,
  detail: string,
  extras: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const status = STATUS[code];
  // Extensions first: RFC 9457 §3.1's members (and `code`) must not be overwritten by one (a job's `status`).
  const body = {
    ...extras,
    type: `https://tollgate.dev/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[code],
    status,
    detail,
    code,
    instance: c.req.path,
    request_id: c.get('requestId'),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': c.get('requestId') ?? '', ...headers },
  });
}

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

/** Only 5xx are logged, with the stack: a client mistake is not an incident. */
export function logIfServerError(logger: Logger, c: Context<AppEnv>, error: unknown, classified: TollgateError) {
  if (STATUS[classified.code] >= 500) {
    logger.error({ err: error, requestId: c.get('requestId'), method: c.req.method, path: c.req.path }, 'request failed');
  }
}

export function problemHandler(logger: Logger) {
  return (error: unknown, c: Context<AppEnv>) => {
    const classified = classify(error);
    logIfServerError(logger, c, error, classified);
    return problem(c, classified.code, classified.message, classified.details, retryHeaders(classified));
  };
}

export function retryHeaders(error: TollgateError): Record<string, string> {
  const retryAfter = error.details.retry_after;
  if (typeof retryAfter === 'number') return { 'retry-after': String(retryAfter) };
  if (error.code === 'service_unavailable') return { 'retry-after': '1' };
  return {};
}
