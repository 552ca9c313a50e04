import type { Context } from 'hono';
import { TollgateError } from '../core/errors.js';
import type { AppEnv } from './context.js';

const invalidKey = (message: string) =>
  new TollgateError('validation_failed', `Idempotency-Key ${message}`, { errors: [{ path: 'Idempotency-Key', message }] });

/**
 * The Idempotency-Key header, checked; undefined when the request has none. The IETF draft defines
 * the header as an RFC 8941 sf-string (`"order 42"`, with `\"` and `\\` the only escapes); clients
 * that send the bare value (`ik-1`, a UUID) are as common, so a value that does not start with a quote
 * is taken as it is, visible ASCII. The key is the string's content either way: `ik-1` and `"ik-1"`
 * are the same key.
 */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  const key = value.startsWith('"') ? sfString(value) : value;
  if (key.length < 1 || key.length > 255) throw invalidKey('must be 1–255 characters');
  if (!value.startsWith('"') && !/^[\x21-\x7e]+$/.test(key)) throw invalidKey('must be visible ASCII characters, or an RFC 8941 string ("…")');
  return key;
}

/** An RFC 8941 §3.3.3 string, whole: its content, unescaped. */
function sfString(value: string): string {
  let out = '';
  for (let i = 1; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\') {
      const next = value[++i];
      if (next !== '"' && next !== '\\') throw invalidKey('is a string with an escape other than \\" or \\\\');
      out += next;
    } else if (ch === '"') {
      if (i !== value.length - 1) throw invalidKey('has characters after its closing quote');
      return out;
    } else if (ch < ' ' || ch > '~') {
      throw invalidKey('is a string with a character outside printable ASCII');
    } else {
      out += ch;
    }
  }
  throw invalidKey('is a string without its closing quote');
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
