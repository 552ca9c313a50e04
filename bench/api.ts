// The few API calls the figures need for setup and probing, over plain fetch. Load itself goes
// through load.ts; these calls are not timed except where a figure says so.
import { assertLoopback } from './loopback.js';
import { ADMIN_KEY } from './server.js';
import { Unavailable } from './unavailable.js';

export interface ApiResponse {
  status: number;
  body: unknown;
  text: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BenchTenant {
  id: string;
  key: string;
}

/** Bench tenants never run out: metering is measured, not its refusals. */
export const UNLIMITED = { credits: 1_000_000_000, lead_evaluations: 1_000_000_000 };

export const ECHO_ONE_ITEM = { type: 'echo', input: { items: 1 } };

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const url = new URL(path, baseUrl);
  assertLoopback(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${method} ${path}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { cause: error });
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** Like `call`, but a 404 means the route is not built yet and a status other than `expected` is an error. */
export async function expect(
  baseUrl: string,
  method: string,
  path: string,
  expected: number,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const response = await call(baseUrl, method, path, options);
  if (response.status === 404 && expected !== 404) {
    throw new Unavailable(`${method} ${path} answers 404 (not built yet)`);
  }
  if (response.status !== expected) {
    throw new Error(`${method} ${path} answered ${response.status}, expected ${expected}: ${response.text.slice(0, 500)}`);
  }
  return response;
}

export async function createTenant(baseUrl: string, name: string): Promise<BenchTenant> {
  const tenant = await expect(baseUrl, 'POST', '/v1/tenants', 201, {
    token: ADMIN_KEY,
    body: { name, limits: UNLIMITED },
  });
  const id = field(tenant.body, 'id');
  const key = await expect(baseUrl, 'POST', `/v1/tenants/${encodeURIComponent(id)}/keys`, 201, {
    token: ADMIN_KEY,
    body: { role: 'tenant' },
  });
  return { id, key: field(key.body, 'key') };
}

export async function createTenants(baseUrl: string, count: number, concurrency = 16): Promise<BenchTenant[]> {
  return mapConcurrent(
    Array.from({ length: count }, (_, index) => index),
    concurrency,
    (index) => createTenant(baseUrl, `bench tenant ${index + 1}`),
  );
}

export async function mapConcurrent<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Request headers of a tenant's authenticated JSON call. */
export function authHeaders(key: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...extra };
}

/**
 * The array in a list response, whatever envelope the server chose: a bare array, or the first
 * array under `data`, `jobs` or `items`.
 */
export function listOf(body: unknown): Record<string, unknown>[] | undefined {
  if (Array.isArray(body)) return body as Record<string, unknown>[];
  if (body && typeof body === 'object') {
    for (const name of ['data', 'jobs', 'items', 'results']) {
      const value = (body as Record<string, unknown>)[name];
      if (Array.isArray(value)) return value as Record<string, unknown>[];
    }
  }
  return undefined;
}

/** A string field of a JSON object, also looked for under a `data` envelope. */
export function field(body: unknown, name: string): string {
  const value = lookup(body, name);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new Error(`response has no "${name}": ${JSON.stringify(body)?.slice(0, 300)}`);
}

export function lookup(body: unknown, name: string): unknown {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  if (name in record) return record[name];
  return lookup(record.data ?? record.job, name);
}

/** Milliseconds since the epoch from an ISO string or an epoch number (seconds or milliseconds). */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return timeOf(Number(value));
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}
