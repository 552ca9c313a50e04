import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { z } from 'zod';
import { createOpenAIProvider, type OpenAIProviderOptions } from '../src/providers/openai.js';
import { ProviderError, isAbortError, type ChatRequest } from '../src/providers/types.js';
import { apiError, chatCompletion, completion, startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';

const Answer = z.object({ answer: z.string(), confidence: z.number() });
const request = { system: 'You answer.', user: 'Why?', schema: Answer, schemaName: 'answer' };
const chatRequest: ChatRequest = {
  model: 'gpt-test',
  messages: [
    { role: 'system', content: 'You answer briefly.' },
    { role: 'user', content: 'Why is the sky blue?' },
  ],
  maxTokens: 64,
};

let server: FakeOpenAI;
let slept: number[];

beforeEach(async () => {
  server = await startFakeOpenAI();
  slept = [];
});
afterEach(async () => {
  await server.close();
});

/** A provider whose waits are recorded instead of slept, and whose jitter is fixed. */
function provider(overrides: Partial<OpenAIProviderOptions> = {}) {
  return createOpenAIProvider({
    baseUrl: server.baseUrl,
    apiKey: 'sk-test',
    model: 'gpt-test',
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the request to fail'),
    (error: unknown) => error,
  );
}

describe('OpenAI provider', () => {
  it('sends a strict json_schema request and returns the validated value and the reported model', async () => {
    server.enqueue(completion({ answer: 'because', confidence: 0.9 }, 'gpt-test-2025-01-01'));

    const result = await provider().completeJSON(request);

    expect(result).toEqual({ value: { answer: 'because', confidence: 0.9 }, model: 'gpt-test-2025-01-01' });
    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent!.path).toBe('/v1/chat/completions');
    expect(sent!.headers.authorization).toBe('Bearer sk-test');
    expect(sent!.body).toEqual({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'You answer.' },
        { role: 'user', content: 'Why?' },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          strict: true,
          schema: {
            type: 'object',
            properties: { answer: { type: 'string' }, confidence: { type: 'number' } },
            required: ['answer', 'confidence'],
            additionalProperties: false,
          },
        },
      },
      temperature: 0,
    });
  });

  it('uses the per-request model and sends no Authorization header without a key', async () => {
    server.enqueue(completion({ answer: 'ok', confidence: 1 }));

    await provider({ apiKey: undefined }).completeJSON({ ...request, model: 'llama3.1:8b' });

    expect((server.requests[0]!.body as { model: string }).model).toBe('llama3.1:8b');
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    server.enqueue(apiError(429, 'Rate limit reached', { 'retry-after': '1' }), completion({ answer: 'ok', confidence: 1 }));

    const result = await createOpenAIProvider({ baseUrl: server.baseUrl, model: 'gpt-test' }).completeJSON(request);

    expect(result.value.answer).toBe('ok');
    expect(server.requests).toHaveLength(2);
    const waited = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2500);
  });

  it('caps a long Retry-After', async () => {
    server.enqueue(apiError(429, 'slow down', { 'retry-after': '3600' }), completion({ answer: 'ok', confidence: 1 }));

    await provider({ maxRetryAfterMs: 30_000 }).completeJSON(request);

    expect(slept).toEqual([30_000]);
  });

  it('retries a 500 after an exponential backoff with jitter', async () => {
    server.enqueue(apiError(500, 'boom'), apiError(502, 'bad gateway'), completion({ answer: 'ok', confidence: 1 }));

    const result = await provider().completeJSON(request);

    expect(result.value.answer).toBe('ok');
    expect(server.requests).toHaveLength(3);
    // random() = 0.5: three quarters of 500 ms, then of 1000 ms.
    expect(slept).toEqual([375, 750]);
  });

  it('does not retry a 400 and reports it as permanent with the server message', async () => {
    server.enqueue(apiError(400, "Invalid schema for response_format 'answer'"));

    const error = await failure(provider().completeJSON(request));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ transient: false, status: 400, code: 'rejected' });
    expect((error as Error).message).toContain("Invalid schema for response_format 'answer'");
    expect(server.requests).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('fails permanently when the content is not JSON', async () => {
    server.enqueue(completion('Sure! Here is your answer: because'));

    const error = await failure(provider().completeJSON(request));

    expect(error).toMatchObject({ transient: false, code: 'invalid_output' });
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect(server.requests).toHaveLength(1);
  });

  it('fails permanently when the JSON does not match the schema, naming the field', async () => {
    server.enqueue(completion({ answer: 42 }));

    const error = await failure(provider().completeJSON(request));

    expect(error).toMatchObject({ transient: false, code: 'invalid_output' });
    expect((error as Error).message).toMatch(/does not match schema "answer"/);
    expect((error as Error).message).toMatch(/answer/);
    expect((error as Error).message).toMatch(/confidence/);
    expect(server.requests).toHaveLength(1);
  });

  it('fails permanently on a refusal or an empty 200 body', async () => {
    server.enqueue(
      { status: 200, body: { model: 'm', choices: [{ finish_reason: 'stop', message: { content: null, refusal: "I can't help with that." } }] } },
      { status: 200, body: 'upstream hiccup' },
    );

    expect(await failure(provider().completeJSON(request))).toMatchObject({ transient: false, message: expect.stringMatching(/refused/) });
    expect(await failure(provider().completeJSON(request))).toMatchObject({ transient: false, message: expect.stringMatching(/not a chat completion/) });
  });

  it('accepts JSON wrapped in a Markdown code fence, as small local models send it', async () => {
    server.enqueue(completion('```json\n{"answer":"fenced","confidence":0.5}\n```'));

    expect((await provider().completeJSON(request)).value.answer).toBe('fenced');
  });

  it('retries after a request times out, then succeeds', async () => {
    server.enqueue({ ...completion({ answer: 'late', confidence: 0 }), delayMs: 2_000 }, completion({ answer: 'ok', confidence: 1 }));
    const started = Date.now();

    const result = await provider({ timeoutMs: 150 }).completeJSON(request);

    expect(result.value.answer).toBe('ok');
    expect(server.requests).toHaveLength(2);
    expect(slept).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('retries after the connection drops', async () => {
    server.enqueue({ destroy: true }, completion({ answer: 'ok', confidence: 1 }));

    expect((await provider().completeJSON(request)).value.answer).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxRetries with a transient error carrying retryAfterMs', async () => {
    server.enqueue(apiError(503, 'overloaded'), apiError(503, 'overloaded'), apiError(503, 'overloaded', { 'retry-after': '7' }));

    const error = await failure(provider({ maxRetries: 2 }).completeJSON(request));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ transient: true, status: 503, code: 'server_error', retryAfterMs: 7_000 });
    expect((error as Error).message).toMatch(/gave up after 3 attempts/);
    expect(server.requests).toHaveLength(3);
    expect(slept).toEqual([375, 750]);
  });

  it('suggests a backoff delay when the last failure gave no Retry-After', async () => {
    server.enqueue({ destroy: true }, { destroy: true });

    const error = await failure(provider({ maxRetries: 1 }).completeJSON(request));

    expect(error).toMatchObject({ transient: true, code: 'network', retryAfterMs: 750 });
  });

  it('stops at once when the caller aborts mid-request, without retrying', async () => {
    server.enqueue({ ...completion({ answer: 'late', confidence: 0 }), delayMs: 5_000 }, completion({ answer: 'ok', confidence: 1 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();

    const error = await failure(provider().completeJSON({ ...request, signal: controller.signal }));

    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(ProviderError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('stops at once when the caller aborts during a backoff wait', async () => {
    server.enqueue(apiError(429, 'slow down', { 'retry-after': '10' }), completion({ answer: 'ok', confidence: 1 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();

    const error = await failure(
      createOpenAIProvider({ baseUrl: server.baseUrl, model: 'gpt-test' }).completeJSON({ ...request, signal: controller.signal }),
    );

    expect(isAbortError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const error = await failure(provider().completeJSON({ ...request, signal: AbortSignal.abort() }));

    expect(isAbortError(error)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});

describe('OpenAI provider: chat', () => {
  it('sends the messages and max_tokens, and returns the text, the answering model and the reported usage', async () => {
    server.enqueue(chatCompletion('Rayleigh scattering.', { prompt_tokens: 27, completion_tokens: 5 }, 'gpt-test-2025-01-01'));

    const result = await provider().chat(chatRequest);

    expect(result).toEqual({ text: 'Rayleigh scattering.', model: 'gpt-test-2025-01-01', usage: { promptTokens: 27, completionTokens: 5 } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test');
    expect(server.requests[0]!.body).toEqual({ model: 'gpt-test', messages: chatRequest.messages, max_tokens: 64 });
  });

  it('takes an answer cut off at max_tokens as an answer: the tokens were used', async () => {
    server.enqueue(chatCompletion('Rayleigh', { prompt_tokens: 27, completion_tokens: 64 }, 'gpt-test', 'length'));

    expect(await provider().chat(chatRequest)).toMatchObject({ text: 'Rayleigh', usage: { completionTokens: 64 } });
  });

  it('fails permanently, without retrying, when the response has no usage: the cost is not guessed', async () => {
    server.enqueue(chatCompletion('Rayleigh scattering.', null));

    const error = await failure(provider().chat(chatRequest));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ transient: false, code: 'invalid_output' });
    expect((error as Error).message).toMatch(/no usage/);
    expect(server.requests).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('fails permanently on usage that is not whole token counts', async () => {
    server.enqueue(
      { status: 200, body: { model: 'm', choices: [{ message: { content: 'x' } }], usage: { prompt_tokens: 3.5, completion_tokens: 1 } } },
      { status: 200, body: { model: 'm', choices: [{ message: { content: 'x' } }], usage: { prompt_tokens: 3, completion_tokens: -1 } } },
    );

    expect(await failure(provider().chat(chatRequest))).toMatchObject({ transient: false, code: 'invalid_output' });
    expect(await failure(provider().chat(chatRequest))).toMatchObject({ transient: false, code: 'invalid_output' });
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    server.enqueue(apiError(429, 'Rate limit reached', { 'retry-after': '1' }), chatCompletion('ok'));

    const result = await createOpenAIProvider({ baseUrl: server.baseUrl, model: 'gpt-test' }).chat(chatRequest);

    expect(result.text).toBe('ok');
    expect(server.requests).toHaveLength(2);
    const waited = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2500);
  });

  it('retries 5xx after an exponential backoff with jitter, and reads usage from the answer that succeeds', async () => {
    server.enqueue(apiError(500, 'boom'), apiError(502, 'bad gateway'), chatCompletion('ok', { prompt_tokens: 9, completion_tokens: 1 }));

    const result = await provider().chat(chatRequest);

    expect(result.usage).toEqual({ promptTokens: 9, completionTokens: 1 });
    expect(server.requests).toHaveLength(3);
    expect(slept).toEqual([375, 750]);
  });

  it('gives up after maxRetries with a transient error carrying the last Retry-After', async () => {
    server.enqueue(apiError(503, 'overloaded'), apiError(503, 'overloaded', { 'retry-after': '7' }));

    const error = await failure(provider({ maxRetries: 1 }).chat(chatRequest));

    expect(error).toMatchObject({ transient: true, status: 503, code: 'server_error', retryAfterMs: 7_000 });
    expect((error as Error).message).toMatch(/gave up after 2 attempts/);
  });

  it('does not retry a 400', async () => {
    server.enqueue(apiError(400, "Unsupported parameter: 'max_tokens'"));

    const error = await failure(provider().chat(chatRequest));

    expect(error).toMatchObject({ transient: false, status: 400, code: 'rejected' });
    expect((error as Error).message).toContain("Unsupported parameter: 'max_tokens'");
    expect(server.requests).toHaveLength(1);
  });

  it('retries after a request times out', async () => {
    server.enqueue({ ...chatCompletion('late'), delayMs: 2_000 }, chatCompletion('ok'));

    expect((await provider({ timeoutMs: 150 }).chat(chatRequest)).text).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('stops at once when the caller aborts mid-request, without retrying', async () => {
    server.enqueue({ ...chatCompletion('late'), delayMs: 5_000 }, chatCompletion('ok'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();

    const error = await failure(provider().chat({ ...chatRequest, signal: controller.signal }));

    expect(isAbortError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('stops at once when the caller aborts during a backoff wait', async () => {
    server.enqueue(apiError(429, 'slow down', { 'retry-after': '10' }), chatCompletion('ok'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();

    const error = await failure(createOpenAIProvider({ baseUrl: server.baseUrl, model: 'gpt-test' }).chat({ ...chatRequest, signal: controller.signal }));

    expect(isAbortError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    expect(isAbortError(await failure(provider().chat({ ...chatRequest, signal: AbortSignal.abort() })))).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});
