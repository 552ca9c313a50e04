import { hostname } from 'node:os';
import type { Config } from '../config.js';
import { createTollgate, seedDemo } from '../main.js';
import { sqliteFile } from '../store/db.js';
import type { Context } from './commands.js';
import { Failure } from './errors.js';
import { acquireServeLock, ServeLockHeld, type ServeLock } from './serve-lock.js';

/** Why the port cannot be had, in one line an operator can act on. */
function listenFailure(error: NodeJS.ErrnoException, config: Config): Failure {
  const at = `Port ${config.port} on ${config.host}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new Failure(`${at} is already in use (another tollgate?). Set PORT to another port.`, 1, { cause: error });
    case 'EACCES':
      return new Failure(`${at} needs privileges this process lacks. Set PORT to 1024 or above.`, 1, { cause: error });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new Failure(`HOST=${config.host} is not an address of this machine. Set HOST to 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`, 1, { cause: error });
    default:
      return new Failure(`${at} cannot be listened on: ${error.message}.`, 1, { cause: error });
  }
}


function lockDatabase(file: string): ServeLock {
  try {
    return acquireServeLock(file);
  } catch (error) {
    if (!(error instanceof ServeLockHeld)) throw error;
    const { owner } = error;
    const elsewhere = owner.host === hostname() ? '' : ` on host ${owner.host}`;
    throw new Failure(
      [
        `Another tollgate serve (pid ${owner.pid}${elsewhere}, running since ${owner.since}) is using ${file}.`,
        `Stop it first, or set DATABASE_URL to another database. To add workers to it, run 'tollgate worker'.`,
        ...(elsewhere ? [`If that process is gone, delete ${error.path}.`] : []),
      ].join('\n'),
      1,
      { cause: error },
    );
  }
}

/** On SIGTERM or SIGINT: `close`, then exit 0. */
function stopOn(close: (signal: string) => Promise<void>) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await close(signal);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

export async function serve({ config, options }: Context) {
  const noWorker = options['no-worker'] === true || config.worker.concurrency === 0;
  const tollgate = await createTollgate({ config });
  const { deps } = tollgate;
  // After the database is open (its directory checked, migrations applied), before anything is
  // served or seeded: a refused second serve has changed nothing.
  let lock: ServeLock | undefined;
  let base: string;
  try {
    const file = sqliteFile(config.databaseUrl);
    lock = file ? lockDatabase(file) : undefined;
    base = await tollgate.listen().catch((error: NodeJS.ErrnoException) => {
      throw listenFailure(error, config);
    });
  } catch (error) {
    lock?.release();
    await tollgate.close();
    throw error;
  }
  const demo = await seedDemo(deps);
  if (noWorker) tollgate.startMaintenance();
  else tollgate.startWorkers();
  deps.logger.info({ url: base, database: deps.store.label, workers: noWorker ? 0 : config.worker.concurrency }, 'tollgate listening');
  const lines: string[] = [];
  if (demo) {
    lines.push(
      '',
      'First start: created tenant "demo". These keys are shown once; store them now.',
      `  admin key:  ${demo.adminKey}`,
      `  tenant key: ${demo.tenantKey}`,
      '',
      'Try it:',
      `  curl -s -X POST ${base}/v1/jobs -H 'Authorization: Bearer ${demo.tenantKey}' -H 'Content-Type: application/json' -d '{"type":"echo","input":{"items":3}}'`,
      `  open ${base}/ (dashboard)  ·  ${base}/docs (API reference)`,
      '',
    );
  }
  if (!config.adminKey) lines.push('No TOLLGATE_ADMIN_KEY set. Create an admin key with: tollgate keys create --admin --name me');
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);

  stopOn(async (signal) => {
    deps.logger.info({ signal }, 'shutting down');
    await tollgate.close();
    lock?.release();
  });
}

/** A worker process: no HTTP, just the runner and housekeeping, until SIGTERM or SIGINT. */
export async function worker({ config }: Context) {
  if (config.worker.concurrency === 0) throw new Failure('WORKERS=0: a worker process runs at least one item at once. Set WORKERS to 1 or more.', 78);
  const tollgate = await createTollgate({ config });
  const runner = tollgate.startWorkers();
  tollgate.deps.logger.info({ worker: runner.workerId, concurrency: config.worker.concurrency, database: tollgate.deps.store.label }, 'tollgate worker running');
  stopOn(async (signal) => {
    tollgate.deps.logger.info({ signal, inFlight: runner.inFlight }, 'worker shutting down');
    await tollgate.close();
  });
}
