/**
 * Seed 004's routes, wire-compatible with its clients: the catalog an app instance syncs in, its
 * credits, and optimization jobs. The bearer key is the instance token (checked by the app's
 * middleware); every query is scoped to the tenant it acts for, and another instance's job is
 * answered as if it did not exist.
 */
import { Hono, type Context } from 'hono';
import { TollgateError } from '../../core/errors.js';
import { cancelJob } from '../../core/jobs.js';
import { usageOf } from '../../core/usage.js';
import { actingTenant, admittedResponse, budgetKey, cursorShapes, idempotencyKeyOf, type AppDeps, type AppEnv } from '../../http/kit.js';
import { findJob, listItems, listJobs } from '../../store/jobs.store.js';
import type { Job } from '../../store/schema.js';
import { applyJob } from './apply.js';
import { findApply, findProducts, listCollections, listProducts, upsertCollections, upsertProducts } from './catalog.store.js';
import { SeedError, jobNotFound, validationError } from './envelope.js';
import { CATALOG_OPTIMIZATION } from './job-type.js';
import { JOB_STATUS, jobStatusOf, renderItem, renderJob, renderJobDetail, renderProduct } from './render.js';
import { decodeCursor, encodeCursor, parseCollections, parseJobRequest, parseJson, parseLimit, parseProducts } from './request.js';
import { createdBody, submitJob } from './submit.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function catalogRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  const tenantOf = (c: Context<AppEnv>) => actingTenant(c, deps.store);
  const body = async (c: Context<AppEnv>) => parseJson(await c.req.text());

  /** The tenant's catalog optimization job, or 404 whether it is another's, another type's, or none. */
  async function ownJob(c: Context<AppEnv>): Promise<Job> {
    const tenant = await tenantOf(c);
    const job = await findJob(deps.store.db, tenant.id, c.req.param('id') ?? '');
    if (!job || job.type !== CATALOG_OPTIMIZATION) throw jobNotFound();
    return job;
  }

  // --- Catalog ---------------------------------------------------------------------------------

  app.put('/api/catalog/products', async (c) => {
    const tenant = await tenantOf(c);
    const products = parseProducts(await body(c));
    const now = deps.clock.now();
    await deps.store.db.transaction().execute((trx) => upsertProducts(trx, tenant.id, products, now));
    return c.json({ upserted: products.length }, 200);
  });

  app.get('/api/catalog/products', async (c) => {
    const tenant = await tenantOf(c);
    const limit = parseLimit(c.req.query('limit'), 50, 200);
    const search = (c.req.query('search') ?? '').trim();
    if (search.length > 200) throw validationError('search must be at most 200 characters', 'search');
    const after = decodeCursor(c.req.query('cursor'), cursorShapes.key);
    const rows = await listProducts(deps.store.db, tenant.id, { ...(search ? { search } : {}), ...(after !== undefined ? { afterId: after } : {}), limit: limit + 1 });
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return c.json({ data: rows.slice(0, limit).map(renderProduct), nextCursor: last ? encodeCursor(last.id) : null }, 200);
  });

  app.put('/api/catalog/collections', async (c) => {
    const tenant = await tenantOf(c);
    const collections = parseCollections(await body(c));
    const now = deps.clock.now();
    await deps.store.db.transaction().execute((trx) => upsertCollections(trx, tenant.id, collections, now));
    return c.json({ upserted: collections.length }, 200);
  });

  app.get('/api/catalog/collections', async (c) => {
    const tenant = await tenantOf(c);
    return c.json({ data: await listCollections(deps.store.db, tenant.id) }, 200);
  });

  app.get('/api/credits', async (c) => {
    const tenant = await tenantOf(c);
    const usage = await usageOf(deps, tenant, deps.clock.now());
    const credits = usage.meters.find((m) => m.name === 'credits');
    return c.json({ creditsTotal: credits?.limit ?? 0, creditsUsed: credits?.used ?? 0, remaining: credits?.remaining ?? 0, month: usage.period }, 200);
  });

  // --- Jobs --------------------------------------------------------------------------------------

  app.post('/api/jobs', async (c) => {
    const tenant = await tenantOf(c);
    const raw = await body(c);
    const request = parseJobRequest(raw);
    const key = idempotencyKeyOf(c.req.header('idempotency-key'));
    const result = await submitJob(deps, tenant, request, key !== undefined ? { key, body: raw } : undefined, budgetKey(c));
    if (!result.ok) deps.metrics.refusals.inc({ code: result.reason });
    if (result.ok) {
      // The first answer and a replay are rendered from the same outcome: the same bytes and headers.
      if (!result.replayed) deps.metrics.admissions.inc({ type: CATALOG_OPTIMIZATION });
      return admittedResponse(c, createdBody(result), { location: `/api/jobs/${result.job.id}` }, result.replayed);
    }
    switch (result.reason) {
      case 'insufficient_credits':
      case 'quota_exceeded':
      case 'key_budget_exceeded': {
        const m = result.meter;
        throw new SeedError(402, {
          error: 'Insufficient credits',
          code: 'INSUFFICIENT_CREDITS',
          message: `You need ${plural(result.required, 'credit')} but only have ${m.remaining} remaining.`,
          required: result.required,
          remaining: m.remaining,
          creditsTotal: m.limit,
          creditsUsed: m.used,
        }, { 'retry-after': String(result.retryAfter) });
      }
      case 'allowance_held': {
        // The seed's 402, in its envelope, with the wait: the credits are held by running jobs, not spent.
        const m = result.meter;
        throw new SeedError(
          402,
          {
            error: 'Insufficient credits',
            code: 'ALLOWANCE_HELD',
            message: `You need ${plural(result.required, 'credit')} and have ${m.remaining} remaining; ${m.held} more are held by running jobs and come back as they finish.`,
            required: result.required,
            remaining: m.remaining,
            held: m.held,
            creditsTotal: m.limit,
            creditsUsed: m.used,
          },
          { 'retry-after': String(result.retryAfter) },
        );
      }
      case 'idempotency_key_reused':
        throw new SeedError(422, { error: 'Idempotency key reused', code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was used with a different request body' });
      case 'request_in_flight':
        throw new SeedError(
          409,
          { error: 'Request in flight', code: 'REQUEST_IN_FLIGHT', message: 'A request with this Idempotency-Key is still being processed; retry shortly' },
          { 'retry-after': '1' },
        );
      case 'job_already_active':
        // The type has no subject, so admission never reports a duplicate; kept for exhaustiveness.
        throw new SeedError(409, { error: 'Conflict', code: 'JOB_ALREADY_ACTIVE', message: `A job is already active: ${result.jobId}` });
    }
  });

  app.get('/api/jobs', async (c) => {
    const tenant = await tenantOf(c);
    const limit = parseLimit(c.req.query('limit'), 20, 100);
    const statusQuery = c.req.query('status');
    const status = statusQuery ? jobStatusOf(statusQuery) : undefined;
    if (statusQuery && !status) throw validationError(`status must be one of ${Object.values(JOB_STATUS).join(', ')}`, 'status');
    const before = decodeCursor(c.req.query('cursor'), cursorShapes.timeAndId);
    const rows = await listJobs(deps.store.db, {
      tenantId: tenant.id,
      type: CATALOG_OPTIMIZATION,
      ...(status ? { status } : {}),
      ...(before ? { before: { createdAt: before[0], id: before[1] } } : {}),
      limit: limit + 1,
    });
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return c.json({ jobs: rows.slice(0, limit).map((job) => renderJob(job)), nextCursor: last ? encodeCursor([Number(last.created_at), last.id]) : null }, 200);
  });

  app.get('/api/jobs/:id', async (c) => {
    const job = await ownJob(c);
    return c.json(renderJobDetail(job, await findApply(deps.store.db, job.tenant_id, job.id)), 200);
  });

  app.get('/api/jobs/:id/items', async (c) => {
    const job = await ownJob(c);
    const limit = parseLimit(c.req.query('limit'), 100, 500);
    const after = decodeCursor(c.req.query('cursor'), cursorShapes.seq);
    const rows = await listItems(deps.store.db, job.id, { ...(after !== undefined ? { afterSeq: after } : {}), limit: limit + 1 });
    const page = rows.slice(0, limit);
    const productIds = [...new Set(page.map((item) => (JSON.parse(item.input) as { productId: string }).productId))];
    const products = new Map((await findProducts(deps.store.db, job.tenant_id, productIds)).map((p) => [p.id, p]));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return c.json(
      {
        items: page.map((item) => renderItem(item, products.get((JSON.parse(item.input) as { productId: string }).productId))),
        nextCursor: last ? encodeCursor(last.seq) : null,
      },
      200,
    );
  });

  app.post('/api/jobs/:id/cancel', async (c) => {
    const job = await ownJob(c);
    try {
      const cancelled = await cancelJob(deps, job.tenant_id, job.id);
      return c.json(renderJob(cancelled), 200);
    } catch (error) {
      if (!(error instanceof TollgateError) || error.code !== 'job_not_cancellable') throw error;
      const status = JOB_STATUS[error.details.job_status as Job['status']] ?? String(error.details.job_status);
      throw new SeedError(409, { error: 'Job not cancellable', code: 'JOB_NOT_CANCELLABLE', message: `The job is already ${status}`, status });
    }
  });

  app.post('/api/jobs/:id/apply', async (c) => {
    const tenant = await tenantOf(c);
    return c.json(await applyJob(deps, tenant.id, c.req.param('id')), 200);
  });

  return app;
}
