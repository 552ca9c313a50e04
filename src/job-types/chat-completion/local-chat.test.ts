import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../providers/types.js';
import { LOCAL_CHAT_MODEL, localChat } from './local-chat.js';
import { countPromptTokens, countTokens } from './tokens.js';

const request: ChatRequest = {
  model: LOCAL_CHAT_MODEL,
  messages: [
    { role: 'system', content: 'You summarise.' },
    { role: 'user', content: 'Summarise the plot of Hamlet in one line.' },
  ],
  maxTokens: 200,
};

describe('the local chat model', () => {
  it('answers from the last user message, with the real token counts of the prompt and of the answer', async () => {
    const reply = await localChat(request);
    expect(reply).toEqual({
      text: '2 messages; the last user message has 8 words: "Summarise the plot of Hamlet in one line."',
      model: LOCAL_CHAT_MODEL,
      usage: { promptTokens: countPromptTokens(request.messages), completionTokens: countTokens(reply.text) },
    });
  });

  it('gives the same answer to the same request', async () => {
    const long = { ...request, messages: [{ role: 'user' as const, content: 'word '.repeat(500) }] };
    expect(await localChat(long)).toEqual(await localChat(long));
    expect((await localChat(long)).text).toMatch(/500 words: "word word .*…"$/);
  });

  it('never answers more than max_tokens, and counts exactly what it answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 1, max: 80 }), async (content, maxTokens) => {
        const reply = await localChat({ model: LOCAL_CHAT_MODEL, messages: [{ role: 'user', content }], maxTokens });
        expect(reply.usage.completionTokens).toBeLessThanOrEqual(maxTokens);
        expect(reply.usage.completionTokens).toBe(countTokens(reply.text));
        expect(reply.usage.promptTokens).toBe(countPromptTokens([{ role: 'user', content }]));
      }),
      { numRuns: 200 },
    );
    const one = await localChat({ ...request, maxTokens: 1 });
    expect(one.usage.completionTokens).toBe(1);
    expect(one.text).toBe('2');
  });

  it('stops when the signal is aborted', async () => {
    await expect(localChat({ ...request, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
