// `npm run bench [-- --quick] [-- --only admission,rss] [-- --dialect sqlite] [-- --duration 5 --duration admission=8]`
// Runs the figures one after another (never in parallel: they would measure each other), saves
// each result as soon as it exists, and regenerates BENCHMARKS.md and bench/charts/.
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { DIALECTS, dropAllDatabases, postgresReachable, type Dialect } from './database.js';
import type { BenchContext, Figure, FigureResult } from './figure.js';
import { FIGURES } from './figures/index.js';
import { describeMachine } from './machine.js';
import { consoleSummary, readResults, writeReport, writeResults } from './report.js';
import { stopAllChildren } from './server.js';
import { Unavailable } from './unavailable.js';

const USAGE = `usage: npm run bench -- [--quick] [--only <figure>[,<figure>…]] [--dialect sqlite|postgres]
                         [--duration <s> | --duration <figure>=<s> …] [--warmup <s>] [--drain-items <n>]
figures: ${FIGURES.map((figure) => figure.id).join(', ')}
  --duration     seconds of each measured load phase (default 10, --quick 2), for all figures or one
  --warmup       seconds of unrecorded load before each phase (default 2, --quick 0.5)
  --drain-items  items each drain settles (default 20000, --quick 5000)
env: BENCH_PG_URL (admin connection, default postgres://postgres@127.0.0.1:5432/test),
     BENCH_PEERS_PG_URL (the peers' database, default bench_peers beside BENCH_PG_URL),
     BENCH_SQLITE_URL (how the server names a SQLite file, default file:{path}),
     BENCH_REMOTE_CONCURRENCY (the remote-drain worker's concurrency, default 2000)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      dialect: { type: 'string' },
      duration: { type: 'string', multiple: true },
      warmup: { type: 'string' },
      'drain-items': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const figures = selectFigures(values.only);
  const dialects = selectDialects(values.dialect);
  const durations = parseDurations(values.duration ?? [], values.quick ? 2 : 10);
  const warmupMs = seconds('--warmup', values.warmup ?? (values.quick ? '0.5' : '2')) * 1000;
  const drainItems = positiveInteger('--drain-items', values['drain-items'] ?? (values.quick ? '5000' : '20000'));

  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const pgAdminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const runId = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const workDir = join(repoRoot, '.bench');
  const began = performance.now();
  const log = (message: string): void => {
    console.error(`[bench ${((performance.now() - began) / 1000).toFixed(1).padStart(6)}s] ${message}`);
  };

  const unavailable = new Map<Dialect, string>();
  if (dialects.includes('postgres') && !(await postgresReachable(pgAdminUrl))) {
    unavailable.set('postgres', `PostgreSQL is unreachable at ${redact(pgAdminUrl)}`);
  }
  const context: BenchContext = {
    repoRoot,
    quick: values.quick,
    runId,
    dialects,
    unavailable,
    databases: { runId, pgAdminUrl, workDir },
    load: { durationMs: durations.all * 1000, warmupMs },
    drainItems,
    log,
  };
  installInterruptHandler(log);

  const machine = await describeMachine(repoRoot, pgAdminUrl);
  log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; run ${runId}${values.quick ? ' (quick)' : ''}`);
  const results = readResults(repoRoot);
  const order = FIGURES.map((figure) => figure.id);
  try {
    for (const figure of figures) {
      log(`${figure.id}: ${figure.title}`);
      const measuredAt = new Date().toISOString();
      const durationMs = (durations.byFigure.get(figure.id) ?? durations.all) * 1000;
      const { rows, notes } = await runFigure(figure, { ...context, load: { durationMs, warmupMs } });
      const stored = {
        id: figure.id,
        title: figure.title,
        description: figure.description,
        measuredAt,
        runId,
        quick: values.quick,
        machine,
        rows,
        notes,
      };
      results.figures[figure.id] = stored;
      writeResults(repoRoot, results);
      writeReport(repoRoot, results, order, machine, new Date().toISOString());
      console.log(consoleSummary(stored));
    }
  } finally {
    rmSync(join(workDir, runId), { recursive: true, force: true });
  }
  log(`done: BENCHMARKS.md and bench/charts/ regenerated`);
}

async function runFigure(figure: Figure, context: BenchContext): Promise<FigureResult> {
  try {
    return await figure.run(context);
  } catch (error) {
    if (!(error instanceof Unavailable)) context.log(`${figure.id} failed: ${(error as Error).stack ?? error}`);
    const verb = error instanceof Unavailable ? 'skipped' : 'failed';
    return { rows: [], notes: [`${verb}: ${(error as Error).message.split('\n')[0]}`] };
  }
}

function selectFigures(only: string[] | undefined): Figure[] {
  if (!only || only.length === 0) return [...FIGURES];
  const wanted = only.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  const unknown = wanted.filter((id) => !FIGURES.some((figure) => figure.id === id));
  if (unknown.length > 0) throw new UsageError(`unknown figure(s): ${unknown.join(', ')}`);
  return FIGURES.filter((figure) => wanted.includes(figure.id));
}

/** `--duration 5` for every figure, `--duration admission=8` for one; the last word wins. */
function parseDurations(values: readonly string[], fallback: number): { all: number; byFigure: Map<string, number> } {
  let all = fallback;
  const byFigure = new Map<string, number>();
  for (const value of values.flatMap((entry) => entry.split(','))) {
    const [figure, amount] = value.includes('=') ? value.split('=', 2) : [undefined, value];
    if (figure === undefined) {
      all = seconds('--duration', amount ?? '');
      continue;
    }
    if (!FIGURES.some((known) => known.id === figure)) throw new UsageError(`--duration: unknown figure ${figure}`);
    byFigure.set(figure, seconds('--duration', amount ?? ''));
  }
  return { all, byFigure };
}

function seconds(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 300) throw new UsageError(`${flag}: expected seconds within [0, 300], got "${value}"`);
  return parsed;
}

function positiveInteger(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${flag}: expected a positive integer, got "${value}"`);
  return parsed;
}

function selectDialects(dialect: string | undefined): Dialect[] {
  if (dialect === undefined) return [...DIALECTS];
  if (!DIALECTS.includes(dialect as Dialect)) throw new UsageError(`unknown dialect: ${dialect}`);
  return [dialect as Dialect];
}

/** Ctrl-C stops the processes this run started and drops the databases it created, nothing else. */
function installInterruptHandler(log: (message: string) => void): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping servers and workers, dropping bench databases`);
    await stopAllChildren();
    await dropAllDatabases();
    process.exit(130);
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
