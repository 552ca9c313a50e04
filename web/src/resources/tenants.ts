import type { Api } from '../api.js';
import type { CreatedKey, KeySummary, Me, Page, Role, Tenant } from '../types.js';

export function getMe(api: Api, signal?: AbortSignal): Promise<Me> {
  return api.get('/v1/me', signal ? { signal } : {});
}

export function listTenants(api: Api, cursor: string | null, signal?: AbortSignal): Promise<Page<Tenant>> {
  return api.get('/v1/tenants', { query: { limit: 100, cursor }, ...(signal ? { signal } : {}) });
}

export interface TenantDraft {
  id?: string;
  name: string;
  tier?: string;
  limits?: Record<string, number>;
}

export function createTenant(api: Api, draft: TenantDraft): Promise<Tenant> {
  return api.post('/v1/tenants', draft);
}

export function updateTenant(api: Api, id: string, patch: Partial<Omit<TenantDraft, 'id'>>): Promise<Tenant> {
  return api.patch(`/v1/tenants/${encodeURIComponent(id)}`, patch);
}

export async function listKeys(api: Api, tenantId: string, signal?: AbortSignal): Promise<KeySummary[]> {
  const page: { data: KeySummary[] } = await api.get(`/v1/tenants/${encodeURIComponent(tenantId)}/keys`, signal ? { signal } : {});
  return page.data;
}

export function createKey(api: Api, tenantId: string, role: Role, name: string): Promise<CreatedKey> {
  return api.post(`/v1/tenants/${encodeURIComponent(tenantId)}/keys`, { role, ...(name.trim() ? { name: name.trim() } : {}) });
}

export function revokeKey(api: Api, keyId: string): Promise<void> {
  return api.delete(`/v1/keys/${encodeURIComponent(keyId)}`);
}
