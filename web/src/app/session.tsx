// Who is signed in: the key, the tenant it acts for, and the `/v1/me` answer that names both.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, createApi, type Api, type Credentials } from '../api.js';
import { clearCredentials, loadCredentials, saveCredentials } from '../lib/credentials.js';
import { getMe } from '../resources/tenants.js';
import type { Me } from '../types.js';

export interface Session {
  /** Calls for the tenant in view (an admin key acting for a tenant sends X-Tenant-Id). */
  api: Api;
  /** Calls as the key itself, never for a tenant: the Admin page's. */
  adminApi: Api;
  me: Me;
  signOut: () => void;
  /** An admin key acting for a tenant (null: act as the admin itself). */
  actAs: (tenantId: string | null) => Promise<void>;
  refresh: () => Promise<void>;
}

type State =
  | { status: 'restoring' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; api: Api; adminApi: Api; me: Me };

interface SessionContextValue {
  state: State;
  signIn: (key: string) => Promise<void>;
  session: Session | null;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(() =>
    loadCredentials() ? { status: 'restoring' } : { status: 'signed-out', notice: null },
  );

  const expire = useCallback(() => {
    clearCredentials();
    setState({ status: 'signed-out', notice: 'Your key is no longer accepted (revoked or expired). Sign in again.' });
  }, []);

  const establish = useCallback(
    async (credentials: Credentials) => {
      const me = await getMe(createApi(credentials));
      saveCredentials(credentials);
      const options = { onUnauthorized: expire };
      setState({
        status: 'signed-in',
        api: createApi(credentials, options),
        adminApi: createApi({ key: credentials.key, tenantId: null }, options),
        me,
      });
    },
    [expire],
  );

  useEffect(() => {
    const stored = loadCredentials();
    if (!stored) return;
    establish(stored).catch((error: unknown) => {
      clearCredentials();
      const expired = error instanceof ApiError && error.status === 401;
      setState({
        status: 'signed-out',
        notice: expired ? 'Your key is no longer accepted. Sign in again.' : 'Could not restore your session. Sign in again.',
      });
    });
  }, [establish]);

  const signIn = useCallback((key: string) => establish({ key: key.trim(), tenantId: null }), [establish]);

  const signOut = useCallback(() => {
    clearCredentials();
    setState({ status: 'signed-out', notice: 'You are signed out.' });
  }, []);

  const session = useMemo<Session | null>(() => {
    if (state.status !== 'signed-in') return null;
    const { api, adminApi, me } = state;
    return {
      api,
      adminApi,
      me,
      signOut,
      actAs: (tenantId) => establish({ key: api.credentials.key, tenantId }),
      refresh: () => establish(api.credentials),
    };
  }, [state, signOut, establish]);

  const value = useMemo(() => ({ state, signIn, session }), [state, signIn, session]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionState outside <SessionProvider>');
  return value;
}

/** The signed-in session; only for components rendered behind sign-in. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession before sign-in');
  return session;
}
