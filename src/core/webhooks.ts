import { z } from 'zod';
import type { Config } from '../config.js';
import type { Store } from '../store/db.js';
import type { Tenant, WebhookEndpoint } from '../store/schema.js';
import { findEndpoint, insertEndpoint, updateEndpoint } from '../store/webhooks/endpoints.store.js';
import { EVENT_TYPES, newEventId } from '../store/webhooks/outbox.js';
import { insertTestEvent } from '../store/webhooks/endpoints.store.js';
import type { Clock } from './clock.js';
import { refusedDestination } from './addresses.js';
import { notFound, TollgateError } from './errors.js';
import { newId } from './ids.js';
import { generateSecret } from './signing.js';
import { zodIssues } from './validation.js';

const Url = z
  .string()
  .max(2000)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an http or https URL without user information');
const Events = z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length);

export const CreateEndpoint = z.object({
  url: Url,
  events: Events,
  description: z.string().trim().max(500).optional(),
});
export type CreateEndpoint = z.infer<typeof CreateEndpoint>;

export const UpdateEndpoint = z.object({
  url: Url.optional(),
  events: Events.optional(),
  description: z.string().trim().max(500).nullable().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateEndpoint = z.infer<typeof UpdateEndpoint>;

interface Deps {
  store: Store;
  config: Pick<Config, 'webhooks'>;
  clock: Clock;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new TollgateError('validation_failed', 'The request body is invalid', { errors: zodIssues(result.error) });
  return result.data;
}

/** Refuses a URL whose host is, or resolves to, an address that is not public (unless allowed). */
export async function checkDestination(config: Pick<Config, 'webhooks'>, url: string): Promise<void> {
  if (config.webhooks.allowPrivate) return;
  const refused = await refusedDestination(new URL(url));
  if (refused) {
    throw new TollgateError('validation_failed', 'Webhooks are sent to public addresses only', {
      errors: [{ path: 'url', message: `${refused} (WEBHOOKS_ALLOW_PRIVATE=true allows it)` }],
    });
  }
}

/** The endpoint and its secret, which is shown this once. */
export async function createEndpoint(deps: Deps, tenant: Tenant, body: unknown): Promise<WebhookEndpoint> {
  const input = parse(CreateEndpoint, body);
  await checkDestination(deps.config, input.url);
  const now = deps.clock.now();
  const endpoint: WebhookEndpoint = {
    id: newId('whe'),
    tenant_id: tenant.id,
    url: input.url,
    events: JSON.stringify([...new Set(input.events)]),
    description: input.description ?? null,
    enabled: 1,
    secret: generateSecret(),
    previous_secret: null,
    previous_secret_expires_at: null,
    failing_since: null,
    disabled_reason: null,
    created_at: now,
    updated_at: now,
  };
  await insertEndpoint(deps.store.db, endpoint);
  return endpoint;
}

export async function patchEndpoint(deps: Deps, tenant: Tenant, id: string, body: unknown): Promise<WebhookEndpoint> {
  const input = parse(UpdateEndpoint, body);
  if (input.url !== undefined) await checkDestination(deps.config, input.url);
  const updated = await updateEndpoint(deps.store.db, tenant.id, id, {
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.events !== undefined ? { events: JSON.stringify([...new Set(input.events)]) } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    // Enabling again starts afresh: a disabled endpoint's failure clock and reason are cleared.
    ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0, disabled_reason: input.enabled ? null : 'disabled by the tenant', failing_since: null } : {}),
    updated_at: deps.clock.now(),
  });
  if (!updated) throw notFound('Webhook endpoint');
  return updated;
}

/** A new secret; the previous one signs too for the overlap (WEBHOOK_ROTATION_OVERLAP_MS). */
export async function rotateSecret(deps: Deps, tenant: Tenant, id: string): Promise<WebhookEndpoint> {
  const endpoint = await findEndpoint(deps.store.db, tenant.id, id);
  if (!endpoint) throw notFound('Webhook endpoint');
  const now = deps.clock.now();
  const updated = await updateEndpoint(deps.store.db, tenant.id, id, {
    secret: generateSecret(),
    previous_secret: endpoint.secret,
    previous_secret_expires_at: now + deps.config.webhooks.rotationOverlapMs,
    updated_at: now,
  });
  if (!updated) throw notFound('Webhook endpoint');
  return updated;
}

/** Queues a `webhook.test` event for this endpoint alone. */
export async function sendTestEvent(deps: Deps, tenant: Tenant, id: string): Promise<string> {
  const endpoint = await findEndpoint(deps.store.db, tenant.id, id);
  if (!endpoint) throw notFound('Webhook endpoint');
  const eventId = newEventId();
  await insertTestEvent(deps.store.db, endpoint, eventId, JSON.stringify({ endpoint_id: endpoint.id, message: 'A test event from Tollgate' }), deps.clock.now());
  return eventId;
}
