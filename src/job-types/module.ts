import type { Hono } from 'hono';
import type { JobType } from '../core/job-types.js';
import type { VerifyCheck } from '../core/verify.js';
import type { AppDeps, AppEnv, Envelope, ModuleDocument } from '../http/kit.js';
import type { MigrationSet, SqlMigration } from '../store/migrations/index.js';

/**
 * A job type and what it brings along: its tables (migrations) and its seed-compatible routes.
 * Routes are mounted after authentication. They throw what goes wrong; the app renders it, and every
 * refusal it makes itself, with the envelope of the module that claims the path.
 */
export interface JobTypeModule {
  type: JobType;
  /** The module's own tables, numbered by the module (`0001_…`) and recorded in its own table (store/migrations). */
  migrations?: SqlMigration[];
  routes?: (deps: AppDeps) => Hono<AppEnv>;
  /** The API family of the routes: the path prefixes it owns (each prefix and everything below it) and how it says "no". */
  api?: { prefixes: string[]; envelope: Envelope };
  /** The routes in `/openapi.json`: their operations, tag and error envelope. */
  openapi?: ModuleDocument;
  /** The type's own invariants over its own tables, checked by `tollgate verify`. */
  verify?: VerifyCheck;
}

/** Every module's migrations, each module in its own namespace. */
export const moduleMigrations = (modules: JobTypeModule[]): MigrationSet[] =>
  modules.flatMap((m) => (m.migrations?.length ? [{ owner: m.type.name, migrations: m.migrations }] : []));

/** Every module's own checks, for `verify`. */
export const moduleChecks = (modules: JobTypeModule[]): VerifyCheck[] => modules.flatMap((m) => (m.verify ? [m.verify] : []));
