/**
 * `tollgate/client`: a typed client of the API, its types generated from `/openapi.json`
 * (src/client/api.ts) and its calls made by openapi-fetch, so that a path, a parameter or a body the
 * server does not take is a compile error, and each answer is typed by its status.
 *
 *   const tollgate = createTollgateClient({ baseUrl: 'http://127.0.0.1:8787', key: process.env.TOLLGATE_KEY! });
 *   const { data, error } = await tollgate.POST('/v1/jobs', { body: { type: 'echo', input: { items: 3 } } });
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './api.js';

export type { components, operations, paths } from './api.js';

export interface TollgateClientOptions {
  /** Where Tollgate answers, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** The bearer key: a tenant key, or an admin key (then name the tenant with `tenantId` for tenant routes). */
  key: string;
  /** With an admin key: the tenant to act for (`X-Tenant-Id`). */
  tenantId?: string;
  /** Another fetch (a test's, or one with a proxy). */
  fetch?: ClientOptions['fetch'];
}

export type TollgateClient = Client<paths>;

export function createTollgateClient(options: TollgateClientOptions): TollgateClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.key}`, ...(options.tenantId ? { 'x-tenant-id': options.tenantId } : {}) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
