/** Stable error codes. Each maps to one HTTP status in `http/errors.ts`; clients switch on them. */
export type ErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'validation_failed'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'quota_exceeded'
  | 'insufficient_credits'
  | 'allowance_held'
  | 'key_budget_exceeded'
  | 'job_already_active'
  | 'job_not_cancellable'
  | 'job_too_large'
  | 'lease_lost'
  | 'idempotency_key_reused'
  | 'request_in_flight'
  | 'conflict'
  | 'too_many_requests'
  | 'service_unavailable'
  | 'internal_error';

export interface FieldIssue {
  path: string;
  message: string;
}

/** A broken precondition. Expected business outcomes (quota exhausted, duplicate) are values, not throws. */
export class TollgateError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'TollgateError';
  }
}

export const notFound = (what: string) => new TollgateError('not_found', `${what} not found`);
