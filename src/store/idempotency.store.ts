import type { Kysely } from 'kysely';
import type { Database, IdempotencyKeysTable } from './schema.js';

export interface AcquireKey {
  tenantId: string;
  key: string;
  requestHash: string;
  token: string;
  now: number;
  lockMs: number;
  expiresAt: number;
}

/**
 * Take the key for this request, or learn who has it. The insert wins when the key is new, expired,
 * or held by a request that died (its lock ran out) with the same body. Anything else returns the row.
 */
export async function acquireIdempotencyKey(
  db: Kysely<Database>,
  a: AcquireKey,
): Promise<{ acquired: true } | { acquired: false; row: IdempotencyKeysTable }> {
  // What a new request writes, whether the key is new or is being taken over.
  const claim = {
    request_hash: a.requestHash,
    status: 'in_flight' as const,
    lock_token: a.token,
    locked_until: a.now + a.lockMs,
    job_id: null,
    response_status: null,
    response_body: null,
    created_at: a.now,
    expires_at: a.expiresAt,
  };
  const taken = await db
    .insertInto('idempotency_keys')
    .values({ tenant_id: a.tenantId, key: a.key, ...claim })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'key'])
        .doUpdateSet(claim)
        .where((eb) =>
          eb.or([
            eb('idempotency_keys.expires_at', '<', a.now),
            eb.and([
              eb('idempotency_keys.status', '=', 'in_flight'),
              eb('idempotency_keys.locked_until', '<', a.now),
              eb('idempotency_keys.request_hash', '=', a.requestHash),
            ]),
          ]),
        ),
    )
    .returning('lock_token')
    .executeTakeFirst();
  if (taken?.lock_token === a.token) return { acquired: true };
  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('tenant_id', '=', a.tenantId)
    .where('key', '=', a.key)
    .executeTakeFirst();
  // The row vanished between the two statements (its holder released it): try once more.
  if (!row) return acquireIdempotencyKey(db, a);
  return { acquired: false, row };
}

/** Give the key back after a refusal, so that a retry with the same key may succeed later. */
export async function releaseIdempotencyKey(db: Kysely<Database>, tenantId: string, key: string, token: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .where('lock_token', '=', token)
    .where('status', '=', 'in_flight')
    .execute();
}

/** Keys are kept 24 h; expired ones are deleted by housekeeping (an expired key is also reusable at once). */
export async function deleteExpiredIdempotencyKeys(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
