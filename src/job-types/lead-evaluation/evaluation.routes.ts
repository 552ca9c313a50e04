import { Hono } from 'hono';
import { z } from 'zod';
import { admitJob } from '../../core/admission.js';
import { zodIssues } from '../../core/validation.js';
import { budgetKey, type AppEnv, type AppDeps } from '../../http/kit.js';
import {
  alreadyEvaluated,
  jobAlreadyPending,
  jobNotFound,
  leadNotFound,
  missingHeaders,
  validationError,
} from './envelopes.js';
import { findActiveLeadJob, findEvaluationByJob, findLatestEvaluation, findLatestLeadJobs, findLeadJob } from './evaluations.store.js';
import { LEAD_EVALUATION, resolveModelVersion, type ModelDeps } from './job-type.js';
import { findLead } from './leads.store.js';
import { renderEvaluationJob } from './render.js';
import { resolveSite } from './site.js';

/** The seed's body: both fields optional; a body that is not JSON (or not an object) counts as `{}`. */
const EvaluationRequest = z.object({
  force_refresh: z.boolean().default(false),
  model_version: z.string().trim().min(1).max(100).default('auto'),
});

/**
 * `POST /api/ops/leads/:leadId/ai-evaluation` and its status routes (seed 000, tasks 2.1 and 2.2).
 *
 * The seed read the usage row, decided, then wrote the job and the counter in separate statements,
 * so concurrent requests overspent the quota and evaluated a lead twice. Here admission is core's
 * one transaction: the conditional charge refuses the 21st evaluation and the partial unique index
 * on (tenant, type, subject = lead) refuses a second active job, whatever the timing. The reads
 * before it only choose the seed's answer for a lead that is busy or already evaluated.
 */
export function evaluationRoutes(deps: AppDeps, models: ModelDeps) {
  const app = new Hono<AppEnv>();
  const db = deps.store.db;

  app.post('/api/ops/leads/:leadId/ai-evaluation', async (c) => {
    if (!c.req.header('x-site-id') || !c.req.header('x-user-id')) return missingHeaders(c);
    const raw: unknown = await c.req.json().catch(() => ({}));
    const body = EvaluationRequest.safeParse(raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {});
    if (!body.success) return validationError(c, 'The request body is invalid', zodIssues(body.error));
    const model = resolveModelVersion(body.data.model_version, models);
    if (!model.ok) return validationError(c, 'The request body is invalid', [{ path: 'model_version', message: model.message }]);

    const site = await resolveSite(c, deps, leadNotFound);
    if (site instanceof Response) return site;
    const { tenant } = site;
    const leadId = c.req.param('leadId');
    if (!(await findLead(db, tenant.id, leadId))) return leadNotFound(c);

    if (!body.data.force_refresh) {
      const active = await findActiveLeadJob(db, tenant.id, leadId);
      if (active) return jobAlreadyPending(c, active.id);
      const evaluation = await findLatestEvaluation(db, tenant.id, leadId);
      if (evaluation) return alreadyEvaluated(c, evaluation.id);
    }

    const result = await admitJob(deps, {
      tenant,
      type: LEAD_EVALUATION,
      input: { lead_id: leadId, model_version: model.model },
      requestedBy: site.userId,
      key: budgetKey(c),
    });
    if (!result.ok) deps.metrics.refusals.inc({ code: result.reason });
    if (!result.ok) {
      switch (result.reason) {
        case 'job_already_active':
          return jobAlreadyPending(c, result.jobId);
        case 'quota_exceeded':
        case 'insufficient_credits':
        case 'key_budget_exceeded': {
          const m = result.meter;
          return c.json(
            {
              success: false,
              error: 'QuotaExceeded',
              message: `Monthly evaluation limit (${m.limit}) reached for this site.`,
              usage: { used: m.used, limit: m.limit, month: m.period, tier: tenant.tier },
            },
            429,
            { 'retry-after': String(result.retryAfter) },
          );
        }
        case 'allowance_held': {
          // The seed's 429, in its envelope: not spent for the month, held by running work; retry when it ends.
          const m = result.meter;
          return c.json(
            {
              success: false,
              error: 'AllowanceHeld',
              message: `Monthly evaluation limit (${m.limit}) is held by evaluations still running; retry in about ${result.retryAfter} s.`,
              usage: { used: m.used, held: m.held, limit: m.limit, month: m.period, tier: tenant.tier },
            },
            429,
            { 'retry-after': String(result.retryAfter) },
          );
        }
        default:
          throw new Error(`unexpected admission outcome without idempotency: ${result.reason}`);
      }
    }
    if (!('job' in result)) throw new Error('unexpected idempotent replay');
    deps.metrics.admissions.inc({ type: LEAD_EVALUATION });
    const { job, meter, estimatedCompletion } = result;
    return c.json(
      {
        success: true,
        data: {
          job_id: job.id,
          lead_id: leadId,
          status: 'pending',
          requested_at: new Date(job.created_at).toISOString(),
          // null while no worker serves lead evaluations (WORKERS=0 and no `tollgate worker` running).
          estimated_completion: estimatedCompletion === null ? null : new Date(estimatedCompletion).toISOString(),
        },
        usage: { remaining: meter.remaining, limit: meter.limit, month: meter.period },
      },
      201,
      { location: `/api/ops/leads/${encodeURIComponent(leadId)}/ai-evaluation/${job.id}` },
    );
  });

  app.get('/api/ops/leads/:leadId/ai-evaluation', async (c) => {
    const site = await resolveSite(c, deps, leadNotFound);
    if (site instanceof Response) return site;
    const tenantId = site.tenant.id;
    const leadId = c.req.param('leadId');
    if (!(await findLead(db, tenantId, leadId))) return leadNotFound(c);
    const [job] = await findLatestLeadJobs(db, tenantId, [leadId]);
    const evaluation = job ? await findEvaluationByJob(db, tenantId, job.id) : await findLatestEvaluation(db, tenantId, leadId);
    if (!job && !evaluation) return jobNotFound(c, 'No evaluation has been requested for this lead');
    return c.json({ success: true, data: renderEvaluationJob(leadId, job, evaluation) });
  });

  app.get('/api/ops/leads/:leadId/ai-evaluation/:jobId', async (c) => {
    const site = await resolveSite(c, deps, leadNotFound);
    if (site instanceof Response) return site;
    const tenantId = site.tenant.id;
    const { leadId, jobId } = c.req.param();
    if (!(await findLead(db, tenantId, leadId))) return leadNotFound(c);
    const [job, evaluation] = await Promise.all([findLeadJob(db, tenantId, leadId, jobId), findEvaluationByJob(db, tenantId, jobId)]);
    if (!job && evaluation?.lead_id !== leadId) return jobNotFound(c, 'Evaluation job not found for this lead');
    return c.json({ success: true, data: renderEvaluationJob(leadId, job, evaluation?.lead_id === leadId ? evaluation : undefined) });
  });

  return app;
}
