import { createHash, hash as oneShotHash, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/db.js';
import type { Tenant } from '../store/schema.js';
import { findKeyByHash, findKeyWithTenant, touchKey } from '../store/tenants.store.js';
import type { Clock } from './clock.js';
import { randomBase62 } from './ids.js';

/** `tg_` + 32 base62 characters ≈ 190 bits. The visible prefix identifies a key in lists and logs. */
export function generateKey(): { secret: string; hash: string; prefix: string } {
  const secret = `tg_${randomBase62(32)}`;
  return { secret, hash: hashKey(secret), prefix: secret.slice(0, 9) };
}

/** Keys are high-entropy secrets, so one SHA-256 (not a slow password hash) is the right tool. */
export const hashKey = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface Principal {
  keyId: string;
  /** `worker`: a remote worker's key, which may only claim and settle items of its `jobTypes`. */
  role: 'admin' | 'tenant' | 'worker';
  /** A worker key's job types; null for the other roles. */
  jobTypes: string[] | null;
  prefix: string;
  name: string | null;
  /** The key's own tenant; null for an admin key that belongs to none. */
  tenant: Tenant | null;
  /** A tenant key's budgets per meter (`{}`: none), as of this lookup. */
  limits: Readonly<Record<string, number>>;
}

export interface Authenticator {
  authenticate(secret: string): Promise<Principal | undefined>;
  /**
   * Is this principal's key still good (not revoked, its tenant still there)? Read from the database,
   * not the cache: a long-lived request (an event stream) asks every key-cache window, so that a
   * revocation made by any process ends it within that window.
   */
  stillValid(principal: Principal): Promise<boolean>;
  /** Drop cached lookups, after a key was revoked or a tenant changed. */
  invalidate(): void;
}

/** The principal of TOLLGATE_ADMIN_KEY, which is configuration, not a row: it cannot be revoked. */
const ENV_KEY_ID = 'env';

/**
 * Key lookups are cached for `cacheMs` (5 s by default): a revocation or a tenant change made by
 * another process takes effect within that window; in this process at once.
 */
export function createAuthenticator(deps: { store: Store; clock: Clock; adminKey?: string; cacheMs: number }): Authenticator {
  const adminDigest = deps.adminKey ? createHash('sha256').update(deps.adminKey).digest() : undefined;
  const cache = new Map<string, { principal: Principal | undefined; until: number }>();
  const touched = new Map<string, number>();

  return {
    invalidate: () => cache.clear(),
    async stillValid(principal) {
      if (principal.keyId === ENV_KEY_ID) return true;
      const key = await findKeyWithTenant(deps.store.db, principal.keyId);
      return key !== undefined && key.revoked_at === null && (key.tenant_id === null || key.tenant !== null);
    },
    async authenticate(secret) {
      // One-shot: no Hash object per request.
      const digest = oneShotHash('sha256', secret, 'buffer');
      // The environment's admin key is compared in constant time; stored keys are found by their hash,
      // so what an attacker can time is an index lookup of a hash they cannot invert.
      if (adminDigest && timingSafeEqual(digest, adminDigest)) {
        return { keyId: ENV_KEY_ID, role: 'admin', prefix: secret.slice(0, 9), name: 'TOLLGATE_ADMIN_KEY', tenant: null, jobTypes: null, limits: {} };
      }
      const hash = digest.toString('hex');
      const now = deps.clock.now();
      const hit = cache.get(hash);
      let principal: Principal | undefined;
      if (hit && hit.until > now) {
        principal = hit.principal;
      } else {
        const key = await findKeyByHash(deps.store.db, hash);
        principal =
          key && key.revoked_at === null
            ? {
                keyId: key.id,
                role: key.role,
                prefix: key.prefix,
                name: key.name,
                tenant: key.tenant,
                jobTypes: key.job_types === null ? null : (JSON.parse(key.job_types) as string[]),
                limits: JSON.parse(key.limits) as Record<string, number>,
              }
            : undefined;
        if (cache.size > 10_000) cache.clear();
        if (deps.cacheMs > 0) cache.set(hash, { principal, until: now + deps.cacheMs });
      }
      if (principal && (touched.get(principal.keyId) ?? 0) < now - 60_000) {
        touched.set(principal.keyId, now);
        void touchKey(deps.store.db, principal.keyId, now).catch(() => {});
      }
      return principal;
    },
  };
}
