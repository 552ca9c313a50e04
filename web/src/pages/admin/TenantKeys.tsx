import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { CopyButton } from '../../components/CopyButton.js';
import { EmptyState, LoadError, Loading } from '../../components/States.js';
import { formatDateTime } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { createKey, listKeys, revokeKey } from '../../resources/tenants.js';
import type { CreatedKey, KeySummary, Role, Tenant } from '../../types.js';

export function TenantKeys({ tenant }: { tenant: Tenant }) {
  const { adminApi: api } = useSession();
  const keys = useResource((signal) => listKeys(api, tenant.id, signal), [api, tenant.id]);
  const [role, setRole] = useState<Role>('tenant');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await createKey(api, tenant.id, role, name));
      setName('');
      keys.reload();
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="keys">
      <h3>Keys</h3>
      {created && (
        <div className="notice notice-success new-key">
          <p className="notice-title">New key{created.name ? ` “${created.name}”` : ''}</p>
          <p>Copy it now: this is the only time it is shown.</p>
          <div className="row">
            <label className="visually-hidden" htmlFor="new-key">
              New key
            </label>
            <input id="new-key" className="mono key-value" readOnly value={created.key} onFocus={(event) => event.target.select()} />
            <CopyButton text={created.key} label="Copy key" />
          </div>
          <button type="button" className="button ghost small" onClick={() => setCreated(null)}>
            I have stored it
          </button>
        </div>
      )}
      <form className="row wrap" onSubmit={(event) => void create(event)} aria-label={`Create a key for ${tenant.name}`}>
        <div className="field">
          <label htmlFor="key-name">Key name</label>
          <input id="key-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. production" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="key-role">Role</label>
          <select id="key-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            <option value="tenant">tenant</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <button type="submit" className="button secondary" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </form>
      <p className="field-error" role="alert">
        {error}
      </p>
      {keys.error !== undefined ? (
        <LoadError error={keys.error} what="keys" onRetry={keys.reload} />
      ) : !keys.data ? (
        <Loading label="Loading keys…" />
      ) : keys.data.length === 0 ? (
        <EmptyState title="This tenant has no keys.">
          <p>Create one above and hand it to the tenant.</p>
        </EmptyState>
      ) : (
        <ul className="key-list" aria-label={`Keys of ${tenant.name}`}>
          {keys.data.map((key) => (
            <KeyRow
              key={key.id}
              apiKey={key}
              onRevoked={() => {
                // The secret shown once is dead now: keeping it on screen invites copying a key that no longer works.
                setCreated((shown) => (shown?.id === key.id ? null : shown));
                keys.reload();
              }}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function KeyRow({ apiKey, onRevoked }: { apiKey: KeySummary; onRevoked: () => void }) {
  const { adminApi: api } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = apiKey.name ?? apiKey.prefix;

  const revoke = async () => {
    setError(null);
    try {
      await revokeKey(api, apiKey.id);
      onRevoked();
    } catch (reason) {
      setError(errorMessage(reason));
      setConfirming(false);
    }
  };

  return (
    <li className="key-row">
      <span>
        <span className="mono">{apiKey.prefix}…</span> {apiKey.name && <strong>{apiKey.name}</strong>}{' '}
        <span className="badge badge-neutral">{apiKey.role}</span>
      </span>
      <span className="muted small">
        created {formatDateTime(apiKey.created_at)} · last used {apiKey.last_used_at ? formatDateTime(apiKey.last_used_at) : 'never'}
      </span>
      {apiKey.revoked_at ? (
        <span className="badge badge-muted">revoked {formatDateTime(apiKey.revoked_at)}</span>
      ) : confirming ? (
        <span className="row">
          <button type="button" className="button danger small" onClick={() => void revoke()}>
            Yes, revoke {label}
          </button>
          <button type="button" className="button ghost small" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className="button danger small" onClick={() => setConfirming(true)} aria-label={`Revoke key ${label}`}>
          Revoke
        </button>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}
