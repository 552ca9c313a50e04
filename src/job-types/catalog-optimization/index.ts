import type { ModuleDeps } from '../index.js';
import type { JobTypeModule } from '../module.js';
import { catalogEnvelope } from './envelope.js';
import { catalogOptimizationType } from './job-type.js';
import { catalogMigration } from './migration.js';
import { catalogDocument } from './openapi.js';
import { catalogRoutes } from './routes.js';

/**
 * `catalog_optimization` (seed 004): rewrites product attributes of an app instance's catalog, one
 * item per product and attribute at 1 credit each, and writes the results back on request.
 */
export function catalogOptimizationModule(deps: Pick<ModuleDeps, 'store' | 'provider'>): JobTypeModule {
  return {
    type: catalogOptimizationType(deps),
    migrations: [catalogMigration],
    routes: catalogRoutes,
    api: { prefixes: ['/api/jobs', '/api/catalog', '/api/credits'], envelope: catalogEnvelope },
    openapi: catalogDocument,
  };
}
