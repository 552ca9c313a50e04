import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, json, fakeFetch, type Handler } from '../../test/fake-server.js';
import { job, lead, tenantMe } from '../../test/fixtures.js';
import { renderSignedIn } from '../../test/render.js';
import type { Evaluation } from '../../types.js';

const evaluation: Evaluation = {
  evaluation_id: 'eval_1',
  score: 82,
  recommendation: 'approve',
  reasons: [{ text: 'Income is over three times the rent', fields: ['monthly_income', 'desired_rent'] }],
  risk_flags: ['short_employment'],
  model_version: 'fake-1',
};

function routes(evaluate: Handler, evaluationState: () => unknown = () => ({ status: 'pending', evaluation: null })) {
  return fakeFetch({
    'GET /v1/me': () => json(tenantMe),
    'GET /api/ops/leads': () => json({ success: true, data: [lead()], next_cursor: null }),
    'GET /v1/usage': () =>
      json({
        tenant_id: 'acme',
        period: '2026-11',
        meters: [{ name: 'lead_evaluations', kind: 'quota', used: 0, limit: 20, remaining: 20, period: '2026-11', resets_at: '2026-12-01T00:00:00Z' }],
      }),
    'POST /api/ops/leads/:id/ai-evaluation': evaluate,
    'GET /api/ops/leads/:id/ai-evaluation': ({ params }) =>
      json({
        success: true,
        data: {
          job_id: 'job_lead',
          lead_id: params.id,
          requested_at: '2026-11-20T10:00:00Z',
          started_at: null,
          completed_at: null,
          error: null,
          ...(evaluationState() as object),
        },
      }),
  });
}

const accepted = () =>
  json(
    {
      success: true,
      data: { job_id: 'job_lead', lead_id: 'lead_1', status: 'pending', requested_at: '2026-11-20T10:00:00Z', estimated_completion: null },
      usage: { remaining: 19, limit: 20, month: '2026-11' },
    },
    201,
  );

async function evaluateDana() {
  await renderSignedIn('#/leads');
  const card = (await screen.findByRole('heading', { name: 'Dana Rivera' })).closest('article') as HTMLElement;
  fireEvent.click(within(card).getByRole('button', { name: 'Evaluate with AI' }));
  return card;
}

describe('leads', () => {
  beforeEach(() => FakeEventSource.install());

  it('says how many evaluations are left this month before any is asked for', async () => {
    routes(accepted);
    await renderSignedIn('#/leads');
    expect(await screen.findByText('0 of 20 evaluations used in 2026-11, 20 left.')).toBeTruthy();
  });

  it('shows 429 as a plain message with the usage', async () => {
    routes(() =>
      json(
        {
          success: false,
          error: 'QuotaExceeded',
          message: 'Monthly evaluation limit (20) reached for this site.',
          usage: { used: 20, limit: 20, month: '2026-11', tier: 'free' },
        },
        429,
      ),
    );
    const card = await evaluateDana();

    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain('Monthly evaluation limit (20) reached for this site.');
    expect(alert.textContent).toContain('20 of 20 evaluations used in 2026-11 (free tier)');
    expect(within(card).getByRole('button', { name: 'Evaluate with AI' })).toBeTruthy();
  });

  it('sends the site and user headers, shows the pending state, then the score once the job completes (SSE)', async () => {
    let done = false;
    const { calls } = routes(accepted, () => (done ? { status: 'completed', evaluation } : { status: 'pending', evaluation: null }));
    const card = await evaluateDana();

    expect(await within(card).findByText(/Evaluation pending/)).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.headers.get('X-Site-Id')).toBe('acme');
    expect(post?.headers.get('X-User-Id')).toBe('key_1');
    expect(await screen.findByText('1 of 20 evaluations used in 2026-11, 19 left.')).toBeTruthy();

    done = true;
    const stream = await waitFor(() => FakeEventSource.find('/v1/events'));
    act(() => {
      stream.open();
      stream.emit('job', job({ id: 'job_lead', type: 'lead_evaluation', status: 'completed' }));
    });

    expect((await within(card).findByTestId('score')).textContent).toBe('Score 82 / 100');
    expect(within(card).getByText('approve')).toBeTruthy();
    expect(within(card).getByText('Income is over three times the rent')).toBeTruthy();
    expect(within(card).getByText('short employment')).toBeTruthy();
    expect(within(card).queryByText(/Evaluation pending/)).toBeNull();
  });

  it('polls for the result when live updates are unavailable', async () => {
    vi.stubGlobal('EventSource', undefined);
    let polls = 0;
    routes(accepted, () => (++polls >= 2 ? { status: 'completed', evaluation } : { status: 'processing', evaluation: null }));
    const card = await evaluateDana();

    expect((await within(card).findByTestId('score', {}, { timeout: 5000 })).textContent).toBe('Score 82 / 100');
  });

  it('treats 409 JobAlreadyPending as pending, with the server’s message', async () => {
    routes(() => json({ success: false, error: 'JobAlreadyPending', message: 'An evaluation is already in progress for this lead', job_id: 'job_lead' }, 409));
    const card = await evaluateDana();

    expect(await within(card).findByText('An evaluation is already in progress for this lead')).toBeTruthy();
    await waitFor(() => expect(within(card).getByText(/Evaluation pending/)).toBeTruthy());
  });

  it('shows an existing evaluation without asking again', async () => {
    fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /api/ops/leads': () =>
        json({ success: true, data: [lead({ latest_evaluation: { job_id: 'job_old', status: 'completed', evaluation } })], next_cursor: null }),
    });
    await renderSignedIn('#/leads');
    expect((await screen.findByTestId('score')).textContent).toBe('Score 82 / 100');
    expect(screen.queryByRole('button', { name: 'Evaluate with AI' })).toBeNull();
  });

  it('asks before evaluating again, saying it uses one of the month’s evaluations and how many are left', async () => {
    const evaluated = lead({ latest_evaluation: { job_id: 'job_old', status: 'completed', evaluation } });
    const { calls } = fakeFetch({
      'GET /v1/me': () => json(tenantMe),
      'GET /api/ops/leads': () => json({ success: true, data: [evaluated], next_cursor: null }),
      'GET /v1/usage': () =>
        json({
          tenant_id: 'acme',
          period: '2026-11',
          meters: [{ name: 'lead_evaluations', kind: 'quota', used: 13, limit: 20, remaining: 7, period: '2026-11', resets_at: '2026-12-01T00:00:00Z' }],
        }),
      'POST /api/ops/leads/:id/ai-evaluation': accepted,
      'GET /api/ops/leads/:id/ai-evaluation': () => json({ success: true, data: { job_id: 'job_lead', lead_id: 'lead_1', status: 'pending', evaluation: null } }),
    });
    await renderSignedIn('#/leads');
    await screen.findByText('13 of 20 evaluations used in 2026-11, 7 left.');
    const posts = () => calls.filter((c) => c.method === 'POST').length;

    fireEvent.click(screen.getByRole('button', { name: 'Evaluate again' }));
    expect(posts()).toBe(0);
    expect(screen.getByText('A new evaluation uses one of this month’s evaluations: 7 of 20 left.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Keep this result' }));
    expect(screen.getByRole('button', { name: 'Evaluate again' })).toBeTruthy();
    expect(posts()).toBe(0);

    fireEvent.click(screen.getByRole('button', { name: 'Evaluate again' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, evaluate again' }));
    await waitFor(() => expect(posts()).toBe(1));
  });

  it('has an empty state that says where leads come from', async () => {
    fakeFetch({ 'GET /v1/me': () => json(tenantMe), 'GET /api/ops/leads': () => json({ success: true, data: [], next_cursor: null }) });
    await renderSignedIn('#/leads');
    expect(await screen.findByText('No leads yet.')).toBeTruthy();
  });
});
