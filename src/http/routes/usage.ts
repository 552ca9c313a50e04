import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { TollgateError } from '../../core/errors.js';
import { keyUsageOf } from '../../core/key-budgets.js';
import { usageOf } from '../../core/usage.js';
import { findKey } from '../../store/tenants.store.js';
import { listLedger } from '../../store/ledger.store.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { cursorShapes, nextLink, page, readCursor, renderLedgerEntry } from '../render.js';
import { KeyUsage, LedgerEntry, Meter, paged, problemResponses } from '../schemas.js';
import { actingTenant } from '../tenant.js';
import { validationHook } from '../validate.js';

const Instant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or date-time');

export function usageRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/usage',
      operationId: 'getUsage',
      summary: "Every meter of the caller's tenant this period",
      responses: {
        200: {
          description: 'Usage',
          content: { 'application/json': { schema: z.object({ tenant_id: z.string(), period: z.string(), meters: z.array(Meter) }) } },
        },
        ...problemResponses(401),
      },
    }),
    async (c) => {
      const tenant = await actingTenant(c, deps.store);
      const usage = await usageOf(deps, tenant, deps.clock.now());
      return c.json({ tenant_id: tenant.id, ...usage }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/usage/history',
      operationId: 'getUsageHistory',
      summary: 'Ledger entries, newest first',
      request: {
        query: z.object({
          meter: z.string().max(64).optional(),
          from: Instant.optional(),
          to: Instant.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().max(200).optional(),
        }),
      },
      responses: { 200: { description: 'A page of ledger entries', content: { 'application/json': { schema: paged(LedgerEntry) } } }, ...problemResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await actingTenant(c, deps.store);
      const before = readCursor(q.cursor, cursorShapes.rowId);
      const rows = await listLedger(deps.store.db, {
        tenantId: tenant.id,
        ...(q.meter ? { meter: q.meter } : {}),
        ...(q.from ? { from: Date.parse(q.from) } : {}),
        ...(q.to ? { to: Date.parse(q.to) } : {}),
        ...(before !== undefined ? { beforeId: before } : {}),
        limit: q.limit + 1,
      });
      const body = page(rows, q.limit, renderLedgerEntry, (entry) => Number(entry.id));

      return c.json(body, 200, nextLink(c.req.url, body.next_cursor));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/keys/{id}/usage',
      operationId: 'getKeyUsage',
      summary: "A key's budgets this period: used, limit and remaining per meter",
      description: "A tenant key may read its own tenant's keys; an admin key any key. Another tenant's key is not found.",
      request: { params: z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: "The key's usage", content: { 'application/json': { schema: KeyUsage } } }, ...problemResponses(401, 403, 404) },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (principal.role === 'worker') throw new TollgateError('forbidden', 'A worker key may only use the /v1/worker routes');
      const key = await findKey(deps.store.db, c.req.valid('param').id);
      if (!key || key.tenant_id === null || (principal.role !== 'admin' && key.tenant_id !== principal.tenant?.id)) {
        throw new TollgateError('not_found', 'Key not found');
      }
      const usage = await keyUsageOf(deps, key, deps.clock.now());
      return c.json({ key_id: key.id, tenant_id: key.tenant_id, ...usage }, 200);
    },
  );

  return app;
}
