// What an item's input and result say, in words. Items are generic JSON on /v1; the shapes the
// built-in job types produce read better as fields and a before/after than as raw JSON.
import { summarize, words } from '../../lib/format.js';

export type ItemInput =
  /** catalog_optimization: `{productId, attribute}`, and the product's title when the input carries it. */
  | { kind: 'product'; product: string; attribute: string }
  | { kind: 'fields'; fields: [label: string, value: string][] }
  | { kind: 'text'; text: string };

export type ItemResult =
  /** catalog_optimization: `{original, optimized, model}`. */
  | { kind: 'change'; before: string | null; after: string; model: string | null }
  /** lead_evaluation: an evaluation. */
  | { kind: 'score'; score: number; recommendation: string }
  | { kind: 'text'; text: string };

const MAX_FIELDS = 6;

/** "productId" → "product id", "seo_title" → "seo title". */
export function fieldLabel(key: string): string {
  return words(key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
}

export function describeInput(input: unknown): ItemInput | null {
  if (input === null || input === undefined) return null;
  if (isRecord(input)) {
    if (typeof input.productId === 'string' && typeof input.attribute === 'string') {
      const title = [input.productTitle, input.title].find((t): t is string => typeof t === 'string' && t.trim() !== '');
      return { kind: 'product', product: title ?? input.productId, attribute: words(input.attribute) };
    }
    const entries = Object.entries(input);
    const flat = entries.every(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value));
    if (flat && entries.length > 0 && entries.length <= MAX_FIELDS) {
      return { kind: 'fields', fields: entries.map(([key, value]) => [fieldLabel(key), value === null ? '—' : summarize(String(value), 100)]) };
    }
  }
  const text = summarize(input, 100);
  return text ? { kind: 'text', text } : null;
}

export function describeResult(result: unknown): ItemResult | null {
  if (result === null || result === undefined) return null;
  if (isRecord(result)) {
    if (typeof result.optimized === 'string') {
      return {
        kind: 'change',
        before: typeof result.original === 'string' ? result.original : null,
        after: result.optimized,
        model: typeof result.model === 'string' ? result.model : null,
      };
    }
    if (typeof result.score === 'number' && typeof result.recommendation === 'string') {
      return { kind: 'score', score: result.score, recommendation: result.recommendation };
    }
  }
  const text = summarize(result);
  return text ? { kind: 'text', text } : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
