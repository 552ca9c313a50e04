/**
 * Retry timing shared by HTTP providers: how long the server asked us to wait,
 * and how long to wait when it did not say.
 */

/**
 * Milliseconds to wait according to `Retry-After` (delta-seconds or an
 * HTTP-date, RFC 9110 §10.2.3) or the non-standard `retry-after-ms` that
 * OpenAI and Azure send. Returns undefined when neither header is usable.
 * A date in the past means "now" (0). The result is capped at `capMs`, so a
 * confused proxy cannot park a worker for an hour.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null },
  nowMs: number,
  capMs: number,
): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.min(Math.ceil(Number(ms)), capMs);

  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.min(Math.ceil(Number(value) * 1000), capMs);
  // An HTTP-date always names a weekday and month; without letters, Date.parse would read '-3' as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - nowMs), capMs);
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Returns a number in [0, 1). */
  random: () => number;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half is
 * random, so concurrent workers spread out but none retries immediately.
 * `retry` counts from 0 for the first retry.
 */
export function backoffDelay(retry: number, { baseMs, maxMs, random }: BackoffOptions): number {
  const step = Math.min(maxMs, baseMs * 2 ** retry);
  return Math.round(step / 2 + (random() * step) / 2);
}
