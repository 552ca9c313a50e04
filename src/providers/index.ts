import type { Config } from '../config.js';
import { createOpenAIProvider } from './openai.js';
import type { ChatProvider } from './types.js';

/**
 * The AI provider job types call. `local` returns undefined: each job type then runs its own
 * deterministic, offline model. `openai` speaks OpenAI-compatible chat completions at a base URL
 * (OpenAI, Azure-style gateways, Ollama, vLLM).
 */
export function createProvider(config: Pick<Config, 'ai'>): ChatProvider | undefined {
  if (config.ai.provider === 'local') return undefined;
  return createOpenAIProvider({
    baseUrl: config.ai.baseUrl,
    model: config.ai.model,
    timeoutMs: config.ai.timeoutMs,
    ...(config.ai.apiKey ? { apiKey: config.ai.apiKey } : {}),
  });
}
