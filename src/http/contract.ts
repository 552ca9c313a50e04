/**
 * What every operation of `/openapi.json` shares, added once to the generated document rather than
 * repeated in each route: the bearer key at the root (health, docs and the document itself opt out),
 * the refusals any route can answer (a bad key, a body too large, a database restarting…) in the
 * envelope of the path's family, and the headers that go with them. The test harness validates every
 * response a test receives against the result (test/support/contract.ts), so a status or header a
 * route answers and the document does not declare fails a test.
 */

/** The parts of an OpenAPI 3.1 document this pass reads and writes. */
type Json = Record<string, any>;
export interface OpenApiDocument {
  openapi: string;
  paths?: object;
  components?: object;
}

/** A family of paths and how it says "no": the schema of its error body, and its media type. */
export interface Family {
  prefixes: string[];
  tag?: string;
  errorSchema: string;
  mediaType: string;
}

/** Operations a module documents for its own routes (plain Hono routes), in OpenAPI's own words. */
export interface ModuleDocument {
  /** The tag of the module's operations, and the component schema of its error envelope. */
  tag: string;
  errorSchema: string;
  paths: Record<string, Record<string, Json>>;
  schemas?: Record<string, Json>;
  tags?: Json[];
}

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Response headers, declared once. */
export const HEADERS: Record<string, Json> = {
  RequestId: { description: "This request's id: the client's `X-Request-Id` when it is a sane one, else a fresh UUID. Also in problem documents as `request_id`.", schema: { type: 'string' } },
  Location: { description: 'Where the created resource is.', schema: { type: 'string' } },
  IdempotentReplayed: { description: 'Present (`true`) when this is the stored answer to an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
  RetryAfter: { description: 'Seconds to wait before retrying (RFC 9110 §10.2.3).', schema: { type: 'string', pattern: '^[0-9]+$' } },
  RateLimit: { description: 'The meter\'s state (draft-ietf-httpapi-ratelimit-headers): `"<meter>";r=<remaining>;t=<seconds until it resets>`.', schema: { type: 'string' } },
  RateLimitPolicy: { description: 'The meter\'s policy: `"<meter>";q=<limit>;w=<window in seconds>`, the window one period.', schema: { type: 'string' } },
  WWWAuthenticate: { description: 'The scheme to authenticate with (RFC 9110 §11.6.1): `Bearer`.', schema: { type: 'string' } },
  Link: { description: 'The next page (RFC 8288, `rel="next"`), the same as the body\'s cursor; absent on the last page.', schema: { type: 'string' } },
};

const DESCRIPTIONS: Record<string, string> = {
  '400': 'The request is invalid',
  '401': 'No key, or a key that is invalid or revoked',
  '402': 'The allowance cannot pay for it',
  '403': 'The key may not do this',
  '404': 'No such resource',
  '409': 'Conflicts with the current state',
  '413': 'The body is too large',
  '415': 'The body is not JSON',
  '422': 'The Idempotency-Key was used with another body',
  '429': 'Refused until later',
  '500': 'An unexpected error',
  '503': 'The database is unavailable; retry shortly',
};

/** Headers each refusal carries, whatever the route. */
const REFUSAL_HEADERS: Record<string, string[]> = {
  '401': ['WWWAuthenticate'],
  '402': ['RetryAfter'],
  '409': ['RetryAfter'],
  '429': ['RetryAfter'],
  '503': ['RetryAfter'],
};

/** Headers particular to some /v1 operations, by operationId and status. */
const OPERATION_HEADERS: Record<string, Record<string, string[]>> = {
  admitJob: { '201': ['IdempotentReplayed', 'RateLimit', 'RateLimitPolicy'], '402': ['RateLimit', 'RateLimitPolicy'], '429': ['RateLimit', 'RateLimitPolicy'] },
  listJobs: { '200': ['Link'] },
  listJobItems: { '200': ['Link'] },
  listTenants: { '200': ['Link'] },
  getUsageHistory: { '200': ['Link'] },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Health, readiness, the document and its page: no key, plain bodies. */
const OPEN_PATHS: Record<string, Record<string, Json>> = {
  '/healthz': {
    get: {
      operationId: 'health',
      tags: ['health'],
      summary: 'Liveness: the process runs',
      security: [],
      responses: { 200: { description: 'Alive', content: { 'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } } } } } },
    },
  },
  '/readyz': {
    get: {
      operationId: 'ready',
      tags: ['health'],
      summary: 'Readiness: the database answers within 2 s',
      security: [],
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
        503: { description: 'Not ready', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'getOpenApiDocument',
      tags: ['docs'],
      summary: 'This document (generated per request: job types declared at run time appear at once)',
      security: [],
      responses: { 200: { description: 'An OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  },
  '/docs': {
    get: {
      operationId: 'getDocs',
      tags: ['docs'],
      summary: 'Swagger UI over this document',
      security: [],
      responses: { 200: { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
  '/docs/{file}': {
    get: {
      operationId: 'getDocsAsset',
      tags: ['docs'],
      summary: "Swagger UI's scripts and styles, and the page's init.js",
      security: [],
      parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z-]+\\.(css|js)$' } }],
      responses: {
        200: { description: 'The file', content: { 'text/css': { schema: { type: 'string' } }, 'text/javascript': { schema: { type: 'string' } }, 'application/javascript': { schema: { type: 'string' } } } },
        404: { description: 'No such file', content: { 'text/plain': { schema: { type: 'string' } } } },
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'getMetrics',
      tags: ['metrics'],
      summary: 'Prometheus text exposition (needs an admin key: it names tenants)',
      responses: { 200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
};

const READINESS = {
  type: 'object',
  required: ['status', 'database'],
  properties: { status: { enum: ['ready', 'not_ready'] }, database: { enum: ['sqlite', 'postgres'] }, error: { type: 'string' } },
};

/** The tag of a /v1 path whose route names none. */
function v1Tag(path: string): string {
  if (path.startsWith('/v1/jobs') || path === '/v1/events') return 'jobs';
  if (path.startsWith('/v1/usage') || /^\/v1\/keys\/\{id\}\/usage$/.test(path)) return 'usage';
  return 'account';
}

/** Tenant-scoped /v1 operations: an admin key names the tenant it acts for. */
const actsForTenant = (path: string) => /^\/v1\/(jobs|events|usage|me)(\/|$)/.test(path);

const TENANT_HEADER = {
  name: 'X-Tenant-Id',
  in: 'header',
  required: false,
  description: 'With an admin key: the tenant to act for (required on tenant routes, except `/v1/me`). Ignored for tenant keys.',
  schema: { type: 'string' },
};

const ACCESS_TOKEN = {
  name: 'access_token',
  in: 'query',
  required: false,
  description: 'The key, for clients that cannot send headers (EventSource). Prefer the Authorization header.',
  schema: { type: 'string' },
};

const TENANT_QUERY = {
  name: 'tenant_id',
  in: 'query',
  required: false,
  description: "With an admin key passed as `access_token`: the tenant to act for (EventSource cannot send X-Tenant-Id).",
  schema: { type: 'string' },
};

const LAST_EVENT_ID = {
  name: 'Last-Event-ID',
  in: 'header',
  required: false,
  description: 'Sent by EventSource when it reconnects: the id of the last event it received.',
  schema: { type: 'string' },
};

const withHeaders = (response: Json, names: string[]) => {
  const headers: Json = { ...(response.headers ?? {}) };
  for (const name of names) headers[name] ??= ref(name);
  return { ...response, headers };
};

/**
 * The finished document: `document` (generated from the routes) with the modules' paths, the open
 * paths, and on every operation a tag, the refusals of its family and the headers of each answer.
 */
export function finishDocument<D extends OpenApiDocument>(document: D, families: Family[], modules: ModuleDocument[]): D {
  const paths: Record<string, Record<string, Json>> = { ...OPEN_PATHS, ...(structuredClone(document.paths ?? {}) as Record<string, Record<string, Json>>) };
  const components = (document.components ?? {}) as Json;
  const schemas: Json = { ...(components.schemas ?? {}), Readiness: READINESS };
  const tags: Json[] = [
    { name: 'jobs', description: 'Admit jobs, follow them, cancel them' },
    { name: 'usage', description: "The tenant's meters and ledger" },
    { name: 'account', description: 'Who the key is' },
    { name: 'admin', description: 'Tenants and keys (admin key)' },
    { name: 'job types', description: 'Declared job types (admin key to change)' },
    { name: 'workers', description: 'Remote workers: claim, heartbeat, settle (worker key)' },
    { name: 'webhooks', description: 'Webhook endpoints and their deliveries: job ends and usage thresholds, signed' },
    { name: 'health', description: 'Liveness and readiness (no key)' },
    { name: 'docs', description: 'This document and its page (no key)' },
    { name: 'metrics', description: 'Prometheus metrics (admin key)' },
  ];
  for (const module of modules) {
    for (const [path, operations] of Object.entries(module.paths)) paths[path] = { ...paths[path], ...structuredClone(operations) };
    Object.assign(schemas, module.schemas);
    tags.push(...(module.tags ?? []));
  }
  const familyOf = (path: string) =>
    [...families].sort((a, b) => Math.max(...b.prefixes.map((p) => p.length)) - Math.max(...a.prefixes.map((p) => p.length))).find((f) => f.prefixes.some((p) => path === p || path.startsWith(`${p}/`)));

  for (const [path, operations] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      const family = familyOf(path);
      const secured = !(Array.isArray(operation.security) && operation.security.length === 0);
      // Any route's own security names the root's scheme: it adds nothing, so it goes.
      if (secured) delete operation.security;
      operation.tags ??= [family?.tag ?? v1Tag(path)];
      const responses: Json = { ...operation.responses };
      if (family) {
        const statuses = [
          ...(secured ? ['401', '403', '429'] : []),
          ...(operation.requestBody ? ['400', '413', '415'] : []),
          ...(/\{/.test(path) || operation.parameters?.length ? ['400'] : []),
          ...(actsForTenant(path) || path.startsWith('/api/') ? ['400', '404'] : []),
          '500',
          '503',
        ];
        for (const status of statuses) {
          responses[status] ??= { description: DESCRIPTIONS[status], content: { [family.mediaType]: { schema: { $ref: `#/components/schemas/${family.errorSchema}` } } } };
        }
      }
      for (const [status, response] of Object.entries(responses)) {
        const names = ['RequestId', ...(REFUSAL_HEADERS[status] ?? []), ...(status === '201' ? ['Location'] : [])];
        names.push(...(OPERATION_HEADERS[operation.operationId]?.[status] ?? []));
        responses[status] = withHeaders({ ...(response as Json), description: (response as Json).description || DESCRIPTIONS[status] || 'Answer' }, names);
      }
      if (responses['201']?.headers?.Location) responses['201'].headers.Location = { ...ref('Location'), required: true } as Json;
      operation.responses = responses;
      const parameters: Json[] = [...(operation.parameters ?? [])];
      const has = (name: string) => parameters.some((p) => p.name?.toLowerCase() === name.toLowerCase());
      if ((actsForTenant(path) || path.startsWith('/api/')) && !has('x-tenant-id')) parameters.push(TENANT_HEADER);
      if (operation.responses?.['200']?.content?.['text/event-stream']) {
        if (!has('access_token')) parameters.push(ACCESS_TOKEN);
        if (!has('tenant_id')) parameters.push(TENANT_QUERY);
        if (!has('last-event-id')) parameters.push(LAST_EVENT_ID);
      }
      if (parameters.length) operation.parameters = parameters;
    }
  }
  return {
    ...document,
    // Relative: the server that serves the document, whatever its host (Swagger UI calls it there).
    servers: [{ url: '/', description: 'This Tollgate' }],
    security: [{ bearer: [] }],
    tags,
    paths,
    components: {
      ...components,
      schemas,
      headers: { ...(components.headers ?? {}), ...HEADERS },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Tollgate key: `Authorization: Bearer tg_…`' } },
    },
  };
}

/** Shorthands for modules documenting their own routes. */
export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const headerRef = ref;
export const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
export const headerParam = (name: string, description: string, required = false) => ({ name, in: 'header', required, description, schema: { type: 'string' } });
export const queryParam = (name: string, schema: Json = { type: 'string' }) => ({ name, in: 'query', required: false, schema });
export const jsonContent = (schema: Json) => ({ 'application/json': { schema } });
