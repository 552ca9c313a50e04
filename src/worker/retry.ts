import { ZodError } from 'zod';
import { PermanentError } from '../core/job-types.js';

export interface Classified {
  permanent: boolean;
  message: string;
  /** A floor the error itself asks for (a provider's Retry-After). */
  retryAfterMs?: number;
}

/**
 * Handler errors are values here: whatever was thrown becomes a message and a verdict, so the loop
 * never dies of one. Permanent: PermanentError, invalid data (zod), and errors that say so
 * (`transient: false`, as ProviderError does). Everything else is worth another attempt.
 */
export function classify(error: unknown): Classified {
  const message = messageOf(error);
  const transientFlag = (error as { transient?: unknown } | null)?.transient;
  const retryAfterMs = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  const permanent = error instanceof PermanentError || error instanceof ZodError || transientFlag === false;
  // PostgreSQL text cannot hold NUL: an error message carrying one would make every settle of it fail.
  const stored = message.replace(/\u0000/g, '\uFFFD').slice(0, 2000);
  return { permanent, message: stored, ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}) };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    // A cycle or a BigInt does not serialise; classify must not throw, or the attempt is never settled.
    return typeof error === 'bigint' ? String(error) : Object.prototype.toString.call(error);
  }
}

/** Exponential backoff with full jitter in [½d, d], d = min(cap, base·2^(attempt−1)). */
export function backoffMs(attempt: number, options: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  const base = options.baseMs ?? 1000;
  const cap = options.capMs ?? 5 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
}
