import type { ModelPrice } from '../../config.js';
import type { ChatUsage } from '../../providers/types.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * What tokens cost in the price's meter: ceil((promptTokens × input_per_1k + completionTokens ×
 * output_per_1k) / 1000). Integers throughout (BigInt, so no product can lose a digit) and one
 * rounding, up, of the sum: 400 prompt tokens at 1 per 1,000 and 400 answer tokens at 1 per 1,000
 * cost 1, not 2. Throws a RangeError for a count that is not a whole number ≥ 0, or a cost beyond
 * Number.MAX_SAFE_INTEGER.
 */
export function tokenCost(price: Pick<ModelPrice, 'input_per_1k' | 'output_per_1k'>, usage: ChatUsage): number {
  const units =
    wholeNumber('promptTokens', usage.promptTokens) * wholeNumber('input_per_1k', price.input_per_1k) +
    wholeNumber('completionTokens', usage.completionTokens) * wholeNumber('output_per_1k', price.output_per_1k);
  const cost = (units + 999n) / 1000n;
  if (cost > SAFE) throw new RangeError(`a cost of ${cost} is beyond the largest exact number (${Number.MAX_SAFE_INTEGER})`);
  return Number(cost);
}

function wholeNumber(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number, 0 or more, got ${value}`);
  return BigInt(value);
}
