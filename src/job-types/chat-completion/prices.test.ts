import { describe, expect, it } from 'vitest';
import { tokenCost } from './prices.js';

const price = { input_per_1k: 10, output_per_1k: 30 };

describe('tokenCost', () => {
  it('charges ceil((prompt × input + completion × output) / 1000)', () => {
    expect(tokenCost(price, { promptTokens: 18, completionTokens: 200 })).toBe(7); // 6180 / 1000
    expect(tokenCost(price, { promptTokens: 100, completionTokens: 0 })).toBe(1); // exactly 1000
    expect(tokenCost(price, { promptTokens: 101, completionTokens: 0 })).toBe(2); // 1010
    expect(tokenCost(price, { promptTokens: 0, completionTokens: 0 })).toBe(0);
  });

  it('rounds once, the sum: never each part', () => {
    // 400 + 400 units: each part alone would round up to 1, the sum is 0.8 → 1.
    expect(tokenCost({ input_per_1k: 1, output_per_1k: 1 }, { promptTokens: 400, completionTokens: 400 })).toBe(1);
    expect(tokenCost({ input_per_1k: 1, output_per_1k: 1 }, { promptTokens: 1, completionTokens: 0 })).toBe(1);
  });

  it('is exact for big numbers, where floating point is not', () => {
    const tokens = 9_007_199_254_740; // MAX_SAFE_INTEGER / 1000, rounded down
    const expected = (BigInt(tokens) * 999n + BigInt(tokens) * 1n + 999n) / 1000n;
    expect(tokenCost({ input_per_1k: 999, output_per_1k: 1 }, { promptTokens: tokens, completionTokens: tokens })).toBe(Number(expected));
    // 10^16 + 1 units is not a double: in floating point the sum is 10^16 and the cost 10^13, one short.
    const usage = { promptTokens: 5_000_000_000_000_000, completionTokens: 5_000_000_000_000_001 };
    expect(Math.ceil((usage.promptTokens + usage.completionTokens) / 1000)).toBe(10_000_000_000_000);
    expect(tokenCost({ input_per_1k: 1, output_per_1k: 1 }, usage)).toBe(10_000_000_000_001);
  });

  it('refuses a cost beyond Number.MAX_SAFE_INTEGER instead of rounding it', () => {
    expect(() => tokenCost({ input_per_1k: 1_000_000_000, output_per_1k: 0 }, { promptTokens: Number.MAX_SAFE_INTEGER, completionTokens: 0 })).toThrow(RangeError);
    expect(() => tokenCost({ input_per_1k: 1000, output_per_1k: 1000 }, { promptTokens: Number.MAX_SAFE_INTEGER, completionTokens: 1 })).toThrow(/beyond the largest exact number/);
  });

  it('refuses counts and prices that are not whole numbers ≥ 0', () => {
    expect(() => tokenCost(price, { promptTokens: 1.5, completionTokens: 0 })).toThrow(/promptTokens must be a whole number/);
    expect(() => tokenCost(price, { promptTokens: 0, completionTokens: -1 })).toThrow(/completionTokens/);
    expect(() => tokenCost(price, { promptTokens: 2 ** 53, completionTokens: 0 })).toThrow(RangeError);
    expect(() => tokenCost({ input_per_1k: Number.NaN, output_per_1k: 1 }, { promptTokens: 1, completionTokens: 1 })).toThrow(/input_per_1k/);
  });
});
