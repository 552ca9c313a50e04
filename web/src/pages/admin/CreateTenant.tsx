import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { createTenant } from '../../resources/tenants.js';
import type { Tenant } from '../../types.js';
import { fromRows, LimitsEditor, type LimitRow } from './LimitsEditor.js';
import { TierField } from './TierField.js';

export function CreateTenant({ knownMeters, onCreated }: { knownMeters: readonly string[]; onCreated: (tenant: Tenant) => void }) {
  const { adminApi: api } = useSession();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [tier, setTier] = useState('free');
  const [rows, setRows] = useState<LimitRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNameError(name.trim() ? null : 'Give the tenant a name.');
    if (!name.trim()) return;
    const parsed = fromRows(rows);
    if ('error' in parsed) return setError(parsed.error);
    setBusy(true);
    try {
      const tenant = await createTenant(api, {
        name: name.trim(),
        tier,
        ...(id.trim() ? { id: id.trim() } : {}),
        ...(Object.keys(parsed.limits).length ? { limits: parsed.limits } : {}),
      });
      setName('');
      setId('');
      setRows([]);
      onCreated(tenant);
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form-grid" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="create-tenant-heading">
      <h2 id="create-tenant-heading">Create a tenant</h2>
      <div className="field">
        <label htmlFor="tenant-name">Name</label>
        <input
          id="tenant-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={nameError ? true : undefined}
          aria-describedby="tenant-name-error"
          autoComplete="off"
        />
        <p id="tenant-name-error" className="field-error" role="alert">
          {nameError}
        </p>
      </div>
      <div className="field">
        <label htmlFor="tenant-id">
          Id <span className="muted">(optional)</span>
        </label>
        <input id="tenant-id" value={id} onChange={(event) => setId(event.target.value)} aria-describedby="tenant-id-hint" autoComplete="off" />
        <p id="tenant-id-hint" className="hint">
          Leave empty to let the server choose one.
        </p>
      </div>
      <TierField id="tenant-tier" value={tier} onChange={setTier} />
      <LimitsEditor rows={rows} onChange={setRows} knownMeters={knownMeters} error={error} />
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create tenant'}
      </button>
    </form>
  );
}
