import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, problem } from '../../test/fake-server.js';
import { adminMe, tenantMe } from '../../test/fixtures.js';
import { renderSignedIn } from '../../test/render.js';
import type { JobType } from '../../types.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function jobType(overrides: Partial<JobType> & Pick<JobType, 'name'>): JobType {
  return {
    source: 'built-in',
    description: null,
    meter: 'catalog_credits',
    handler: { kind: 'in-process' },
    cost: null,
    items: null,
    subject: null,
    max_attempts: 5,
    lease_ms: null,
    input_schema: { type: 'object' },
    version: null,
    created_at: null,
    updated_at: null,
    queue: { pending: 0, running: 0, oldest_pending_since: null },
    ...overrides,
  };
}

const types: JobType[] = [
  jobType({ name: 'catalog_optimization', description: 'Rewrites product attributes', queue: { pending: 0, running: 0, oldest_pending_since: null } }),
  jobType({
    name: 'summarize',
    source: 'config',
    meter: 'ai_credits',
    handler: { kind: 'remote' },
    cost: { per_item: 2 },
    items: { from: '/documents' },
    input_schema: { type: 'object', properties: { documents: { type: 'array', items: { type: 'string' } } }, required: ['documents'] },
    // 3 min 20 s ago: well inside "3 min" however slowly the test runs.
    queue: { pending: 12, running: 3, oldest_pending_since: new Date(Date.now() - 200_000).toISOString() },
  }),
  jobType({
    name: 'transcribe',
    source: 'api',
    meter: 'ai_credits',
    handler: { kind: 'http', url: 'https://worker.example.com/run', timeout_ms: 30_000, concurrency: 8 },
    cost: { from: '/pages', multiplier: 3 },
    version: 2,
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-02T00:00:00Z',
    queue: { pending: 1, running: 0, oldest_pending_since: minutesAgo(125) },
  }),
  jobType({ name: 'ping', source: 'code', meter: 'pings', cost: { per_job: 1 }, queue: { pending: 0, running: 4, oldest_pending_since: null } }),
];

function routes(me = adminMe) {
  return fakeFetch({
    'GET /v1/me': () => json(me),
    'GET /v1/tenants': () => json({ data: [], next_cursor: null }),
    'GET /v1/job-types': () => json({ data: types }),
  });
}

/** The cells of a type's row, by column header. */
async function rowOf(name: string): Promise<Record<string, string>> {
  const row = (await screen.findByRole('button', { name })).closest('tr') as HTMLElement;
  const headers = within(screen.getByRole('table')).getAllByRole('columnheader').map((h) => h.textContent ?? '');
  const cells = Array.from(row.children);
  return Object.fromEntries(cells.map((cell, i) => [headers[i], cell.textContent ?? '']));
}

describe('job types', () => {
  it('lists each type with its source, meter, cost rule, handler and queue', async () => {
    const { calls } = routes();
    // Acting for a tenant from the header must not turn the page into that tenant's view.
    await renderSignedIn('#/job-types', 'acme');
    expect(await screen.findByRole('heading', { level: 1, name: 'Job types' })).toBeTruthy();
    expect(within(await screen.findByRole('table')).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Type',
      'Source',
      'Meter',
      'Cost',
      'Handler',
      'Pending',
      'Running',
      'Oldest pending',
    ]);

    expect(await rowOf('catalog_optimization')).toEqual({
      Type: 'catalog_optimizationRewrites product attributes',
      Source: 'built-in',
      Meter: 'catalog credits',
      Cost: 'set by code',
      Handler: 'in-process',
      Pending: '0',
      Running: '0',
      'Oldest pending': '—',
    });
    expect(await rowOf('summarize')).toEqual({
      Type: 'summarize',
      Source: 'config',
      Meter: 'ai credits',
      Cost: '2 credits per item',
      Handler: 'remote',
      Pending: '12',
      Running: '3',
      'Oldest pending': '3 min',
    });
    expect(await rowOf('transcribe')).toEqual({
      Type: 'transcribe',
      Source: 'api',
      Meter: 'ai credits',
      Cost: '3 × /pages credits',
      Handler: 'httphttps://worker.example.com/run · timeout 30 s, 8 at a time',
      Pending: '1',
      Running: '0',
      'Oldest pending': '2 h 5 min',
    });
    expect(await rowOf('ping')).toMatchObject({ Source: 'code', Cost: '1 credit per job', Running: '4', 'Oldest pending': '—' });

    // The queue is an admin's view: asked as the key itself, never for a tenant.
    const asked = calls.filter((c) => c.path === '/v1/job-types');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((c) => !c.headers.has('X-Tenant-Id'))).toBe(true);
  });

  it('opens a type to show its input schema as JSON', async () => {
    routes();
    await renderSignedIn('#/job-types');
    const toggle = await screen.findByRole('button', { name: 'summarize' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('figure', { name: 'Input schema' })).toBeNull();

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const details = document.getElementById(toggle.getAttribute('aria-controls') ?? '') as HTMLElement;
    const schema = within(details).getByRole('figure', { name: 'Input schema' });
    expect(schema.querySelector('pre')?.textContent).toBe(JSON.stringify(types[1]?.input_schema, null, 2));
    expect(within(details).getByText('/documents')).toBeTruthy();

    fireEvent.click(toggle);
    expect(screen.queryByRole('figure', { name: 'Input schema' })).toBeNull();
  });

  it('is in the navigation for admin keys only', async () => {
    routes(adminMe);
    const admin = await renderSignedIn('#/admin');
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    expect(within(nav).getByRole('link', { name: 'Job types' }).getAttribute('href')).toBe('#/job-types');
    admin.unmount();
    sessionStorage.clear();

    const { calls } = routes(tenantMe);
    await renderSignedIn('#/job-types');
    expect(within(screen.getByRole('navigation', { name: 'Sections' })).queryByRole('link', { name: 'Job types' })).toBeNull();
    expect(await screen.findByText('The Job types page needs an admin key.')).toBeTruthy();
    expect(calls.some((c) => c.path === '/v1/job-types')).toBe(false);
  });

  it('shows the standard error, with a retry, when the types cannot load', async () => {
    let fail = true;
    fakeFetch({
      'GET /v1/me': () => json(adminMe),
      'GET /v1/tenants': () => json({ data: [], next_cursor: null }),
      'GET /v1/job-types': () => (fail ? problem(503, 'unavailable', 'The database is not answering') : json({ data: types })),
    });
    await renderSignedIn('#/job-types');
    const alert = (await screen.findByText('The database is not answering')).closest('[role="alert"]') as HTMLElement;
    expect(alert).toBeTruthy();
    expect(within(alert).getByText('Could not load job types.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();

    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'summarize' })).toBeTruthy();
  });
});
