import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, fakeFetch } from '../../test/fake-server.js';
import { tenantMe } from '../../test/fixtures.js';
import { renderSignedIn } from '../../test/render.js';
import type { LedgerEntry } from '../../types.js';
import { ledgerByDay } from './ledger-by-day.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000 - 60_000).toISOString();

function entry(day: string, amount: number, kind: LedgerEntry['kind'] = amount >= 0 ? 'charge' : 'refund'): LedgerEntry {
  return { id: `le_${day}_${amount}`, kind, meter: 'catalog_credits', period: '2026-11', amount, job_id: 'job_1', item_id: null, reason: null, created_at: `${day}T12:00:00Z` };
}

describe('usage', () => {
  it('shows each meter as a bar with used of limit, remaining and the days until it resets', async () => {
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/usage': () =>
        json({
          tenant_id: 'acme',
          period: '2026-11',
          meters: [
            { name: 'catalog_credits', kind: 'credits', used: 30, limit: 100, remaining: 70, period: '2026-11', resets_at: inDays(9) },
            { name: 'lead_evaluations', kind: 'quota', used: 20, limit: 20, remaining: 0, period: '2026-11', resets_at: inDays(1) },
          ],
        }),
      'GET /v1/usage/history': ({ query }) =>
        json({ data: query.get('meter') === 'catalog_credits' ? [entry('2026-11-03', 10), entry('2026-11-03', 20), entry('2026-11-04', -4)] : [], next_cursor: null }),
    });
    await renderSignedIn('#/usage');

    const credits = (await screen.findByRole('heading', { name: 'catalog credits' })).closest('li') as HTMLElement;
    expect(within(credits).getByRole('meter').getAttribute('value')).toBe('30');
    expect(credits.textContent).toContain('30 of 100 used');
    expect(credits.textContent).toContain('70 remaining');
    expect(credits.textContent).toContain('resets in 9 days');
    const leads = screen.getByRole('heading', { name: 'lead evaluations' }).closest('li') as HTMLElement;
    expect(leads.textContent).toContain('resets in 1 day');

    const chart = await screen.findByRole('img', { name: /Ledger of catalog credits by day/ });
    expect(chart.querySelectorAll('rect.chart-charge')).toHaveLength(1);
    expect(chart.querySelectorAll('rect.chart-refund')).toHaveLength(1);
    expect(chart.textContent).toContain('30 charged and 4 refunded over 30 days');

    fireEvent.change(screen.getByLabelText('Meter'), { target: { value: 'lead_evaluations' } });
    expect(await screen.findByText('No ledger entries for lead evaluations in 2026-11.')).toBeTruthy();
  });

  it('shows what is held by running jobs against what is spent, when the server says', async () => {
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/usage': () =>
        json({
          tenant_id: 'acme',
          period: '2026-11',
          meters: [
            { name: 'credits', kind: 'credits', used: 50, held: 20, spent: 30, limit: 100, remaining: 50, period: '2026-11', resets_at: inDays(9) },
            { name: 'lead_evaluations', kind: 'quota', used: 5, limit: 20, remaining: 15, period: '2026-11', resets_at: inDays(9) },
          ],
        }),
      'GET /v1/usage/history': () => json({ data: [], next_cursor: null }),
    });
    await renderSignedIn('#/usage');

    const credits = (await screen.findByRole('heading', { name: 'credits' })).closest('li') as HTMLElement;
    expect(credits.textContent).toContain('50 of 100 used');
    expect(credits.textContent).toContain('30 spent · 20 held by running jobs');
    const split = within(credits).getByRole('img', { name: '30 spent and 20 held of 100' });
    expect(split.querySelector('.meter-split-spent')?.getAttribute('width')).toBe('30');
    expect(split.querySelector('.meter-split-held')?.getAttribute('x')).toBe('30');
    expect(split.querySelector('.meter-split-held')?.getAttribute('width')).toBe('20');
    // A server without holds on a meter says nothing of them.
    const leads = screen.getByRole('heading', { name: 'lead evaluations' }).closest('li') as HTMLElement;
    expect(leads.textContent).not.toContain('held');
    expect(within(leads).queryByRole('img')).toBeNull();
  });

  it('asks the ledger for the whole period of the meter', async () => {
    const { calls } = fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/usage': () =>
        json({ tenant_id: 'acme', period: '2026-12', meters: [{ name: 'm', kind: 'quota', used: 0, limit: 5, remaining: 5, period: '2026-12', resets_at: inDays(3) }] }),
      'GET /v1/usage/history': () => json({ data: [], next_cursor: null }),
    });
    await renderSignedIn('#/usage');
    await waitFor(() => expect(calls.some((c) => c.path === '/v1/usage/history')).toBe(true));
    const history = calls.find((c) => c.path === '/v1/usage/history');
    expect(history?.query.get('from')).toBe('2026-12-01');
    expect(history?.query.get('to')).toBe('2027-01-01');
    expect(history?.query.get('meter')).toBe('m');
  });

  it('has an empty state when the tenant has no meters', async () => {
    fakeFetch({ 'GET /v1/me': () => json(tenantMe), 'GET /v1/usage': () => json({ tenant_id: 'acme', period: '2026-11', meters: [] }) });
    await renderSignedIn('#/usage');
    expect(await screen.findByText('No meters yet.')).toBeTruthy();
  });
});

describe('ledgerByDay', () => {
  it('sums charges and refunds per UTC day and keeps every day of the period', () => {
    const days = ledgerByDay([entry('2026-11-30', 3), entry('2026-11-30', -1), entry('2026-10-31', 9)], '2026-11');
    expect(days).toHaveLength(30);
    expect(days[29]).toEqual({ day: '2026-11-30', charged: 3, refunded: 1 });
    expect(days.reduce((sum, d) => sum + d.charged, 0)).toBe(3);
  });
});
