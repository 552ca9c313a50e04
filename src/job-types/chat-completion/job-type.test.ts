import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, chatCompletion, startFakeOpenAI, type FakeOpenAI } from '../../../test/support/fake-openai.js';
import { DEFAULT_PRICES, type Prices } from '../../config.js';
import { PermanentError, type WorkItem } from '../../core/job-types.js';
import { createOpenAIProvider } from '../../providers/openai.js';
import { isAbortError, ProviderError } from '../../providers/types.js';
import { chatCompletionType, MAX_ANSWER_TOKENS, MAX_MESSAGES, MAX_PROMPT_CHARS, type ChatCompletionInput } from './job-type.js';
import { LOCAL_CHAT_MODEL } from './local-chat.js';
import { tokenCost } from './prices.js';
import { countPromptTokens, countTokens } from './tokens.js';

const input: ChatCompletionInput = {
  model: LOCAL_CHAT_MODEL,
  messages: [
    { role: 'system', content: 'You summarise.' },
    { role: 'user', content: 'Summarise the plot of Hamlet in one line.' },
  ],
  max_tokens: 200,
};

const item = (i: ChatCompletionInput): WorkItem<ChatCompletionInput> => ({ id: 1, jobId: 'job_test', tenantId: 't', type: 'chat_completion', seq: 0, input: i, attempt: 1 });
const run = (type: ReturnType<typeof chatCompletionType>, i: ChatCompletionInput, signal = new AbortController().signal) =>
  type.process!(item(i), { signal, progress() {}, jobInput: i });

const local = chatCompletionType({ prices: DEFAULT_PRICES, provider: undefined });

describe('chat_completion: admission', () => {
  it('settles to the actual cost, charging the meter its models are priced in', () => {
    expect(local).toMatchObject({ name: 'chat_completion', settle: 'actual', overage: 'cap', meter: 'credits', handler: 'in-process' });
    const tokens = chatCompletionType({ prices: { m: { meter: 'tokens', input_per_1k: 1, output_per_1k: 1 } }, provider: undefined });
    expect(tokens.meter).toBe('tokens');
  });

  it("holds the price of the prompt's tokens and of max_tokens of answer", () => {
    const prompt = countPromptTokens(input.messages);
    expect(prompt).toBe(countTokens('You summarise.') + countTokens('Summarise the plot of Hamlet in one line.') + 2 * 4 + 3);
    // ceil((prompt × 10 + 200 × 30) / 1000)
    expect(local.cost(input)).toBe(Math.ceil((prompt * 10 + 200 * 30) / 1000));
    expect(local.cost({ ...input, max_tokens: 1 })).toBe(1);
    expect(local.cost({ ...input, max_tokens: MAX_ANSWER_TOKENS })).toBe(tokenCost(DEFAULT_PRICES[LOCAL_CHAT_MODEL]!, { promptTokens: prompt, completionTokens: MAX_ANSWER_TOKENS }));
  });

  it('accepts a valid input as it is', () => {
    expect(local.validate(input)).toEqual({ ok: true, value: input });
  });

  it('refuses a model without a price, naming model and listing the priced ones', () => {
    const prices: Prices = { ...DEFAULT_PRICES, 'gpt-4o-mini': { meter: 'credits', input_per_1k: 1, output_per_1k: 4 }, 'a-model': { meter: 'credits', input_per_1k: 1, output_per_1k: 1 } };
    const type = chatCompletionType({ prices, provider: undefined });
    expect(type.validate({ ...input, model: 'gpt-5' })).toEqual({ ok: false, issues: [{ path: 'model', message: '"gpt-5" has no price: must be one of a-model, gpt-4o-mini, local-chat' }] });
    // Not a price found on Object.prototype.
    expect(type.validate({ ...input, model: 'constructor' })).toMatchObject({ ok: false, issues: [{ path: 'model' }] });
  });

  it('refuses a priced model but the local one when no AI provider is configured', () => {
    const type = chatCompletionType({ prices: { ...DEFAULT_PRICES, 'gpt-4o-mini': { meter: 'credits', input_per_1k: 1, output_per_1k: 4 } }, provider: undefined });
    expect(type.validate({ ...input, model: 'gpt-4o-mini' })).toEqual({
      ok: false,
      issues: [{ path: 'model', message: '"gpt-4o-mini" needs AI_PROVIDER=openai: this server answers with local-chat only' }],
    });
  });

  it('bounds the messages, their size and max_tokens', () => {
    const paths = (value: unknown) => {
      const result = local.validate(value);
      return result.ok ? [] : result.issues.map((i) => i.path);
    };
    expect(paths({ ...input, messages: [] })).toEqual(['messages']);
    expect(paths({ ...input, messages: Array.from({ length: MAX_MESSAGES + 1 }, () => input.messages[1]) })).toEqual(['messages']);
    expect(paths({ ...input, messages: [{ role: 'tool', content: 'x' }] })).toEqual(['messages.0.role']);
    expect(paths({ ...input, messages: [{ role: 'user', content: 'x', name: 'n' }] })).toEqual(['messages.0']);
    expect(paths({ ...input, messages: [{ role: 'user', content: 'x'.repeat(100_001) }] })).toEqual(['messages.0.content']);
    const big = { role: 'user', content: 'x'.repeat(MAX_PROMPT_CHARS / 2) };
    expect(paths({ ...input, messages: [big, big, { role: 'user', content: 'x' }] })).toEqual(['messages']);
    expect(paths({ ...input, max_tokens: 0 })).toEqual(['max_tokens']);
    expect(paths({ ...input, max_tokens: 2.5 })).toEqual(['max_tokens']);
    expect(paths({ ...input, max_tokens: MAX_ANSWER_TOKENS + 1 })).toEqual(['max_tokens']);
    expect(paths({ model: LOCAL_CHAT_MODEL, messages: input.messages })).toEqual(['max_tokens']);
    expect(paths({ ...input, temperature: 1 })).toEqual(['(body)']);
  });
});

describe('chat_completion: process with the local model', () => {
  it("returns the ActualOutcome: the answer with its usage, and the usage's price as the cost", async () => {
    const outcome = await run(local, input);
    const usage = { promptTokens: countPromptTokens(input.messages), completionTokens: countTokens('2 messages; the last user message has 8 words: "Summarise the plot of Hamlet in one line."') };
    expect(outcome).toEqual({
      result: {
        text: '2 messages; the last user message has 8 words: "Summarise the plot of Hamlet in one line."',
        model: LOCAL_CHAT_MODEL,
        usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens },
      },
      cost: tokenCost(DEFAULT_PRICES[LOCAL_CHAT_MODEL]!, usage),
    });
    // The same item, the same outcome: a retried attempt settles the same cost.
    expect(await run(local, input)).toEqual(outcome);
  });

  it('costs at most the hold, since the answer never passes max_tokens', async () => {
    for (const max_tokens of [1, 3, 10, 200]) {
      const { cost, result } = (await run(local, { ...input, max_tokens })) as { cost: number; result: { usage: { completion_tokens: number } } };
      expect(result.usage.completion_tokens).toBeLessThanOrEqual(max_tokens);
      expect(cost).toBeLessThanOrEqual(local.cost({ ...input, max_tokens }));
    }
  });

  it('stops when the signal is aborted', async () => {
    await expect(run(local, input, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fails for good, without an answer, when the model lost its price or needs a provider this worker lacks', async () => {
    const unpriced = chatCompletionType({ prices: { other: { meter: 'credits', input_per_1k: 1, output_per_1k: 1 } }, provider: undefined });
    await expect(run(unpriced, input)).rejects.toThrow(PermanentError);
    await expect(run(unpriced, { ...input, model: 'other' })).rejects.toThrow(/needs AI_PROVIDER=openai/);
  });
});

const PRICES: Prices = { ...DEFAULT_PRICES, 'gpt-test': { meter: 'credits', input_per_1k: 150, output_per_1k: 600 } };
const gptInput: ChatCompletionInput = { ...input, model: 'gpt-test', max_tokens: 64 };

describe('chat_completion with an OpenAI-compatible server on loopback', () => {
  let fake: FakeOpenAI;
  let type: ReturnType<typeof chatCompletionType>;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    const provider = createOpenAIProvider({ baseUrl: fake.baseUrl, model: 'unused-default', sleep: async () => {} });
    type = chatCompletionType({ prices: PRICES, provider });
  });

  it('costs the price of the usage the server reported, not of our own count', async () => {
    fake.enqueue(chatCompletion('Rayleigh scattering.', { prompt_tokens: 31, completion_tokens: 5 }, 'gpt-test-2025-01-01'));

    const outcome = await run(type, gptInput);

    expect(outcome).toEqual({
      result: { text: 'Rayleigh scattering.', model: 'gpt-test-2025-01-01', usage: { prompt_tokens: 31, completion_tokens: 5 } },
      cost: Math.ceil((31 * 150 + 5 * 600) / 1000),
    });
    expect(fake.requests[0]!.body).toEqual({ model: 'gpt-test', messages: gptInput.messages, max_tokens: 64 });
    // The hold was the price of our count of the prompt and of max_tokens.
    expect(type.cost(gptInput)).toBe(tokenCost(PRICES['gpt-test']!, { promptTokens: countPromptTokens(gptInput.messages), completionTokens: 64 }));
  });

  it('still answers local-chat offline, without asking the server', async () => {
    const outcome = (await run(type, input)) as { result: { model: string } };
    expect(outcome.result.model).toBe(LOCAL_CHAT_MODEL);
    expect(fake.requests).toHaveLength(0);
  });

  it('retries a 429 and settles by the answer that came', async () => {
    fake.enqueue(apiError(429, 'slow down', { 'retry-after': '0' }), chatCompletion('ok', { prompt_tokens: 20, completion_tokens: 1 }));
    expect(await run(type, gptInput)).toMatchObject({ cost: 4 });
    expect(fake.requests).toHaveLength(2);
  });

  it('fails for good when the server reports no usage: the cost is unknown, and the hold is released', async () => {
    fake.enqueue(chatCompletion('Rayleigh scattering.', null));
    const error = await run(type, gptInput).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ transient: false, code: 'invalid_output' });
  });

  it('stops when the signal aborts mid-request', async () => {
    fake.enqueue({ ...chatCompletion('late'), delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await run(type, gptInput, controller.signal).then(() => undefined, (e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
  });
});
