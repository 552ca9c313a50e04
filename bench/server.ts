// Runs the real server and workers as child processes, the way an operator would, so figures
// include the HTTP stack, the driver and process boundaries, not just library calls.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BenchDatabase } from './database.js';
import { sleep } from './stats.js';
import { Unavailable } from './unavailable.js';

export const ADMIN_KEY = 'tg_bench_admin_key_0000000000000';

export interface ChildHandle {
  pid: number;
  /** The last lines the process printed, for error messages. */
  output(): string;
  hasExited(): boolean;
  /** The exit code once exited (null while running or when killed by a signal). */
  exitCode(): number | null;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void>;
}

export interface RunningServer extends ChildHandle {
  url: string;
}

export interface ServerOptions {
  repoRoot: string;
  database: BenchDatabase;
  /** Worker processes the server starts beside the API; 0 = API only. */
  workers: number;
  env?: Record<string, string>;
}

// Children are tracked process-wide because an interrupted run must still stop every process it
// started (and only those) from its exit handler.
const live = new Set<ChildProcess>();

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const child = launch(options.repoRoot, 'serve', {
    ...baseEnv(options.database),
    PORT: String(port),
    HOST: '127.0.0.1',
    WORKERS: String(options.workers),
    ...options.env,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child, 90_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { ...child, url };
}

/** A standalone worker process (`tollgate worker`) against the same database. */
/**
 * `npm run edge:dev` (the Worker in workerd, `wrangler dev --local`) on a free port with an empty
 * local D1 of its own, the bench's admin key; resolves once /readyz answers.
 */
export async function startEdge(repoRoot: string): Promise<RunningServer> {
  const port = await freePort();
  const persist = mkdtempSync(join(tmpdir(), 'tollgate-bench-edge-'));
  const child = spawnNode(
    repoRoot,
    [join(repoRoot, 'scripts', 'edge-dev.mjs')],
    { PORT: String(port), TOLLGATE_ADMIN_KEY: ADMIN_KEY, EDGE_PERSIST_TO: persist, LOG_LEVEL: 'warn' },
    'npm run edge:dev',
  );
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child, 120_000);
  return { ...child, url };
}

export function startWorker(repoRoot: string, database: BenchDatabase, env: Record<string, string> = {}): ChildHandle {
  return launch(repoRoot, 'worker', { ...baseEnv(database), ...env });
}

/** Any Node script of the repository as a tracked child (a remote worker, say), run through tsx. */
export function startScript(repoRoot: string, script: string, args: string[], env: Record<string, string> = {}): ChildHandle {
  return spawnNode(repoRoot, ['--import', 'tsx', join(repoRoot, script), ...args], env, script);
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((child) => terminate(child)));
}

/** Resident set size of one process in bytes, from /proc/<pid>/status; undefined once it has exited. */
export function rssOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * RSS of a process and its descendants (worker processes the server forks), leaving out
 * tsx's esbuild service, which a compiled deployment does not have.
 */
export function rssOfTree(pid: number): number {
  let total = rssOf(pid) ?? 0;
  for (const child of childrenOf(pid)) {
    if (commOf(child) !== 'esbuild') total += rssOfTree(child);
  }
  return total;
}

/** Tracks the peak of `rssOfTree` across samples. */
export class RssSampler {
  peak = 0;
  samples = 0;
  constructor(private readonly pid: number) {}
  readonly sample = (): void => {
    this.peak = Math.max(this.peak, rssOfTree(this.pid));
    this.samples += 1;
  };
}

/**
 * `node dist/cli.js` when a build exists that is newer than every source file, else the sources
 * through tsx. Throws Unavailable while neither exists.
 */
export function cliCommand(repoRoot: string): string[] {
  const built = join(repoRoot, 'dist/cli.js');
  const source = join(repoRoot, 'src/cli.ts');
  if (existsSync(built) && (!existsSync(source) || statSync(built).mtimeMs > newestMtime(join(repoRoot, 'src')))) {
    return [built];
  }
  if (existsSync(source)) return ['--import', 'tsx', source];
  throw new Unavailable('the server is not built yet (no src/cli.ts, no dist/cli.js)');
}

function baseEnv(database: BenchDatabase): Record<string, string> {
  // DEMO_SEED off: a figure's database holds only what the figure put there.
  return { DATABASE_URL: database.url, TOLLGATE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', DEMO_SEED: 'false' };
}

function launch(repoRoot: string, subcommand: string, env: Record<string, string>): ChildHandle {
  return spawnNode(repoRoot, [...cliCommand(repoRoot), subcommand], env, `tollgate ${subcommand}`);
}

export interface NodeChild extends ChildHandle {
  /** Everything the process printed to stdout so far (children that report print little). */
  stdout(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * A Node.js child process tracked like the server, so an interrupted run stops it too. `argv`
 * follows the node binary (flags, then the script).
 */
export function spawnNode(repoRoot: string, argv: string[], env: Record<string, string>, what: string): NodeChild {
  const child = spawn(process.execPath, argv, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  let tail = '';
  let stdout = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-8192);
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    keep(chunk);
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', keep);
  if (child.pid === undefined) throw new Error(`could not start ${what}`);
  return {
    pid: child.pid,
    output: () => tail,
    stdout: () => stdout,
    exited,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    exitCode: () => child.exitCode,
    stop: () => terminate(child),
  };
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function waitReady(url: string, child: ChildHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.hasExited()) throw new Error(`the server exited before it was ready:\n${child.output()}`);
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      if (response.status === 404) throw new Unavailable('GET /readyz answers 404 (not built yet)');
    } catch (error) {
      if (error instanceof Unavailable) throw error;
    }
    await sleep(100);
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${child.output()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function newestMtime(directory: string): number {
  if (!existsSync(directory)) return 0;
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
