import { z } from 'zod';
import type { Config } from '../config.js';
import type { Store } from '../store/db.js';
import type { ApiKey, KeyRole, Tenant } from '../store/schema.js';
import { findTenant, insertKey, insertTenant, updateTenant } from '../store/tenants.store.js';
import type { Clock } from './clock.js';
import { TollgateError } from './errors.js';
import { newId } from './ids.js';
import { checkKeyMeters, KeyLimits } from './key-budgets.js';
import { generateKey } from './keys.js';
import { own } from './records.js';
import { zodIssues } from './validation.js';

const Name = z.string().trim().min(1).max(200);
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'must be 1–128 letters, digits, _ . : - (starting with a letter or digit)');
/** Every admission reads a tenant's limits: a tenant has a handful of meters, never thousands. */
export const MAX_METERS = 100;
const LimitsPatch = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'meter names are lower_snake_case'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable())
  .refine((limits) => Object.keys(limits).length <= MAX_METERS, `may set at most ${MAX_METERS} meters`);

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

const JobTypeNames = z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'is not a job type name')).min(1).max(100);
export const CreateKey = z
  .object({
    role: z.enum(['admin', 'tenant', 'worker']).default('tenant'),
    name: z.string().trim().max(200).optional(),
    /** A worker key: the job types it may claim and settle. */
    job_types: JobTypeNames.optional(),
    /** A tenant key's monthly budgets per meter, inside its tenant's allowance (core/key-budgets.ts). */
    limits: KeyLimits.optional(),
  })
  .superRefine((key, ctx) => {
    if (key.role === 'worker' && !key.job_types) ctx.addIssue({ code: 'custom', path: ['job_types'], message: 'a worker key names the job types it may run' });
    if (key.role !== 'worker' && key.job_types) ctx.addIssue({ code: 'custom', path: ['job_types'], message: 'only a worker key names job types' });
    if (key.role !== 'tenant' && key.limits) ctx.addIssue({ code: 'custom', path: ['limits'], message: 'only a tenant key carries budgets' });
  });
export type CreateKey = z.infer<typeof CreateKey>;

interface Deps {
  store: Store;
  config: Pick<Config, 'tiers' | 'meters'>;
  clock: Clock;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new TollgateError('validation_failed', 'The request body is invalid', { errors: zodIssues(result.error) });
  return result.data;
}

function checkTier(config: Pick<Config, 'tiers'>, tier: string) {
  if (!own(config.tiers, tier)) {
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

function boundedLimits(limits: Record<string, number>): Record<string, number> {
  if (Object.keys(limits).length > MAX_METERS) {
    throw new TollgateError('validation_failed', 'The request body is invalid', { errors: [{ path: 'limits', message: `a tenant may set at most ${MAX_METERS} meters` }] });
  }
  return limits;
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
    ...(input.limits !== undefined ? { limits: JSON.stringify(boundedLimits(mergeLimits(JSON.parse(current.limits), input.limits))) } : {}),
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

/**
 * A key of a tenant (`tenantId`), or a key of no tenant: an admin key, or a worker key that may run
 * the items of its job types for every tenant. `knownTypes` is what a worker key's types must be.
 */
export async function createKey(deps: Deps, tenantId: string | null, body: unknown, knownTypes?: (name: string) => Promise<boolean>): Promise<CreatedKey> {
  const input = parse(CreateKey, body ?? {});
  const tenant = tenantId === null ? undefined : await findTenant(deps.store.db, tenantId);
  if (tenantId !== null && !tenant) throw new TollgateError('not_found', 'Tenant not found');
  if (tenant && input.limits) checkKeyMeters(deps.config, tenant, input.limits);
  const invalid = (path: string, message: string) => new TollgateError('validation_failed', 'The request body is invalid', { errors: [{ path, message }] });
  if (tenantId !== null && input.role === 'worker') throw invalid('role', 'a worker key belongs to no tenant: create it with POST /v1/keys');
  if (tenantId === null && input.role === 'tenant') throw invalid('role', 'a tenant key belongs to a tenant: create it with POST /v1/tenants/{id}/keys');
  for (const [i, name] of (input.job_types ?? []).entries()) {
    if (knownTypes && !(await knownTypes(name))) throw invalid(`job_types.${i}`, `no job type "${name}" is registered`);
  }
  const generated = generateKey();
  const key: ApiKey = {
    id: newId('key'),
    tenant_id: tenantId,
    key_hash: generated.hash,
    prefix: generated.prefix,
    role: input.role as KeyRole,
    name: input.name ?? null,
    job_types: input.job_types ? JSON.stringify([...new Set(input.job_types)]) : null,
    limits: JSON.stringify(input.limits ?? {}),
    created_at: deps.clock.now(),
    last_used_at: null,
    revoked_at: null,
  };
  await insertKey(deps.store.db, key);
  return { key, secret: generated.secret };
}
