import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';

/** The dashboard needs nothing inline. Only /docs relaxes styles: Swagger UI sets inline styles. */
export const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const policy = (directives: Record<string, string[]>) =>
  Object.entries(directives)
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)} ${values.join(' ')}`)
    .join('; ');

/**
 * What Hono's secureHeaders sends with `xFrameOptions: 'DENY', referrerPolicy: 'no-referrer',
 * crossOriginEmbedderPolicy: false` (its other defaults), with our CSP. Written out once here rather
 * than recomputed by the middleware on each response; every-request.test.ts keeps the two equal.
 */
const secure = (csp: Record<string, string[]>): [string, string][] => [
  ['cross-origin-resource-policy', 'same-origin'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'DENY'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
  ['content-security-policy', policy(csp)],
];
export const SECURE_HEADERS = secure(CSP);
export const DOCS_SECURE_HEADERS = secure({ ...CSP, styleSrc: ["'self'", "'unsafe-inline'"] });

/** A request id a client may choose (as Hono's requestId accepts it); anything else is replaced. */
const CLIENT_ID = /^[\w\-=]{1,255}$/;

/**
 * What every response carries, set once per request: its request id (the client's `X-Request-Id` when
 * it is a sane one, else a fresh UUID, also on the context for logs and problem documents) and the
 * security headers (the relaxed CSP under /docs).
 *
 * Served by @hono/node-server, the headers go onto Node's response before the handler runs, so that a
 * handler's own response keeps its plain header object and is written as it is; a header the handler
 * sets wins, as it would for any header it names. Anywhere else (`app.request` in tests, another
 * runtime) they are set on the finished Response, as Hono's middleware sets them.
 */
export function everyRequest(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sent = c.req.header('x-request-id');
    const id = sent !== undefined && CLIENT_ID.test(sent) ? sent : randomUUID();
    c.set('requestId', id);
    const path = c.req.path;
    const headers = path === '/docs' || path.startsWith('/docs/') ? DOCS_SECURE_HEADERS : SECURE_HEADERS;
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (outgoing?.setHeader) {
      for (const [name, value] of headers) outgoing.setHeader(name, value);
      outgoing.setHeader('x-request-id', id);
      return next();
    }
    await next();
    const response = c.res.headers;
    for (const [name, value] of headers) response.set(name, value);
    response.set('x-request-id', id);
  };
}
