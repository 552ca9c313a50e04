import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DeclaredJobType, JOB_TYPE_NAME } from '../../core/declaration.js';
import { TollgateError } from '../../core/errors.js';
import type { JobType } from '../../core/job-types.js';
import { generateSecret, sameSecret } from '../../core/signing.js';
import { zodIssues } from '../../core/validation.js';
import { publicDeclaration } from '../../job-types/declared.js';
import { deleteDeclaredType, findDeclaredType, queueStats, rotateSecret, upsertDeclaredType } from '../../store/job-types.store.js';
import type { JobTypesTable } from '../../store/schema.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { iso } from '../render.js';
import { problemResponses } from '../schemas.js';
import { requireAdmin } from '../tenant.js';
import { jsonBody, validationHook } from '../validate.js';

/** A rotated secret keeps signing this long, so that receivers can switch without dropping a request. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

const Name = z.object({ name: z.string().regex(JOB_TYPE_NAME).openapi({ param: { name: 'name', in: 'path' }, example: 'summarize' }) });

export const JobTypeView = z
  .object({
    name: z.string(),
    source: z.enum(['built-in', 'code', 'config', 'api']),
    description: z.string().nullable(),
    meter: z.string(),
    handler: z.object({ kind: z.enum(['in-process', 'remote', 'http']) }).passthrough(),
    cost: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'The cost rule of a declared type; null for a type whose cost is code.' }),
    items: z.object({ from: z.string() }).nullable(),
    subject: z.string().nullable(),
    max_attempts: z.number().int(),
    lease_ms: z.number().int().nullable(),
    input_schema: z.record(z.string(), z.unknown()),
    version: z.number().int().nullable(),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
    queue: z.object({ pending: z.number().int(), running: z.number().int(), oldest_pending_since: z.string().nullable() }).optional(),
  })
  .openapi('JobType');

const Stored = JobTypeView.extend({ secret: z.string().optional().openapi({ description: 'An HTTP handler\'s signing secret: shown when it is made, and after a rotation, never again.' }) }).openapi('StoredJobType');

type Stats = Awaited<ReturnType<typeof queueStats>>;

/** A type as the API shows it: the handler's address and the queue only to admins, secrets never. */
export function renderJobType(type: JobType, row: JobTypesTable | undefined, stats: Stats | undefined) {
  const declared = type.declaration ? publicDeclaration(type.declaration) : undefined;
  const queue = stats?.get(type.name);
  return {
    name: type.name,
    source: type.source,
    description: type.description ?? null,
    meter: type.meter,
    handler: stats && declared ? { ...declared.handler } : { kind: type.handler },
    cost: declared ? (declared.cost as Record<string, unknown>) : null,
    items: declared?.items ?? null,
    subject: declared?.subject ?? null,
    max_attempts: type.maxAttempts ?? 5,
    lease_ms: type.leaseMs ?? null,
    input_schema: type.inputSchema,
    version: row ? Number(row.version) : null,
    created_at: row ? iso(row.created_at) : null,
    updated_at: row ? iso(row.updated_at) : null,
    ...(stats ? { queue: { pending: queue?.pending ?? 0, running: queue?.running ?? 0, oldest_pending_since: iso(queue?.oldestPendingAt ?? null) } } : {}),
  };
}

const readOnly = (type: JobType) =>
  new TollgateError('conflict', `Job type "${type.name}" is ${type.source === 'config' ? 'defined in the configuration file' : type.source === 'code' ? 'defined in code' : 'built in'}: it cannot be changed over the API`, {
    source: type.source,
  });

/**
 * `/v1/job-types`: every key may read the types (their inputs, meters and costs); an admin also sees
 * where each runs and its queue. Only admins create, replace and delete, and only types declared over
 * the API: built-in, code and configuration types are read-only here.
 */
export function jobTypeRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const admin = (c: Parameters<typeof requireAdmin>[0]) => c.get('principal').role === 'admin';
  const tags = ['job types'];

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/job-types',
      operationId: 'listJobTypes',
      tags,
      summary: 'List the job types',
      responses: { 200: { description: 'Every registered type', content: { 'application/json': { schema: z.object({ data: z.array(JobTypeView) }) } } }, ...problemResponses(401) },
    }),
    async (c) => {
      await deps.registry.refresh();
      const stats = admin(c) ? await queueStats(deps.store.db) : undefined;
      const rows = new Map((await deps.store.db.selectFrom('job_types').selectAll().execute()).map((r) => [r.name, r]));
      return c.json({ data: deps.registry.list().map((t) => renderJobType(t, rows.get(t.name), stats)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/job-types/{name}',
      operationId: 'getJobType',
      tags,
      summary: 'Get a job type',
      request: { params: Name },
      responses: { 200: { description: 'The type', content: { 'application/json': { schema: JobTypeView } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      const type = await deps.registry.resolve(name);
      if (!type) throw new TollgateError('not_found', `No job type "${name}"`);
      const stats = admin(c) ? await queueStats(deps.store.db) : undefined;
      return c.json(renderJobType(type, await findDeclaredType(deps.store.db, name), stats), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/job-types/{name}',
      operationId: 'putJobType',
      tags,
      summary: 'Declare or replace a job type (admin)',
      description:
        'Jobs already admitted keep what they were charged; a replaced handler applies to items claimed from now on. ' +
        'An `http` handler gets a signing secret, returned in this response only.',
      request: { params: Name, body: jsonBody(z.object({}).passthrough().openapi('JobTypeDeclaration')) },
      responses: {
        200: { description: 'Replaced', content: { 'application/json': { schema: Stored } } },
        201: { description: 'Created', content: { 'application/json': { schema: Stored } } },
        ...problemResponses(400, 401, 403, 409),
      },
    }),
    async (c) => {
      requireAdmin(c);
      const { name } = c.req.valid('param');
      const body = c.req.valid('json') as Record<string, unknown>;
      const parsed = DeclaredJobType.safeParse(body);
      if (!parsed.success) throw new TollgateError('validation_failed', 'The job type declaration is invalid', { errors: zodIssues(parsed.error) });
      const declared = parsed.data;
      if (declared.handler.kind === 'http' && ('secret' in declared.handler || 'secret_env' in declared.handler)) {
        throw new TollgateError('validation_failed', 'The job type declaration is invalid', {
          errors: [{ path: 'handler.secret', message: 'is made by Tollgate and returned once; rotate it with POST /v1/job-types/{name}/rotate-secret' }],
        });
      }
      const fixed = deps.registry.isFixed(name) ? deps.registry.get(name) : undefined;
      if (fixed) throw readOnly(fixed);
      const secret = declared.handler.kind === 'http' ? generateSecret() : null;
      const { created, row } = await upsertDeclaredType(deps.store.db, { name, definition: JSON.stringify(declared), secret, now: deps.clock.now() });
      await deps.registry.refresh();
      const type = deps.registry.get(name)!;
      const view = { ...renderJobType(type, row, await queueStats(deps.store.db)), ...(secret && row.secret && sameSecret(row.secret, secret) ? { secret } : {}) };
      return c.json(view, created ? 201 : 200, created ? { location: `/v1/job-types/${name}` } : {});
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/job-types/{name}',
      operationId: 'deleteJobType',
      tags,
      summary: 'Delete a job type declared over the API (admin)',
      description: 'Refused with 409 while the type has pending or processing jobs.',
      request: { params: Name },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      requireAdmin(c);
      const { name } = c.req.valid('param');
      const fixed = deps.registry.isFixed(name) ? deps.registry.get(name) : undefined;
      if (fixed) throw readOnly(fixed);
      const outcome = await deleteDeclaredType(deps.store.db, name);
      if (outcome === 'missing') throw new TollgateError('not_found', `No job type "${name}"`);
      if (outcome === 'busy') throw new TollgateError('conflict', `Job type "${name}" has pending or processing jobs: cancel them or let them finish first`);
      await deps.registry.refresh();
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/job-types/{name}/rotate-secret',
      operationId: 'rotateJobTypeSecret',
      tags,
      summary: "Rotate an HTTP handler's signing secret (admin)",
      description: `The new secret is returned once. The previous one keeps signing beside it for ${SECRET_OVERLAP_MS / 3_600_000} hours, so the handler can switch without dropping a request.`,
      request: { params: Name },
      responses: {
        200: { description: 'The new secret', content: { 'application/json': { schema: z.object({ secret: z.string(), previous_valid_until: z.string() }) } } },
        ...problemResponses(401, 403, 404, 409),
      },
    }),
    async (c) => {
      requireAdmin(c);
      const { name } = c.req.valid('param');
      const fixed = deps.registry.isFixed(name) ? deps.registry.get(name) : undefined;
      if (fixed) throw readOnly(fixed);
      const now = deps.clock.now();
      const secret = generateSecret();
      const rotated = await rotateSecret(deps.store.db, name, secret, now + SECRET_OVERLAP_MS, now);
      if (!rotated) {
        if (await findDeclaredType(deps.store.db, name)) throw new TollgateError('conflict', `Job type "${name}" has no HTTP handler, so no secret`);
        throw new TollgateError('not_found', `No job type "${name}"`);
      }
      await deps.registry.refresh();
      return c.json({ secret, previous_valid_until: iso(now + SECRET_OVERLAP_MS)! }, 200);
    },
  );

  return app;
}
