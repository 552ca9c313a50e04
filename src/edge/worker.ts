/**
 * Tollgate on Cloudflare Workers: the same core, HTTP routes and job types as `tollgate serve`, over
 * a D1 store (store/d1.ts), with work run by a Cron Trigger (cron.ts). docs/edge.md says what differs.
 *
 * Everything is built once per isolate, at its first request or cron run, from the bindings: D1 as
 * `DB`, and the configuration as plain variables (TOLLGATE_ADMIN_KEY a secret). No module state is
 * created at import: Workers allow no I/O outside a handler.
 */
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import { createEtaEstimator } from '../core/eta.js';
import { newId } from '../core/ids.js';
import { createAuthenticator } from '../core/keys.js';
import { verify } from '../core/verify.js';
import { createLocalBus } from '../events.js';
import { createApp } from '../http/app.js';
import { createFailureLimiter } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { createRegistry } from '../job-types/registry.js';
import { moduleChecks, type JobTypeModule } from '../job-types/module.js';
import { createMetrics } from '../metrics.js';
import { openD1Store, type D1Database } from '../store/d1.js';
import { runCron } from './cron.js';
import { edgeModules } from './modules.js';

export interface Env {
  DB: D1Database;
  [variable: string]: unknown;
}

interface Edge {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  modules: JobTypeModule[];
}

let edge: Promise<Edge> | undefined;

function build(env: Env): Promise<Edge> {
  edge ??= (async () => {
    const variables = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    // The database is the binding; DATABASE_URL names nothing here. The local model runs unless told otherwise.
    const config = loadConfig({ AI_PROVIDER: 'local', ...variables, DATABASE_URL: undefined });
    const clock = systemClock;
    const logger = consoleLogger(config.logLevel);
    const store = openD1Store(env.DB);
    const modules = edgeModules({ config, store, clock, logger, provider: undefined });
    const registry = createRegistry({ store, clock, config }, modules.map((m) => m.type));
    await registry.refresh();
    const deps: AppDeps = {
      store,
      config,
      clock,
      logger,
      events: createLocalBus(),
      registry,
      eta: createEtaEstimator({ store, clock }),
      auth: createAuthenticator({ store, clock, cacheMs: config.keyCacheMs, ...(config.adminKey ? { adminKey: config.adminKey } : {}) }),
      limiter: createFailureLimiter(clock, config.authFailuresPerMinute),
      metrics: createMetrics(),
    };
    const app = createApp(deps, modules, { without: ['events', 'webhooks'] });
    // `tollgate verify` as a route: there is no shell next to a Worker.
    app.get('/v1/admin/verify', async (c) => {
      if (c.get('principal').role !== 'admin') return c.json({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'forbidden', detail: 'verify needs an admin key' }, 403);
      return c.json(await verify(store, moduleChecks(modules)));
    });
    return { app, deps, modules };
  })().catch((error: unknown) => {
    edge = undefined;
    throw error;
  });
  return edge;
}

export default {
  async fetch(request: Request, env: Env, ctx: unknown): Promise<Response> {
    const { app } = await build(env);
    return app.fetch(request, env, ctx as never);
  },

  async scheduled(_controller: unknown, env: Env): Promise<void> {
    const { deps, modules } = await build(env);
    const report = await runCron(deps, cronOptions(deps.config, modules));
    deps.logger.info(report, 'cron run');
  },
};

export function cronOptions(config: Config, modules: JobTypeModule[]) {
  return {
    // One worker id per run: a run's leases are its own, and a dead run's are reaped by the next.
    worker: newId('cron'),
    types: modules.map((m) => m.type.name),
    batch: config.worker.batchSize,
    leaseMs: config.worker.leaseMs,
    // As the runner: no cap unless TENANT_MAX_CONCURRENCY sets one.
    tenantMaxConcurrency: config.worker.tenantMaxConcurrency ?? 2_000_000_000,
    maxBatches: 20,
  };
}

/** pino's shape over console, which Workers' logs collect; the levels below LOG_LEVEL are dropped. */
function consoleLogger(level: string): Logger {
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  const min = Math.max(0, levels.indexOf(level));
  const at = (name: string, n: number) => (first: unknown, message?: string) => {
    if (n < min) return;
    const line = typeof first === 'string' ? { level: name, msg: first } : { level: name, msg: message, ...(first as object) };
    console.log(JSON.stringify(line, (_, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v)));
  };
  const logger = Object.fromEntries(levels.map((name, n) => [name, at(name, n)])) as Record<string, unknown>;
  logger.child = () => logger;
  logger.level = level;
  return logger as unknown as Logger;
}
