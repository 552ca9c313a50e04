import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, json, fakeFetch } from '../../test/fake-server.js';
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
  return fakeFetch({
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

  it('shows what a job reserved against what it cost in the end, for the job and each item', async () => {
    const items = [
      item(1, { cost: 10, reserved: 10, actual: 3 }),
      item(2, { cost: 10, reserved: 10, actual: 0, status: 'failed', result: null, error: { message: 'boom' } }),
    ];
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs/:id': () =>
        json(
          job({
            status: 'partially_completed',
            cost: 20,
            reserved: 20,
            actual: 3,
            settle: 'actual',
            meter: 'credits',
            finished_at: '2026-11-20T10:02:00Z',
            estimated_completion: null,
            progress: { items_total: 2, items_done: 1, items_failed: 1, items_cancelled: 0, percent: 100 },
          }),
        ),
      'GET /v1/jobs/:id/items': () => json({ data: items, next_cursor: null }),
    });
    await renderSignedIn('#/jobs/job_1');
    const summary = await screen.findByRole('region', { name: 'Summary' });
    const fact = (term: string) => within(summary).getByText(term).nextElementSibling?.textContent;
    expect(fact('Reserved')).toBe('20 credits (2026-11), a hold settled to what the work uses');
    expect(fact('Actual')).toBe('3 credits');
    expect(await screen.findByText(/reserved 10 · actual 3/)).toBeTruthy();
    expect(screen.getByText(/reserved 10 · actual 0/)).toBeTruthy();
  });

  it('says the actual cost comes when a running job finishes', async () => {
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs/:id': () => json(job({ reserved: 6, actual: null })),
      'GET /v1/jobs/:id/items': () => json({ data: [item(1, { status: 'running', result: null, actual: null })], next_cursor: null }),
    });
    await renderSignedIn('#/jobs/job_1');
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('Actual').nextElementSibling?.textContent).toBe('known when the job finishes');
    expect(await screen.findByText(/cost 1$/)).toBeTruthy();
  });

  it('says why an active job has no estimated completion: no worker serves its type', async () => {
    const reason = 'no worker has been seen for this job type in the last 30 s';
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs/:id': () => json(job({ estimated_completion: null, estimated_completion_reason: reason })),
      'GET /v1/jobs/:id/items': () => json({ data: [item(1, { status: 'pending', result: null })], next_cursor: null }),
    });
    await renderSignedIn('#/jobs/job_1');
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('Estimated completion').nextElementSibling?.textContent).toBe(`unknown: ${reason}`);
  });

  it('cancels after a confirmation', async () => {
    routes(3);
    await renderSignedIn('#/jobs/job_1');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel job' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel job' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('cancelled'));
    expect(screen.queryByRole('button', { name: 'Cancel job' })).toBeNull();
  });

  it('shows a cancelled job by what was done, and what was refunded of the reservation', async () => {
    const cancelled = job({
      status: 'cancelled',
      finished_at: '2026-11-20T10:02:00Z',
      reserved: 6,
      actual: 2,
      progress: { items_total: 6, items_done: 2, items_failed: 0, items_cancelled: 4, percent: 100 },
    });
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs/:id': () => json(cancelled),
      'GET /v1/jobs/:id/items': () => json({ data: [], next_cursor: null }),
    });
    await renderSignedIn('#/jobs/job_1');
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(within(summary).getByRole('progressbar').getAttribute('value')).toBe('33');
    expect(within(summary).getByText('Refunded').nextElementSibling?.textContent).toBe('4 catalog credits');
    expect(within(summary).getByText('Actual').nextElementSibling?.textContent).toBe('2 catalog credits');
  });

  it('shows a catalog item on one row by its product title and attribute, not its product id', async () => {
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs/:id': () => json(job()),
      'GET /v1/jobs/:id/items': () =>
        json({
          data: [item(1, { input: { productId: 'gid_8812', attribute: 'seo_title', productTitle: 'Linen shirt' }, result: { original: 'linen shirt', optimized: 'Linen Shirt', model: 'm1' } })],
          next_cursor: null,
        }),
    });
    await renderSignedIn('#/jobs/job_1');
    const row = (await screen.findByText('Linen shirt')).closest('.item-row') as HTMLElement;
    expect(row.textContent).toContain('· seo title');
    expect(row.textContent).not.toContain('gid_8812');
    expect(within(row).getByText('Linen Shirt')).toBeTruthy();
    // Every part is a direct child of the one flex row: no block below it.
    expect([...row.children].map((child) => child.className)).toEqual(['item-seq mono', 'badge badge-good', 'item-what small', 'item-outcome small', 'item-meta small muted']);
  });

  it('names the lead a lead evaluation is about', async () => {
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs/:id': () => json(job({ type: 'lead_evaluation', input: { lead_id: 'lead_dana' }, subject: 'lead_dana' })),
      'GET /v1/jobs/:id/items': () => json({ data: [], next_cursor: null }),
    });
    await renderSignedIn('#/jobs/job_1');
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('Lead').nextElementSibling?.textContent).toBe('lead_dana');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('lead evaluation of lead_dana');
  });

  it('applies a finished optimization to the catalog once, and says when it was', async () => {
    const finished = job({ status: 'completed', finished_at: '2026-11-20T10:01:00Z', progress: { items_total: 2, items_done: 2, items_failed: 0, items_cancelled: 0, percent: 100 } });
    const items = [
      item(0, { input: { productId: 'p1', attribute: 'title' }, result: { original: 'linen shirt', optimized: 'Linen Shirt', model: 'tollgate-local-catalog-v1' } }),
      item(1, { input: { productId: 'p1', attribute: 'tags' }, result: { original: null, optimized: 'linen, shirt', model: 'tollgate-local-catalog-v1' } }),
    ];
    let appliedAt: string | null = null;
    const { calls } = fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs/:id': () => json(finished),
      'GET /v1/jobs/:id/items': () => json({ data: items, next_cursor: null }),
      'GET /api/jobs/:id': () => json({ jobId: 'job_1', status: 'COMPLETED', appliedAt, appliedCount: appliedAt ? 2 : null }),
      'POST /api/jobs/:id/apply': () => {
        appliedAt = '2026-11-20T10:02:00Z';
        return json({ applied: 2, skipped: 0, jobId: 'job_1' });
      },
    });
    await renderSignedIn('#/jobs/job_1');

    expect(await screen.findByText('Linen Shirt')).toBeTruthy();
    expect(screen.getByText('(empty)')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Apply 2 values to the catalog' }));
    expect((await screen.findByText(/Applied 2 values to the catalog on/)).getAttribute('role')).toBe('status');
    expect(screen.queryByRole('button', { name: /Apply/ })).toBeNull();
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/jobs/job_1/apply').length).toBe(1);
  });

  it('says so when the job does not exist', async () => {
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/jobs/:id': () => json({ type: 'about:blank', title: 'not_found', status: 404, code: 'not_found', detail: 'No job job_x' }, 404),
    });
    await renderSignedIn('#/jobs/job_x');
    expect(await screen.findByText('No job job_x')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to jobs' })).toBeTruthy();
  });
});
