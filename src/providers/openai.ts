/**
 * A ChatProvider over the OpenAI chat-completions protocol, which OpenAI,
 * Azure-style gateways, Ollama and vLLM all speak at `${baseUrl}/chat/completions`.
 *
 * Trade-off: retries happen here, inside one job attempt, but only a few and
 * only for a bounded time. When they run out the error stays transient and
 * carries `retryAfterMs`, so the worker can settle the attempt and schedule
 * the next one instead of holding a lease while a rate limit drains.
 */
import { z } from 'zod';
import { backoffDelay, parseRetryAfter } from './http-retry.js';
import {
  ProviderError,
  type ChatProvider,
  type ChatRequest,
  type ChatResult,
  type CompleteJSONRequest,
  type CompleteJSONResult,
} from './types.js';

export interface OpenAIProviderOptions {
  /** Up to and including the version segment, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer`; omitted for local servers that need none. */
  apiKey?: string;
  /** Default model, overridable per request. */
  model: string;
  /** Limit for one HTTP exchange (request and response body), not for all retries together. */
  timeoutMs?: number;
  /** Retries after the first try, so at most `maxRetries + 1` requests. */
  maxRetries?: number;
  fetch?: typeof globalThis.fetch;
  /** Waits between retries; must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Upper bound on a server's `Retry-After`. */
  maxRetryAfterMs?: number;
  /** Extra headers, e.g. a gateway's own key header. */
  headers?: Record<string, string>;
  name?: string;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
const ERROR_BODY_CHARS = 500;

export function createOpenAIProvider(options: OpenAIProviderOptions): ChatProvider {
  const {
    apiKey,
    model: defaultModel,
    timeoutMs = 30_000,
    maxRetries = 3,
    fetch: fetchImpl = globalThis.fetch,
    sleep = abortableSleep,
    random = Math.random,
    maxRetryAfterMs = 30_000,
    name = 'openai',
  } = options;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const backoff = (retry: number) =>
    backoffDelay(retry, { baseMs: BACKOFF_BASE_MS, maxMs: BACKOFF_MAX_MS, random });

  /** One HTTP exchange: the body of a 2xx answer, else a ProviderError (transient for timeouts, network errors, 408, 429, 5xx). */
  async function exchange(body: string, callerSignal: AbortSignal | undefined): Promise<string> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;

    let status: number;
    let headers: Headers;
    let text: string;
    try {
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
          ...options.headers,
        },
        body,
        signal,
      });
      status = res.status;
      headers = res.headers;
      text = await res.text();
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timeout.aborted) {
        throw new ProviderError(`${name}: no complete response within ${timeoutMs} ms`, {
          code: 'timeout',
          transient: true,
          cause: error,
        });
      }
      throw new ProviderError(`${name}: request to ${url} failed: ${describeError(error)}`, {
        code: 'network',
        transient: true,
        cause: error,
      });
    }

    if (status < 200 || status > 299) throw statusError(status, headers, text);
    return text;
  }

  function statusError(status: number, headers: Headers, text: string): ProviderError {
    const detail = errorDetail(text);
    const message = `${name}: HTTP ${status}${detail ? `: ${detail}` : ''}`;
    const retryAfterMs = parseRetryAfter(headers, Date.now(), maxRetryAfterMs);
    if (status === 429) {
      return new ProviderError(message, { code: 'rate_limited', transient: true, status, retryAfterMs });
    }
    if (status >= 500) {
      return new ProviderError(message, { code: 'server_error', transient: true, status, retryAfterMs });
    }
    // 408 is the server timing the request out; the same request may well succeed.
    if (status === 408) return new ProviderError(message, { code: 'timeout', transient: true, status });
    return new ProviderError(message, { code: 'rejected', transient: false, status });
  }

  /** Sends `body` and parses the answer, retrying transient failures; a permanent one (including `parse`'s) ends at once. */
  async function request<R>(body: string, signal: AbortSignal | undefined, parse: (text: string) => R): Promise<R> {
    for (let retry = 0; ; retry++) {
      let failure: ProviderError;
      try {
        return parse(await exchange(body, signal));
      } catch (error) {
        if (!(error instanceof ProviderError) || !error.transient) throw error;
        failure = error;
      }
      if (retry >= maxRetries) {
        throw new ProviderError(`${failure.message} (gave up after ${retry + 1} attempts)`, {
          code: failure.code,
          transient: true,
          status: failure.status,
          retryAfterMs: failure.retryAfterMs ?? backoff(retry),
          cause: failure,
        });
      }
      await sleep(failure.retryAfterMs ?? backoff(retry), signal);
      signal?.throwIfAborted();
    }
  }

  return {
    name,
    async completeJSON<T>(req: CompleteJSONRequest<T>): Promise<CompleteJSONResult<T>> {
      req.signal?.throwIfAborted();
      const body = JSON.stringify({
        model: req.model ?? defaultModel,
        messages: [
          { role: 'system', content: req.system },
          { role: 'user', content: req.user },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: req.schemaName, strict: true, schema: responseSchema(req.schema) },
        },
        temperature: 0,
      });
      return request(body, req.signal, (text) => parseCompletion(text, req, defaultModel));
    },

    async chat(req: ChatRequest): Promise<ChatResult> {
      req.signal?.throwIfAborted();
      // `max_tokens`, not `max_completion_tokens`: the one every OpenAI-compatible server (Ollama, vLLM, gateways) reads.
      const body = JSON.stringify({ model: req.model, messages: req.messages, max_tokens: req.maxTokens });
      return request(body, req.signal, (text) => parseChat(text, req.model));
    },
  };
}

/** The schema as sent: `$schema` dropped, since some gateways reject unknown top-level keys. */
function responseSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}

const Completion = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({
          // Some gateways return content as an array of parts.
          content: z
            .union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))])
            .nullish(),
          refusal: z.string().nullish(),
        }),
      }),
    )
    .min(1),
});

const TokenCount = z.number().int().nonnegative();
/** What a chat answer is paid by. OpenAI, Ollama, vLLM and the gateways send it; without it the cost is unknown. */
const Usage = z.object({ prompt_tokens: TokenCount, completion_tokens: TokenCount });

const invalid = (message: string, cause?: unknown) =>
  new ProviderError(message, { code: 'invalid_output', transient: false, cause });

const ChatCompletion = Completion.extend({ usage: z.unknown().optional() });

function parseEnvelope<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    throw invalid(`response is not a chat completion: ${truncate(text, ERROR_BODY_CHARS)}`, error);
  }
}

/**
 * A free-text answer. An answer cut off at `max_tokens` is an answer (the caller set the bound), and
 * so is an empty one: the tokens were used either way. Without `usage` it is an error, not a guess.
 */
function parseChat(text: string, requestedModel: string): ChatResult {
  const envelope = parseEnvelope(text, ChatCompletion);
  const usage = Usage.safeParse(envelope.usage);
  if (!usage.success) {
    throw invalid(`response has no usage (whole prompt_tokens and completion_tokens): the answer's cost is unknown`, usage.error);
  }
  const { message } = envelope.choices[0]!;
  return {
    text: contentText(message.content) || (message.refusal ?? ''),
    model: envelope.model ?? requestedModel,
    usage: { promptTokens: usage.data.prompt_tokens, completionTokens: usage.data.completion_tokens },
  };
}

function parseCompletion<T>(
  text: string,
  req: CompleteJSONRequest<T>,
  defaultModel: string,
): CompleteJSONResult<T> {
  const envelope = parseEnvelope(text, Completion);
  const choice = envelope.choices[0]!;
  if (choice.message.refusal) throw invalid(`model refused: ${truncate(choice.message.refusal, ERROR_BODY_CHARS)}`);
  const raw = contentText(choice.message.content);
  if (choice.finish_reason === 'length') throw invalid('model output was cut off (finish_reason "length")');
  if (!raw.trim()) throw invalid('model returned no content');

  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(raw));
  } catch (error) {
    throw invalid(`model output is not valid JSON: ${truncate(raw, ERROR_BODY_CHARS)}`, error);
  }

  const result = req.schema.safeParse(json);
  if (!result.success) {
    throw invalid(
      `model output does not match schema "${req.schemaName}": ${truncate(z.prettifyError(result.error), ERROR_BODY_CHARS)}`,
      result.error,
    );
  }
  return { value: result.data, model: envelope.model ?? req.model ?? defaultModel };
}

function contentText(content: z.infer<typeof Completion>['choices'][number]['message']['content']): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

/** Models without constrained decoding often wrap JSON in a Markdown fence; the JSON inside is still well-formed. */
function stripCodeFence(text: string): string {
  const match = /^\s*```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return match ? match[1]! : text;
}

function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const error = body.error;
    if (typeof error === 'string') return truncate(error, ERROR_BODY_CHARS);
    if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
      return truncate((error as { message: string }).message, ERROR_BODY_CHARS);
    }
    if (typeof body.message === 'string') return truncate(body.message, ERROR_BODY_CHARS);
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return truncate(text.trim(), ERROR_BODY_CHARS);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
