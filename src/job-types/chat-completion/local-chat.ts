import type { ChatRequest, ChatResult } from '../../providers/types.js';
import { countPromptTokens, countTokens, truncateToTokens } from './tokens.js';

/** The model that answers offline, with or without an AI provider (its price is in the default table). */
export const LOCAL_CHAT_MODEL = 'local-chat';

const EXCERPT_WORDS = 40;
const EXCERPT_CHARS = 300;
// A lone surrogate (JSON allows "\ud800") has no UTF-8 of its own: written as U+FFFD, as the encoder reads it, so that a cut answer is a prefix of the whole.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The local model: a deterministic answer that restates the last user message (the last message
 * when no user spoke), with usage counted as a server would: the prompt's tokens, and the answer's
 * own tokens, never more than `maxTokens` (the answer is cut by tokens). Same request, same answer.
 */
export async function localChat(req: ChatRequest): Promise<ChatResult> {
  req.signal?.throwIfAborted();
  const last = req.messages.findLast((m) => m.role === 'user') ?? req.messages.at(-1);
  const words = last ? last.content.split(/\s+/).filter(Boolean) : [];
  const chars = Array.from(words.slice(0, EXCERPT_WORDS).join(' ').replace(LONE_SURROGATE, '\uFFFD'));
  const excerpt = chars.slice(0, EXCERPT_CHARS).join('');
  const more = words.length > EXCERPT_WORDS || chars.length > EXCERPT_CHARS ? '…' : '';
  const answer = `${count(req.messages.length, 'message')}; the last ${last?.role === 'user' ? 'user ' : ''}message has ${count(words.length, 'word')}: "${excerpt}${more}"`;
  const text = truncateToTokens(answer, req.maxTokens);
  return { text, model: LOCAL_CHAT_MODEL, usage: { promptTokens: countPromptTokens(req.messages), completionTokens: countTokens(text) } };
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
