import type { Logger } from 'pino';
import type { Config } from './config.js';
import { systemClock, type Clock } from './core/clock.js';
import { createEtaEstimator } from './core/eta.js';
import { createLocalBus, type EventBus } from './core/events.js';
import { createRegistry } from './core/job-types.js';
import { createAuthenticator } from './core/keys.js';
import { createKey, createTenant } from './core/tenants.js';
import { createFailureLimiter } from './http/auth.js';
import { createApp } from './http/app.js';
import type { AppDeps } from './http/deps.js';
import { builtInModules } from './job-types/index.js';
import type { JobTypeModule } from './job-types/module.js';
import { createLogger } from './logger.js';
import { createProvider } from './providers/index.js';
import { createMetrics } from './metrics.js';
import { createPostgresBus } from './store/notify.pg.js';
import { Runner, type RunnerOptions } from './worker/runner.js';
import { scheduleHousekeeping } from './worker/housekeeping.js';
import { migrateStore, openStore, type Store } from './store/db.js';
import { countTenants } from './store/tenants.store.js';

export interface TollgateOptions {
  clock?: Clock;
  logger?: Logger;
  modules?: JobTypeModule[];
  /** PostgreSQL schema (tests use one per test). */
  schema?: string;
  events?: EventBus;
}

export interface Tollgate {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  modules: JobTypeModule[];
  /** Run admitted work in this process (the embedded runner of `serve`, or `tollgate worker`). */
  startWorkers(overrides?: Partial<RunnerOptions>): Runner;
  /** Stops the workers (finishing or releasing their items), then the bus and the database. */
  close(graceMs?: number): Promise<void>;
}

/** The composition root: the only place that knows every part. */
export async function createTollgate(config: Config, options: TollgateOptions = {}): Promise<Tollgate> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = openStore(config.databaseUrl, {
    schema: options.schema ?? config.databaseSchema,
    sqliteSynchronous: config.sqliteSynchronous,
  });
  const modules = options.modules ?? builtInModules({ config, store, clock, logger, provider: createProvider(config) });
  try {
    await migrateStore(store, modules.flatMap((m) => m.migrations ?? []));
  } catch (error) {
    await store.close();
    throw error;
  }
  const events = options.events ?? (store.dialect === 'postgres' ? createPostgresBus(store, logger) : createLocalBus());
  const deps: AppDeps = {
    store,
    config,
    clock,
    logger,
    events,
    registry: createRegistry(modules.map((m) => m.type)),
    eta: createEtaEstimator({ store, clock }),
    auth: createAuthenticator({ store, clock, cacheMs: config.keyCacheMs, ...(config.adminKey ? { adminKey: config.adminKey } : {}) }),
    limiter: createFailureLimiter(clock, config.authFailuresPerMinute),
    metrics: createMetrics(),
  };
  const app = createApp(deps, modules);
  let runner: Runner | undefined;
  let stopHousekeeping: (() => void) | undefined;
  return {
    app,
    deps,
    modules,
    startWorkers(overrides = {}) {
      runner = new Runner({
        store,
        registry: deps.registry,
        clock,
        events,
        logger,
        metrics: deps.metrics,
        concurrency: config.worker.concurrency,
        batchSize: config.worker.batchSize,
        leaseMs: config.worker.leaseMs,
        pollMs: config.worker.pollMs,
        tenantMaxConcurrency: config.worker.tenantMaxConcurrency,
        ...overrides,
      }).start();
      stopHousekeeping = scheduleHousekeeping(deps, config.retentionDays);
      return runner;
    },
    async close(graceMs = config.worker.shutdownGraceMs) {
      stopHousekeeping?.();
      await runner?.stop(graceMs);
      await events.close();
      await store.close();
    },
  };
}

export interface DemoCredentials {
  tenantId: string;
  adminKey: string;
  tenantKey: string;
}

/**
 * First start against an empty database without TOLLGATE_ADMIN_KEY: a `demo` tenant with an admin
 * and a tenant key, printed once. Several processes starting together create it once (the insert is
 * the referee); the losers print nothing.
 */
export async function seedDemo(deps: Pick<AppDeps, 'store' | 'config' | 'clock'>): Promise<DemoCredentials | undefined> {
  if (deps.config.adminKey || !deps.config.demoSeed) return undefined;
  if ((await countTenants(deps.store.db)) > 0) return undefined;
  try {
    const tenant = await createTenant(deps, { id: 'demo', name: 'Demo tenant', tier: Object.keys(deps.config.tiers)[0] });
    const admin = await createKey(deps, null, { role: 'admin', name: 'demo admin' });
    const key = await createKey(deps, tenant.id, { role: 'tenant', name: 'demo tenant' });
    return { tenantId: tenant.id, adminKey: admin.secret, tenantKey: key.secret };
  } catch {
    return undefined;
  }
}

export type { Store };
