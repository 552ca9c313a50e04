import { describe, it, expect } from 'vitest';
import { backoffDelay, parseRetryAfter } from './http-retry.js';

const now = Date.parse('2025-06-01T12:00:00Z');
const cap = 30_000;

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '1' }), now, cap)).toBe(1000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.25' }), now, cap)).toBe(250);
  });

  it('reads an HTTP-date relative to now, and treats a past date as 0', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 12:00:05 GMT' }), now, cap)).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }), now, cap)).toBe(0);
  });

  it('prefers retry-after-ms when present', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '120', 'retry-after': '5' }), now, cap)).toBe(120);
  });

  it('caps long waits', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3600' }), now, cap)).toBe(cap);
  });

  it('ignores missing and unparseable values', () => {
    expect(parseRetryAfter(new Headers(), now, cap)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now, cap)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '-3' }), now, cap)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const opts = { baseMs: 500, maxMs: 8000 };

  it('doubles per retry, between half and the whole step', () => {
    expect(backoffDelay(0, { ...opts, random: () => 0 })).toBe(250);
    expect(backoffDelay(0, { ...opts, random: () => 0.999999 })).toBe(500);
    expect(backoffDelay(2, { ...opts, random: () => 0.5 })).toBe(1500);
  });

  it('never exceeds the maximum step', () => {
    expect(backoffDelay(20, { ...opts, random: () => 0.999999 })).toBe(8000);
  });
});
