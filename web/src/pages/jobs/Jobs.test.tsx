import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeEventSource, json, fakeFetch } from '../../test/fake-server.js';
import { job, tenantMe } from '../../test/fixtures.js';
import { renderSignedIn } from '../../test/render.js';

const older = job({ id: 'job_old', type: 'lead_evaluation', status: 'completed', finished_at: '2026-11-19T10:00:00Z', progress: { items_total: 1, items_done: 1, items_failed: 0, items_cancelled: 0, percent: 100 } });

function routes() {
  return fakeFetch({
    'GET /v1/me': () => json(tenantMe),
    'GET /v1/job-types': () => json({ data: [{ name: 'catalog_optimization' }, { name: 'lead_evaluation' }, { name: 'invoice_ocr' }] }),
    'GET /v1/jobs': ({ query }) => {
      if (query.get('cursor') === 'c2') return json({ data: [older], next_cursor: null });
      const all = [job()].filter((j) => !query.get('status') || j.status === query.get('status'));
      return json({ data: all, next_cursor: query.get('status') ? null : 'c2' });
    },
  });
}

const table = () => screen.getByRole('table');

describe('jobs', () => {
  beforeEach(() => FakeEventSource.install());

  it('lists jobs with type, status, progress, cost, created and ETA', async () => {
    routes();
    await renderSignedIn('#/jobs');
    const row = (await screen.findByRole('link', { name: 'catalog optimization' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('processing')).toBeTruthy();
    expect(within(row).getByRole('progressbar').getAttribute('value')).toBe('50');
    expect(within(row).getByText('50 %')).toBeTruthy();
    expect(within(row).getByText(/^6/)).toBeTruthy();
    expect(within(table()).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Type', 'Status', 'Progress', 'Cost', 'Created', 'ETA']);
  });

  it('filters by status and pages with the cursor', async () => {
    const { calls } = routes();
    await renderSignedIn('#/jobs');
    await screen.findByRole('link', { name: 'catalog optimization' });

    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByRole('link', { name: 'lead evaluation' })).toBeTruthy();
    expect(calls.at(-1)?.query.get('cursor')).toBe('c2');
    expect((screen.getByRole('button', { name: 'Older' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Newer' }));
    expect(await screen.findByRole('link', { name: 'catalog optimization' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    expect(await screen.findByText('No jobs match these filters.')).toBeTruthy();
    expect(calls.at(-1)?.query.get('status')).toBe('failed');
  });

  it('shows a cancelled job by what was done and what was refunded, not as a full bar at full cost', async () => {
    const cancelled = job({
      id: 'job_cancelled',
      status: 'cancelled',
      finished_at: '2026-11-20T10:02:00Z',
      reserved: 6,
      actual: 2,
      progress: { items_total: 6, items_done: 2, items_failed: 0, items_cancelled: 4, percent: 100 },
    });
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/job-types': () => json({ data: [] }),
      'GET /v1/jobs': () => json({ data: [cancelled], next_cursor: null }),
    });
    await renderSignedIn('#/jobs');
    const row = (await screen.findByText('job_cancelled')).closest('tr') as HTMLElement;
    expect(within(row).getByRole('progressbar').getAttribute('value')).toBe('33');
    expect(within(row).getByText(/4 cancelled/)).toBeTruthy();
    expect(within(row).getByText('of 6 catalog credits')).toBeTruthy();
    expect(within(row).getByText('4 refunded')).toBeTruthy();
  });

  it('names the lead of a lead evaluation, from its input or its subject', async () => {
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/job-types': () => json({ data: [] }),
      'GET /v1/jobs': () =>
        json({
          data: [
            job({ id: 'job_a', type: 'lead_evaluation', input: { lead_id: 'lead_dana', model_version: 'v1' }, subject: 'lead_dana' }),
            job({ id: 'job_b', type: 'invoice_ocr', input: {}, subject: 'invoice_42' }),
          ],
          next_cursor: null,
        }),
    });
    await renderSignedIn('#/jobs');
    const lead = (await screen.findByText('job_a')).closest('tr') as HTMLElement;
    expect(within(lead).getByText('Lead lead_dana')).toBeTruthy();
    const other = screen.getByText('job_b').closest('tr') as HTMLElement;
    expect(within(other).getByText('Subject invoice_42')).toBeTruthy();
  });

  it('filters by a registered job type, shown by its label and sent by its name', async () => {
    const { calls } = routes();
    await renderSignedIn('#/jobs');
    await screen.findByRole('link', { name: 'catalog optimization' });
    const select = screen.getByLabelText('Job type') as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    await waitFor(() => expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Any type', 'catalog optimization', 'lead evaluation', 'invoice ocr']));

    fireEvent.change(select, { target: { value: 'invoice_ocr' } });
    await waitFor(() => expect(calls.at(-1)?.query.get('type')).toBe('invoice_ocr'));
  });

  it('updates rows and adds new jobs from the event stream without reloading', async () => {
    const { calls } = routes();
    await renderSignedIn('#/jobs');
    await screen.findByRole('link', { name: 'catalog optimization' });
    const requests = calls.length;

    const stream = await waitFor(() => FakeEventSource.find('/v1/events'));
    act(() => {
      stream.open();
      stream.emit('job', job({ status: 'completed', progress: { items_total: 6, items_done: 6, items_failed: 0, items_cancelled: 0, percent: 100 } }));
      stream.emit('job', job({ id: 'job_new', type: 'lead_evaluation', status: 'pending' }));
    });

    await waitFor(() => expect(within(table()).getByText('completed')).toBeTruthy());
    expect(within(table()).getByText('100 %')).toBeTruthy();
    expect(within(table()).getByText('job_new')).toBeTruthy();
    expect(calls.length).toBe(requests);
    expect(screen.getByText('Live')).toBeTruthy();
  });

  it('shows an error with a retry when the list cannot load', async () => {
    let fail = true;
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs': () => (fail ? json({ status: 500, title: 'internal', code: 'internal', detail: 'database is locked' }, 500) : json({ data: [], next_cursor: null })),
    });
    await renderSignedIn('#/jobs');
    expect((await screen.findByText('database is locked')).closest('[role="alert"]')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No jobs yet.')).toBeTruthy();
  });
});
