import type { ModuleDeps } from '../index.js';
import type { JobTypeModule } from '../module.js';
import { findUnpaidEvaluations } from './evaluations.store.js';
import { leadEnvelope } from './envelopes.js';
import { leadEvaluationType } from './job-type.js';
import { evaluationsOnSettleMigration, leadsMigration } from './migration.js';
import { leadDocument } from './openapi.js';
import { leadRoutes } from './routes.js';

/**
 * `lead_evaluation` (seed 000): leads per site under `/api/ops/leads`, and an AI evaluation of a
 * lead admitted as a job that charges the monthly `lead_evaluations` quota. Evaluations run on the
 * local rules (model.ts) or, with AI_PROVIDER=openai, on the provider (prompt.ts).
 */
export function leadEvaluationModule(deps: ModuleDeps): JobTypeModule {
  const models = { config: deps.config, provider: deps.provider };
  return {
    type: leadEvaluationType(deps),
    migrations: [leadsMigration, evaluationsOnSettleMigration],
    routes: (app) => leadRoutes(app, models),
    api: { prefixes: ['/api/ops/leads'], envelope: leadEnvelope },
    openapi: leadDocument,
    verify: findUnpaidEvaluations,
  };
}
