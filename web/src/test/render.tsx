import { render, screen } from '@testing-library/react';
import { App } from '../app/App.js';
import { KEY } from './fixtures.js';

/** The app as a signed-in user sees it at `hash`. The caller fakes GET /v1/me. */
export async function renderSignedIn(hash: string, tenantId: string | null = null) {
  sessionStorage.setItem('tollgate.key', KEY);
  if (tenantId) sessionStorage.setItem('tollgate.tenant', tenantId);
  window.location.hash = hash;
  const view = render(<App />);
  await screen.findByRole('button', { name: 'Sign out' });
  return view;
}
