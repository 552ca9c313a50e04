import type { Kysely } from 'kysely';
import type { Database, WebhookDelivery, WebhookEndpoint, WebhookEndpointsTable } from '../schema.js';

/** Endpoints and their delivery log: plain Kysely, no money moves. Every read is scoped to the tenant. */

export async function insertEndpoint(db: Kysely<Database>, endpoint: WebhookEndpoint): Promise<void> {
  await db.insertInto('webhook_endpoints').values(endpoint).execute();
}

export function findEndpoint(db: Kysely<Database>, tenantId: string, id: string): Promise<WebhookEndpoint | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Newest first; `after` is the `[created_at, id]` of the last one shown. */
export function listEndpoints(db: Kysely<Database>, tenantId: string, opts: { after?: [number, string]; limit: number }): Promise<WebhookEndpoint[]> {
  let q = db.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId);
  if (opts.after) {
    const [at, id] = opts.after;
    q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function updateEndpoint(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  patch: Partial<Omit<WebhookEndpointsTable, 'id' | 'tenant_id' | 'created_at'>>,
): Promise<WebhookEndpoint | undefined> {
  return db.updateTable('webhook_endpoints').set(patch).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Its deliveries go with it (ON DELETE CASCADE). */
export async function deleteEndpoint(db: Kysely<Database>, tenantId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('webhook_endpoints').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type DeliveryRow = WebhookDelivery & { type: string };

/** An endpoint's deliveries, newest first; `before` is the id of the last one shown. */
export function listDeliveries(db: Kysely<Database>, endpointId: string, opts: { before?: number; limit: number }): Promise<DeliveryRow[]> {
  let q = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .selectAll('d')
    .select('e.type')
    .where('d.endpoint_id', '=', endpointId);
  if (opts.before !== undefined) q = q.where('d.id', '<', opts.before);
  return q.orderBy('d.id', 'desc').limit(opts.limit).execute();
}

/** Makes a delivery due now again, whatever its state, keeping its attempts (the log counts them). */
export function redeliver(db: Kysely<Database>, endpointId: string, deliveryId: number, now: number): Promise<DeliveryRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: now, locked_by: null, locked_until: null, updated_at: now })
      .where('endpoint_id', '=', endpointId)
      .where('id', '=', deliveryId)
      .returning('id')
      .executeTakeFirst();
    if (!row) return undefined;
    return trx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .selectAll('d')
      .select('e.type')
      .where('d.id', '=', row.id)
      .executeTakeFirst();
  });
}

/** A test event for one endpoint: the event and its delivery together, due now. */
export async function insertTestEvent(db: Kysely<Database>, endpoint: WebhookEndpoint, eventId: string, payload: string, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('webhook_events').values({ id: eventId, tenant_id: endpoint.tenant_id, type: 'webhook.test', payload, dedup_key: null, fanned_out: 1, created_at: now }).execute();
    await trx
      .insertInto('webhook_deliveries')
      .values({ endpoint_id: endpoint.id, event_id: eventId, tenant_id: endpoint.tenant_id, next_attempt_at: now, created_at: now, updated_at: now })
      .execute();
  });
}
