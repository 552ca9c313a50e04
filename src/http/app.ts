import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { JobTypeModule } from '../job-types/module.js';
import { requireKey, type Rejections } from './auth.js';
import type { AppEnv } from './context.js';
import type { AppDeps } from './deps.js';
import { problem, problemHandler } from './errors.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { jobRoutes } from './routes/jobs.js';
import { meRoutes } from './routes/me.js';
import { tenantRoutes } from './routes/tenants.js';
import { usageRoutes } from './routes/usage.js';
import { DOCS_HTML, DOCS_INIT, SWAGGER_ROOT, WEB_ROOT, serveFile } from './static.js';

const v1Rejections: Rejections = {
  unauthorized: (c, message) => problem(c, 'unauthorized', message, {}, { 'www-authenticate': 'Bearer' }),
  tooManyFailures: (c, retryAfter) =>
    problem(c, 'too_many_requests', 'Too many failed authentications from this address', { retry_after: retryAfter }, { 'retry-after': String(retryAfter) }),
};

/** The seeds' own style for /api: `{success:false, error, message}` and `{error, code, message}` both carry these fields. */
const apiRejections: Rejections = {
  unauthorized: (c, message) =>
    c.json({ success: false, error: 'Unauthorized', code: 'UNAUTHORIZED', message }, 401, { 'www-authenticate': 'Bearer' }),
  tooManyFailures: (c, retryAfter) =>
    c.json({ success: false, error: 'TooManyRequests', code: 'TOO_MANY_REQUESTS', message: 'Too many failed authentications from this address' }, 429, {
      'retry-after': String(retryAfter),
    }),
};

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

/** `/api/*` guards `/api` itself too (Hono's wildcard matches the bare prefix), so it answers in the same family. */
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

export function createApp(deps: AppDeps, modules: JobTypeModule[] = []) {
  const app = new OpenAPIHono<AppEnv>();
  const onError = problemHandler(deps.logger);
  app.onError(onError);

  app.use('*', requestId({ headerName: 'x-request-id' }));
  const headers = { xFrameOptions: 'DENY', referrerPolicy: 'no-referrer', crossOriginEmbedderPolicy: false } as const;
  const strict = secureHeaders({ ...headers, contentSecurityPolicy: CSP });
  const docs = secureHeaders({ ...headers, contentSecurityPolicy: { ...CSP, styleSrc: ["'self'", "'unsafe-inline'"] } });
  app.use('*', (c, next) => (c.req.path === '/docs' || c.req.path.startsWith('/docs/') ? docs(c, next) : strict(c, next)));

  // Too large is answered in the caller's family: a problem document on /v1, the seeds' shape on /api.
  const tooLarge = (max: number) => (c: Context) =>
    isApiPath(c.req.path)
      ? c.json({ success: false, error: 'PayloadTooLarge', code: 'PAYLOAD_TOO_LARGE', message: `The request body exceeds ${max} bytes` }, 413)
      : problem(c as Context<AppEnv>, 'payload_too_large', `The request body exceeds ${max} bytes`);
  const normalLimit = bodyLimit({ maxSize: deps.config.bodyLimitBytes, onError: tooLarge(deps.config.bodyLimitBytes) });
  const bulkLimit = bodyLimit({ maxSize: deps.config.bulkBodyLimitBytes, onError: tooLarge(deps.config.bulkBodyLimitBytes) });
  app.use('*', (c, next) => (c.req.method === 'PUT' && c.req.path.startsWith('/api/catalog/') ? bulkLimit(c, next) : normalLimit(c, next)));

  app.route('/', healthRoutes(deps));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate',
      version: '0.1.0',
      description: 'Metered job admission: per-tenant allowances, an append-only ledger, and workers that settle each item once.',
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/docs/init.js', (c) => c.body(DOCS_INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/docs/:file{[a-z-]+\\.(css|js)}', async (c) => (await serveFile(c, SWAGGER_ROOT, c.req.param('file'), true)) ?? c.notFound());

  const auth = { auth: deps.auth, limiter: deps.limiter };
  app.use('/v1/*', requireKey(auth, v1Rejections));
  app.use('/api/*', requireKey(auth, apiRejections));
  app.use('/metrics', requireKey(auth, v1Rejections));

  app.route('/', meRoutes(deps));
  app.route('/', jobRoutes(deps));
  app.route('/', usageRoutes(deps));
  app.route('/', tenantRoutes(deps));
  app.route('/', eventRoutes(deps));
  app.route('/', metricsRoutes(deps));
  for (const module of modules) if (module.routes) app.route('/', module.routes(deps));

  app.notFound(async (c) => {
    const path = c.req.path;
    if (path.startsWith('/v1/') || path === '/v1') return problem(c, 'not_found', `No route for ${c.req.method} ${path}`);
    if (isApiPath(path)) return c.json({ success: false, error: 'NotFound', code: 'NOT_FOUND', message: `No route for ${c.req.method} ${path}` }, 404);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return problem(c, 'not_found', `No route for ${c.req.method} ${path}`);
    // The dashboard: real files first, then index.html for client-side routes.
    const file = path.startsWith('/assets/') ? await serveFile(c, WEB_ROOT, path, true) : await serveFile(c, WEB_ROOT, path);
    if (file) return file;
    const index = await serveFile(c, WEB_ROOT, 'index.html');
    return index ?? c.text('The dashboard is not built yet: run `npm run build`.', 404);
  });

  return app;
}
