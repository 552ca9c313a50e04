import type { ModuleDeps } from '../index.js';
import type { JobTypeModule } from '../module.js';
import { chatCompletionType } from './job-type.js';

/**
 * `chat_completion`: one answer from a chat model, charged by its tokens at the prices of
 * TOLLGATE_PRICES. The local model (`local-chat`) answers offline; others need AI_PROVIDER=openai.
 */
export function chatCompletionModule(deps: Pick<ModuleDeps, 'config' | 'provider'>): JobTypeModule {
  return { type: chatCompletionType({ prices: deps.config.prices, provider: deps.provider }) };
}
