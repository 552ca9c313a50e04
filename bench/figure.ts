// The contract between figures and the runner, plus the steps every figure repeats: one fresh
// database and server per dialect, the ping baseline, and turning "not built yet" into a note.
import { authHeaders, expect } from './api.js';
import { createDatabase, type BenchDatabase, type DatabaseSettings, type Dialect } from './database.js';
import { runLoad, type LoadResult } from './load.js';
import { startServer, type RunningServer } from './server.js';
import { median, sleep } from './stats.js';
import { Unavailable } from './unavailable.js';

export interface Target {
  /** As shown in the table: `≥ 0.5× bare Hono`. */
  text: string;
  met: boolean;
  /** Where to mark the target on the chart's ratio axis, when it is a ratio. */
  ratio?: number;
  /** How far above or below the target the measurement landed: `0.39× of ≥ 0.5×: short by 22 %`. */
  by?: string;
}

/** The same work done by another system in the same run: the best peer, for Tollgate's rows. */
export interface Comparison {
  label: string;
  value: number;
  unit: string;
  /** Tollgate's value ÷ this value. */
  ratio: number;
}

export interface Row {
  label: string;
  value: number;
  unit: string;
  /** The same-run measurement this row is compared with, in `baselineUnit` (default: `unit`). */
  baseline?: number;
  baselineLabel?: string;
  baselineUnit?: string;
  /** value ÷ baseline. */
  ratio?: number;
  p99?: number;
  target?: Target;
  /** This row is itself the baseline of the rows after it. */
  isBaseline?: boolean;
  /** Tollgate's row against the best peer measured in the same run. */
  peer?: Comparison;
  /** A Tollgate figure of the summary table (against the ceiling and the peers). */
  summary?: boolean;
}

export interface FigureResult {
  rows: Row[];
  notes: string[];
}

export interface Figure {
  id: string;
  title: string;
  /** What is measured and against which baseline, for the report. */
  description: string;
  run(context: BenchContext): Promise<FigureResult>;
}

export interface BenchContext {
  repoRoot: string;
  quick: boolean;
  runId: string;
  dialects: readonly Dialect[];
  /** Why a dialect cannot be measured in this run (PostgreSQL unreachable). */
  unavailable: ReadonlyMap<Dialect, string>;
  databases: DatabaseSettings;
  /** Duration of one load phase and its warmup (`--duration`, `--warmup`; per figure when given as `figure=seconds`). */
  load: { durationMs: number; warmupMs: number };
  /** Items each drain figure settles (`--drain-items`). */
  drainItems: number;
  log(message: string): void;
}

export const DIALECT_NAMES: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/**
 * Runs `measure` once per dialect. A dialect that cannot be measured leaves a note instead of
 * rows, and the other dialect still runs.
 */
export async function perDialect(
  context: BenchContext,
  notes: string[],
  measure: (dialect: Dialect) => Promise<Row[]>,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const dialect of context.dialects) {
    const name = DIALECT_NAMES[dialect];
    const reason = context.unavailable.get(dialect);
    if (reason) {
      notes.push(`${name}: skipped, ${reason}.`);
      continue;
    }
    try {
      rows.push(...(await measure(dialect)));
    } catch (error) {
      if (!(error instanceof Unavailable)) context.log(`${name} failed: ${(error as Error).stack ?? error}`);
      notes.push(`${name}: ${error instanceof Unavailable ? 'skipped' : 'failed'}, ${(error as Error).message.split('\n')[0]}.`);
    }
  }
  return rows;
}

export interface ServerSetup {
  workers: number;
  env?: Record<string, string>;
}

/** A fresh database and a server on it for the duration of `use`; both are gone afterwards. */
export async function withServer<T>(
  context: BenchContext,
  dialect: Dialect,
  label: string,
  setup: ServerSetup,
  use: (server: RunningServer, database: BenchDatabase) => Promise<T>,
): Promise<T> {
  return withDatabase(context, dialect, label, async (database) => {
    const server = await startServer({ repoRoot: context.repoRoot, database, ...setup });
    try {
      return await use(server, database);
    } catch (error) {
      throw await withServerOutput(error, server);
    } finally {
      await server.stop();
    }
  });
}

/** A failure while the server had died says so, with the server's last words. */
export async function withServerOutput(error: unknown, server: RunningServer): Promise<unknown> {
  if (error instanceof Unavailable) return error;
  await sleep(250); // a server that just dropped the connection may not have been reaped yet
  if (!server.hasExited()) return error;
  return new Error(`${(error as Error).message}; the server exited (its last output follows in the bench log)\n${server.output()}`, { cause: error });
}

export async function withDatabase<T>(
  context: BenchContext,
  dialect: Dialect,
  label: string,
  use: (database: BenchDatabase) => Promise<T>,
): Promise<T> {
  const database = await createDatabase(dialect, context.databases, label);
  try {
    return await use(database);
  } finally {
    await database.drop();
  }
}

export const PING_BODY = JSON.stringify({ ping: true });

/** The ceiling: the same HTTP stack and key lookup as admission, with no database write. */
export async function loadPing(
  context: BenchContext,
  server: RunningServer,
  key: string,
  connections: number,
  onSample?: () => void,
): Promise<LoadResult> {
  await expect(server.url, 'POST', '/v1/ping', 200, { token: key, body: { ping: true } });
  return runLoad({
    url: `${server.url}/v1/ping`,
    method: 'POST',
    headers: authHeaders(key),
    body: PING_BODY,
    connections,
    ...context.load,
    ...(onSample ? { onSample } : {}),
  });
}

/** Median round trip of sequential pings, after as many unrecorded ones to warm the path. */
export async function pingMedianMs(server: RunningServer, key: string, runs: number): Promise<number> {
  const latencies: number[] = [];
  for (let index = 0; index < 2 * runs; index++) {
    const begun = performance.now();
    await expect(server.url, 'POST', '/v1/ping', 200, { token: key, body: { ping: true } });
    if (index >= runs) latencies.push(performance.now() - begun);
  }
  return median(latencies);
}

/** Fails loudly when most of a load phase was not the expected status: its rate would mean nothing. */
export function assertMostly(result: LoadResult, status: number, what: string): void {
  const good = result.statusCounts[String(status)] ?? 0;
  if (result.requests === 0 || good < result.requests / 2) {
    const seen = Object.entries(result.statusCounts).map(([code, count]) => `${code}×${count}`).join(', ');
    throw new Error(`${what}: expected mostly ${status}, got ${seen || 'no responses'}`);
  }
}

/**
 * How far a measurement is from a "≥ target" goal, in words: `0.62× of ≥ 0.5×: over by 24 %`,
 * or `short by 22 %`; `unit` follows the numbers (`×`, ` ms`).
 */
export function atLeast(value: number, target: number, unit = '×'): Target['by'] {
  return `${formatValueUnit(value, unit)} of ≥ ${formatValueUnit(target, unit)}: ${value >= target ? 'over' : 'short'} by ${margin(value, target)}`;
}

/** The same for a "≤ target" goal (latency). */
export function atMost(value: number, target: number, unit = ' ms'): Target['by'] {
  return `${formatValueUnit(value, unit)} of ≤ ${formatValueUnit(target, unit)}: ${value <= target ? 'under' : 'over'} by ${margin(value, target)}`;
}

/** `22 %` of the target, or `116×` once the value is more than twice the target. */
function margin(value: number, target: number): string {
  const ratio = value / target;
  return ratio > 2 ? `${formatNumber(ratio, 0)}×` : `${formatNumber(Math.abs(ratio - 1) * 100)} %`;
}

function formatValueUnit(value: number, unit: string): string {
  const digits = unit === '×' ? 2 : value >= 100 ? 0 : 1;
  return `${formatNumber(value, digits)}${unit}`;
}

export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
