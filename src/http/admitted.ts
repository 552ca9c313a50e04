import type { Context } from 'hono';
import { TollgateError } from '../core/errors.js';
import type { AppEnv } from './context.js';

/** The Idempotency-Key header, checked; undefined when the request has none. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = header.trim();
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new TollgateError('validation_failed', 'Idempotency-Key must be 1–255 visible ASCII characters', {
      errors: [{ path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }],
    });
  }
  return key;
}

/**
 * An admission's 201, first or replayed, in one place: the family renders the body and headers from
 * the admission's outcome, which a replay reads back as it was stored, so both are the same
 * (`x-request-id` is this request's). A replay differs only by `Idempotent-Replayed: true`.
 */
export function admittedResponse(c: Context<AppEnv>, body: unknown, headers: Record<string, string>, replayed: boolean): Response {
  return new Response(JSON.stringify(body), {
    status: 201,
    headers: {
      'content-type': 'application/json',
      'x-request-id': c.get('requestId') ?? '',
      ...headers,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  });
}
