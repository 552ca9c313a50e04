import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, json, stubFetch } from '../../test/fake-server.js';
import { job, tenantMe } from '../../test/fixtures.js';
import { renderSignedIn } from '../../test/render.js';
import type { JobItem } from '../../types.js';

function item(seq: number, overrides: Partial<JobItem> = {}): JobItem {
  return {
    id: `item_${seq}`,
    seq,
    status: 'succeeded',
    input: { product: `p${seq}` },
    result: { text: `Result ${seq}` },
    error: null,
    attempts: 1,
    cost: 1,
    started_at: null,
    finished_at: null,
    ...overrides,
  };
}

/** A job with `total` items served `pageSize` a page (the client asks for 100; a server may send fewer or more). */
function routes(total: number, pageSize?: number) {
  const items = Array.from({ length: total }, (_, i) => item(i + 1, i === 1 ? { status: 'failed', result: null, error: { message: 'Provider timed out' } } : {}));
  let current = job({ progress: { items_total: total, items_done: 1, items_failed: 1, items_cancelled: 0, percent: 1 } });
  return stubFetch({
    'GET /v1/me': () => json(tenantMe),
    'GET /v1/jobs/:id': () => json(current),
    'GET /v1/jobs/:id/items': ({ query }) => {
      const start = Number(query.get('cursor') ?? 0);
      const end = start + (pageSize ?? Number(query.get('limit')));
      return json({ data: items.slice(start, end), next_cursor: end < total ? String(end) : null });
    },
    'POST /v1/jobs/:id/cancel': () => {
      current = { ...current, status: 'cancelled', finished_at: '2026-11-20T10:02:00Z' };
      return json(current);
    },
  });
}

describe('job detail', () => {
  beforeEach(() => FakeEventSource.install());

  it('shows items with their results and errors', async () => {
    routes(3);
    await renderSignedIn('#/jobs/job_1');
    expect(await screen.findByText('Result 1')).toBeTruthy();
    expect(screen.getByText('Provider timed out')).toBeTruthy();
    expect(screen.getByText('3 of 3 loaded')).toBeTruthy();
  });

  it('virtualizes the list past 1,000 items: only a window of rows is in the DOM', async () => {
    // jsdom does no layout: give the viewport and the rows a height, as a browser would.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(72);
    routes(1100, 550);
    await renderSignedIn('#/jobs/job_1');
    await screen.findByText('Result 1');
    expect(within(screen.getByRole('list', { name: 'Items' })).getAllByRole('listitem').length).toBe(550);
    fireEvent.click(await screen.findByRole('button', { name: 'Load more items' }));
    await screen.findByText(`${(1100).toLocaleString()} of ${(1100).toLocaleString()} loaded`);
    const region = await screen.findByRole('region', { name: /Items \(scroll/ });
    const rows = within(region).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('1100');
  });

  it('cancels after a confirmation', async () => {
    routes(3);
    await renderSignedIn('#/jobs/job_1');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel job' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel job' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('cancelled'));
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
  });

  it('says so when the job does not exist', async () => {
    stubFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs/:id': () => json({ type: 'about:blank', title: 'not_found', status: 404, code: 'not_found', detail: 'No job job_x' }, 404),
    });
    await renderSignedIn('#/jobs/job_x');
    expect(await screen.findByText('No job job_x')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to jobs' })).toBeTruthy();
  });
});
