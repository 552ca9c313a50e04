import type { Api } from '../api.js';
import type { WebhookDelivery, WebhookEndpoint } from '../types.js';

const base = '/v1/webhook-endpoints';

/** The tenant's webhook endpoints. */
export async function listEndpoints(api: Api, signal?: AbortSignal): Promise<WebhookEndpoint[]> {
  const page: { data: WebhookEndpoint[] } = await api.get(base, signal ? { signal } : {});
  return page.data;
}

/** An endpoint's most recent deliveries, newest first. */
export async function listDeliveries(api: Api, endpointId: string, signal?: AbortSignal): Promise<WebhookDelivery[]> {
  const page: { data: WebhookDelivery[] } = await api.get(`${base}/${encodeURIComponent(endpointId)}/deliveries?limit=20`, signal ? { signal } : {});
  return page.data;
}

/** Queues a `webhook.test` event for the endpoint. */
export function sendTestEvent(api: Api, endpointId: string): Promise<{ event_id: string }> {
  return api.post(`${base}/${encodeURIComponent(endpointId)}/test`);
}

/** Sends a delivery again now. */
export function redeliver(api: Api, endpointId: string, deliveryId: number): Promise<unknown> {
  return api.post(`${base}/${encodeURIComponent(endpointId)}/deliveries/${deliveryId}/retry`);
}
