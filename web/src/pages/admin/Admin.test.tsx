import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, fakeFetch } from '../../test/fake-server.js';
import { adminMe, KEY, tenant } from '../../test/fixtures.js';
import { renderSignedIn } from '../../test/render.js';
import type { KeySummary, Tenant } from '../../types.js';

function routes() {
  let tenants: Tenant[] = [tenant];
  let keys: KeySummary[] = [{ id: 'key_1', prefix: 'tg_0123', role: 'tenant', name: 'shop', created_at: '2026-11-01T00:00:00Z', last_used_at: null, revoked_at: null }];
  return fakeFetch({
    'GET /v1/me': () => json(adminMe),
    'GET /v1/tenants': () => json({ data: tenants, next_cursor: null }),
    'POST /v1/tenants': ({ body }) => {
      const created = { ...tenant, ...(body as Partial<Tenant>), id: 'globex', limits: (body as Tenant).limits ?? {} };
      tenants = [...tenants, created];
      return json(created, 201);
    },
    'PATCH /v1/tenants/:id': ({ params, body }) => {
      const updated = { ...tenants.find((t) => t.id === params.id)!, ...(body as Partial<Tenant>) };
      tenants = tenants.map((t) => (t.id === updated.id ? updated : t));
      return json(updated);
    },
    'GET /v1/tenants/:id/keys': () => json({ data: keys }),
    'GET /v1/usage': ({ headers }) =>
      json({
        tenant_id: headers.get('X-Tenant-Id'),
        period: '2026-11',
        meters: [{ name: 'catalog_credits', kind: 'credits', used: 37, limit: 100, remaining: 63, period: '2026-11', resets_at: '2026-12-01T00:00:00Z' }],
      }),
    'POST /v1/tenants/:id/keys': ({ body }) => {
      const created = { id: 'key_2', key: 'tg_NEWKEY0000000000000000000000000', prefix: 'tg_NEWK', role: 'tenant', name: (body as { name?: string }).name ?? null, tenant_id: 'acme', created_at: '2026-11-20T00:00:00Z' };
      keys = [...keys, { ...created, last_used_at: null, revoked_at: null } as KeySummary];
      return json(created, 201);
    },
    'DELETE /v1/keys/:id': ({ params }) => {
      keys = keys.map((k) => (k.id === params.id ? { ...k, revoked_at: '2026-11-20T01:00:00Z' } : k));
      return { status: 204 };
    },
  });
}

async function manageAcme() {
  await renderSignedIn('#/admin');
  fireEvent.click(await screen.findByRole('button', { name: 'Manage Acme Shop' }));
  return (await screen.findByRole('heading', { name: /Acme Shop acme/ })).closest('section') as HTMLElement;
}

describe('admin', () => {
  it('creates a key and shows it once, with a copy button', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    routes();
    const editor = await manageAcme();

    fireEvent.change(within(editor).getByLabelText('Key name'), { target: { value: 'ci' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Create key' }));
    const shown = (await within(editor).findByLabelText('New key')) as HTMLInputElement;
    expect(shown.value).toBe('tg_NEWKEY0000000000000000000000000');
    expect(within(editor).getByText(/only time it is shown/)).toBeTruthy();

    fireEvent.click(within(editor).getByRole('button', { name: 'Copy key' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('tg_NEWKEY0000000000000000000000000'));
    expect(await within(editor).findByText('Copied to the clipboard.')).toBeTruthy();

    fireEvent.click(within(editor).getByRole('button', { name: 'I have stored it' }));
    expect(within(editor).queryByLabelText('New key')).toBeNull();
    expect(screen.queryByText('tg_NEWKEY0000000000000000000000000')).toBeNull();
  });

  it('revokes a key after a confirmation', async () => {
    const { calls } = routes();
    const editor = await manageAcme();
    fireEvent.click(await within(editor).findByRole('button', { name: 'Revoke key shop' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Yes, revoke shop' }));
    expect(await within(editor).findByText(/^revoked/)).toBeTruthy();
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/v1/keys/key_1')).toBe(true);
  });

  it('clears the New key box when that key is revoked, and keeps it when another is', async () => {
    routes();
    const editor = await manageAcme();
    fireEvent.change(within(editor).getByLabelText('Key name'), { target: { value: 'ci' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Create key' }));
    await within(editor).findByLabelText('New key');

    fireEvent.click(await within(editor).findByRole('button', { name: 'Revoke key shop' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Yes, revoke shop' }));
    await within(editor).findByText(/^revoked/);
    expect(within(editor).getByLabelText('New key')).toBeTruthy();

    fireEvent.click(await within(editor).findByRole('button', { name: 'Revoke key ci' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Yes, revoke ci' }));
    await waitFor(() => expect(within(editor).getAllByText(/^revoked/).length).toBe(2));
    expect(within(editor).queryByLabelText('New key')).toBeNull();
    expect(screen.queryByDisplayValue('tg_NEWKEY0000000000000000000000000')).toBeNull();
  });

  it('shows each tenant its usage this period, asked as the admin for that tenant', async () => {
    const { calls } = routes();
    await renderSignedIn('#/admin');
    const usage = await screen.findByRole('list', { name: 'Usage of acme in 2026-11' });
    expect(usage.textContent).toBe('catalog credits 37 / 100');
    const asked = calls.find((c) => c.path === '/v1/usage');
    expect(asked?.headers.get('X-Tenant-Id')).toBe('acme');
    expect(asked?.headers.get('Authorization')).toBe(`Bearer ${KEY}`);
  });

  it('stacks the tenants table on phones, so Manage is not behind a sideways scroll', async () => {
    routes();
    await renderSignedIn('#/admin');
    const row = (await screen.findByRole('button', { name: 'Manage Acme Shop' })).closest('tr') as HTMLElement;
    expect(row.closest('table')?.classList.contains('stack-on-phones')).toBe(true);
    // Stacked cells are named by their data-label (the header row is hidden on phones).
    expect([...row.querySelectorAll('td[data-label]')].map((td) => td.getAttribute('data-label'))).toEqual(['Tier', 'Limits', 'Usage', 'Created']);
  });

  it('changes the tier and limits of a tenant', async () => {
    const { calls } = routes();
    const editor = await manageAcme();
    fireEvent.change(within(editor).getByLabelText('Tier'), { target: { value: 'pro' } });
    fireEvent.change(within(editor).getByLabelText('Limit'), { target: { value: '500' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Save tier and limits' }));

    expect(await within(editor).findByText('Saved Acme Shop: tier pro.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ tier: 'pro', limits: { catalog_credits: 500 } });
    const row = screen.getByRole('button', { name: 'Manage Acme Shop' }).closest('tr') as HTMLElement;
    expect(row.textContent).toContain('catalog credits 500');
  });

  it('creates a tenant', async () => {
    const { calls } = routes();
    await renderSignedIn('#/admin');
    await screen.findByRole('button', { name: 'Manage Acme Shop' });
    fireEvent.click(screen.getByRole('button', { name: 'Create tenant' }));
    expect(await screen.findByText('Give the tenant a name.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Globex' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create tenant' }));
    expect(await screen.findByRole('button', { name: 'Manage Globex' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST' && c.path === '/v1/tenants')?.body).toEqual({ name: 'Globex', tier: 'free' });
  });

  it('lets an admin key act for a tenant from the header', async () => {
    const { calls } = routes();
    await renderSignedIn('#/admin');
    const picker = await screen.findByLabelText('Act for tenant');
    await waitFor(() => expect(within(picker).getByRole('option', { name: 'Acme Shop (free)' })).toBeTruthy());
    fireEvent.change(picker, { target: { value: 'acme' } });
    await waitFor(() => expect(calls.some((c) => c.path === '/v1/me' && c.headers.get('X-Tenant-Id') === 'acme')).toBe(true));
    expect(sessionStorage.getItem('tollgate.tenant')).toBe('acme');
  });

  it('speaks as the admin on the Admin page even while acting for a tenant', async () => {
    const { calls } = routes();
    await renderSignedIn('#/admin', 'acme');
    await screen.findByRole('button', { name: 'Manage Acme Shop' });
    const admin = calls.filter((c) => c.path.startsWith('/v1/tenants'));
    expect(admin.length).toBeGreaterThan(0);
    expect(admin.every((c) => !c.headers.has('X-Tenant-Id'))).toBe(true);
  });
});
