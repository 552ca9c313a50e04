import { describe, expect, it } from 'vitest';
import { newId, randomBase62 } from './ids.js';

describe('ids', () => {
  it('are base62 of the asked length, with their kind as a prefix', () => {
    expect(randomBase62(32)).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(newId('job')).toMatch(/^job_[0-9A-Za-z]{16}$/);
  });

  it('never repeat across many pool refills, and use the whole alphabet about evenly', () => {
    const ids = Array.from({ length: 20_000 }, () => randomBase62(16));
    expect(new Set(ids).size).toBe(ids.length);
    const counts = new Map<string, number>();
    for (const ch of ids.join('')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (20_000 * 16) / 62;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.1);
  });
});
