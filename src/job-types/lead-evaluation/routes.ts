import { Hono } from 'hono';
import { z } from 'zod';
import { newId } from '../../core/ids.js';
import { zodIssues } from '../../core/validation.js';
import { cursorShapes, decodeCursor, encodeCursor, type AppEnv, type AppDeps } from '../../http/kit.js';
import { leadNotFound, missingHeaders, siteNotFound, validationError } from './envelopes.js';
import { evaluationRoutes } from './evaluation.routes.js';
import type { ModelDeps } from './job-type.js';
import { findEvaluationsByJobs, findLatestEvaluations, findLatestLeadJobs } from './evaluations.store.js';
import { CreateLead, leadColumns, LeadStatus, UpdateLead, type Lead } from './lead.js';
import { findLead, insertLead, listLeads, updateLead } from './leads.store.js';
import { renderLatestEvaluation, renderLead } from './render.js';
import { readJson, resolveSite } from './site.js';

const ListQuery = z.object({
  status: z.union([LeadStatus, z.literal('')]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

const EMPTY_LEAD = {
  email: null,
  phone: null,
  move_in_date: null,
  monthly_income: null,
  desired_rent: null,
  household_size: null,
  desired_bedrooms: null,
  employment_status: null,
  has_pets: null,
  pets: null,
  notes: null,
};

/** Each lead with its `latest_evaluation`, in three queries whatever the page size. */
async function withLatestEvaluations(deps: AppDeps, tenantId: string, leads: Lead[]) {
  const db = deps.store.db;
  const ids = leads.map((l) => l.id);
  const jobs = await findLatestLeadJobs(db, tenantId, ids);
  const jobOf = new Map(jobs.map((j) => [j.subject!, j]));
  const [byJob, latest] = await Promise.all([
    findEvaluationsByJobs(db, tenantId, jobs.filter((j) => j.status === 'completed').map((j) => j.id)),
    findLatestEvaluations(db, tenantId, ids.filter((id) => !jobOf.has(id))),
  ]);
  const evaluationOfJob = new Map(byJob.map((e) => [e.job_id, e]));
  const evaluationOfLead = new Map(latest.map((e) => [e.lead_id, e]));
  return leads.map((lead) => {
    const job = jobOf.get(lead.id);
    return renderLead(lead, renderLatestEvaluation(job, job ? evaluationOfJob.get(job.id) : evaluationOfLead.get(lead.id)));
  });
}

/** Seed 000's leads API under `/api/ops/leads`, and the evaluation routes beside it. */
export function leadRoutes(deps: AppDeps, models: ModelDeps) {
  const app = new Hono<AppEnv>();
  const db = deps.store.db;

  app.post('/api/ops/leads', async (c) => {
    if (!c.req.header('x-site-id') || !c.req.header('x-user-id')) return missingHeaders(c);
    const parsed = CreateLead.safeParse(await readJson(c));
    if (!parsed.success) return validationError(c, 'The lead is invalid', zodIssues(parsed.error));
    const site = await resolveSite(c, deps, siteNotFound);
    if (site instanceof Response) return site;
    const { id, name, status, ...fields } = parsed.data;
    const now = deps.clock.now();
    const lead: Lead = {
      tenant_id: site.tenant.id,
      id: id ?? newId('lead'),
      ...EMPTY_LEAD,
      ...leadColumns(fields),
      name,
      status: status ?? 'new',
      created_by: site.userId,
      created_at: now,
      updated_at: now,
    };
    if (!(await insertLead(db, lead))) {
      return c.json({ success: false, error: 'LeadAlreadyExists', message: `This site already has a lead with id ${lead.id}` }, 409);
    }
    return c.json({ success: true, data: renderLead(lead, null) }, 201, { location: `/api/ops/leads/${lead.id}` });
  });

  app.get('/api/ops/leads', async (c) => {
    if (!c.req.header('x-site-id') || !c.req.header('x-user-id')) return missingHeaders(c);
    const q = ListQuery.safeParse(c.req.query());
    if (!q.success) return validationError(c, 'The query is invalid', zodIssues(q.error));
    const cursor = decodeCursor(q.data.cursor, cursorShapes.timeAndId);
    if (cursor === 'invalid') return validationError(c, 'Invalid cursor', [{ path: 'cursor', message: 'not a cursor this API issued' }]);
    const site = await resolveSite(c, deps, siteNotFound);
    if (site instanceof Response) return site;
    const { limit, status } = q.data;
    const rows = await listLeads(db, {
      tenantId: site.tenant.id,
      ...(status ? { status } : {}),
      ...(cursor ? { before: { createdAt: cursor[0], id: cursor[1] } } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = rows.length > limit ? page[page.length - 1] : undefined;
    return c.json({
      success: true,
      data: await withLatestEvaluations(deps, site.tenant.id, page),
      next_cursor: last ? encodeCursor([Number(last.created_at), last.id]) : null,
    });
  });

  app.get('/api/ops/leads/:leadId', async (c) => {
    const site = await resolveSite(c, deps, leadNotFound);
    if (site instanceof Response) return site;
    const lead = await findLead(db, site.tenant.id, c.req.param('leadId'));
    if (!lead) return leadNotFound(c);
    const [data] = await withLatestEvaluations(deps, site.tenant.id, [lead]);
    return c.json({ success: true, data });
  });

  app.patch('/api/ops/leads/:leadId', async (c) => {
    if (!c.req.header('x-site-id') || !c.req.header('x-user-id')) return missingHeaders(c);
    const parsed = UpdateLead.safeParse(await readJson(c));
    if (!parsed.success) return validationError(c, 'The change is invalid', zodIssues(parsed.error));
    const site = await resolveSite(c, deps, leadNotFound);
    if (site instanceof Response) return site;
    const lead = await updateLead(db, site.tenant.id, c.req.param('leadId'), { ...leadColumns(parsed.data), updated_at: deps.clock.now() });
    if (!lead) return leadNotFound(c);
    const [data] = await withLatestEvaluations(deps, site.tenant.id, [lead]);
    return c.json({ success: true, data });
  });

  app.route('/', evaluationRoutes(deps, models));
  return app;
}
