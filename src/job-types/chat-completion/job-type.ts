import { z } from 'zod';
import type { ModelPrice, Prices } from '../../config.js';
import { defineJobType, PermanentError, type ActualOutcome } from '../../core/job-types.js';
import { own } from '../../core/records.js';
import type { ChatProvider, ChatRequest, ChatResult, ChatUsage } from '../../providers/types.js';
import { LOCAL_CHAT_MODEL, localChat } from './local-chat.js';
import { tokenCost } from './prices.js';
import { countPromptTokens } from './tokens.js';

export const CHAT_COMPLETION = 'chat_completion';

/** Bounds that keep a job's prompt (and the work of counting it) small whatever the body limit. */
export const MAX_MESSAGES = 100;
export const MAX_MESSAGE_CHARS = 100_000;
export const MAX_PROMPT_CHARS = 200_000;
export const MAX_ANSWER_TOKENS = 32_768;

interface Deps {
  prices: Prices;
  /** Undefined with AI_PROVIDER=local: only the local model answers. */
  provider: ChatProvider | undefined;
}

const Message = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(MAX_MESSAGE_CHARS) }).strict();

/**
 * The input: a priced model, the messages and `max_tokens`. A model without a price cannot be
 * charged, so it is refused at admission; so is a model no process here can run (any model but the
 * local one needs AI_PROVIDER=openai).
 */
export function chatCompletionInput(deps: Deps) {
  return z
    .object({
      model: z.string().min(1).max(100),
      messages: z.array(Message).min(1).max(MAX_MESSAGES),
      max_tokens: z.number().int().min(1).max(MAX_ANSWER_TOKENS),
    })
    .strict()
    .superRefine((input, ctx) => {
      const chars = input.messages.reduce((sum, m) => sum + m.content.length, 0);
      if (chars > MAX_PROMPT_CHARS) ctx.addIssue({ code: 'custom', path: ['messages'], message: `must have at most ${MAX_PROMPT_CHARS} characters of content in all, not ${chars}` });
      const problem = modelProblem(input.model, deps);
      if (problem) ctx.addIssue({ code: 'custom', path: ['model'], message: problem });
    });
}
export type ChatCompletionInput = z.infer<ReturnType<typeof chatCompletionInput>>;

function modelProblem(model: string, deps: Deps): string | undefined {
  if (!own(deps.prices, model)) return `"${model}" has no price: must be one of ${Object.keys(deps.prices).sort().join(', ')}`;
  if (model !== LOCAL_CHAT_MODEL && !deps.provider) return `"${model}" needs AI_PROVIDER=openai: this server answers with ${LOCAL_CHAT_MODEL} only`;
  return undefined;
}

/** An item's result: the answer and the usage it was charged by (snake_case, as the API speaks). */
export interface ChatCompletionResult {
  text: string;
  model: string;
  usage: { prompt_tokens: number; completion_tokens: number };
}

/** The hold: the price of the prompt's tokens and of `max_tokens` of answer, the most the answer may use. */
export function chatCompletionHold(price: ModelPrice, input: Pick<ChatCompletionInput, 'messages' | 'max_tokens'>): number {
  return tokenCost(price, { promptTokens: countPromptTokens(input.messages), completionTokens: input.max_tokens });
}

/**
 * `chat_completion`: one answer from a chat model, paid by the tokens it used. Admission holds the
 * price of the prompt and of `max_tokens` of answer (settle: 'actual'); `process` returns the
 * ActualOutcome, whose cost is the price of the usage the model reported, and the settle releases
 * the rest of the hold. Usage above the hold (a server whose tokenizer counts the prompt higher
 * than o200k_base does) is capped: the tenant is not charged for our estimate's error.
 */
export function chatCompletionType(deps: Deps) {
  const meter = Object.values(deps.prices)[0]!.meter;
  const priceOf = (model: string): ModelPrice => {
    const price = own(deps.prices, model);
    // Priced at admission, gone since (TOLLGATE_PRICES changed): the item fails and its hold is released.
    if (!price) throw new PermanentError(`Model "${model}" has no price any more (TOLLGATE_PRICES): its cost cannot be settled`);
    return price;
  };
  const chatFor = (model: string): ((req: ChatRequest) => Promise<ChatResult>) => {
    if (model === LOCAL_CHAT_MODEL) return localChat;
    // Admitted while AI_PROVIDER=openai, run by a worker without it: no retry will help.
    if (!deps.provider) throw new PermanentError(`Model "${model}" needs AI_PROVIDER=openai; this worker answers with ${LOCAL_CHAT_MODEL} only`);
    return (req) => deps.provider!.chat(req);
  };

  return defineJobType<ChatCompletionInput>({
    name: CHAT_COMPLETION,
    description: `One chat answer, paid by its tokens: holds the price of the prompt and max_tokens, settles to the reported usage`,
    input: chatCompletionInput(deps),
    meter,
    settle: 'actual',
    overage: 'cap',
    cost: (input) => chatCompletionHold(priceOf(input.model), input),
    async process({ input }, { signal }): Promise<ActualOutcome<ChatCompletionResult>> {
      const price = priceOf(input.model);
      const reply = await chatFor(input.model)({ model: input.model, messages: input.messages, maxTokens: input.max_tokens, signal });
      signal.throwIfAborted();
      return {
        result: { text: reply.text, model: reply.model, usage: { prompt_tokens: reply.usage.promptTokens, completion_tokens: reply.usage.completionTokens } },
        cost: actualCost(price, reply.usage),
      };
    },
  });
}

function actualCost(price: ModelPrice, usage: ChatUsage): number {
  try {
    return tokenCost(price, usage);
  } catch (error) {
    throw new PermanentError(`The reported usage cannot be priced: ${(error as Error).message}`, { cause: error });
  }
}
