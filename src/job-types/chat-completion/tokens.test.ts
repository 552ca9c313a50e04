import fc from 'fast-check';
import { encodeChat } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../providers/types.js';
import { countPromptTokens, countTokens, truncateToTokens } from './tokens.js';

const message = fc.record({ role: fc.constantFrom('system' as const, 'user' as const, 'assistant' as const), content: fc.string({ unit: 'grapheme', maxLength: 80 }) });

describe('countPromptTokens', () => {
  it('counts the content and the chat format: 4 tokens per message and 3 that prime the answer', () => {
    expect(countTokens('Hi')).toBe(1);
    expect(countPromptTokens([{ role: 'user', content: 'Hi' }])).toBe(1 + 4 + 3);
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You answer briefly.' },
      { role: 'user', content: 'Why is the sky blue?' },
    ];
    expect(countPromptTokens(messages)).toBe(countTokens('You answer briefly.') + countTokens('Why is the sky blue?') + 2 * 4 + 3);
  });

  it("agrees with the library's encodeChat", () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 5 }), (messages) => {
        expect(countPromptTokens(messages)).toBe(encodeChat(messages, 'gpt-4o', { disallowedSpecial: new Set() }).length);
      }),
      { numRuns: 200 },
    );
  });

  it('counts special-token text as text instead of refusing it', () => {
    expect(countTokens('<|endoftext|>')).toBeGreaterThan(1);
    expect(countPromptTokens([{ role: 'user', content: '<|im_end|>' }])).toBe(countTokens('<|im_end|>') + 4 + 3);
  });
});

describe('truncateToTokens', () => {
  it('keeps a text that fits, and cuts one that does not to at most the limit', () => {
    expect(truncateToTokens('Hello world', 5)).toBe('Hello world');
    expect(truncateToTokens('one two three four five', 2)).toBe('one two');
    expect(truncateToTokens('anything', 0)).toBe('');
  });

  it('returns a prefix of the text that counts at most the limit, cut between characters, the same every time', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(30), (text, max) => {
        const cut = truncateToTokens(text, max);
        expect(text.startsWith(cut)).toBe(true);
        expect(countTokens(cut)).toBeLessThanOrEqual(max);
        if (countTokens(text) <= max) expect(cut).toBe(text);
      }),
      { numRuns: 300 },
    );
    // The second 🎉 takes two tokens, which split its bytes: with 9 it does not fit, and no half of it is kept.
    const emoji = '日本語のテキスト 🎉🎉 done';
    expect(truncateToTokens(emoji, 9)).toBe('日本語のテキスト 🎉');
    expect(truncateToTokens(emoji, 10)).toBe('日本語のテキスト 🎉🎉');
  });
});
