import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { renderTenant } from '../render.js';
import { Tenant, problemResponses } from '../schemas.js';
import { actingTenant } from '../tenant.js';
import { validationHook } from '../validate.js';

export function meRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me',
      operationId: 'getMe',
      summary: 'Who the key is, and the tenant it acts for',
      responses: {
        200: {
          description: 'The caller',
          content: {
            'application/json': {
              schema: z.object({
                key: z.object({ id: z.string(), role: z.enum(['admin', 'tenant', 'worker']), prefix: z.string(), name: z.string().nullable() }),
                // A union, not `Tenant.nullable()`: that would make the component itself nullable everywhere.
                tenant: z.union([Tenant, z.null()]),
              }),
            },
          },
        },
        ...problemResponses(401, 404),
      },
    }),
    async (c) => {
      const p = c.get('principal');
      const named = c.req.header('x-tenant-id');
      const tenant = p.role === 'admin' && !named && !p.tenant ? null : await actingTenant(c, deps.store);
      return c.json({ key: { id: p.keyId, role: p.role, prefix: p.prefix, name: p.name }, tenant: tenant ? renderTenant(tenant) : null }, 200);
    },
  );

  // The benchmark's ceiling: authenticated, parses a JSON body, touches nothing else.
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/ping',
      operationId: 'ping',
      summary: 'Authenticated no-op (parses a JSON body)',
      request: { body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } }, required: false } },
      responses: { 200: { description: 'pong', content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } } }, ...problemResponses(400, 401) },
    }),
    (c) => c.json({ ok: true as const }, 200),
  );

  return app;
}
