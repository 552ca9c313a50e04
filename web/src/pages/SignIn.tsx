import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api.js';
import { Notice } from '../components/Notice.js';

const KEY_SHAPE = /^tg_[0-9A-Za-z]{32}$/;

export function SignIn({ signIn, notice }: { signIn: (key: string) => Promise<void>; notice: string | null }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Tollgate';
    input.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Enter an API key.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(trimmed);
    } catch (reason) {
      setBusy(false);
      setError(
        reason instanceof ApiError && reason.status === 401
          ? 'This key was not accepted. Check that you copied all of it and that it has not been revoked.'
          : errorMessage(reason),
      );
      input.current?.focus();
    }
  };

  const shapeHint = key.trim() !== '' && !KEY_SHAPE.test(key.trim());

  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <p className="brand brand-large">Tollgate</p>
        <h1>Sign in</h1>
        <p className="muted">Use an API key issued by your administrator. It stays in this browser tab only.</p>
        {notice && <Notice tone="info">{notice}</Notice>}
        <form onSubmit={(event) => void submit(event)} noValidate>
          <div className="field">
            <label htmlFor="api-key">API key</label>
            <input
              id="api-key"
              ref={input}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={key}
              onChange={(event) => setKey(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby="api-key-hint api-key-error"
              placeholder="tg_…"
            />
            <p id="api-key-hint" className="hint">
              {shapeHint ? 'Keys usually look like tg_ followed by 32 letters and digits.' : 'Keys start with tg_.'}
            </p>
            <p id="api-key-error" className="field-error" role="alert">
              {error}
            </p>
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
