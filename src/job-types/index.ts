import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock } from '../core/clock.js';
import type { ChatProvider } from '../providers/types.js';
import type { Store } from '../store/db.js';
import { catalogOptimizationModule } from './catalog-optimization/index.js';
import { chatCompletionModule } from './chat-completion/index.js';
import { echoModule } from './echo/index.js';
import { leadEvaluationModule } from './lead-evaluation/index.js';
import type { JobTypeModule } from './module.js';

/** What a job type may use: its handler reads and writes its own tables through `store`. */
export interface ModuleDeps {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Undefined with AI_PROVIDER=local: the type runs its deterministic local model. */
  provider: ChatProvider | undefined;
}

/** Every built-in job type. Types register here, at start-up, and nowhere else. */
export function builtInModules(deps: ModuleDeps): JobTypeModule[] {
  // Defined with defineJobType like any type; marked built-in so that the API treats them as read-only.
  return [echoModule, leadEvaluationModule(deps), catalogOptimizationModule(deps), chatCompletionModule(deps)].map((m) => ({ ...m, type: { ...m.type, source: 'built-in' } }));
}
