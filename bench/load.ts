// A closed-loop HTTP load generator: `connections` loops each keep one request in flight over a
// keep-alive socket, so the offered load adapts to the server instead of queueing without bound.
// Closed loop understates tail latency under overload (coordinated omission); every figure is a
// ratio against a baseline measured with this same generator, so the bias cancels out.
//
// Bounded by design: loopback targets only, a duration cap, a request cap and a per-request timeout.
import http from 'node:http';

import { assertLoopback } from './loopback.js';
import { percentile } from './stats.js';

type Factory<T> = T | ((sequence: number) => T);

export interface LoadOptions {
  url: string;
  method?: string;
  /** Static headers, or one set per request (a different tenant key or Idempotency-Key each time). */
  headers?: Factory<Record<string, string>>;
  /** Static body, or one per request. */
  body?: Factory<string | Buffer>;
  connections?: number;
  durationMs?: number;
  /** Requests that start during the warmup are sent but not recorded. */
  warmupMs?: number;
  /** Hard cap on requests sent, warmup included. */
  maxRequests?: number;
  requestTimeoutMs?: number;
  /** Called every `sampleEveryMs` while the load runs (RSS sampling). */
  onSample?: () => void;
  sampleEveryMs?: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  /** Recorded responses by status code; transport failures count under `error`. */
  statusCounts: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  durationMs: number;
}

const MAX_DURATION_MS = 10 * 60_000;
const DEFAULT_MAX_REQUESTS = 5_000_000;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  assertLoopback(target);
  const connections = options.connections ?? 50;
  const durationMs = options.durationMs ?? 10_000;
  const warmupMs = options.warmupMs ?? 0;
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  if (durationMs <= 0 || durationMs + warmupMs > MAX_DURATION_MS) {
    throw new RangeError(`durationMs + warmupMs must be within (0, ${MAX_DURATION_MS}]`);
  }
  if (connections < 1 || connections > 1000) throw new RangeError('connections must be within [1, 1000]');

  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const method = options.method ?? 'GET';
  const headersOf = asFactory(options.headers ?? {});
  const bodyOf = options.body === undefined ? undefined : asFactory(options.body);

  const start = performance.now();
  const recordFrom = start + warmupMs;
  const stopAt = recordFrom + durationMs;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let sent = 0;

  const sampler = options.onSample ? setInterval(options.onSample, options.sampleEveryMs ?? 100) : undefined;
  const loop = async (): Promise<void> => {
    while (sent < maxRequests && performance.now() < stopAt) {
      const sequence = sent++;
      const body = bodyOf?.(sequence);
      const begun = performance.now();
      const status = await send(agent, target, method, headersOf(sequence), body, requestTimeoutMs);
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
    agent.destroy();
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
  };
}

/** Responses with this status, per second of the measured window. */
export function rateOf(result: LoadResult, status: number): number {
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
