import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../app/App.js';
import { json, problem, fakeFetch } from '../test/fake-server.js';
import { KEY, tenantMe } from '../test/fixtures.js';

function signIn(key: string) {
  fireEvent.change(screen.getByLabelText('API key'), { target: { value: key } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in', () => {
  it('checks the key with /v1/me, keeps it in sessionStorage and shows the tenant in the header', async () => {
    const { calls } = fakeFetch({ 'GET /v1/me': () => json(tenantMe), 'GET /v1/usage': () => json({ tenant_id: 'acme', period: '2026-11', meters: [] }) });
    render(<App />);
    signIn(`  ${KEY} `);

    expect(await screen.findByText('Acme Shop')).toBeTruthy();
    expect(screen.getByText('free')).toBeTruthy();
    expect(sessionStorage.getItem('tollgate.key')).toBe(KEY);
    expect(calls[0]?.headers.get('Authorization')).toBe(`Bearer ${KEY}`);
  });

  it('refuses a key the server rejects, says so, and stores nothing', async () => {
    fakeFetch({ 'GET /v1/me': () => problem(401, 'unauthorized', 'Unknown key') });
    render(<App />);
    signIn(KEY);

    const message = await screen.findByText(/This key was not accepted/);
    expect(message.getAttribute('role')).toBe('alert');
    expect(screen.getByLabelText('API key').getAttribute('aria-invalid')).toBe('true');
    expect(sessionStorage.getItem('tollgate.key')).toBeNull();
  });

  it('asks for a key instead of calling the server with an empty one', async () => {
    const { calls } = fakeFetch({});
    render(<App />);
    signIn('   ');
    expect((await screen.findByText('Enter an API key.')).getAttribute('role')).toBe('alert');
    expect(calls).toHaveLength(0);
  });

  it('signs out: forgets the key and returns to the sign-in form', async () => {
    fakeFetch({ 'GET /v1/me': () => json(tenantMe), 'GET /v1/usage': () => json({ tenant_id: 'acme', period: '2026-11', meters: [] }) });
    sessionStorage.setItem('tollgate.key', KEY);
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByLabelText('API key')).toBeTruthy();
    expect(screen.getByText('You are signed out.')).toBeTruthy();
    expect(sessionStorage.getItem('tollgate.key')).toBeNull();
  });

  it('ends the session when the server stops accepting the key mid-way (revoked)', async () => {
    fakeFetch({ 'GET /v1/me': () => json(tenantMe), 'GET /v1/usage': () => problem(401, 'unauthorized', 'Key revoked') });
    sessionStorage.setItem('tollgate.key', KEY);
    render(<App />);

    expect(await screen.findByText(/no longer accepted/)).toBeTruthy();
    expect(screen.getByLabelText('API key')).toBeTruthy();
    expect(sessionStorage.getItem('tollgate.key')).toBeNull();
  });
});
