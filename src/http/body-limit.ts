import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.js';

/**
 * Hono's bodyLimit without its cost on every request. Hono's middleware first asks for
 * `c.req.raw.body`, which makes @hono/node-server build a full WHATWG Request (headers, an
 * AbortSignal, a web stream) for every request, GETs included: a third of the CPU of an
 * authenticated no-op. Here a request that declares its length (Content-Length without
 * Transfer-Encoding) is judged by the header alone, as Hono judges it, and Node's parser holds the body
 * to that length; GET and HEAD carry no body. Only a body of unknown length (chunked, or a Request
 * built in-process) is counted as it streams, by Hono's own middleware.
 */
export function limitBody(maxSize: number, refuse: (c: Context<AppEnv>) => Response): MiddlewareHandler<AppEnv> {
  // The body is not read, so the connection cannot carry another request: say so, and Node closes it
  // once the 413 is written. A pooled client then opens a fresh one rather than failing its next request.
  const onError = (c: Context<AppEnv>) => {
    const response = refuse(c);
    response.headers.set('connection', 'close');
    return response;
  };
  const counted = bodyLimit({ maxSize, onError });
  return (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    return parseInt(length || '0', 10) > maxSize ? Promise.resolve(onError(c)) : next();
  };
}
