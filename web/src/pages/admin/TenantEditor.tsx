import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { updateTenant } from '../../resources/tenants.js';
import type { Tenant } from '../../types.js';
import { fromRows, LimitsEditor, toRows, type LimitRow } from './LimitsEditor.js';
import { TenantKeys } from './TenantKeys.js';
import { TierField } from './TierField.js';

export function TenantEditor({
  tenant,
  knownMeters,
  onSaved,
  onClose,
}: {
  tenant: Tenant;
  knownMeters: readonly string[];
  onSaved: (tenant: Tenant) => void;
  onClose: () => void;
}) {
  const { adminApi: api } = useSession();
  const [tier, setTier] = useState(tenant.tier);
  const [rows, setRows] = useState<LimitRow[]>(() => toRows(tenant.limits));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved('');
    const parsed = fromRows(rows);
    if ('error' in parsed) return setError(parsed.error);
    setBusy(true);
    try {
      const updated = await updateTenant(api, tenant.id, { tier, limits: parsed.limits });
      onSaved(updated);
      setRows(toRows(updated.limits));
      setSaved(`Saved ${updated.name}: tier ${updated.tier}.`);
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="tenant-editor-heading">
      <div className="section-head">
        <h2 id="tenant-editor-heading">
          {tenant.name} <span className="mono small muted">{tenant.id}</span>
        </h2>
        <button type="button" className="button ghost small" onClick={onClose}>
          Close
        </button>
      </div>
      <form className="form-grid" onSubmit={(event) => void save(event)} noValidate aria-label={`Tier and limits of ${tenant.name}`}>
        <TierField id="edit-tier" value={tier} onChange={setTier} saved={tenant.tier} />
        <LimitsEditor rows={rows} onChange={setRows} knownMeters={knownMeters} error={error} />
        <div className="row">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save tier and limits'}
          </button>
          <span role="status" className="success-text">
            {saved}
          </span>
        </div>
      </form>
      <TenantKeys tenant={tenant} />
    </section>
  );
}
