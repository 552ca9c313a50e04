/**
 * Token counts with gpt-tokenizer's o200k_base encoding (GPT-4o's), whose ranks ship inside the
 * package: nothing is downloaded, at install or at run time.
 *
 * The encoding is loaded on first use, not at import: it takes about half a second of CPU, which
 * every process that registers the built-in types (each CLI command, each test file) would
 * otherwise pay whether or not it ever counts a token. It is loaded synchronously (the package's
 * CommonJS build) because a type's `cost` is synchronous.
 *
 * Counts are exact for OpenAI's o200k models. Another model's server counts with its own
 * tokenizer, so its reported usage may differ a little from these counts: the hold is an
 * estimate, and the overage policy decides what happens to the difference.
 */
import { createRequire } from 'node:module';
import type { ChatMessage } from '../../providers/types.js';

type Encoding = typeof import('gpt-tokenizer/encoding/o200k_base');

const require = createRequire(import.meta.url);
let encoding: Encoding | undefined;
const o200k = (): Encoding => (encoding ??= require('gpt-tokenizer/encoding/o200k_base') as Encoding);

/** A message is counted as the text it is: `<|endoftext|>` in it is 7 ordinary tokens, not refused. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };
/** Selects the chat format (ChatML separators) of the GPT-4o family, which uses o200k_base. */
const CHAT_FORMAT = 'gpt-4o';

export function countTokens(text: string): number {
  return o200k().countTokens(text, AS_TEXT);
}

/**
 * The prompt's tokens as the chat format lays them out (the library's `encodeChat`): per message
 * `<|im_start|>`, the role, `<|im_sep|>`, the content and `<|im_end|>` (4 tokens + the content's),
 * then 3 that prime the answer (`<|im_start|>assistant<|im_sep|>`). OpenAI's cookbook counts the
 * same: 3 per message + the role + 3 for the reply.
 */
export function countPromptTokens(messages: readonly ChatMessage[]): number {
  let count = 0;
  for (const tokens of o200k().encodeChatGenerator(messages, CHAT_FORMAT, AS_TEXT)) count += tokens.length;
  return count;
}

/**
 * A prefix of `text`, cut between characters, that counts at most `maxTokens` tokens: the longest
 * a bisection finds (a prefix's count grows with its length but for a merge at the cut, and the
 * prefix returned is always one that was counted). Not the decoded first tokens: a token can end
 * inside a character, and the library's `decode` keeps such a partial character for its next call,
 * so the same cut would not always give the same text.
 */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (countTokens(text) <= maxTokens) return text;
  const chars = Array.from(text);
  const prefix = (n: number) => chars.slice(0, n).join('');
  let fits = 0;
  let tooLong = chars.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (countTokens(prefix(middle)) <= maxTokens) fits = middle;
    else tooLong = middle;
  }
  return prefix(fits);
}
