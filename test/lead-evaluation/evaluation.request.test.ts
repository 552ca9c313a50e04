import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { recordPresence } from '../../src/store/presence.store.js';
import { usedOf } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { createLead, getJson, insertLeads, ISO, requestEvaluation, site, USER, verifyAndClose } from './support.js';

const month = (h: Harness) => new Date(h.clock.now()).toISOString().slice(0, 7);

describe.each(DIALECTS)('POST /api/ops/leads/:leadId/ai-evaluation (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => verifyAndClose(h));

  it('promises no completion while no worker serves lead evaluations (WORKERS=0 and no tollgate worker)', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ id: 'site_abc' });
    const lead = await createLead(h, t);
    const response = await requestEvaluation(h, t, lead.id, {});
    expect(response.status).toBe(201);
    expect((await response.json()).data.estimated_completion).toBeNull();
  });

  it('admits a job and answers exactly as the document: 201, data and usage, nothing more', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ id: 'site_abc' });
    const lead = await createLead(h, t);
    // A worker in another process serves lead evaluations: the answer promises a completion.
    await recordPresence(h.tollgate.deps.store.db, 'worker-elsewhere', ['lead_evaluation'], h.clock.now());
    await h.tollgate.deps.eta.refresh();

    const response = await requestEvaluation(h, t, lead.id, {});
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body).toStrictEqual({
      success: true,
      data: { job_id: expect.stringMatching(/^job_\w+$/), lead_id: lead.id, status: 'pending', requested_at: ISO, estimated_completion: ISO },
      usage: { remaining: 19, limit: 20, month: month(h) },
    });
    expect(Date.parse(body.data.estimated_completion)).toBeGreaterThanOrEqual(Date.parse(body.data.requested_at));

    // The job is core's: type, meter, subject = lead, requested_by = X-User-Id, model resolved from 'auto'.
    const job = await h.tollgate.deps.store.db.selectFrom('jobs').selectAll().where('id', '=', body.data.job_id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ tenant_id: 'site_abc', type: 'lead_evaluation', meter: 'lead_evaluations', subject: lead.id, requested_by: USER, status: 'pending' });
    expect(JSON.parse(job.input)).toStrictEqual({ lead_id: lead.id, model_version: 'tollgate-local-lead-v1' });
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(1);
  });

  it('takes no body, an empty body and a body that does not parse as {}', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const [a, b, c, d] = await insertLeads(h, t.id, 4);
    expect((await requestEvaluation(h, t, a!)).status).toBe(201);
    expect((await requestEvaluation(h, t, b!, '')).status).toBe(201);
    expect((await requestEvaluation(h, t, c!, '{not json')).status).toBe(201);
    expect((await requestEvaluation(h, t, d!, 'null')).status).toBe(201);
  });

  it('refuses a missing lead, and another site\'s lead, with the seed\'s 404', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const other = await h.tenant();
    const theirs = await createLead(h, other);
    const notFound = { success: false, error: 'LeadNotFound', message: 'Lead not found or access denied' };

    const missing = await requestEvaluation(h, t, 'nonexistent', {});
    expect(missing.status).toBe(404);
    expect(await missing.json()).toStrictEqual(notFound);

    // Their lead named with my site, and my key naming their site: both as if nothing were there.
    const viaMySite = await requestEvaluation(h, t, theirs.id, {});
    expect([viaMySite.status, await viaMySite.json()]).toStrictEqual([404, notFound]);
    const viaTheirSite = await requestEvaluation(h, t, theirs.id, {}, site(other.id));
    expect([viaTheirSite.status, await viaTheirSite.json()]).toStrictEqual([404, notFound]);
    expect(await usedOf(h, other.id, undefined, 'lead_evaluations')).toBe(0);
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(0);
  });

  it('answers 400 with the exact body when X-Site-Id or X-User-Id is missing, and 401 without a valid key', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const lead = await createLead(h, t);
    for (const headers of [{ 'X-User-Id': USER }, { 'X-Site-Id': t.id }, {}, { 'X-Site-Id': '', 'X-User-Id': USER }] as Record<string, string>[]) {
      const response = await requestEvaluation(h, t, lead.id, {}, headers);
      expect(response.status).toBe(400);
      expect(await response.json()).toStrictEqual({ success: false, error: 'Missing required headers' });
    }
    for (const key of ['test-token', 'tg_not_a_real_key_at_all_000000000']) {
      const response = await h.request('POST', `/api/ops/leads/${lead.id}/ai-evaluation`, { key, headers: site(t.id), body: {} });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ success: false, error: 'Unauthorized', message: expect.any(String) });
    }
    const anonymous = await h.request('POST', `/api/ops/leads/${lead.id}/ai-evaluation`, { headers: site(t.id), body: {} });
    expect(anonymous.status).toBe(401);
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(0);
  });

  it('refuses a second request for the same lead with 409 JobAlreadyPending naming the job, at no cost', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const lead = await createLead(h, t);
    const first = await (await requestEvaluation(h, t, lead.id, {})).json();

    for (const body of [{}, { force_refresh: true }]) {
      const again = await requestEvaluation(h, t, lead.id, body);
      expect(again.status).toBe(409);
      expect(await again.json()).toStrictEqual({
        success: false,
        error: 'JobAlreadyPending',
        message: 'An evaluation is already in progress for this lead',
        job_id: first.data.job_id,
      });
    }
    // Whoever asks: the same job type admitted through /v1 meets the same lead's active job.
    const v1 = await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'lead_evaluation', input: { lead_id: lead.id } } });
    expect([v1.status, (await v1.json()).job_id]).toEqual([409, first.data.job_id]);
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(1);
  });

  it('admits 20 evaluations in a month and refuses the 21st with the exact 429 body', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const leads = await insertLeads(h, t.id, 21);
    for (let i = 0; i < 20; i++) {
      const response = await requestEvaluation(h, t, leads[i]!, {});
      expect(response.status).toBe(201);
      expect((await response.json()).usage).toStrictEqual({ remaining: 19 - i, limit: 20, month: month(h) });
    }
    const refused = await requestEvaluation(h, t, leads[20]!, {});
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toStrictEqual({
      success: false,
      error: 'QuotaExceeded',
      message: 'Monthly evaluation limit (20) reached for this site.',
      usage: { used: 20, limit: 20, month: month(h), tier: 'free' },
    });
    const jobs = await h.tollgate.deps.store.db.selectFrom('jobs').select('id').where('tenant_id', '=', t.id).execute();
    expect(jobs).toHaveLength(20);
  });

  it('follows the tenant\'s own limit and tier in the message and usage', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ tier: 'pro', limits: { lead_evaluations: 1 } });
    const [a, b] = await insertLeads(h, t.id, 2);
    expect((await requestEvaluation(h, t, a!)).status).toBe(201);
    const refused = await requestEvaluation(h, t, b!);
    expect(await refused.json()).toMatchObject({ message: 'Monthly evaluation limit (1) reached for this site.', usage: { used: 1, limit: 1, tier: 'pro' } });
  });

  it('lets an admin key act for any site, and answers an unknown site with the 404', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const lead = await createLead(h, t);
    const admin = { id: t.id, key: ADMIN_KEY };
    expect((await requestEvaluation(h, admin, lead.id, {})).status).toBe(201);
    const unknown = await requestEvaluation(h, admin, lead.id, {}, site('site_nobody'));
    expect([unknown.status, await unknown.json()]).toStrictEqual([404, { success: false, error: 'LeadNotFound', message: 'Lead not found or access denied' }]);
  });

  it('validates force_refresh and model_version', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const lead = await createLead(h, t);
    const invalid = async (body: unknown, path: string) => {
      const response = await requestEvaluation(h, t, lead.id, body);
      expect(response.status).toBe(400);
      const json = await response.json();
      expect(json).toMatchObject({ success: false, error: 'ValidationError', message: expect.any(String) });
      expect(json.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    };
    await invalid({ force_refresh: 'yes' }, 'force_refresh');
    await invalid({ model_version: 42 }, 'model_version');
    // The local provider has one model; naming another is a mistake the client should hear about.
    await invalid({ model_version: 'gpt-4o' }, 'model_version');
    const local = await requestEvaluation(h, t, lead.id, { model_version: 'tollgate-local-lead-v1' });
    expect(local.status).toBe(201);
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(1);
  });

  it('answers GET …/ai-evaluation with 404 JobNotFound before any request, and pending after one', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const lead = await createLead(h, t);
    expect(await getJson(h, t, `/api/ops/leads/${lead.id}/ai-evaluation`)).toStrictEqual({
      status: 404,
      body: { success: false, error: 'JobNotFound', message: expect.any(String) },
    });
    expect(await getJson(h, t, `/api/ops/leads/nonexistent/ai-evaluation`)).toStrictEqual({
      status: 404,
      body: { success: false, error: 'LeadNotFound', message: 'Lead not found or access denied' },
    });
    const created = (await (await requestEvaluation(h, t, lead.id)).json()).data;
    const status = await getJson(h, t, `/api/ops/leads/${lead.id}/ai-evaluation`);
    expect(status).toStrictEqual({
      status: 200,
      body: {
        success: true,
        data: {
          job_id: created.job_id,
          lead_id: lead.id,
          status: 'pending',
          requested_at: created.requested_at,
          started_at: null,
          completed_at: null,
          error: null,
          model_version: 'tollgate-local-lead-v1',
          evaluation: null,
        },
      },
    });
    expect(await getJson(h, t, `/api/ops/leads/${lead.id}/ai-evaluation/${created.job_id}`)).toStrictEqual(status);
    expect((await getJson(h, t, `/api/ops/leads/${lead.id}/ai-evaluation/job_unknown`)).body).toMatchObject({ success: false, error: 'JobNotFound' });

    // Cancelled through /v1: the seed's status is 'cancelled', the quota is refunded, and the lead may be evaluated again.
    expect((await h.request('POST', `/v1/jobs/${created.job_id}/cancel`, { key: t.key })).status).toBe(200);
    expect((await getJson(h, t, `/api/ops/leads/${lead.id}/ai-evaluation`)).body.data).toMatchObject({ status: 'cancelled', completed_at: ISO });
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(0);
    expect((await requestEvaluation(h, t, lead.id)).status).toBe(201);
  });

  it('answers an unexpected failure with the seed\'s 500 and logs it with the stack', async () => {
    const lines: any[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    h = await createHarness(dialect, { tollgate: { logger } });
    const t = await h.tenant();
    const lead = await createLead(h, t);
    // The settle trigger reads the table too; SQLite will not drop a table a trigger names.
    if (dialect === 'sqlite') await sql`DROP TRIGGER job_items_lead_evaluation_settled`.execute(h.tollgate.deps.store.db);
    await sql`DROP TABLE evaluations`.execute(h.tollgate.deps.store.db);

    const response = await requestEvaluation(h, t, lead.id, {});
    expect(response.status).toBe(500);
    expect(await response.json()).toStrictEqual({ success: false, error: 'InternalError', message: 'Failed to create evaluation job' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request failed', method: 'POST', path: `/api/ops/leads/${lead.id}/ai-evaluation`, err: { stack: expect.stringContaining('evaluations') } });
    expect(await usedOf(h, t.id, undefined, 'lead_evaluations')).toBe(0);
    // verify reads the table this test dropped.
    await h.close();
    h = undefined!;
  });
});
