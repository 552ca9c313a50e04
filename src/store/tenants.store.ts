import type { Kysely } from 'kysely';
import type { ApiKey, Database, KeyRole, Tenant } from './schema.js';

export async function insertTenant(db: Kysely<Database>, tenant: Tenant): Promise<boolean> {
  const result = await db.insertInto('tenants').values(tenant).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findTenant(db: Kysely<Database>, id: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Tenants by id, after `cursor` (an id). */
export function listTenants(db: Kysely<Database>, options: { after?: string; limit: number }): Promise<Tenant[]> {
  let query = db.selectFrom('tenants').selectAll().orderBy('id').limit(options.limit);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  return query.execute();
}

export async function updateTenant(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Pick<Tenant, 'name' | 'tier' | 'limits' | 'max_concurrency'>> & { updated_at: number },
): Promise<Tenant | undefined> {
  return db.updateTable('tenants').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function countTenants(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertKey(db: Kysely<Database>, key: ApiKey): Promise<void> {
  await db.insertInto('api_keys').values(key).execute();
}

export type KeyWithTenant = ApiKey & { tenant: Tenant | null };

export function findKeyByHash(db: Kysely<Database>, hash: string): Promise<KeyWithTenant | undefined> {
  return withTenant(db, db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst());
}

export function findKeyWithTenant(db: Kysely<Database>, id: string): Promise<KeyWithTenant | undefined> {
  return withTenant(db, findKey(db, id));
}

async function withTenant(db: Kysely<Database>, found: Promise<ApiKey | undefined>): Promise<KeyWithTenant | undefined> {
  const key = await found;
  if (!key) return undefined;
  const tenant = key.tenant_id ? ((await findTenant(db, key.tenant_id)) ?? null) : null;
  return { ...key, tenant };
}

/** A tenant's keys, or without `tenantId` every key (admin keys too); newest first. */
/** A tenant's keys; with `null`, the keys of no tenant (admin and worker keys); without, every key. */
export function listKeys(db: Kysely<Database>, tenantId?: string | null): Promise<ApiKey[]> {
  let query = db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (tenantId === null) query = query.where('tenant_id', 'is', null);
  else if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
  return query.execute();
}

export function findKey(db: Kysely<Database>, id: string): Promise<ApiKey | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateKeyLimits(db: Kysely<Database>, id: string, patch: Partial<Pick<ApiKey, 'limits' | 'name'>>): Promise<ApiKey | undefined> {
  if (Object.keys(patch).length === 0) return findKey(db, id);
  return db.updateTable('api_keys').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function revokeKey(db: Kysely<Database>, id: string, now: number): Promise<ApiKey | undefined> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** `last_used_at` at minute precision: one write per key per minute at most, never on the hot path's critical section. */
export async function touchKey(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', now - 60_000)]))
    .execute();
}

export const roles: readonly KeyRole[] = ['admin', 'tenant'];
