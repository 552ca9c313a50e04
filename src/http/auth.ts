import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Authenticator } from '../core/keys.js';
import type { Clock } from '../core/clock.js';
import type { AppEnv } from './context.js';

/** How each API family says "no": problem documents on /v1, the seed's envelopes on /api. */
export interface Rejections {
  unauthorized(c: Context<AppEnv>, message: string): Response;
  tooManyFailures(c: Context<AppEnv>, retryAfter: number): Response;
}

/**
 * Failed authentications per client address, in a fixed one-minute window. Success does not count,
 * so a working client is never slowed; a key-guessing one is stopped after `perMinute` misses.
 */
export function createFailureLimiter(clock: Clock, perMinute: number) {
  const windows = new Map<string, { start: number; failures: number }>();
  return {
    blockedFor(address: string): number {
      const w = windows.get(address);
      const now = clock.now();
      if (!w || now - w.start >= 60_000) return 0;
      return w.failures >= perMinute ? Math.ceil((w.start + 60_000 - now) / 1000) : 0;
    },
    fail(address: string) {
      const now = clock.now();
      const w = windows.get(address);
      if (!w || now - w.start >= 60_000) {
        // Bounded memory without a reset: only windows that are over are forgotten, so an attacker
        // with many addresses cannot clear its own block by flooding the table.
        if (windows.size > 50_000) for (const [a, x] of windows) if (now - x.start >= 60_000) windows.delete(a);
        windows.set(address, { start: now, failures: 1 });
      } else w.failures++;
    },
  };
}
export type FailureLimiter = ReturnType<typeof createFailureLimiter>;

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** GET /v1/events and GET /v1/jobs/{id}/events. */
const SSE_ROUTE = /^\/v1\/(jobs\/[^/]+\/)?events$/;

function bearer(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match) return match[1];
  // EventSource cannot send headers; the SSE routes accept the key as a query parameter. Only they:
  // anywhere else a key in the URL ends up in logs, and an id spelled "events" must not open a route.
  if (c.req.method === 'GET' && SSE_ROUTE.test(c.req.path)) return c.req.query('access_token') || undefined;
  return undefined;
}

export function requireKey(deps: { auth: Authenticator; limiter: FailureLimiter }, reject: Rejections): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const address = clientAddress(c);
    const blocked = deps.limiter.blockedFor(address);
    if (blocked > 0) return reject.tooManyFailures(c, blocked);
    const secret = bearer(c);
    if (!secret) {
      deps.limiter.fail(address);
      return reject.unauthorized(c, 'Missing bearer token: send Authorization: Bearer <key>');
    }
    const principal = await deps.auth.authenticate(secret);
    if (!principal) {
      deps.limiter.fail(address);
      return reject.unauthorized(c, 'Invalid or revoked API key');
    }
    c.set('principal', principal);
    await next();
  };
}
