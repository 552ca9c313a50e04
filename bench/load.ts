// One load generator for every figure: `connections` loops each keep one operation in flight.
// Over HTTP an operation is a request on a keep-alive socket; in-process (a peer's `send` called
// directly, no HTTP) it is one call of a function. The same loop, windows and percentiles measure
// both, so an in-process peer and an HTTP server differ only by what an operation is.
//
// Closed loop by default: the offered load adapts to the server instead of queueing without bound,
// which measures peak throughput but understates tail latency under overload (coordinated
// omission). With `rate` the schedule is open: operation i is due at start + i/rate whatever the
// answers, and its latency counts from when it was due, not from when a free connection sent it
// (wrk2's correction), so a server that falls behind shows it in p99.
//
// Bounded by design: loopback targets only, a duration cap, an operation cap and a per-request timeout.
import http from 'node:http';

import { assertLoopback } from './loopback.js';
import { percentile, sleep } from './stats.js';

type Factory<T> = T | ((sequence: number) => T);

export interface DriveOptions {
  connections?: number;
  durationMs?: number;
  /** Operations that start during the warmup are issued but not recorded. */
  warmupMs?: number;
  /** Hard cap on operations issued, warmup included. */
  maxRequests?: number;
  /** Open loop: operations per second over all connections, each due at its slot. Closed loop when absent. */
  rate?: number;
  /** Called every `sampleEveryMs` while the load runs (RSS sampling). */
  onSample?: () => void;
  sampleEveryMs?: number;
}

export interface LoadOptions extends DriveOptions {
  url: string;
  method?: string;
  /** Static headers, or one set per request (a different tenant key or Idempotency-Key each time). */
  headers?: Factory<Record<string, string>>;
  /** Static body, or one per request. */
  body?: Factory<string | Buffer>;
  requestTimeoutMs?: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  /** Recorded outcomes: HTTP status codes, `ok` for a call that resolved; failures count under `error`. */
  statusCounts: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  durationMs: number;
  /** Open loop only: the rate asked for. */
  offeredRate?: number;
}

/** What one operation answered: an HTTP status, `ok`, or `error`. */
export type Operation = (sequence: number) => Promise<string>;

const MAX_DURATION_MS = 10 * 60_000;
const DEFAULT_MAX_REQUESTS = 5_000_000;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  assertLoopback(target);
  const connections = options.connections ?? 50;
  checkBounds(options, connections);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const method = options.method ?? 'GET';
  const headersOf = asFactory(options.headers ?? {});
  const bodyOf = options.body === undefined ? undefined : asFactory(options.body);
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  try {
    return await drive(options, (sequence) => send(agent, target, method, headersOf(sequence), bodyOf?.(sequence), timeoutMs));
  } finally {
    agent.destroy();
  }
}

/** The same loop over an in-process call: `ok` when it resolves, `error` when it rejects. */
export function runCalls(options: DriveOptions, call: (sequence: number) => Promise<unknown>): Promise<LoadResult> {
  checkBounds(options, options.connections ?? 50);
  return drive(options, (sequence) =>
    call(sequence).then(
      () => 'ok',
      () => 'error',
    ),
  );
}

async function drive(options: DriveOptions, operation: Operation): Promise<LoadResult> {
  const connections = options.connections ?? 50;
  const durationMs = options.durationMs ?? 10_000;
  const warmupMs = options.warmupMs ?? 0;
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const rate = options.rate;

  const start = performance.now();
  const recordFrom = start + warmupMs;
  const stopAt = recordFrom + durationMs;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let issued = 0;

  const sampler = options.onSample ? setInterval(options.onSample, options.sampleEveryMs ?? 100) : undefined;
  const loop = async (): Promise<void> => {
    while (issued < maxRequests) {
      const sequence = issued++;
      // Open loop: the operation is due at its slot, whether or not a connection was free then.
      const due = rate === undefined ? performance.now() : start + (sequence * 1000) / rate;
      if (due >= stopAt) return;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(Math.floor(wait));
      const begun = rate === undefined ? performance.now() : due;
      const status = await operation(sequence);
      const ended = performance.now();
      if (begun >= recordFrom && ended <= stopAt) {
        latencies.push(ended - begun);
        statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, loop));
  } finally {
    if (sampler) clearInterval(sampler);
  }

  const measuredMs = Math.min(performance.now(), stopAt) - recordFrom;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: measuredMs > 0 ? (latencies.length / measuredMs) * 1000 : 0,
    statusCounts,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    durationMs: measuredMs,
    ...(rate === undefined ? {} : { offeredRate: rate }),
  };
}

function checkBounds(options: DriveOptions, connections: number): void {
  const durationMs = options.durationMs ?? 10_000;
  const warmupMs = options.warmupMs ?? 0;
  if (durationMs <= 0 || durationMs + warmupMs > MAX_DURATION_MS) {
    throw new RangeError(`durationMs + warmupMs must be within (0, ${MAX_DURATION_MS}]`);
  }
  if (connections < 1 || connections > 1000) throw new RangeError('connections must be within [1, 1000]');
  if (options.rate !== undefined && !(options.rate > 0)) throw new RangeError('rate must be positive');
}

/** Outcomes with this status (`201`, `ok`), per second of the measured window. */
export function rateOf(result: LoadResult, status: number | string): number {
  return result.durationMs > 0 ? ((result.statusCounts[String(status)] ?? 0) / result.durationMs) * 1000 : 0;
}

/** `201×9800, 429×12` — for notes. */
export function describeStatuses(result: LoadResult): string {
  return Object.entries(result.statusCounts)
    .sort(([, a], [, b]) => b - a)
    .map(([status, count]) => `${status}×${count}`)
    .join(', ');
}

function asFactory<T>(value: Factory<T>): (sequence: number) => T {
  return typeof value === 'function' ? (value as (sequence: number) => T) : () => value;
}

function send(
  agent: http.Agent,
  target: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve) => {
    const outgoing: Record<string, string | number> = { ...headers };
    if (body !== undefined) {
      outgoing['content-length'] = Buffer.byteLength(body);
      if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) {
        outgoing['content-type'] = 'application/json';
      }
    }
    const request = http.request(
      { agent, hostname: target.hostname, port: target.port, path: target.pathname + target.search, method, headers: outgoing },
      (response) => {
        response.on('data', noop);
        response.on('end', () => resolve(String(response.statusCode ?? 0)));
        response.on('error', () => resolve('error'));
      },
    );
    request.setTimeout(timeoutMs, () => request.destroy(new Error('request timeout')));
    request.on('error', () => resolve('error'));
    request.end(body);
  });
}

function noop(): void {}
