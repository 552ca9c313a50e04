#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { serve as serveHttp } from '@hono/node-server';
import { ConfigError, loadConfig, type Config } from './config.js';
import { verify } from './core/verify.js';
import { createKey, createTenant } from './core/tenants.js';
import { systemClock } from './core/clock.js';
import { builtInModules } from './job-types/index.js';
import { createLogger } from './logger.js';
import { createTollgate, seedDemo } from './main.js';
import { migrateStore, openStore } from './store/db.js';
import { listTenants, revokeKey } from './store/tenants.store.js';

const USAGE = `tollgate <command>

  serve [--no-worker]          serve the API, the dashboard and (unless --no-worker or WORKERS=0) the workers
  worker                       run workers only (no HTTP); several may run against one PostgreSQL database
  migrate                      run pending database migrations
  verify                       check that every usage counter equals its ledger sum; exit 1 on drift
  tenants create --name N [--id ID] [--tier T]
  tenants list
  keys create --tenant ID [--role admin|tenant] [--name N]
  keys revoke KEY_ID

Configuration comes from the environment (see README): DATABASE_URL, PORT, HOST, TOLLGATE_ADMIN_KEY, LOG_LEVEL, …`;

async function withStore<T>(config: Config, fn: (deps: { store: ReturnType<typeof openStore>; config: Config; clock: typeof systemClock }) => Promise<T>): Promise<T> {
  const store = openStore(config.databaseUrl, { schema: config.databaseSchema });
  try {
    const modules = builtInModules({ config, store, clock: systemClock, logger: createLogger('silent'), provider: undefined });
    await migrateStore(store, modules.flatMap((m) => m.migrations ?? []));
    return await fn({ store, config, clock: systemClock });
  } finally {
    await store.close();
  }
}

async function serve(config: Config, flags: { noWorker: boolean }) {
  const tollgate = await createTollgate(config);
  const { deps } = tollgate;
  const demo = await seedDemo(deps);
  if (!flags.noWorker) tollgate.startWorkers();
  const server = serveHttp({ fetch: tollgate.app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  deps.logger.info({ url: base, database: deps.store.label, workers: flags.noWorker ? 0 : config.worker.concurrency }, 'tollgate listening');
  if (demo) {
    process.stdout.write(
      [
        '',
        'First start: created tenant "demo". These keys are shown once; store them now.',
        `  admin key:  ${demo.adminKey}`,
        `  tenant key: ${demo.tenantKey}`,
        '',
        'Try it:',
        `  curl -s -X POST ${base}/v1/jobs -H 'Authorization: Bearer ${demo.tenantKey}' -H 'Content-Type: application/json' -d '{"type":"echo","input":{"items":3}}'`,
        `  open ${base}/ (dashboard)  ·  ${base}/docs (API reference)`,
        '',
      ].join('\n'),
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info({ signal }, 'shutting down');
    server.close();
    if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
    await tollgate.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** A worker process: no HTTP, just the runner and housekeeping, until SIGTERM or SIGINT. */
async function worker(config: Config) {
  if (config.worker.concurrency === 0) throw new Error('WORKERS=0: a worker process needs a concurrency of at least 1');
  const tollgate = await createTollgate(config);
  const runner = tollgate.startWorkers();
  tollgate.deps.logger.info({ worker: runner.workerId, concurrency: config.worker.concurrency, database: tollgate.deps.store.label }, 'tollgate worker running');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    tollgate.deps.logger.info({ signal, inFlight: runner.inFlight }, 'worker shutting down');
    await tollgate.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function main(argv: string[]) {
  const [command, sub, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: argv.slice(1), options: { 'no-worker': { type: 'boolean', default: false } } });
      return serve(config, { noWorker: Boolean(values['no-worker']) || config.worker.concurrency === 0 });
    }
    case 'worker':
      return worker(config);
    case 'migrate':
      await withStore(config, async () => {});
      console.log('migrations: up to date');
      return;
    case 'verify': {
      const report = await withStore(config, ({ store }) => verify(store));
      console.log(JSON.stringify(report, null, 2));
      if (!report.ok) process.exitCode = 1;
      return;
    }
    case 'tenants': {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, id: { type: 'string' }, tier: { type: 'string' } } });
      if (sub === 'create') {
        const tenant = await withStore(config, (deps) => createTenant(deps, { name: values.name, ...(values.id ? { id: values.id } : {}), ...(values.tier ? { tier: values.tier } : {}) }));
        console.log(JSON.stringify(tenant));
        return;
      }
      if (sub === 'list') {
        const tenants = await withStore(config, ({ store }) => listTenants(store.db, { limit: 1000 }));
        for (const t of tenants) console.log(`${t.id}\t${t.tier}\t${t.name}`);
        return;
      }
      break;
    }
    case 'keys': {
      if (sub === 'create') {
        const { values } = parseArgs({ args: rest, options: { tenant: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } } });
        const created = await withStore(config, (deps) => createKey(deps, values.tenant ?? null, { role: values.role ?? (values.tenant ? 'tenant' : 'admin'), ...(values.name ? { name: values.name } : {}) }));
        console.log(JSON.stringify({ id: created.key.id, prefix: created.key.prefix, role: created.key.role, tenant_id: created.key.tenant_id, key: created.secret }));
        return;
      }
      if (sub === 'revoke' && rest[0]) {
        const revoked = await withStore(config, ({ store }) => revokeKey(store.db, rest[0]!, Date.now()));
        console.log(revoked ? `revoked ${revoked.id}` : 'no such active key');
        if (!revoked) process.exitCode = 1;
        return;
      }
      break;
    }
  }
  console.error(USAGE);
  process.exitCode = command ? 2 : 0;
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error?.message ?? error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
