import type { Context } from 'hono';
import { TollgateError } from '../../core/errors.js';
import { actingTenant, type AppEnv, type AppDeps } from '../../http/kit.js';
import type { Tenant } from '../../store/schema.js';
import { missingHeaders, validationError } from './envelopes.js';

type C = Context<AppEnv>;

/** The site a request acts for and the user acting, from the seed's headers. */
export interface Site {
  tenant: Tenant;
  userId: string;
}

/**
 * The seed's headers: `X-Site-Id` names the tenant, `X-User-Id` the person acting. A tenant key acts
 * for its own site only; another site is answered with `notFound`, as if it did not exist. An admin
 * key may act for any site.
 */
export async function resolveSite(c: C, deps: AppDeps, notFound: (c: C) => Response): Promise<Site | Response> {
  const siteId = c.req.header('x-site-id');
  const userId = c.req.header('x-user-id');
  if (!siteId || !userId) return missingHeaders(c);
  if (userId.length > 200) return validationError(c, 'X-User-Id is too long', [{ path: 'X-User-Id', message: 'at most 200 characters' }]);
  try {
    return { tenant: await actingTenant(c, deps.store, siteId), userId };
  } catch (error) {
    if (error instanceof TollgateError && error.code === 'not_found') return notFound(c);
    throw error;
  }
}

/** The request body as JSON, undefined when empty; a body that does not parse is a 400. */
export async function readJson(c: C): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TollgateError('malformed_json', 'The request body is not valid JSON');
  }
}

