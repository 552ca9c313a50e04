import type { Config, MeterKind } from '../config.js';
import type { Tenant } from '../store/schema.js';
import { periodEnd, type Period } from './period.js';
import { own } from './records.js';

/** A meter as callers see it for one period. */
export interface MeterView {
  name: string;
  kind: MeterKind;
  used: number;
  /** The part of `used` that is open holds (jobs settling to their actual cost); on GET /v1/usage. */
  held?: number;
  /** `used − held`: what finished work cost. */
  spent?: number;
  limit: number;
  remaining: number;
  period: Period;
  resets_at: string;
}

export function meterKind(config: Pick<Config, 'meters'>, meter: string): MeterKind {
  return own(config.meters, meter) ?? 'credits';
}

export function tenantLimits(tenant: Pick<Tenant, 'limits'>): Record<string, number> {
  return JSON.parse(tenant.limits) as Record<string, number>;
}

/** The tenant's override wins over its tier's default; a meter nobody configured has limit 0. */
export function limitFor(config: Pick<Config, 'tiers'>, tenant: Pick<Tenant, 'tier' | 'limits'>, meter: string): number {
  const tier = own(config.tiers, tenant.tier);
  return own(tenantLimits(tenant), meter) ?? (tier && own(tier, meter)) ?? 0;
}

/** Every meter a tenant has: those of its tier, its overrides, and any it has usage on. */
export function meterNames(config: Pick<Config, 'tiers'>, tenant: Pick<Tenant, 'tier' | 'limits'>, used: string[]): string[] {
  return [...new Set([...Object.keys(own(config.tiers, tenant.tier) ?? {}), ...Object.keys(tenantLimits(tenant)), ...used])].sort();
}

export function meterView(config: Pick<Config, 'meters'>, name: string, used: number, limit: number, period: Period, held?: number): MeterView {
  return {
    name,
    kind: meterKind(config, name),
    used,
    ...(held !== undefined ? { held, spent: used - held } : {}),
    limit,
    remaining: Math.max(0, limit - used),
    period,
    resets_at: new Date(periodEnd(period)).toISOString(),
  };
}
