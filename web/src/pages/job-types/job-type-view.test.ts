import { describe, expect, it } from 'vitest';
import { describeCost, describeHandler, oldestPendingAge } from './job-type-view.js';

describe('job type view', () => {
  it('words each cost rule', () => {
    expect(describeCost(null)).toBe('set by code');
    expect(describeCost({ per_job: 1 })).toBe('1 credit per job');
    expect(describeCost({ per_job: 5 })).toBe('5 credits per job');
    expect(describeCost({ per_item: 1 })).toBe('1 credit per item');
    expect(describeCost({ per_item: 2 })).toBe('2 credits per item');
    expect(describeCost({ from: '/pages', multiplier: 3 })).toBe('3 × /pages credits');
    expect(describeCost({ from: '/pages', multiplier: 1 })).toBe('/pages credits');
    expect(describeCost({ from: '', multiplier: 2 })).toBe('2 × (input) credits');
    expect(describeCost({ per_minute: 4 })).toBe('{"per_minute":4}');
  });

  it('names the handler, and where an HTTP handler calls', () => {
    expect(describeHandler({ kind: 'in-process' })).toEqual({ kind: 'in-process', detail: null });
    expect(describeHandler({ kind: 'remote' })).toEqual({ kind: 'remote', detail: null });
    expect(describeHandler({ kind: 'http', url: 'https://h.example/run', timeout_ms: 500, concurrency: 1 })).toEqual({
      kind: 'http',
      detail: 'https://h.example/run · timeout 500 ms, 1 at a time',
    });
    // A tenant key is not shown the address.
    expect(describeHandler({ kind: 'http' })).toEqual({ kind: 'http', detail: null });
  });

  it('gives the oldest pending item an age, or a dash when nothing waits', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    expect(oldestPendingAge(null, now)).toBe('—');
    expect(oldestPendingAge('2026-11-20T11:59:18Z', now)).toBe('42 s');
    expect(oldestPendingAge('2026-11-20T11:56:30Z', now)).toBe('3 min');
    expect(oldestPendingAge('2026-11-20T10:00:00Z', now)).toBe('2 h');
    expect(oldestPendingAge('2026-11-20T09:55:00Z', now)).toBe('2 h 5 min');
    expect(oldestPendingAge('2026-11-17T08:00:00Z', now)).toBe('3 d 4 h');
    // A clock a little behind the server's never shows a negative age.
    expect(oldestPendingAge('2026-11-20T12:00:05Z', now)).toBe('0 s');
  });
});
