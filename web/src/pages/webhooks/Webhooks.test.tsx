import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json } from '../../test/fake-server.js';
import { tenantMe } from '../../test/fixtures.js';
import { renderSignedIn } from '../../test/render.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../types.js';

const endpoint = (overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: 'whe_1',
  url: 'https://example.com/hooks',
  events: ['job.completed', 'usage.threshold'],
  description: null,
  enabled: true,
  disabled_reason: null,
  failing_since: null,
  rotation_overlap_until: null,
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  ...overrides,
});
const delivery = (id: number, overrides: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id,
  event_id: `evt_${id}`,
  event_type: 'job.completed',
  status: 'delivered',
  attempts: 1,
  last_status_code: 204,
  last_duration_ms: 12,
  last_error: null,
  next_attempt_at: null,
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  ...overrides,
});

describe('Webhooks page', () => {
  it('shows each endpoint with its state and recent deliveries, and redelivers one that gave up', async () => {
    const calls: string[] = [];
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /v1/webhook-endpoints': () => json({ data: [endpoint(), endpoint({ id: 'whe_2', url: 'https://gone.example/hook', enabled: false, disabled_reason: '410 Gone' })], next_cursor: null }),
      'GET /v1/webhook-endpoints/:id/deliveries': (request) =>
        json({
          data: request.params.id === 'whe_1' ? [delivery(2, { status: 'gave_up', attempts: 10, last_status_code: 500 }), delivery(1)] : [],
          next_cursor: null,
        }),
      'POST /v1/webhook-endpoints/:id/deliveries/:delivery/retry': (request) => {
        calls.push(request.path);
        return json({}, 200);
      },
      'POST /v1/webhook-endpoints/:id/test': (request) => {
        calls.push(request.path);
        return json({ event_id: 'evt_test' }, 202);
      },
    });
    await renderSignedIn('#/webhooks');
    const first = await screen.findByRole('region', { name: 'Endpoint https://example.com/hooks' });
    expect(within(first).getByText('State').nextElementSibling?.textContent).toBe('enabled');
    const second = screen.getByRole('region', { name: 'Endpoint https://gone.example/hook' });
    expect(within(second).getByText('State').nextElementSibling?.textContent).toBe('disabled: 410 Gone');
    expect(within(second).getByRole('button', { name: 'Send test event' })).toHaveProperty('disabled', true);

    const list = await within(first).findByRole('list', { name: 'Deliveries to https://example.com/hooks' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows[0]?.textContent).toContain('10 attempts · HTTP 500');
    expect(within(rows[1]!).queryByRole('button', { name: 'Redeliver' })).toBeNull();
    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Redeliver' }));
    await waitFor(() => expect(calls).toContain('/v1/webhook-endpoints/whe_1/deliveries/2/retry'));
    fireEvent.click(within(first).getByRole('button', { name: 'Send test event' }));
    await within(first).findByText('Test event queued.');
    expect(calls).toContain('/v1/webhook-endpoints/whe_1/test');
  });

  it('says how to register an endpoint when there is none', async () => {
    fakeFetch({ 'GET /v1/me': () => json(tenantMe), 'GET /v1/webhook-endpoints': () => json({ data: [], next_cursor: null }) });
    await renderSignedIn('#/webhooks');
    await screen.findByText('No webhook endpoints.');
  });
});
