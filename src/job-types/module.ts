import type { Hono } from 'hono';
import type { JobType } from '../core/job-types.js';
import type { AppEnv } from '../http/context.js';
import type { AppDeps } from '../http/deps.js';
import type { SqlMigration } from '../store/migrations/index.js';

/**
 * A job type and what it brings along: its tables (migrations) and its seed-compatible routes.
 * Routes are mounted after authentication; each module renders its own error envelope.
 */
export interface JobTypeModule {
  type: JobType;
  migrations?: SqlMigration[];
  routes?: (deps: AppDeps) => Hono<AppEnv>;
}
