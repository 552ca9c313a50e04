import type { Context } from 'hono';
import type { ErrorCode } from '../../core/errors.js';
import type { AppEnv } from '../context.js';
import { STATUS } from '../errors.js';
import type { Envelope } from './envelope.js';

const TITLES: Record<ErrorCode, string> = {
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  validation_failed: 'Validation failed',
  malformed_json: 'Malformed JSON',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  quota_exceeded: 'Quota exceeded',
  insufficient_credits: 'Insufficient credits',
  allowance_held: 'Allowance held',
  key_budget_exceeded: 'Key budget exceeded',
  job_already_active: 'Job already active',
  job_not_cancellable: 'Job not cancellable',
  job_too_large: 'Job too large',
  lease_lost: 'Lease lost',
  idempotency_key_reused: 'Idempotency key reused',
  request_in_flight: 'Request in flight',
  conflict: 'Conflict',
  too_many_requests: 'Too many requests',
  service_unavailable: 'Service unavailable',
  internal_error: 'Internal error',
};

/** The `type` URI of each code, built once. */
const TYPES = Object.fromEntries(Object.keys(TITLES).map((code) => [code, `https://tollgate.dev/problems/${code.replace(/_/g, '-')}`])) as Record<ErrorCode, string>;

/**
 * An RFC 9457 problem document. `type` is a stable URI per code; `code` is what clients switch on.
 * `status` is the code's own, but for the codes whose meaning depends on the meter (`allowance_held`,
 * `key_budget_exceeded`), which answer as their meter's kind does (402 or 429).
 */
export function problem(
  c: Context<AppEnv>,
  code: ErrorCode,
  detail: string,
  extras: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  status: number = STATUS[code],
): Response {
  // Extensions first: RFC 9457 §3.1's members (and `code`) must not be overwritten by one (a job's `status`).
  const body = {
    ...extras,
    type: TYPES[code],
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

/** `/v1`, and every path no job type claims. */
export const problemEnvelope: Envelope = {
  render: (c, { error, headers }) => problem(c, error.code, error.message, error.details, headers),
};
