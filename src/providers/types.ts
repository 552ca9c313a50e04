/**
 * The seam between job handlers and whatever model answers them.
 *
 * A job handler asks for one JSON value that matches a zod schema (or for a
 * free-text answer with the tokens it used) and gets back either that or a
 * ProviderError saying whether trying again later can help. Retrying inside
 * one attempt (rate limits, blips) is the provider's business; rescheduling a
 * whole attempt is the worker's, which is why a transient error carries
 * `retryAfterMs`.
 */
import type { z } from 'zod';

export interface CompleteJSONRequest<T> {
  system: string;
  user: string;
  /** Validates the model's answer; its JSON Schema is also sent as the response format. */
  schema: z.ZodType<T>;
  /** Name of the response format: letters, digits, `_` and `-`, at most 64 characters. */
  schemaName: string;
  /** Overrides the provider's default model for this request. */
  model?: string;
  /** Aborting rejects with the signal's reason (an `AbortError` by default) and stops all retries. */
  signal?: AbortSignal;
}

export interface CompleteJSONResult<T> {
  value: T;
  /** The model the server says answered, which may differ from the one requested. */
  model: string;
}

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: readonly ChatMessage[];
  /** The most tokens the answer may have. */
  maxTokens: number;
  /** Aborting rejects with the signal's reason (an `AbortError` by default) and stops all retries. */
  signal?: AbortSignal;
}

/** Tokens as the model's server counted them: what the work is paid by. */
export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatResult {
  text: string;
  /** The model the server says answered, which may differ from the one requested. */
  model: string;
  usage: ChatUsage;
}

export interface ChatProvider {
  readonly name: string;
  completeJSON<T>(req: CompleteJSONRequest<T>): Promise<CompleteJSONResult<T>>;
  /** A free-text answer and the tokens it used; a response without usage is an `invalid_output` error. */
  chat(req: ChatRequest): Promise<ChatResult>;
}

export type ProviderErrorCode =
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'rejected'
  | 'invalid_output';

export interface ProviderErrorOptions {
  code: ProviderErrorCode;
  transient: boolean;
  retryAfterMs?: number;
  status?: number;
  cause?: unknown;
}

/**
 * A failed completion. `transient` means the same request may succeed later
 * (timeouts, network errors, 429, 5xx); anything else (other 4xx, output that
 * is not JSON or does not match the schema) will fail the same way again.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly code: ProviderErrorCode;
  readonly transient: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(message: string, options: ProviderErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.transient = options.transient;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
