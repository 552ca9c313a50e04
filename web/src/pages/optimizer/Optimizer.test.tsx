import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeEventSource, json, fakeFetch, type Handler } from '../../test/fake-server.js';
import { job, KEY, tenantMe } from '../../test/fixtures.js';
import { renderSignedIn } from '../../test/render.js';

const products = [
  { id: 'p1', title: 'Linen shirt', description: 'A shirt', attributes: {}, collectionIds: ['c1'], updatedAt: '2026-11-01T00:00:00Z' },
  { id: 'p2', title: 'Wool scarf', description: 'A scarf', attributes: {}, collectionIds: ['c1'], updatedAt: '2026-11-01T00:00:00Z' },
  { id: 'p3', title: 'Canvas bag', description: '<p>Sturdy <b>canvas</b>.</p><script>alert(1)</script><img src=x onerror="alert(2)">', attributes: {}, collectionIds: [], updatedAt: '2026-11-01T00:00:00Z' },
];

function routes(createJob: Handler) {
  return fakeFetch({
    'GET /v1/me': () => json(tenantMe),
    'GET /api/credits': () => json({ creditsTotal: 100, creditsUsed: 0, remaining: 100, month: '2026-11' }),
    'GET /api/catalog/collections': () => json({ data: [{ id: 'c1', title: 'Summer', productCount: 2 }] }),
    'GET /api/catalog/products': ({ query }) => {
      const search = (query.get('search') ?? '').toLowerCase();
      return json({ data: products.filter((p) => p.title.toLowerCase().includes(search)), nextCursor: null });
    },
    'POST /api/jobs': createJob,
    'GET /v1/jobs/:id': ({ params }) => json(job({ id: params.id ?? '', status: 'pending', progress: { items_total: 4, items_done: 0, items_failed: 0, items_cancelled: 0, percent: 0 } })),
  });
}

async function openOptimizer() {
  await renderSignedIn('#/optimizer');
  await screen.findByText('Linen shirt');
}

const check = (name: string) => fireEvent.click(screen.getByRole('checkbox', { name }));
const required = () => screen.getByTestId('required-credits').textContent;

describe('product optimizer', () => {
  beforeEach(() => FakeEventSource.install());

  it('prices the job live as products × attributes beside the remaining credits', async () => {
    routes(() => json({}, 500));
    await openOptimizer();
    expect(await screen.findByTestId('remaining-credits')).toBeTruthy();
    expect(screen.getByTestId('remaining-credits').textContent).toBe('100');
    expect(required()).toBe('0 credits');

    check('Linen shirt');
    check('Wool scarf');
    check('Title');
    check('Description');
    check('SEO title');
    expect(required()).toBe('6 credits');
    expect(screen.getByText(/2 products × 3 attributes/)).toBeTruthy();

    check('SEO title');
    expect(required()).toBe('4 credits');
    fireEvent.click(screen.getByRole('checkbox', { name: /Select all 3 products shown/ }));
    expect(required()).toBe('6 credits');
  });

  it('shows a product description from HTML as its text: no tags shown, none inserted', async () => {
    routes(() => json({}, 500));
    const { container } = await renderSignedIn('#/optimizer');
    await screen.findByText('Canvas bag');
    const list = screen.getByRole('list', { name: 'Products' });
    expect(within(list).getByText('Sturdy canvas.')).toBeTruthy();
    expect(list.textContent).not.toContain('<');
    expect(list.textContent).not.toContain('alert');
    expect(container.querySelectorAll('b, img, script').length).toBe(0);
  });

  it('counts the prompt against the API\'s 2,000 characters', async () => {
    const { calls } = routes(() => json({ jobId: 'job_9', status: 'PENDING', requiredCredits: 1, remainingCredits: 99, productCount: 1, attributeCount: 1, totalItems: 1 }, 201));
    await openOptimizer();
    check('Linen shirt');
    check('Title');
    fireEvent.change(screen.getByLabelText(/Instructions/), { target: { value: 'x'.repeat(1500) } });
    expect(screen.getByText(/1,500 \/ 2,000 characters/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Optimize for 1 credit' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));

    fireEvent.change(screen.getByLabelText(/Instructions/), { target: { value: 'x'.repeat(2001) } });
    fireEvent.click(screen.getByRole('button', { name: /^Optimize/ }));
    expect(await screen.findByText('Keep the prompt to 2,000 characters or fewer.')).toBeTruthy();
  });

  it('on 402 says how many credits are missing (required − remaining)', async () => {
    routes(() =>
      json(
        {
          error: 'Insufficient credits',
          code: 'INSUFFICIENT_CREDITS',
          message: 'You need 20 credits but only have 5 remaining.',
          required: 20,
          remaining: 5,
          creditsTotal: 100,
          creditsUsed: 95,
        },
        402,
      ),
    );
    await openOptimizer();
    check('Linen shirt');
    check('Title');
    fireEvent.click(screen.getByRole('button', { name: /Optimize for/ }));

    const alert = await screen.findByText(/credits missing/);
    expect(alert.closest('[role="alert"]')?.textContent).toMatch(/needs 20 credits but only 5 remain: 15 credits missing/);
    expect(screen.getByTestId('remaining-credits').textContent).toBe('5');
  });

  it('on 400 puts the server’s message at the offending field', async () => {
    routes(() => json({ error: 'Validation failed', code: 'VALIDATION_ERROR', message: 'Language "xx" is not supported', field: 'language' }, 400));
    await openOptimizer();
    check('Linen shirt');
    check('Tags');
    fireEvent.click(screen.getByRole('button', { name: /Optimize for/ }));

    const language = screen.getByLabelText('Language');
    await waitFor(() => expect(language.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = (language.getAttribute('aria-describedby') ?? '').split(' ');
    const messages = describedBy.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    expect(messages).toContain('Language "xx" is not supported');
  });

  it('checks the form before sending: at least one product and one attribute', async () => {
    const { calls } = routes(() => json({}, 500));
    await openOptimizer();
    fireEvent.click(screen.getByRole('button', { name: 'Optimize' }));

    expect(await screen.findByText('Select at least one product.')).toBeTruthy();
    expect(screen.getByText('Select at least one attribute to optimize.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('on success shows the job id and remaining credits, resets the form and follows progress to 100 % over SSE', async () => {
    const { calls } = routes(() =>
      json(
        { jobId: 'job_9', status: 'PENDING', requiredCredits: 4, remainingCredits: 96, productCount: 2, attributeCount: 2, totalItems: 4 },
        201,
      ),
    );
    await openOptimizer();
    check('Linen shirt');
    check('Wool scarf');
    check('Title');
    check('Tags');
    fireEvent.change(screen.getByLabelText(/Instructions/), { target: { value: 'Friendly tone' } });
    fireEvent.click(screen.getByRole('button', { name: 'Optimize for 4 credits' }));

    expect(await screen.findByText('Job created')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ sourceScope: 'products', productIds: ['p1', 'p2'], attributes: ['title', 'tags'], language: 'en', prompt: 'Friendly tone' });
    expect(screen.getAllByText('job_9').length).toBeGreaterThan(0);
    expect(screen.getByTestId('remaining-credits').textContent).toBe('96');
    expect(required()).toBe('0 credits');
    expect((screen.getByRole('checkbox', { name: 'Linen shirt' }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText(/Instructions/) as HTMLTextAreaElement).value).toBe('');

    const stream = await waitFor(() => FakeEventSource.find('/v1/jobs/job_9/events'));
    expect(stream.url).toContain(`access_token=${KEY}`);
    const progress = await screen.findByRole('progressbar', { name: 'Progress of job_9' });
    act(() => {
      stream.open();
      stream.emit('job', job({ id: 'job_9', status: 'processing', progress: { items_total: 4, items_done: 2, items_failed: 0, items_cancelled: 0, percent: 50 } }));
    });
    await waitFor(() => expect(progress.getAttribute('value')).toBe('50'));
    act(() => {
      stream.emit('job', job({ id: 'job_9', status: 'completed', progress: { items_total: 4, items_done: 4, items_failed: 0, items_cancelled: 0, percent: 100 } }));
    });
    await waitFor(() => expect(screen.getByRole('progressbar', { name: 'Progress of job_9' }).getAttribute('value')).toBe('100'));
    const panel = screen.getByText('Job created').closest('.notice') as HTMLElement;
    expect(within(panel).getByText('100 %')).toBeTruthy();
    expect(stream.readyState).toBe(FakeEventSource.CLOSED);
  });

  it('prices whole collections by their product count', async () => {
    routes(() => json({}, 500));
    await openOptimizer();
    fireEvent.click(screen.getByRole('radio', { name: 'Whole collections' }));
    fireEvent.click(await screen.findByRole('checkbox', { name: /Summer/ }));
    check('Alt text');
    expect(required()).toBe('2 credits');
  });
});
