import { useState } from 'react';
import { errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { PageTitle } from '../../components/PageTitle.js';
import { EmptyState, LoadError, Loading } from '../../components/States.js';
import { formatDateTime, formatNumber, words } from '../../lib/format.js';
import { announceTenantChange } from '../../lib/tenant-events.js';
import { useResource } from '../../lib/use-resource.js';
import { listTenants } from '../../resources/tenants.js';
import type { Tenant } from '../../types.js';
import { CreateTenant } from './CreateTenant.js';
import { TenantEditor } from './TenantEditor.js';
import { TenantUsage } from './TenantUsage.js';

export function Admin() {
  const { adminApi: api } = useSession();
  const first = useResource((signal) => listTenants(api, null, signal), [api]);
  const [extra, setExtra] = useState<{ tenants: Tenant[]; cursor: string | null | undefined; error: unknown }>({
    tenants: [],
    cursor: undefined,
    error: undefined,
  });
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const tenants = [...(first.data?.data ?? []), ...extra.tenants];
  const cursor = extra.cursor === undefined ? first.data?.next_cursor : extra.cursor;
  const selected = tenants.find((t) => t.id === selectedId) ?? null;
  const knownMeters = [...new Set(tenants.flatMap((t) => Object.keys(t.limits)))].sort();

  const replace = (tenant: Tenant) => {
    const swap = (list: Tenant[]) => list.map((t) => (t.id === tenant.id ? tenant : t));
    first.setData((page) => page && { ...page, data: swap(page.data) });
    setExtra((e) => ({ ...e, tenants: swap(e.tenants) }));
    announceTenantChange(tenant.id);
  };
  const added = (tenant: Tenant) => {
    first.setData((page) => page && { ...page, data: [tenant, ...page.data] });
    setSelectedId(tenant.id);
    announceTenantChange(tenant.id);
  };
  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await listTenants(api, cursor);
      setExtra((e) => ({ tenants: [...e.tenants, ...page.data], cursor: page.next_cursor, error: undefined }));
    } catch (error) {
      setExtra((e) => ({ ...e, error }));
    }
  };

  return (
    <>
      <PageTitle title="Admin">Admin</PageTitle>
      <section className="card" aria-labelledby="tenants-heading">
        <h2 id="tenants-heading">Tenants</h2>
        {first.error !== undefined ? (
          <LoadError error={first.error} what="tenants" onRetry={first.reload} />
        ) : !first.data ? (
          <Loading label="Loading tenants…" />
        ) : tenants.length === 0 ? (
          <EmptyState title="No tenants yet.">
            <p>Create the first one below, then give it a key.</p>
          </EmptyState>
        ) : (
          <div className="table-scroll" role="region" aria-label="Tenants" tabIndex={0}>
            <table className="table stack-on-phones">
              <thead>
                <tr>
                  <th scope="col">Tenant</th>
                  <th scope="col">Tier</th>
                  <th scope="col">Limits</th>
                  <th scope="col">Usage this period</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tenants.map((tenant) => (
                  <tr key={tenant.id} aria-current={tenant.id === selectedId ? 'true' : undefined}>
                    <th scope="row">
                      {tenant.name}
                      <span className="mono small muted block">{tenant.id}</span>
                    </th>
                    <td data-label="Tier">{tenant.tier}</td>
                    <td className="small" data-label="Limits">
                      {Object.entries(tenant.limits)
                        .map(([meter, limit]) => `${words(meter)} ${formatNumber(limit)}`)
                        .join(', ') || <span className="muted">tier defaults</span>}
                    </td>
                    <td data-label="Usage">
                      <TenantUsage tenantId={tenant.id} />
                    </td>
                    <td data-label="Created">{formatDateTime(tenant.created_at)}</td>
                    <td>
                      <button type="button" className="button secondary small" onClick={() => setSelectedId(tenant.id)} aria-label={`Manage ${tenant.name}`}>
                        Manage
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {extra.error !== undefined && (
          <p className="field-error" role="alert">
            Could not load more tenants: {errorMessage(extra.error)}
          </p>
        )}
        {cursor && (
          <button type="button" className="button secondary" onClick={() => void loadMore()}>
            Load more tenants
          </button>
        )}
      </section>
      {selected && (
        <TenantEditor key={selected.id} tenant={selected} knownMeters={knownMeters} onSaved={replace} onClose={() => setSelectedId(null)} />
      )}
      <CreateTenant knownMeters={knownMeters} onCreated={added} />
    </>
  );
}
