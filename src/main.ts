import type { AddressInfo } from 'node:net';
import { serve as serveHttp, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import { DEFAULT_DATABASE_URL, loadConfig, type Config } from './config.js';
import { admitJob, type AdmissionResult } from './core/admission.js';
import { TollgateError } from './core/errors.js';
import { systemClock, type Clock } from './core/clock.js';
import { createEtaEstimator } from './core/eta.js';
import type { EventBus } from './events.js';
import type { JobType } from './core/job-types.js';
import { createRegistry } from './job-types/registry.js';
import { createAuthenticator } from './core/keys.js';
import { createKey, createTenant } from './core/tenants.js';
import { createFailureLimiter } from './http/auth.js';
import { createApp } from './http/app.js';
import { filePages } from './http/static.js';
import type { AppDeps } from './http/deps.js';
import { builtInModules } from './job-types/index.js';
import { moduleChecks, moduleMigrations, type JobTypeModule } from './job-types/module.js';
import { verify, type VerifyReport } from './core/verify.js';
import { createLogger } from './logger.js';
import { createProvider } from './providers/index.js';
import { createMetrics } from './metrics.js';
import { createSqliteBus } from './store/notify.sqlite.js';
import { createPostgresBus } from './store/notify.pg.js';
import { Runner, type RunnerOptions } from './worker/runner.js';
import { scheduleHousekeeping } from './worker/housekeeping.js';
import { migrateStore, openStore, type Store } from './store/db.js';
import { countTenants, findTenant } from './store/tenants.store.js';
import { scheduleReaper } from './worker/reaper.js';
import { startDispatcher, type Dispatcher } from './worker/webhooks.js';
import { findJob } from './store/jobs.store.js';
import { renderJob } from './http/render.js';

export interface TollgateOptions {
  /** Configuration: loaded already, or environment-style variables to load it from (default: process.env). */
  config?: Config | Record<string, string | undefined>;
  /** Job types defined in code with `defineJobType`, next to the built-in ones. */
  jobTypes?: JobType[];
  /** Register `echo`, `lead_evaluation`, `catalog_optimization` and `chat_completion` with their routes (default true). */
  builtInTypes?: boolean;
  clock?: Clock;
  logger?: Logger;
  /** Modules in place of the built-in ones (tests). */
  modules?: JobTypeModule[];
  /** PostgreSQL schema (tests use one per test). */
  schema?: string;
  events?: EventBus;
}

/** A job to admit in-process, as `POST /v1/jobs` would for this tenant. */
export interface AdmitRequest {
  tenantId: string;
  type: string;
  input: unknown;
  requestedBy?: string;
}

export interface Tollgate {
  /** The HTTP API and dashboard: a Hono app, served by `@hono/node-server` or any fetch-based server. */
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  modules: JobTypeModule[];
  /** Admits a job without HTTP: the same validation, charge, deduplication and transaction. */
  admit(request: AdmitRequest): Promise<AdmissionResult>;
  /** Runs admitted work in this process (the embedded runner of `serve`, or `tollgate worker`); starts the maintenance too. */
  startWorkers(overrides?: Partial<RunnerOptions>): Runner;
  /**
   * Serves the API and dashboard over HTTP (default: the configuration's PORT and HOST; port 0 picks
   * a free one) and resolves to its base URL once listening; rejects with the listen error
   * (EADDRINUSE, …). `close()` stops it.
   */
  listen(options?: { port?: number; hostname?: string }): Promise<string>;
  /** Lease reaping, housekeeping and job-type refresh, which every serving process runs, with or without workers. */
  startMaintenance(): void;
  /** `tollgate verify`: the ledger's invariants and every job type's own. */
  verify(): Promise<VerifyReport>;
  /** Stops the workers (finishing or releasing their items), then the bus and the database. */
  close(graceMs?: number): Promise<void>;
}

const isConfig = (value: TollgateOptions['config']): value is Config => typeof (value as Config | undefined)?.databaseUrl === 'string' && 'worker' in value!;

/** The composition root: the only place that knows every part. Importing it does nothing; calling it opens the database. */
export async function createTollgate(options: TollgateOptions = {}): Promise<Tollgate> {
  const config = isConfig(options.config) ? options.config : loadConfig(options.config ?? process.env);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = openStore(config.databaseUrl, {
    schema: options.schema ?? config.databaseSchema,
    sqliteSynchronous: config.sqliteSynchronous,
    // A fresh clone has no ./data: the default's folder is ours to create; any other must exist.
    createDirectory: config.databaseUrl === DEFAULT_DATABASE_URL,
  });
  const builtIns = options.modules ?? (options.builtInTypes === false ? [] : builtInModules({ config, store, clock, logger, provider: createProvider(config) }));
  const modules: JobTypeModule[] = [...builtIns, ...(options.jobTypes ?? []).map((type) => ({ type }))];
  try {
    const { applied } = await migrateStore(store, moduleMigrations(modules));
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  } catch (error) {
    await store.close();
    throw error;
  }
  const events = options.events ?? (store.dialect === 'postgres' ? createPostgresBus(store, logger) : createSqliteBus(store, logger, { now: () => clock.now() }));
  const registry = createRegistry({ store, clock, config }, modules.map((m) => m.type));
  await registry.refresh();
  let runner: Runner | undefined;
  const deps: AppDeps = {
    store,
    config,
    clock,
    logger,
    events,
    registry,
    // This process's own workers serve their types from the first request on; others' are read with the sample.
    eta: createEtaEstimator({ store, clock, localTypes: () => runner?.servedTypes() ?? [] }),
    auth: createAuthenticator({ store, clock, cacheMs: config.keyCacheMs, ...(config.adminKey ? { adminKey: config.adminKey } : {}) }),
    limiter: createFailureLimiter(clock, config.authFailuresPerMinute),
    metrics: createMetrics(),
  };
  const app = createApp(deps, modules, { pages: filePages });
  let dispatcher: Dispatcher | undefined;
  const stops: (() => void)[] = [];
  const servers: ServerType[] = [];
  const startMaintenance = () => {
    if (stops.length > 0) return;
    stops.push(scheduleHousekeeping(deps, config.retentionDays));
    stops.push(scheduleReaper(deps, Math.max(200, Math.floor(config.worker.leaseMs / 2))));
    const refresh = setInterval(() => void registry.refresh().catch((error) => logger.warn({ err: error }, 'reading job types failed')), 1000);
    refresh.unref();
    stops.push(() => clearInterval(refresh));
    dispatcher = startDispatcher({
      store,
      clock,
      logger,
      config,
      // A job event names its job: rendered from the row, final once the job ended, as GET /v1/jobs/{id} renders it.
      async render(event, tenantId) {
        const payload = JSON.parse(event.payload) as { job_id?: string };
        if (!event.type.startsWith('job.') || !payload.job_id) return payload;
        const job = await findJob(store.db, tenantId, payload.job_id);
        return job ? renderJob(job, deps.eta, clock.now()) : { id: payload.job_id, pruned: true };
      },
    });
  };
  return {
    app,
    deps,
    modules,
    async admit(request) {
      const tenant = await findTenant(store.db, request.tenantId);
      if (!tenant) throw new TollgateError('not_found', 'Tenant not found');
      return admitJob(deps, { tenant, type: request.type, input: request.input, requestedBy: request.requestedBy ?? null });
    },
    verify: () => verify(store, moduleChecks(modules)),
    async listen({ port = config.port, hostname = config.host } = {}) {
      const server = serveHttp({ fetch: app.fetch, port, hostname });
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
      servers.push(server);
      const address = server.address() as AddressInfo;
      return `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${address.port}`;
    },
    startMaintenance,
    startWorkers(overrides = {}) {
      startMaintenance();
      runner = new Runner({
        store,
        registry,
        clock,
        events,
        logger,
        metrics: deps.metrics,
        concurrency: config.worker.concurrency,
        batchSize: config.worker.batchSize,
        leaseMs: config.worker.leaseMs,
        pollMs: config.worker.pollMs,
        tenantMaxConcurrency: config.worker.tenantMaxConcurrency,
        tierLimits: JSON.stringify(config.tiers),
        ...overrides,
      }).start();
      return runner;
    },
    async close(graceMs = config.worker.shutdownGraceMs) {
      // No new requests, and open streams end, before the workers finish and the database closes.
      await Promise.all(
        servers.splice(0).map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        ),
      );
      for (const stop of stops.splice(0)) stop();
      await Promise.all([runner?.stop(graceMs), dispatcher?.stop(graceMs)]);
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
