// The network boundary, faked: fetch answers from a route table, EventSource is driven by the test.
// The dashboard talks HTTP only, so this is the whole of what it can observe.
import { vi } from 'vitest';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: Headers;
  body: unknown;
}

export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };
export type Handler = (request: FakeRequest) => Reply | Promise<Reply>;

export function json(body: unknown, status = 200): Reply {
  return { status, body };
}

/** A problem document as /v1 renders it (RFC 9457). */
export function problem(status: number, code: string, detail: string, extras: Record<string, unknown> = {}): Reply {
  return {
    status,
    body: { type: `https://tollgate.dev/problems/${code}`, title: code, status, detail, code, request_id: 'req_test', ...extras },
    headers: { 'Content-Type': 'application/problem+json' },
  };
}

/** Fake fetch with routes keyed "METHOD /path/:param". Unknown routes answer 404 and fail loudly in `unmatched`. */
export function fakeFetch(routes: Record<string, Handler>) {
  const calls: FakeRequest[] = [];
  const unmatched: string[] = [];
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method = 'GET', pattern = '/'] = key.split(' ');
    return { method, pattern: pattern.split('/'), handler };
  });

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const request: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      params: {},
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(request);
    for (const route of table) {
      const params = match(route.pattern, url.pathname.split('/'));
      if (route.method === method && params) {
        const reply = await route.handler({ ...request, params });
        const status = reply.status ?? 200;
        return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
          status,
          headers: { 'Content-Type': 'application/json', ...reply.headers },
        });
      }
    }
    unmatched.push(`${method} ${url.pathname}`);
    return new Response(JSON.stringify({ status: 404, title: 'not_found', code: 'not_found', detail: 'no route' }), { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, unmatched, fetchMock };
}

function match(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] ?? '';
    const got = decodeURIComponent(actual[i] ?? '');
    if (want.startsWith(':')) params[want.slice(1)] = got;
    else if (want !== got) return null;
  }
  return params;
}

/** EventSource under the test's control. */
export class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  readyState = FakeEventSource.CONNECTING;
  private listeners = new Map<string, Set<(event: Event) => void>>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: Event) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(listener);
  }

  removeEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.get(type)?.delete(listener);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.dispatch(new Event('open'));
  }

  emit(type: string, data: unknown) {
    this.dispatch(new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  private dispatch(event: Event) {
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
  }

  static install() {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  }

  /** The open stream whose URL contains `fragment`. Pages open streams in effects, after the render a test awaits: call it inside `waitFor`. */
  static find(fragment: string): FakeEventSource {
    const found = FakeEventSource.instances.filter((s) => s.url.includes(fragment) && s.readyState !== FakeEventSource.CLOSED).at(-1);
    if (!found) throw new Error(`no open EventSource for ${fragment}: ${FakeEventSource.instances.map((s) => s.url).join(', ')}`);
    return found;
  }
}
