/**
 * Budgets per key: a tenant key's own monthly limits per meter, a budget inside its tenant's
 * allowance (one product surface, environment or customer per key). Admission charges the key's
 * budget and the tenant's allowance in one transaction, both or neither (store/admit); refunds and
 * releases give back to both. A budget set or removed takes effect for admissions from then on: what a
 * key was charged before it had a budget was charged to its tenant only.
 */
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Store } from '../store/db.js';
import { keyUsageForPeriod } from '../store/ledger.store.js';
import type { ApiKey, Tenant } from '../store/schema.js';
import { findKey, findTenant, updateKeyLimits } from '../store/tenants.store.js';
import type { Clock } from './clock.js';
import { TollgateError } from './errors.js';
import { meterKind } from './meters.js';
import { periodEnd, periodOf } from './period.js';
import { own } from './records.js';
import { zodIssues } from './validation.js';

const MeterName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'meter names are lower_snake_case');
const Budget = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Every admission on a budgeted key reads its limits: a handful of meters, never thousands. */
const MAX_KEY_METERS = 100;

export const KeyLimits = z
  .record(MeterName, Budget)
  .refine((limits) => Object.keys(limits).length <= MAX_KEY_METERS, `may set at most ${MAX_KEY_METERS} meters`);

export const UpdateKey = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    /** `{meter: n}` sets a budget, `{meter: null}` removes one, `null` removes them all. */
    limits: z
      .record(MeterName, Budget.nullable())
      .refine((limits) => Object.keys(limits).length <= MAX_KEY_METERS, `may set at most ${MAX_KEY_METERS} meters`)
      .nullable()
      .optional(),
  })
  .strict();
export type UpdateKey = z.infer<typeof UpdateKey>;

const invalid = (path: string, message: string) => new TollgateError('validation_failed', 'The request body is invalid', { errors: [{ path, message }] });

/** The meters a tenant's keys may be budgeted on: configured ones, its tier's and its own overrides'. */
function knownMeters(config: Pick<Config, 'tiers' | 'meters'>, tenant: Pick<Tenant, 'limits'>): Set<string> {
  return new Set([
    ...Object.keys(config.meters),
    ...Object.values(config.tiers).flatMap((tier) => Object.keys(tier)),
    ...Object.keys(JSON.parse(tenant.limits) as Record<string, number>),
  ]);
}

/** Refuses a budget on a meter nobody configured: it would refuse every admission on it, or none. */
export function checkKeyMeters(config: Pick<Config, 'tiers' | 'meters'>, tenant: Pick<Tenant, 'limits'>, limits: Record<string, unknown>): void {
  const known = knownMeters(config, tenant);
  for (const meter of Object.keys(limits)) {
    if (!known.has(meter)) throw invalid(`limits.${meter}`, `no meter "${meter}" is configured (one of: ${[...known].sort().join(', ')})`);
  }
}

interface Deps {
  store: Store;
  config: Pick<Config, 'tiers' | 'meters'>;
  clock: Clock;
}

/** Change a key's name or budgets. Only a tenant key carries budgets; a lowered budget refunds nothing. */
export async function patchKey(deps: Deps, id: string, body: unknown): Promise<ApiKey> {
  const parsed = UpdateKey.safeParse(body ?? {});
  if (!parsed.success) throw new TollgateError('validation_failed', 'The request body is invalid', { errors: zodIssues(parsed.error) });
  const input = parsed.data;
  const key = await findKey(deps.store.db, id);
  if (!key) throw new TollgateError('not_found', 'Key not found');
  let limits: Record<string, number> | undefined;
  if (input.limits !== undefined) {
    const tenant = key.tenant_id !== null && key.role === 'tenant' ? await findTenant(deps.store.db, key.tenant_id) : undefined;
    if (!tenant) throw invalid('limits', 'only a tenant key carries budgets');
    checkKeyMeters(deps.config, tenant, Object.fromEntries(Object.entries(input.limits ?? {}).filter(([, v]) => v !== null)));
    limits = { ...(JSON.parse(key.limits) as Record<string, number>) };
    if (input.limits === null) limits = {};
    for (const [meter, value] of Object.entries(input.limits ?? {})) {
      if (value === null) delete limits[meter];
      else limits[meter] = value;
    }
  }
  const updated = await updateKeyLimits(deps.store.db, id, {
    ...(limits !== undefined ? { limits: JSON.stringify(limits) } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
  });
  if (!updated) throw new TollgateError('not_found', 'Key not found');
  return updated;
}

/** A key's budget on one meter for a period; `limit` and `remaining` are null once the budget was removed. */
export interface KeyMeterView {
  name: string;
  kind: 'quota' | 'credits';
  used: number;
  limit: number | null;
  remaining: number | null;
  period: string;
  resets_at: string;
}

/** Every meter the key has a budget on, or was charged on, in the period that contains `now`. */
export async function keyUsageOf(deps: Pick<Deps, 'store' | 'config'>, key: ApiKey, now: number): Promise<{ period: string; meters: KeyMeterView[] }> {
  const period = periodOf(now);
  const rows = await keyUsageForPeriod(deps.store.db, key.id, period);
  const used = new Map(rows.map((r) => [r.meter, Number(r.used)]));
  const limits = JSON.parse(key.limits) as Record<string, number>;
  const names = [...new Set([...Object.keys(limits), ...used.keys()])].sort();
  return {
    period,
    meters: names.map((name) => {
      const limit = own(limits, name) ?? null;
      const u = used.get(name) ?? 0;
      return {
        name,
        kind: meterKind(deps.config, name),
        used: u,
        limit,
        remaining: limit === null ? null : Math.max(0, limit - u),
        period,
        resets_at: new Date(periodEnd(period)).toISOString(),
      };
    }),
  };
}
