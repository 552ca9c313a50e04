/**
 * Dispatch: turn outbox events into deliveries, claim due deliveries, record each attempt.
 *
 * Invariants:
 * - An event is fanned out once into one delivery per subscribed, enabled endpoint of its own
 *   tenant (unique endpoint × event), and only then marked; a crash in between repeats the fan-out,
 *   which the unique index makes harmless.
 * - A delivery is attempted by one dispatcher at a time: a claim is a lease (`locked_by`,
 *   `locked_until`), taken on PostgreSQL under FOR UPDATE SKIP LOCKED so dispatchers share the work.
 *   A dispatcher that dies leaves its lease to run out; the delivery is then claimed again
 *   (at-least-once, with the same event id). An attempt counts only under its own lease.
 * - A pending delivery is never pruned; a delivered or abandoned one goes with the job retention.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Store } from '../db.js';
import type { Database, WebhookEndpoint } from '../schema.js';
import { transact } from '../transact.js';

export async function fanOut(store: Store, now: number, limit = 500): Promise<number> {
  return transact(store, async (trx) => {
    let q = trx.selectFrom('webhook_events').select('id').where('fanned_out', '=', 0).orderBy('created_at').limit(limit);
    if (store.dialect === 'postgres') q = q.forUpdate().skipLocked();
    const ids = (await q.execute()).map((r) => r.id);
    if (ids.length === 0) return 0;
    await trx
      .insertInto('webhook_deliveries')
      .columns(['endpoint_id', 'event_id', 'tenant_id', 'next_attempt_at', 'created_at', 'updated_at'])
      .expression((eb) =>
        eb
          .selectFrom('webhook_events as ev')
          .innerJoin('webhook_endpoints as e', (join) =>
            join
              .onRef('e.tenant_id', '=', 'ev.tenant_id')
              .on('e.enabled', '=', 1)
              .on(sql<boolean>`e.events LIKE '%"' || ev.type || '"%'`),
          )
          .select(['e.id', 'ev.id', 'ev.tenant_id', sql.val(now).as('next'), sql.val(now).as('created'), sql.val(now).as('updated')])
          .where('ev.id', 'in', ids),
      )
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
      .execute();
    await trx.updateTable('webhook_events').set({ fanned_out: 1 }).where('id', 'in', ids).execute();
    return ids.length;
  });
}

export interface ClaimedDelivery {
  id: number;
  attempts: number;
  endpoint: WebhookEndpoint;
  event: { id: string; type: string; payload: string; created_at: number };
}

/**
 * Due deliveries of enabled endpoints, up to `room(endpointId)` per endpoint (the dispatcher's
 * per-endpoint concurrency) and `limit` in all, leased to `dispatcher` until `now + leaseMs`.
 */
export async function claimDeliveries(
  store: Store,
  dispatcher: string,
  now: number,
  leaseMs: number,
  limit: number,
  room: (endpointId: string) => number,
): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  return transact(store, async (trx) => {
    let q = trx
      .selectFrom('webhook_deliveries as d')
      .select(['d.id', 'd.endpoint_id'])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<', now)]))
      .where('d.endpoint_id', 'in', (eb) => eb.selectFrom('webhook_endpoints as e').select('e.id').where('e.enabled', '=', 1))
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(Math.max(limit * 4, 100));
    if (store.dialect === 'postgres') q = q.forUpdate().skipLocked();
    const due = await q.execute();
    const taken = new Map<string, number>();
    const chosen: number[] = [];
    for (const d of due) {
      if (chosen.length >= limit) break;
      const n = taken.get(d.endpoint_id) ?? 0;
      if (n >= room(d.endpoint_id)) continue;
      taken.set(d.endpoint_id, n + 1);
      chosen.push(Number(d.id));
    }
    if (chosen.length === 0) return [];
    await trx.updateTable('webhook_deliveries').set({ locked_by: dispatcher, locked_until: now + leaseMs }).where('id', 'in', chosen).execute();
    return readClaimed(trx, chosen);
  });
}

async function readClaimed(trx: Transaction<Database>, ids: number[]): Promise<ClaimedDelivery[]> {
  const rows = await trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as ev', 'ev.id', 'd.event_id')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .selectAll('e')
    .select(['d.id as delivery_id', 'd.attempts', 'ev.id as event_id', 'ev.type as event_type', 'ev.payload', 'ev.created_at as event_created_at'])
    .where('d.id', 'in', ids)
    .orderBy('d.id')
    .execute();
  return rows.map(({ delivery_id, attempts, event_id, event_type, payload, event_created_at, ...endpoint }) => ({
    id: Number(delivery_id),
    attempts: Number(attempts),
    endpoint: endpoint as WebhookEndpoint,
    event: { id: event_id, type: event_type, payload, created_at: Number(event_created_at) },
  }));
}

export interface AttemptOutcome {
  delivered: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** When to try again; null when there is no next attempt. */
  nextAttemptAt: number | null;
  /** The endpoint answered 410 Gone: it is disabled. */
  gone: boolean;
}

/**
 * Records an attempt under this dispatcher's lease (a lease that ran out and was taken over records
 * nothing), and the endpoint's health: a success clears its failure clock; a failure starts it; 410
 * or failing for `disableAfterMs` disables it.
 */
export async function recordAttempt(store: Store, dispatcher: string, delivery: ClaimedDelivery, outcome: AttemptOutcome, now: number, disableAfterMs: number): Promise<boolean> {
  return transact(store, async (trx) => {
    const status = outcome.delivered ? 'delivered' : outcome.gone ? 'failed' : outcome.nextAttemptAt === null ? 'gave_up' : 'pending';
    const done = await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status,
        attempts: eb('attempts', '+', 1),
        next_attempt_at: status === 'pending' ? outcome.nextAttemptAt : null,
        last_status_code: outcome.statusCode,
        last_duration_ms: Math.round(outcome.durationMs),
        last_error: outcome.error,
        locked_by: null,
        locked_until: null,
        updated_at: now,
      }))
      .where('id', '=', delivery.id)
      .where('locked_by', '=', dispatcher)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (!done) return false;
    await updateHealth(trx, delivery.endpoint.id, outcome, now, disableAfterMs);
    return true;
  });
}

async function updateHealth(db: Kysely<Database>, endpointId: string, outcome: AttemptOutcome, now: number, disableAfterMs: number) {
  if (outcome.delivered) {
    await db.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', endpointId).where('failing_since', 'is not', null).execute();
    return;
  }
  if (outcome.gone) {
    await db.updateTable('webhook_endpoints').set({ enabled: 0, disabled_reason: 'the endpoint answered 410 Gone', updated_at: now }).where('id', '=', endpointId).execute();
    return;
  }
  await db.updateTable('webhook_endpoints').set({ failing_since: now }).where('id', '=', endpointId).where('failing_since', 'is', null).execute();
  await db
    .updateTable('webhook_endpoints')
    .set({ enabled: 0, disabled_reason: `failing since ${new Date(now - disableAfterMs).toISOString()} or earlier without a success`, updated_at: now })
    .where('id', '=', endpointId)
    .where('enabled', '=', 1)
    .where('failing_since', '<=', now - disableAfterMs)
    .execute();
}

/** Events older than `cutoff` with no pending delivery, their deliveries with them. Pending ones never. */
export async function pruneWebhookEvents(db: Kysely<Database>, cutoff: number, batch: number): Promise<number> {
  const result = await db
    .deleteFrom('webhook_events')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_events as ev')
        .select('ev.id')
        .where('ev.created_at', '<', cutoff)
        .where('ev.fanned_out', '=', 1)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.event_id', '=', 'ev.id').where('d.status', '=', 'pending'))),
        )
        .limit(batch),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
