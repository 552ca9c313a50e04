import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../config.js';
import { parseRetryAfter } from './webhook-send.js';
import { nextDelay } from './webhooks.js';

describe('webhook retry schedule', () => {
  it('follows the schedule with ±10 % jitter, gives up after the last attempt, and honours a longer Retry-After', () => {
    expect(nextDelay(DEFAULT_RETRY_SCHEDULE_MS, 1, null, () => 0.5)).toBe(5_000);
    expect(nextDelay(DEFAULT_RETRY_SCHEDULE_MS, 1, null, () => 0)).toBe(4_500);
    expect(nextDelay(DEFAULT_RETRY_SCHEDULE_MS, 1, null, () => 1)).toBe(5_500);
    expect(nextDelay(DEFAULT_RETRY_SCHEDULE_MS, 9, null, () => 0.5)).toBe(86_400_000);
    expect(nextDelay(DEFAULT_RETRY_SCHEDULE_MS, 10, null)).toBeNull();
    expect(nextDelay(DEFAULT_RETRY_SCHEDULE_MS, 1, 60_000, () => 0.5)).toBe(60_000);
    expect(nextDelay(DEFAULT_RETRY_SCHEDULE_MS, 2, 60_000, () => 0.5)).toBe(300_000);
    expect(nextDelay(DEFAULT_RETRY_SCHEDULE_MS, 1, 10 * 86_400_000, () => 0.5)).toBe(86_400_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter(new Date(30_000).toUTCString(), 0)).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });
});
