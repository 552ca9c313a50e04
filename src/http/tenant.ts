import type { Context } from 'hono';
import { TollgateError } from '../core/errors.js';
import type { Store } from '../store/db.js';
import type { Tenant } from '../store/schema.js';
import { findTenant } from '../store/tenants.store.js';
import type { AppEnv } from './context.js';

/**
 * The tenant a request acts for. A tenant key acts for its own tenant only: naming another one is
 * answered as if it did not exist. An admin key names the tenant (`X-Tenant-Id`, or a seed's header).
 */
export async function actingTenant(c: Context<AppEnv>, store: Store, named?: string | undefined): Promise<Tenant> {
  const principal = c.get('principal');
  if (principal.role === 'worker') throw new TollgateError('forbidden', 'A worker key may only use the /v1/worker routes');
  const requested = named ?? c.req.header('x-tenant-id') ?? (c.req.path.endsWith('/events') ? c.req.query('tenant_id') : undefined);
  if (principal.role === 'tenant') {
    if (!principal.tenant || (requested !== undefined && requested !== principal.tenant.id)) {
      throw new TollgateError('not_found', 'Tenant not found');
    }
    return principal.tenant;
  }
  if (requested === undefined) {
    if (principal.tenant) return principal.tenant;
    throw new TollgateError('validation_failed', 'An admin key must name the tenant it acts for', {
      errors: [{ path: 'X-Tenant-Id', message: 'header required with an admin key' }],
    });
  }
  const tenant = await findTenant(store.db, requested);
  if (!tenant) throw new TollgateError('not_found', 'Tenant not found');
  return tenant;
}

export function requireAdmin(c: Context<AppEnv>) {
  if (c.get('principal').role !== 'admin') throw new TollgateError('forbidden', 'This route needs an admin key');
}

/** The request's key as admission charges it: a tenant key's budgets; other keys have none. */
export function budgetKey(c: Context<AppEnv>): { id: string; limits: Readonly<Record<string, number>> } | null {
  const principal = c.get('principal');
  return principal.role === 'tenant' ? { id: principal.keyId, limits: principal.limits } : null;
}
