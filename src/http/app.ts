import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { JobTypeModule } from '../job-types/module.js';
import { TollgateError } from '../core/errors.js';
import { requireKey } from './auth.js';
import { limitBody } from './body-limit.js';
import { everyRequest } from './every-request.js';
import type { AppEnv } from './context.js';
import type { AppDeps } from './deps.js';
import { apiEnvelope } from './envelopes/api.js';
import { envelopeChooser } from './envelopes/envelope.js';
import { problemEnvelope } from './envelopes/problem.js';
import { classify, refusalOf, STATUS } from './errors.js';
import { finishDocument, type Family } from './contract.js';
import { withJobInputs } from './openapi.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { jobTypeRoutes } from './routes/job-types.js';
import { workerRoutes } from './routes/worker.js';
import { metricsRoutes } from './routes/metrics.js';
import { jobRoutes } from './routes/jobs.js';
import { meRoutes } from './routes/me.js';
import { tenantRoutes } from './routes/tenants.js';
import { usageRoutes } from './routes/usage.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { Pages } from './static.js';

export interface AppOptions {
  /**
   * Swagger UI and the dashboard, served from files (static.ts `filePages`, passed by main.ts). Without
   * them (the edge: no file system, and static.ts would pull Node's in) /docs and the pages are 404.
   */
  pages?: Pages;
  /** Route families left out where their machinery is missing (the edge: no event bus across isolates, no webhook dispatcher). */
  without?: ('events' | 'webhooks')[];
}

export function createApp(deps: AppDeps, modules: JobTypeModule[] = [], options: AppOptions = {}) {
  const { pages, without = [] } = options;
  const app = new OpenAPIHono<AppEnv>();
  // `/api/*` guards `/api` itself too (Hono's wildcard matches the bare prefix), so the unclaimed
  // rest of /api answers in a seed-shaped envelope of its own.
  const envelopeOf = envelopeChooser([
    { prefixes: ['/v1'], envelope: problemEnvelope },
    { prefixes: ['/api'], envelope: apiEnvelope },
    ...modules.flatMap((m) => (m.api ? [m.api] : [])),
  ]);
  /** Every refusal and every error thrown: classified once, a 5xx logged once with its stack, rendered in the path's family. */
  const refuse = (c: Context<AppEnv>, error: unknown): Response => {
    const classified = classify(error);
    if (STATUS[classified.code] >= 500) {
      deps.logger.error({ err: error, requestId: c.get('requestId'), method: c.req.method, path: c.req.path }, 'request failed');
    }
    return (envelopeOf(c.req.path) ?? problemEnvelope).render(c, refusalOf(classified));
  };
  app.onError((error, c) => refuse(c, error));

  app.use('*', everyRequest());

  const tooLarge = (max: number) => (c: Context<AppEnv>) => refuse(c, new TollgateError('payload_too_large', `The request body exceeds ${max} bytes`));
  const normalLimit = limitBody(deps.config.bodyLimitBytes, tooLarge(deps.config.bodyLimitBytes));
  const bulkLimit = limitBody(deps.config.bulkBodyLimitBytes, tooLarge(deps.config.bulkBodyLimitBytes));
  app.use('*', (c, next) => (c.req.method === 'PUT' && c.req.path.startsWith('/api/catalog/') ? bulkLimit(c, next) : normalLimit(c, next)));

  app.route('/', healthRoutes(deps));
  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate',
      version: '0.1.0',
      license: { name: 'MIT', identifier: 'MIT' },
      description: 'Metered job admission: per-tenant allowances, an append-only ledger, and workers that settle each item once.',
    },
  };
  const families: Family[] = [
    { prefixes: ['/v1', '/metrics'], errorSchema: 'Problem', mediaType: 'application/problem+json' },
    ...modules.flatMap((m) => (m.api && m.openapi ? [{ prefixes: m.api.prefixes, tag: m.openapi.tag, errorSchema: m.openapi.errorSchema, mediaType: 'application/json' }] : [])),
  ];
  const documented = modules.flatMap((m) => (m.openapi ? [m.openapi] : []));
  // Generated per request: the job types (and so the inputs of POST /v1/jobs) change at run time.
  app.get('/openapi.json', (c) => c.json(finishDocument(withJobInputs(app.getOpenAPI31Document(documentConfig), deps.registry.list()), families, documented)));
  if (pages) {
    app.get('/docs', (c) => c.html(pages.docsHtml));
    // One route for Swagger UI's files and our init.js: a regex parameter beside a static sibling, or a
    // capturing group, would push Hono from its RegExpRouter to the slower TrieRouter for every route.
    app.get('/docs/:file{[a-z-]+\\.(?:css|js)}', async (c) => (await pages.docsFile(c, c.req.param('file'))) ?? c.notFound());
  }

  const auth = { auth: deps.auth, limiter: deps.limiter };
  const keyRequired = requireKey(auth, refuse);
  app.use('/v1/*', keyRequired);
  app.use('/api/*', keyRequired);
  app.use('/metrics', keyRequired);

  app.route('/', meRoutes(deps));
  app.route('/', jobRoutes(deps));
  app.route('/', usageRoutes(deps));
  app.route('/', tenantRoutes(deps));
  if (!without.includes('events')) app.route('/', eventRoutes(deps));
  app.route('/', metricsRoutes(deps));
  app.route('/', jobTypeRoutes(deps));
  app.route('/', workerRoutes(deps));
  if (!without.includes('webhooks')) app.route('/', webhookRoutes(deps));
  for (const module of modules) if (module.routes) app.route('/', module.routes(deps));

  /** The methods the routes answer on a path, for a 405's `Allow`; built at the first wrong method. */
  let routeTable: { pattern: RegExp; method: string }[] | undefined;
  const allowedOn = (path: string): string[] => {
    routeTable ??= app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => ({
        method: r.method,
        pattern: new RegExp(`^${r.path
          .split('/')
          .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/')}$`),
      }));
    const methods = new Set(routeTable.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };

  app.notFound(async (c) => {
    const path = c.req.path;
    const allowed = envelopeOf(path) || path === '/metrics' ? allowedOn(path) : [];
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      const allow = allowed.join(', ');
      return refuse(c, new TollgateError('method_not_allowed', `${c.req.method} is not allowed on ${path}; it answers ${allow}`, { allow }));
    }
    // An API path, or anything but a page to read: no such route, in the path's family.
    if (envelopeOf(path) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return refuse(c, new TollgateError('not_found', `No route for ${c.req.method} ${path}`));
    // The dashboard: real files first, then index.html for client-side routes.
    return pages ? pages.page(c, path) : c.text('No dashboard here: it is served by `tollgate serve`.', 404);
  });

  return app;
}
