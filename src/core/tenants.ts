import { z } from 'zod';
import type { Config } from '../config.js';
import type { Store } from '../store/db.js';
import type { ApiKey, KeyRole, Tenant } from '../store/schema.js';
import { findTenant, insertKey, insertTenant, updateTenant } from '../store/tenants.store.js';
import type { Clock } from './clock.js';
import { TollgateError } from './errors.js';
import { newId } from './ids.js';
import { generateKey } from './keys.js';
import { zodIssues } from './validation.js';

const Name = z.string().trim().min(1).max(200);
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'must be 1–128 letters, digits, _ . : - (starting with a letter or digit)');
const LimitsPatch = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'meter names are lower_snake_case'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable());

export const CreateTenant = z.object({
  id: Id.optional(),
  name: Name,
  tier: z.string().optional(),
  limits: LimitsPatch.optional(),
  max_concurrency: z.number().int().min(1).max(10_000).nullable().optional(),
});
export type CreateTenant = z.infer<typeof CreateTenant>;

export const UpdateTenant = CreateTenant.omit({ id: true }).partial();
export type UpdateTenant = z.infer<typeof UpdateTenant>;

export const CreateKey = z.object({ role: z.enum(['admin', 'tenant']).default('tenant'), name: z.string().trim().max(200).optional() });
export type CreateKey = z.infer<typeof CreateKey>;

interface Deps {
  store: Store;
  config: Pick<Config, 'tiers'>;
  clock: Clock;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new TollgateError('validation_failed', 'The request body is invalid', { errors: zodIssues(result.error) });
  return result.data;
}

function checkTier(config: Pick<Config, 'tiers'>, tier: string) {
  if (!config.tiers[tier]) {
    throw new TollgateError('validation_failed', `Unknown tier "${tier}"`, {
      errors: [{ path: 'tier', message: `must be one of: ${Object.keys(config.tiers).join(', ')}` }],
    });
  }
}

/** Null in a limits patch removes the override (the tier's default applies again). */
function mergeLimits(current: Record<string, number>, patch: Record<string, number | null> | undefined): Record<string, number> {
  const next = { ...current };
  for (const [meter, value] of Object.entries(patch ?? {})) {
    if (value === null) delete next[meter];
    else next[meter] = value;
  }
  return next;
}

export async function createTenant(deps: Deps, body: unknown): Promise<Tenant> {
  const input = parse(CreateTenant, body);
  const tier = input.tier ?? Object.keys(deps.config.tiers)[0] ?? 'free';
  checkTier(deps.config, tier);
  const now = deps.clock.now();
  const tenant: Tenant = {
    id: input.id ?? newId('tnt'),
    name: input.name,
    tier,
    limits: JSON.stringify(mergeLimits({}, input.limits)),
    max_concurrency: input.max_concurrency ?? null,
    created_at: now,
    updated_at: now,
  };
  if (!(await insertTenant(deps.store.db, tenant))) throw new TollgateError('conflict', `Tenant "${tenant.id}" already exists`);
  return tenant;
}

/** Limits change at once: admission reads them in its own statement. Lowering below `used` refunds nothing. */
export async function patchTenant(deps: Deps, id: string, body: unknown): Promise<Tenant> {
  const input = parse(UpdateTenant, body);
  if (input.tier !== undefined) checkTier(deps.config, input.tier);
  const current = await findTenant(deps.store.db, id);
  if (!current) throw new TollgateError('not_found', 'Tenant not found');
  const updated = await updateTenant(deps.store.db, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.tier !== undefined ? { tier: input.tier } : {}),
    ...(input.limits !== undefined ? { limits: JSON.stringify(mergeLimits(JSON.parse(current.limits), input.limits)) } : {}),
    ...(input.max_concurrency !== undefined ? { max_concurrency: input.max_concurrency } : {}),
    updated_at: deps.clock.now(),
  });
  if (!updated) throw new TollgateError('not_found', 'Tenant not found');
  return updated;
}

export interface CreatedKey {
  key: ApiKey;
  /** The secret itself: returned once, never stored. */
  secret: string;
}

export async function createKey(deps: Deps, tenantId: string | null, body: unknown): Promise<CreatedKey> {
  const input = parse(CreateKey, body ?? {});
  if (tenantId !== null && !(await findTenant(deps.store.db, tenantId))) throw new TollgateError('not_found', 'Tenant not found');
  const generated = generateKey();
  const key: ApiKey = {
    id: newId('key'),
    tenant_id: tenantId,
    key_hash: generated.hash,
    prefix: generated.prefix,
    role: input.role as KeyRole,
    name: input.name ?? null,
    created_at: deps.clock.now(),
    last_used_at: null,
    revoked_at: null,
  };
  await insertKey(deps.store.db, key);
  return { key, secret: generated.secret };
}
