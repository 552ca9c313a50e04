// The Admin page changes tenants; the header's picker and name must follow without a reload.
const TENANTS_CHANGED = 'tollgate:tenants-changed';

export function announceTenantChange(tenantId: string): void {
  window.dispatchEvent(new CustomEvent<string>(TENANTS_CHANGED, { detail: tenantId }));
}

export function onTenantChange(listener: (tenantId: string) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<string>).detail);
  window.addEventListener(TENANTS_CHANGED, handler);
  return () => window.removeEventListener(TENANTS_CHANGED, handler);
}
