import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ADMIN_KEY, freshDatabase, type DialectName, type Harness } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI, as `npm start` runs it; test/support/build.ts builds it when the sources are newer. */
const CLI = fileURLToPath(new URL('../../bin/tollgate.js', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  url: string;
  adminKey: string;
  process: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `tollgate <command>` as a real child process and waits until it is ready. */
export async function spawnTollgate(command: 'serve' | 'worker', env: Record<string, string>, options: { waitForReady?: boolean } = {}): Promise<ChildServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [CLI, command], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TOLLGATE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  if (command === 'serve' && options.waitForReady !== false) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tollgate ${command} exited early (${child.exitCode}):\n${output}`);
      const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`tollgate ${command} not ready after 30 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    adminKey: env.TOLLGATE_ADMIN_KEY ?? ADMIN_KEY,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A server on a fresh database (SQLite file or PostgreSQL schema), workers on: what the e2e tests use. */
export async function startServer(options: { dialect?: DialectName; env?: Record<string, string> } = {}): Promise<ChildServer> {
  const database = await freshDatabase(options.dialect ?? 'sqlite');
  const server = await spawnTollgate('serve', {
    DATABASE_URL: database.url,
    ...(database.schema ? { DATABASE_SCHEMA: database.schema } : {}),
    ...options.env,
  });
  const stop = server.stop;
  return { ...server, stop: async (signal) => { const code = await stop(signal); await database.drop(); return code; } };
}

/**
 * Runs a one-shot `tollgate <args…>` (verify, tenants, keys…) to its end: exit code and output.
 * `cwd` is where a relative DATABASE_URL (the default ./data/tollgate.db) lands.
 */
export async function runTollgate(args: string[], env: Record<string, string>, options: { cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  });
  return { code, stdout, stderr };
}

/** The environment that points a child process at a harness's database. */
export function databaseEnv(h: Harness): Record<string, string> {
  const store = h.tollgate.deps.store;
  return { DATABASE_URL: h.config.databaseUrl, ...(store.dialect === 'postgres' ? { DATABASE_SCHEMA: store.schema } : {}) };
}
