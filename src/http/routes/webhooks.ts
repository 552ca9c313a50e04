import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { CreateEndpoint, UpdateEndpoint, createEndpoint, patchEndpoint, rotateSecret, sendTestEvent } from '../../core/webhooks.js';
import { notFound } from '../../core/errors.js';
import { deleteEndpoint, findEndpoint, listDeliveries, listEndpoints, redeliver } from '../../store/webhooks/endpoints.store.js';
import { EVENT_TYPES } from '../../store/webhooks/outbox.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { cursorShapes, page, readCursor, renderDelivery, renderEndpoint } from '../render.js';
import { paged, problemResponses } from '../schemas.js';
import { actingTenant } from '../tenant.js';
import { jsonBody, validationHook } from '../validate.js';

const Endpoint = z
  .object({
    id: z.string().openapi({ example: 'whe_3x9Kq2Lm8Np4Rs7T' }),
    url: z.string(),
    events: z.array(z.enum(EVENT_TYPES)),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().openapi({ description: 'Why it was disabled: `410 Gone`, failing for days, or by the tenant.' }),
    failing_since: z.string().nullable(),
    rotation_overlap_until: z.string().nullable().openapi({ description: 'Until when the previous secret signs too, after a rotation.' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('WebhookEndpoint');
const WithSecret = Endpoint.extend({ secret: z.string().openapi({ description: 'The signing secret `whsec_…`. Shown once.' }) }).openapi('WebhookEndpointWithSecret');
const Delivery = z
  .object({
    id: z.number().int(),
    event_id: z.string().openapi({ description: 'The `webhook-id` header: the same on every attempt.' }),
    event_type: z.string(),
    status: z.enum(['pending', 'delivered', 'failed', 'gave_up']),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_duration_ms: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('WebhookDelivery');

const Id = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' } }) });
const DeliveryId = Id.extend({ delivery: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'delivery', in: 'path' } }) });
const meta = { tags: ['webhooks'], security: [{ bearer: [] }] };
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A tenant key manages its own tenant's endpoints; an admin key names the tenant (X-Tenant-Id). */
export function webhookRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const now = () => deps.clock.now();
  const own = async (c: Parameters<typeof actingTenant>[0], id: string) => {
    const tenant = await actingTenant(c, deps.store);
    const endpoint = await findEndpoint(deps.store.db, tenant.id, id);
    if (!endpoint) throw notFound('Webhook endpoint');
    return { tenant, endpoint };
  };

  app.openapi(
    createRoute({
      ...meta,
      method: 'post',
      path: '/v1/webhook-endpoints',
      operationId: 'createWebhookEndpoint',
      summary: 'Register a webhook endpoint',
      description: 'The response is the only place the signing secret appears. Only public addresses are accepted unless WEBHOOKS_ALLOW_PRIVATE=true.',
      request: { body: jsonBody(CreateEndpoint) },
      responses: { 201: json(WithSecret, 'Created'), ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const tenant = await actingTenant(c, deps.store);
      const endpoint = await createEndpoint(deps, tenant, c.req.valid('json'));
      return c.json({ ...renderEndpoint(endpoint, now()), secret: endpoint.secret }, 201, { location: `/v1/webhook-endpoints/${endpoint.id}` });
    },
  );

  app.openapi(
    createRoute({
      ...meta,
      method: 'get',
      path: '/v1/webhook-endpoints',
      operationId: 'listWebhookEndpoints',
      summary: "The tenant's webhook endpoints, newest first",
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(300).optional() }) },
      responses: { 200: json(paged(Endpoint), 'A page of endpoints'), ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await actingTenant(c, deps.store);
      const after = readCursor(q.cursor, cursorShapes.timeAndId);
      const rows = await listEndpoints(deps.store.db, tenant.id, { ...(after ? { after } : {}), limit: q.limit + 1 });
      return c.json(page(rows, q.limit, (e) => renderEndpoint(e, now()), (e) => [e.created_at, e.id]), 200);
    },
  );

  app.openapi(
    createRoute({
      ...meta,
      method: 'get',
      path: '/v1/webhook-endpoints/{id}',
      operationId: 'getWebhookEndpoint',
      summary: 'Get a webhook endpoint',
      request: { params: Id },
      responses: { 200: json(Endpoint, 'The endpoint'), ...problemResponses(401, 404) },
    }),
    async (c) => c.json(renderEndpoint((await own(c, c.req.valid('param').id)).endpoint, now()), 200),
  );

  app.openapi(
    createRoute({
      ...meta,
      method: 'patch',
      path: '/v1/webhook-endpoints/{id}',
      operationId: 'updateWebhookEndpoint',
      summary: "Change an endpoint's URL, events, description, or enable it again",
      request: { params: Id, body: jsonBody(UpdateEndpoint) },
      responses: { 200: json(Endpoint, 'The endpoint'), ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const tenant = await actingTenant(c, deps.store);
      return c.json(renderEndpoint(await patchEndpoint(deps, tenant, c.req.valid('param').id, c.req.valid('json')), now()), 200);
    },
  );

  app.openapi(
    createRoute({
      ...meta,
      method: 'delete',
      path: '/v1/webhook-endpoints/{id}',
      operationId: 'deleteWebhookEndpoint',
      summary: 'Delete a webhook endpoint and its delivery log',
      request: { params: Id },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const tenant = await actingTenant(c, deps.store);
      if (!(await deleteEndpoint(deps.store.db, tenant.id, c.req.valid('param').id))) throw notFound('Webhook endpoint');
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      ...meta,
      method: 'post',
      path: '/v1/webhook-endpoints/{id}/rotate-secret',
      operationId: 'rotateWebhookSecret',
      summary: 'Rotate the signing secret',
      description: 'The new secret is shown once. The previous one signs too (a second signature) until `rotation_overlap_until`.',
      request: { params: Id },
      responses: { 200: json(WithSecret, 'The endpoint and its new secret'), ...problemResponses(401, 404) },
    }),
    async (c) => {
      const tenant = await actingTenant(c, deps.store);
      const endpoint = await rotateSecret(deps, tenant, c.req.valid('param').id);
      return c.json({ ...renderEndpoint(endpoint, now()), secret: endpoint.secret }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...meta,
      method: 'get',
      path: '/v1/webhook-endpoints/{id}/deliveries',
      operationId: 'listWebhookDeliveries',
      summary: "An endpoint's deliveries, newest first",
      request: { params: Id, query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(300).optional() }) },
      responses: { 200: json(paged(Delivery), 'A page of deliveries'), ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { endpoint } = await own(c, c.req.valid('param').id);
      const before = readCursor(q.cursor, cursorShapes.rowId);
      const rows = await listDeliveries(deps.store.db, endpoint.id, { ...(before !== undefined ? { before } : {}), limit: q.limit + 1 });
      return c.json(page(rows, q.limit, renderDelivery, (d) => Number(d.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      ...meta,
      method: 'post',
      path: '/v1/webhook-endpoints/{id}/deliveries/{delivery}/retry',
      operationId: 'retryWebhookDelivery',
      summary: 'Deliver again now',
      description: 'The same event, with the same `webhook-id`.',
      request: { params: DeliveryId },
      responses: { 202: json(Delivery, 'Queued'), ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const { endpoint } = await own(c, p.id);
      const delivery = await redeliver(deps.store.db, endpoint.id, p.delivery, now());
      if (!delivery) throw notFound('Delivery');
      return c.json(renderDelivery(delivery), 202);
    },
  );

  app.openapi(
    createRoute({
      ...meta,
      method: 'post',
      path: '/v1/webhook-endpoints/{id}/test',
      operationId: 'sendWebhookTestEvent',
      summary: 'Send a test event (`webhook.test`) to this endpoint',
      request: { params: Id },
      responses: { 202: json(z.object({ event_id: z.string() }), 'Queued'), ...problemResponses(401, 404) },
    }),
    async (c) => {
      const tenant = await actingTenant(c, deps.store);
      return c.json({ event_id: await sendTestEvent(deps, tenant, c.req.valid('param').id) }, 202);
    },
  );

  return app;
}
