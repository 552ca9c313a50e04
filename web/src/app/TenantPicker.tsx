import { useEffect, useId, useState } from 'react';
import { errorMessage, type Api } from '../api.js';
import { listTenants } from '../resources/tenants.js';
import { onTenantChange } from '../lib/tenant-events.js';
import { useResource } from '../lib/use-resource.js';
import type { Tenant } from '../types.js';
import { useSession } from './session.js';

const MAX_PAGES = 10;

async function loadAllTenants(api: Api, signal: AbortSignal): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await listTenants(api, cursor, signal);
    tenants.push(...result.data);
    cursor = result.next_cursor;
    if (!cursor) break;
  }
  return tenants;
}

/** An admin key acts for one tenant at a time (X-Tenant-Id on every call). */
export function TenantPicker() {
  const { adminApi: api, me, actAs, refresh } = useSession();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tenants = useResource((signal) => loadAllTenants(api, signal), [api]);
  const selected = me.tenant?.id ?? '';
  const { reload } = tenants;

  useEffect(
    () =>
      onTenantChange((tenantId) => {
        reload();
        if (tenantId === selected) void refresh().catch(() => undefined);
      }),
    [reload, refresh, selected],
  );

  const choose = async (tenantId: string) => {
    setBusy(true);
    setError(null);
    try {
      await actAs(tenantId || null);
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };

  const options = tenants.data ?? (me.tenant ? [me.tenant] : []);
  return (
    <div className="tenant-picker">
      <label htmlFor={id}>Act for tenant</label>
      <select id={id} value={selected} disabled={busy || tenants.loading} onChange={(event) => void choose(event.target.value)}>
        <option value="">{tenants.loading ? 'Loading tenants…' : 'None (administrator)'}</option>
        {options.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.name} ({tenant.tier})
          </option>
        ))}
      </select>
      {(error !== null || tenants.error !== undefined) && (
        <span className="field-error" role="alert">
          {error ?? `Could not load tenants: ${errorMessage(tenants.error)}`}
        </span>
      )}
    </div>
  );
}
