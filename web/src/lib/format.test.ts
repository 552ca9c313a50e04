import { describe, expect, it } from 'vitest';
import { plainText } from './format.js';

describe('plainText', () => {
  it('reads an HTML description as its words, without running or keeping any markup', () => {
    expect(plainText('<p>Sturdy <b>canvas</b>.</p><p>Inside pocket.</p><script>alert(1)</script>')).toBe('Sturdy canvas. Inside pocket.');
    expect(plainText('Fish &amp; chips')).toBe('Fish & chips');
    expect(plainText('  plain\n text ')).toBe('plain text');
  });

  it('reads a missing description as nothing: the catalog stores null for a product without one', () => {
    expect(plainText(null)).toBe('');
    expect(plainText(undefined)).toBe('');
  });
});
