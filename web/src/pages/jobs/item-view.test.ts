import { describe, expect, it } from 'vitest';
import { describeInput, describeResult } from './item-view.js';

describe('item view', () => {
  it('reads a catalog optimization item as its product and attribute, and a before/after', () => {
    expect(describeInput({ productId: 'canvas-tote', attribute: 'seo_title' })).toEqual({ kind: 'product', product: 'canvas-tote', attribute: 'seo title' });
    expect(describeInput({ productId: 'canvas-tote', attribute: 'tags', productTitle: 'Canvas Tote Bag' })).toEqual({
      kind: 'product',
      product: 'Canvas Tote Bag',
      attribute: 'tags',
    });
    expect(describeInput({ a: 'x', b: 2 })).toEqual({
      kind: 'fields',
      fields: [
        ['a', 'x'],
        ['b', '2'],
      ],
    });
    expect(describeResult({ original: null, optimized: 'canvas, tote', model: 'tollgate-local-catalog-v1' })).toEqual({
      kind: 'change',
      before: null,
      after: 'canvas, tote',
      model: 'tollgate-local-catalog-v1',
    });
  });

  it('reads a lead evaluation as its score and recommendation', () => {
    expect(describeResult({ evaluation_id: 'eval_1', score: 82, recommendation: 'approve', reasons: [], risk_flags: [] })).toEqual({
      kind: 'score',
      score: 82,
      recommendation: 'approve',
    });
  });

  it('falls back to a short JSON text for other shapes', () => {
    expect(describeInput({ nested: { a: 1 } })).toEqual({ kind: 'text', text: '{"nested":{"a":1}}' });
    expect(describeResult({ text: 'Result 1' })).toEqual({ kind: 'text', text: 'Result 1' });
    expect(describeInput(null)).toBeNull();
    expect(describeResult(null)).toBeNull();
  });
});
