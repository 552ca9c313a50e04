import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { admitJob, type AdmissionResult, type Admitted } from '../../core/admission.js';
import { TollgateError } from '../../core/errors.js';
import { cancelJob } from '../../core/jobs.js';
import type { MeterView } from '../../core/meters.js';
import { secondsUntilReset } from '../../core/period.js';
import { findJob, listItems, listJobs } from '../../store/jobs.store.js';
import { ITEM_STATUSES, JOB_STATUSES } from '../../store/schema.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { admittedResponse, idempotencyKeyOf } from '../admitted.js';
import { problem } from '../envelopes/problem.js';
import { cursorShapes, estimatedCompletion, nextLink, page, readCursor, renderItem, renderJob } from '../render.js';
import { Item, Job, Meter, paged, problemResponses } from '../schemas.js';
import { actingTenant, budgetKey } from '../tenant.js';
import { jsonBody, validationHook } from '../validate.js';

const JobId = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });
const Admit = z.object({ type: z.string().min(1).max(100), input: z.unknown().optional() }).openapi('AdmitJob');
const Admitted = z.object({ job: Job, meter: Meter }).openapi('AdmittedJob');
const Limit = z.coerce.number().int().min(1).max(100).default(20);

/**
 * The meter's policy and state (IETF draft-ietf-httpapi-ratelimit-headers): a window of one period,
 * `t` the seconds until it resets. Sent with every admission answer, admitted or refused.
 */
function rateLimitHeaders(m: MeterView, t: number): Record<string, string> {
  const window = Math.round((Date.parse(m.resets_at) - Date.parse(`${m.period}-01T00:00:00Z`)) / 1000);
  return { 'ratelimit-policy': `"${m.name}";q=${m.limit};w=${window}`, ratelimit: `"${m.name}";r=${m.remaining};t=${t}` };
}

/** The 201 body of POST /v1/jobs: the job as admitted, with the completion estimated then. */
const admittedBody = (deps: AppDeps, a: Admitted) => ({
  job: { ...renderJob(a.job, deps.eta, deps.clock.now()), ...estimatedCompletion(a.job, () => a.estimatedCompletion, { served: () => a.estimatedCompletion !== null }) },
  meter: a.meter,
});

/**
 * Renders an admission outcome as /v1 does. The first answer and a replay are the same bytes (the
 * stored body when the request had an Idempotency-Key) with the same headers; seed routes render
 * the same outcome their own way.
 */
export function admissionResponse(deps: AppDeps, c: Parameters<typeof problem>[0], result: AdmissionResult): Response {
  if (!result.ok) deps.metrics.refusals.inc({ code: result.reason });
  else if (!result.replayed) deps.metrics.admissions.inc({ type: result.job.type });
  if (result.ok) {
    const t = secondsUntilReset(result.meter.period, result.job.created_at);
    const headers = { location: `/v1/jobs/${result.job.id}`, ...rateLimitHeaders(result.meter, t) };
    return admittedResponse(c, admittedBody(deps, result), headers, result.replayed);
  }
  switch (result.reason) {
    case 'quota_exceeded':
    case 'insufficient_credits': {
      const m = result.meter;
      const detail =
        result.reason === 'quota_exceeded'
          ? `The ${m.name} quota of ${m.limit} for ${m.period} is used up; it resets at ${m.resets_at}.`
          : `This job needs ${result.required} ${m.name} but only ${m.remaining} remain in ${m.period}.`;
      return problem(
        c,
        result.reason,
        detail,
        { meter: m.name, used: m.used, limit: m.limit, remaining: m.remaining, required: result.required, period: m.period, resets_at: m.resets_at },
        { 'retry-after': String(result.retryAfter), ...rateLimitHeaders(m, result.retryAfter) },
      );
    }
    case 'allowance_held': {
      const m = result.meter;
      return problem(
        c,
        'allowance_held',
        `This job needs ${result.required} ${m.name} and ${m.remaining} remain in ${m.period}, but ${m.held} are held by running jobs that settle to their actual cost; ` +
          `what they do not use comes back as they finish. Retry in about ${result.retryAfter} s.`,
        {
          meter: m.name,
          used: m.used,
          held: m.held,
          spent: m.spent,
          limit: m.limit,
          remaining: m.remaining,
          required: result.required,
          period: m.period,
          resets_at: m.resets_at,
        },
        { 'retry-after': String(result.retryAfter), ...rateLimitHeaders(m, secondsUntilReset(m.period, deps.clock.now())) },
        m.kind === 'quota' ? 429 : 402,
      );
    }
    case 'key_budget_exceeded': {
      const m = result.meter;
      return problem(
        c,
        'key_budget_exceeded',
        `This key's ${m.name} budget of ${m.limit} for ${m.period} has ${m.remaining} left; this job needs ${result.required}. The tenant's allowance was not charged.`,
        { key_id: result.keyId, meter: m.name, used: m.used, limit: m.limit, remaining: m.remaining, required: result.required, period: m.period, resets_at: m.resets_at },
        { 'retry-after': String(result.retryAfter), ...rateLimitHeaders(m, result.retryAfter) },
        m.kind === 'quota' ? 429 : 402,
      );
    }
    case 'job_already_active':
      return problem(c, 'job_already_active', `A job for this subject is already pending or processing: ${result.jobId}`, { job_id: result.jobId });
    case 'idempotency_key_reused':
      return problem(c, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body');
    case 'request_in_flight':
      return problem(c, 'request_in_flight', 'A request with this Idempotency-Key is still being processed; retry shortly', {}, { 'retry-after': '1' });
  }
}

export function jobRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/jobs',
      operationId: 'admitJob',
      summary: 'Admit a job',
      description:
        'Validates the input, deduplicates, charges the meter and stores the job with its items in one transaction. ' +
        'Send `Idempotency-Key` to make retries safe: the same key and body replay the stored response for 24 h.',
      request: {
        body: jsonBody(Admit),
        headers: z.object({
          'idempotency-key': z.string().optional().openapi({ description: 'Makes retries safe: an RFC 8941 string (`"order 42"`) or a bare value (`ik-1`, the same key as `"ik-1"`); see docs/api.md.' }),
          'x-user-id': z.string().optional().openapi({ description: 'The end user on whose behalf the job is requested; stored as requested_by.' }),
        }),
      },
      responses: {
        201: { description: 'Admitted', content: { 'application/json': { schema: Admitted } } },
        ...problemResponses(400, 401, 402, 404, 409, 413, 422, 429),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const tenant = await actingTenant(c, deps.store);
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const result = await admitJob(deps, {
        tenant,
        type: body.type,
        input: body.input ?? {},
        requestedBy: c.req.header('x-user-id')?.slice(0, 200) || null,
        key: budgetKey(c),
        ...(key !== undefined
          ? {
              idempotency: {
                key,
                fingerprint: { route: 'POST /v1/jobs', body },
              },
            }
          : {}),
      });
      return admissionResponse(deps, c, result) as any;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs',
      operationId: 'listJobs',
      summary: 'List jobs, newest first',
      request: {
        query: z.object({
          status: z.enum(JOB_STATUSES).optional(),
          type: z.string().max(100).optional(),
          limit: Limit,
          cursor: z.string().max(500).optional(),
        }),
      },
      responses: { 200: { description: 'A page of jobs', content: { 'application/json': { schema: paged(Job) } } }, ...problemResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await actingTenant(c, deps.store);
      const cursor = readCursor(q.cursor, cursorShapes.timeAndId);
      const rows = await listJobs(deps.store.db, {
        tenantId: tenant.id,
        ...(q.status ? { status: q.status } : {}),
        ...(q.type ? { type: q.type } : {}),
        ...(cursor ? { before: { createdAt: cursor[0], id: cursor[1] } } : {}),
        limit: q.limit + 1,
      });
      const now = deps.clock.now();
      const body = page(rows, q.limit, (job) => renderJob(job, deps.eta, now), (job) => [job.created_at, job.id]);

      return c.json(body, 200, nextLink(c.req.url, body.next_cursor));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs/{id}',
      operationId: 'getJob',
      summary: 'Get a job with its progress',
      request: { params: JobId },
      responses: { 200: { description: 'The job', content: { 'application/json': { schema: Job } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const tenant = await actingTenant(c, deps.store);
      const job = await findJob(deps.store.db, tenant.id, c.req.valid('param').id);
      if (!job) throw new TollgateError('not_found', 'Job not found');
      return c.json(renderJob(job, deps.eta, deps.clock.now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs/{id}/items',
      operationId: 'listJobItems',
      summary: "List a job's items in order",
      request: {
        params: JobId,
        query: z.object({ status: z.enum(ITEM_STATUSES).optional(), limit: Limit, cursor: z.string().max(200).optional() }),
      },
      responses: { 200: { description: 'A page of items', content: { 'application/json': { schema: paged(Item) } } }, ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const tenant = await actingTenant(c, deps.store);
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const job = await findJob(deps.store.db, tenant.id, id);
      if (!job) throw new TollgateError('not_found', 'Job not found');
      const after = readCursor(q.cursor, cursorShapes.seq);
      const rows = await listItems(deps.store.db, id, { ...(after !== undefined ? { afterSeq: after } : {}), ...(q.status ? { status: q.status } : {}), limit: q.limit + 1 });
      const body = page(rows, q.limit, renderItem, (item) => item.seq);

      return c.json(body, 200, nextLink(c.req.url, body.next_cursor));
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/jobs/{id}/cancel',
      operationId: 'cancelJob',
      summary: 'Cancel a pending or processing job',
      description: 'Unfinished items are cancelled and their cost refunded through the ledger, once.',
      request: { params: JobId },
      responses: { 200: { description: 'The cancelled job', content: { 'application/json': { schema: Job } } }, ...problemResponses(401, 404, 409) },
    }),
    async (c) => {
      const tenant = await actingTenant(c, deps.store);
      const cancelled = await cancelJob(deps, tenant.id, c.req.valid('param').id);
      // Read again for what the finished job cost in the end (its items that succeeded before the cancel).
      const job = (await findJob(deps.store.db, tenant.id, cancelled.id)) ?? cancelled;
      return c.json(renderJob(job, deps.eta, deps.clock.now()), 200);
    },
  );

  return app;
}
