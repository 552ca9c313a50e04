import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { TollgateError } from '../../core/errors.js';
import { patchKey, UpdateKey } from '../../core/key-budgets.js';
import { CreateKey, CreateTenant, UpdateTenant, createKey, createTenant, patchTenant } from '../../core/tenants.js';
import { findKey, findTenant, listKeys, listTenants, revokeKey } from '../../store/tenants.store.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { cursorShapes, nextLink, page, readCursor, renderKey, renderTenant } from '../render.js';
import { CreatedKey, KeyInfo, Tenant, paged, problemResponses } from '../schemas.js';
import { requireAdmin } from '../tenant.js';
import { jsonBody, validationHook } from '../validate.js';

const TenantId = z.object({ id: z.string().min(1).max(128).openapi({ param: { name: 'id', in: 'path' } }) });
const KeyId = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });
const admin = { security: [{ bearer: [] }], tags: ['admin'] };

/** Admin routes: every handler starts with requireAdmin, so a tenant key gets 403 before anything else. */
export function tenantRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('/v1/tenants/*', async (c, next) => (requireAdmin(c), next()));
  app.use('/v1/tenants', async (c, next) => (requireAdmin(c), next()));
  // GET /v1/keys/{id}/usage is the one /v1/keys route a tenant key may use, on its tenant's keys (usage.ts).
  app.use('/v1/keys/*', async (c, next) => (c.req.method === 'GET' && /^\/v1\/keys\/[^/]+\/usage$/.test(c.req.path) ? next() : (requireAdmin(c), next())));
  app.use('/v1/keys', async (c, next) => (requireAdmin(c), next()));

  app.openapi(
    createRoute({
      ...admin,
      method: 'post',
      path: '/v1/tenants',
      operationId: 'createTenant',
      summary: 'Create a tenant',
      request: { body: jsonBody(CreateTenant) },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: Tenant } } }, ...problemResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const tenant = await createTenant(deps, c.req.valid('json'));
      return c.json(renderTenant(tenant), 201, { location: `/v1/tenants/${tenant.id}` });
    },
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'get',
      path: '/v1/tenants',
      operationId: 'listTenants',
      summary: 'List tenants by id',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(300).optional() }) },
      responses: { 200: { description: 'A page of tenants', content: { 'application/json': { schema: paged(Tenant) } } }, ...problemResponses(401, 403) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const after = readCursor(q.cursor, cursorShapes.key);
      const rows = await listTenants(deps.store.db, { ...(after ? { after } : {}), limit: q.limit + 1 });
      const body = page(rows, q.limit, renderTenant, (tenant) => tenant.id);

      return c.json(body, 200, nextLink(c.req.url, body.next_cursor));
    },
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'get',
      path: '/v1/tenants/{id}',
      operationId: 'getTenant',
      summary: 'Get a tenant',
      request: { params: TenantId },
      responses: { 200: { description: 'The tenant', content: { 'application/json': { schema: Tenant } } }, ...problemResponses(401, 403, 404) },
    }),
    async (c) => {
      const tenant = await findTenant(deps.store.db, c.req.valid('param').id);
      if (!tenant) throw new TollgateError('not_found', 'Tenant not found');
      return c.json(renderTenant(tenant), 200);
    },
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'patch',
      path: '/v1/tenants/{id}',
      operationId: 'updateTenant',
      summary: "Change a tenant's name, tier or limits",
      description: 'Limits take effect at once. `null` removes an override. Lowering a limit below what is used admits nothing more and refunds nothing.',
      request: { params: TenantId, body: jsonBody(UpdateTenant) },
      responses: { 200: { description: 'The tenant', content: { 'application/json': { schema: Tenant } } }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const tenant = await patchTenant(deps, c.req.valid('param').id, c.req.valid('json'));
      deps.auth.invalidate();
      return c.json(renderTenant(tenant), 200);
    },
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'post',
      path: '/v1/tenants/{id}/keys',
      operationId: 'createTenantKey',
      summary: 'Create an API key for a tenant',
      description: 'The response is the only place the key appears; only its SHA-256 hash is stored.',
      request: { params: TenantId, body: { ...jsonBody(CreateKey), required: false } },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: CreatedKey } } }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const created = await createKey(deps, c.req.valid('param').id, c.req.valid('json') ?? {});
      return c.json({ ...renderKey(created.key), key: created.secret }, 201, { location: `/v1/keys/${created.key.id}` });
    },
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'get',
      path: '/v1/tenants/{id}/keys',
      operationId: 'listTenantKeys',
      summary: "List a tenant's keys (never the secrets)",
      request: { params: TenantId },
      responses: { 200: { description: 'Keys', content: { 'application/json': { schema: z.object({ data: z.array(KeyInfo) }) } } }, ...problemResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await findTenant(deps.store.db, id))) throw new TollgateError('not_found', 'Tenant not found');
      return c.json({ data: (await listKeys(deps.store.db, id)).map(renderKey) }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'post',
      path: '/v1/keys',
      operationId: 'createKey',
      summary: 'Create an admin key or a worker key (keys of no tenant)',
      description:
        'A worker key (`role: "worker"`) names the `job_types` it may claim and settle through the /v1/worker routes, and may use no other route. ' +
        'The response is the only place the key appears.',
      request: { body: jsonBody(CreateKey) },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: CreatedKey } } }, ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const created = await createKey(deps, null, c.req.valid('json'), async (name) => (await deps.registry.resolve(name)) !== undefined);
      return c.json({ ...renderKey(created.key), key: created.secret }, 201, { location: `/v1/keys/${created.key.id}` });
    },
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'get',
      path: '/v1/keys',
      operationId: 'listKeys',
      summary: 'List the admin and worker keys (never the secrets)',
      responses: { 200: { description: 'Keys', content: { 'application/json': { schema: z.object({ data: z.array(KeyInfo) }) } } }, ...problemResponses(401, 403) },
    }),
    async (c) => c.json({ data: (await listKeys(deps.store.db, null)).map(renderKey) }, 200),
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'patch',
      path: '/v1/keys/{id}',
      operationId: 'updateKey',
      summary: "Change a key's name or budgets",
      description:
        'A tenant key may carry monthly budgets per meter, inside its tenant\'s allowance: admission charges both or neither. ' +
        '`{"limits": {"credits": 500}}` sets a budget, `{"credits": null}` removes one, `"limits": null` removes them all. ' +
        'A change applies to admissions from then on (within KEY_CACHE_MS in other processes); lowering a budget refunds nothing.',
      request: { params: KeyId, body: jsonBody(UpdateKey) },
      responses: { 200: { description: 'The key', content: { 'application/json': { schema: KeyInfo } } }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const key = await patchKey(deps, c.req.valid('param').id, c.req.valid('json'));
      deps.auth.invalidate();
      return c.json(renderKey(key), 200);
    },
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'delete',
      path: '/v1/keys/{id}',
      operationId: 'revokeKey',
      summary: 'Revoke a key',
      request: { params: KeyId },
      responses: { 204: { description: 'Revoked' }, ...problemResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const revoked = await revokeKey(deps.store.db, id, deps.clock.now());
      if (!revoked && !(await findKey(deps.store.db, id))) throw new TollgateError('not_found', 'Key not found');
      deps.auth.invalidate();
      return c.body(null, 204);
    },
  );

  return app;
}
