import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Authenticator, Principal } from '../core/keys.js';
import type { Clock } from '../core/clock.js';
import type { AppEnv } from './context.js';
import { TollgateError } from '../core/errors.js';

/** Answers a refusal in the API family of the request's path (the app's one error handler). */
export type Refuse = (c: Context<AppEnv>, error: TollgateError) => Response;

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

/** A worker key runs items and nothing else; the worker routes take a worker or an admin key. */
function roleRefusal(role: Principal['role'], path: string): string | undefined {
  const workerRoute = path.startsWith('/v1/worker/');
  if (role === 'worker' && !workerRoute) return 'A worker key may only use the /v1/worker routes';
  if (role === 'tenant' && workerRoute) return 'The /v1/worker routes need a worker key (or an admin key)';
  return undefined;
}

/**
 * A valid key always passes: the failure limiter throttles failures only, so one broken client behind
 * a NAT or a proxy cannot lock out every working key (the admin's, the dashboard's) from its address.
 * An address over its limit is refused before its next failure costs a key lookup only when it sends
 * no key at all; a key it sends is still checked, and a good one gets in.
 */
export function requireKey(deps: { auth: Authenticator; limiter: FailureLimiter }, refuse: Refuse): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const secret = bearer(c);
    const principal = secret ? await deps.auth.authenticate(secret) : undefined;
    if (principal) {
      const refusal = roleRefusal(principal.role, c.req.path);
      if (refusal) return refuse(c, new TollgateError('forbidden', refusal));
      c.set('principal', principal);
      return next();
    }
    const address = clientAddress(c);
    const blocked = deps.limiter.blockedFor(address);
    if (blocked > 0) return refuse(c, new TollgateError('too_many_requests', 'Too many failed authentications from this address', { retry_after: blocked }));
    deps.limiter.fail(address);
    return refuse(c, new TollgateError('unauthorized', secret ? 'Invalid or revoked API key' : 'Missing bearer token: send Authorization: Bearer <key>'));
  };
}
