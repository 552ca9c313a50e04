import type { Context } from 'hono';
import type { TollgateError } from '../../core/errors.js';
import type { AppEnv } from '../context.js';

/**
 * What went wrong, classified once by the app's error handler: the error (its `code` chose
 * `status`), and the headers that go with it whatever the body looks like (Retry-After,
 * WWW-Authenticate). Only 5xx were logged, before the envelope was asked.
 */
export interface Refusal {
  error: TollgateError;
  status: number;
  headers: Record<string, string>;
}

/**
 * How one API family says "no". `/v1` and every path no module claims answer RFC 9457 problem
 * documents; a job type's seed routes answer in the seed's own envelope. The app picks the envelope by
 * path for every refusal it makes (authentication, a worker key on the wrong route, a body too
 * large, no such route) and for every error a route throws.
 */
export interface Envelope {
  render(c: Context<AppEnv>, refusal: Refusal): Response;
}

/** The paths an envelope answers for: each prefix itself and everything below it. */
export interface EnvelopeClaim {
  prefixes: string[];
  envelope: Envelope;
}

/**
 * The envelope of a path: the longest claimed prefix wins; undefined when no family claims it. Built
 * once; it runs only when something is refused, never on a request that succeeds.
 */
export function envelopeChooser(claims: EnvelopeClaim[]): (path: string) => Envelope | undefined {
  const table = claims
    .flatMap(({ prefixes, envelope }) => prefixes.map((prefix) => ({ prefix, below: `${prefix}/`, envelope })))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return (path) => table.find((t) => path === t.prefix || path.startsWith(t.below))?.envelope;
}
