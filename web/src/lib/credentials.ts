// The key lives in sessionStorage: it survives a reload but not the closing of the tab.
import type { Credentials } from '../api.js';

const KEY = 'tollgate.key';
const TENANT = 'tollgate.tenant';

export function loadCredentials(): Credentials | null {
  const key = read(KEY);
  return key ? { key, tenantId: read(TENANT) } : null;
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(KEY, credentials.key);
  if (credentials.tenantId) sessionStorage.setItem(TENANT, credentials.tenantId);
  else sessionStorage.removeItem(TENANT);
}

export function clearCredentials(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(TENANT);
}

function read(name: string): string | null {
  try {
    return sessionStorage.getItem(name);
  } catch {
    return null;
  }
}
