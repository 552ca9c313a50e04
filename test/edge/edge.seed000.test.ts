/**
 * Seed 000's document cases, word for word, against the Worker in workerd over D1: the same
 * assertions test/lead-evaluation/ makes against `tollgate serve`.
 */
import { afterEach, expect, it } from 'vitest';
import { createLead, createSite, expectVerified, ISO, requestEvaluation, siteHeaders, startEdge, type Edge } from './support.js';

let edge: Edge | undefined;
afterEach(async () => {
  if (edge) await expectVerified(edge).finally(() => edge!.close());
  edge = undefined;
});

const month = () => new Date().toISOString().slice(0, 7);

it('answers /healthz and /readyz as tollgate serve does: a platform health check passes', async () => {
  edge = await startEdge();
  expect(await (await edge.request('GET', '/healthz')).json()).toEqual({ status: 'ok' });
  const ready = await edge.request('GET', '/readyz');
  expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', database: 'd1' }]);
});

it('201: admits an evaluation with data and usage, nothing more; the cron completes it and the status shows it', async () => {
  edge = await startEdge();
  const s = await createSite(edge, 'site_abc');
  const lead = await createLead(edge, s);
  const response = await requestEvaluation(edge, s, lead.id);
  expect(response.status).toBe(201);
  const body = await response.json();
  expect(body).toStrictEqual({
    success: true,
    // No cron run has been seen yet: no worker serves the type, so no completion is promised.
    data: { job_id: expect.stringMatching(/^job_\w+$/), lead_id: lead.id, status: 'pending', requested_at: ISO, estimated_completion: null },
    usage: { remaining: 19, limit: 20, month: month() },
  });
  await edge.cron();
  const status = await edge.request('GET', `/api/ops/leads/${lead.id}/ai-evaluation`, { key: s.key, headers: siteHeaders(s) });
  expect(status.status).toBe(200);
  expect((await status.json()).data).toMatchObject({ job_id: body.data.job_id, status: 'completed' });

});

it('400: the exact body when X-Site-Id or X-User-Id is missing, and 401 without a valid key', async () => {
  edge = await startEdge();
  const s = await createSite(edge, 'site_abc');
  const lead = await createLead(edge, s);
  for (const headers of [{ 'X-User-Id': 'u' }, { 'X-Site-Id': s.id }] as Record<string, string>[]) {
    const response = await edge.request('POST', `/api/ops/leads/${lead.id}/ai-evaluation`, { key: s.key, headers, body: {} });
    expect(response.status).toBe(400);
    expect(await response.json()).toStrictEqual({ success: false, error: 'Missing required headers' });
  }
  const anonymous = await edge.request('POST', `/api/ops/leads/${lead.id}/ai-evaluation`, { key: 'tg_nope', headers: siteHeaders(s), body: {} });
  expect(anonymous.status).toBe(401);
  expect(await edge.query('SELECT * FROM jobs')).toEqual([]);
});

it('404: a missing lead and another site\'s lead, at no cost', async () => {
  edge = await startEdge();
  const s = await createSite(edge, 'site_abc');
  const other = await createSite(edge, 'site_other');
  const theirs = await createLead(edge, other);
  const notFound = { success: false, error: 'LeadNotFound', message: 'Lead not found or access denied' };
  for (const leadId of ['nonexistent', theirs.id]) {
    const response = await requestEvaluation(edge, s, leadId);
    expect([response.status, await response.json()]).toStrictEqual([404, notFound]);
  }
  expect(await edge.query('SELECT * FROM usage')).toEqual([]);
});

it('409 JobAlreadyPending names the pending job; 409 AlreadyEvaluated names the evaluation once it completed; one charge', async () => {
  edge = await startEdge();
  const s = await createSite(edge, 'site_abc');
  const lead = await createLead(edge, s);
  const first = await (await requestEvaluation(edge, s, lead.id)).json();
  for (const body of [{}, { force_refresh: true }]) {
    const again = await requestEvaluation(edge, s, lead.id, body);
    expect(again.status).toBe(409);
    expect(await again.json()).toStrictEqual({
      success: false,
      error: 'JobAlreadyPending',
      message: 'An evaluation is already in progress for this lead',
      job_id: first.data.job_id,
    });
  }
  const v1 = await edge.request('POST', '/v1/jobs', { key: s.key, body: { type: 'lead_evaluation', input: { lead_id: lead.id } } });
  expect([v1.status, (await v1.json()).job_id]).toEqual([409, first.data.job_id]);

  await edge.cron();
  const evaluated = await requestEvaluation(edge, s, lead.id);
  expect(evaluated.status).toBe(409);
  expect(await evaluated.json()).toStrictEqual({
    success: false,
    error: 'AlreadyEvaluated',
    message: 'Lead already evaluated. Use force_refresh=true to re-evaluate.',
    evaluation_id: `eval_${first.data.job_id.slice(4)}`,
  });
  expect(await edge.query('SELECT used FROM usage')).toEqual([{ used: 1 }]);
});

it('429: 20 evaluations in a month, the 21st refused with the exact body and Retry-After, nothing written', async () => {
  edge = await startEdge();
  const s = await createSite(edge, 'site_abc');
  const leads = [];
  for (let i = 0; i < 21; i++) leads.push(await createLead(edge, s, { name: `Lead ${i}` }));
  for (let i = 0; i < 20; i++) {
    const response = await requestEvaluation(edge, s, leads[i]!.id);
    expect(response.status).toBe(201);
    expect((await response.json()).usage).toStrictEqual({ remaining: 19 - i, limit: 20, month: month() });
  }
  const refused = await requestEvaluation(edge, s, leads[20]!.id);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await refused.json()).toStrictEqual({
    success: false,
    error: 'QuotaExceeded',
    message: 'Monthly evaluation limit (20) reached for this site.',
    usage: { used: 20, limit: 20, month: month(), tier: 'free' },
  });
  expect(await edge.query('SELECT COUNT(*) AS n FROM jobs')).toEqual([{ n: 20 }]);
});
