import { echoModule } from '../job-types/echo/index.js';
import type { ModuleDeps } from '../job-types/index.js';
import { leadEvaluationModule } from '../job-types/lead-evaluation/index.js';
import type { JobTypeModule } from '../job-types/module.js';

/**
 * The job types the edge serves: `lead_evaluation` (seed 000, on the local model unless
 * AI_PROVIDER=openai) and `echo`. `catalog_optimization` (seed 004) writes its catalog in
 * interactive transactions, and `chat_completion` settles to actual cost: neither has a D1 form yet
 * (docs/edge.md). The D1 migration files are generated from this list.
 */
export function edgeModules(deps: ModuleDeps): JobTypeModule[] {
  return [echoModule, leadEvaluationModule(deps)].map((m) => ({ ...m, type: { ...m.type, source: 'built-in' } }));
}
