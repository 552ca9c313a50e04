import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PermanentError } from '../core/job-types.js';
import { ProviderError } from '../providers/types.js';
import { backoffMs, classify } from './retry.js';

describe('classify', () => {
  it('retries ordinary errors and keeps their message', () => {
    expect(classify(new Error('connection reset'))).toEqual({ permanent: false, message: 'connection reset' });
    expect(classify(new TypeError('fetch failed'))).toEqual({ permanent: false, message: 'fetch failed' });
  });

  it('fails at once on PermanentError, invalid data and errors that say they are not transient', () => {
    expect(classify(new PermanentError('no such lead'))).toEqual({ permanent: true, message: 'no such lead' });
    const invalid = z.object({ score: z.number() }).safeParse({ score: 'high' });
    expect(classify(invalid.error).permanent).toBe(true);
    expect(classify(Object.assign(new Error('bad request'), { transient: false })).permanent).toBe(true);
    expect(classify(new ProviderError('invalid api key', { code: 'rejected', transient: false })).permanent).toBe(true);
  });

  it('keeps a provider Retry-After as a floor for the next attempt', () => {
    const busy = new ProviderError('rate limited', { code: 'rate_limited', transient: true, retryAfterMs: 7000 });
    expect(classify(busy)).toEqual({ permanent: false, message: 'rate limited', retryAfterMs: 7000 });
    expect(classify(Object.assign(new Error('x'), { retryAfterMs: '7000' }))).not.toHaveProperty('retryAfterMs');
  });

  it('turns anything thrown into a message, never throwing itself', () => {
    expect(classify('plain string')).toEqual({ permanent: false, message: 'plain string' });
    expect(classify({ status: 503 })).toEqual({ permanent: false, message: '{"status":503}' });
    expect(classify(null)).toEqual({ permanent: false, message: 'null' });
    expect(classify(undefined)).toEqual({ permanent: false, message: 'undefined' });
    expect(classify(Object.assign(new Error(''), { name: 'AbortError' })).message).toBe('AbortError');
    const circular: Record<string, unknown> = { reason: 'loop' };
    circular.self = circular;
    expect(() => classify(circular)).not.toThrow();
    expect(classify(circular).permanent).toBe(false);
    expect(classify(12n).message).toBe('12');
  });

  it('keeps at most 2,000 characters of a message', () => {
    expect(classify(new Error('x'.repeat(5000))).message).toHaveLength(2000);
  });
});

describe('backoffMs', () => {
  it('doubles per attempt from the base, between half and the whole step', () => {
    expect(backoffMs(1, { baseMs: 1000, random: () => 0 })).toBe(500);
    expect(backoffMs(1, { baseMs: 1000, random: () => 1 })).toBe(1000);
    expect(backoffMs(2, { baseMs: 1000, random: () => 0.5 })).toBe(1500);
    expect(backoffMs(4, { baseMs: 1000, random: () => 0 })).toBe(4000);
  });

  it('defaults to a one-second base and a five-minute cap', () => {
    expect(backoffMs(1, { random: () => 1 })).toBe(1000);
    expect(backoffMs(30, { random: () => 1 })).toBe(300_000);
    expect(backoffMs(30, { random: () => 0 })).toBe(150_000);
  });

  it('stays within [½, 1] of min(cap, base·2^(attempt−1)) for any attempt and jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, baseMs, capMs, r) => {
          const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
          const delay = backoffMs(attempt, { baseMs, capMs, random: () => r });
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
        },
      ),
    );
  });

  it('never waits less for a later attempt at the same jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        expect(backoffMs(attempt + 1, { random: () => r })).toBeGreaterThanOrEqual(backoffMs(attempt, { random: () => r }));
      }),
    );
  });
});
