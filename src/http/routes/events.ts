import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { TollgateError } from '../../core/errors.js';
import { findJob } from '../../store/jobs.store.js';
import { findTenant } from '../../store/tenants.store.js';
import type { Job } from '../../store/schema.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { renderJob } from '../render.js';
import { problemResponses } from '../schemas.js';
import { actingTenant } from '../tenant.js';

const TERMINAL = new Set(['completed', 'partially_completed', 'failed', 'cancelled']);
const HEARTBEAT_MS = 15_000;

/** An event's id: the job and the version of it sent. */
const eventId = (job: Job) => `${job.id}:${job.updated_at}`;

/**
 * Server-Sent Events of job changes. An event on the bus only says "job X changed": the stream
 * re-reads the job and sends it whole (`event: job`), at most once per `throttleMs` per job, so a
 * burst of settles becomes one message. Heartbeat comments keep proxies from closing idle streams.
 */
export function eventRoutes(deps: AppDeps, options: { throttleMs?: number } = {}) {
  const app = new OpenAPIHono<AppEnv>();
  // The handlers stream, so they are plain routes; the paths are registered for /openapi.json by hand.
  const events = {
    description: '`event: job` messages whose data is the job as `GET /v1/jobs/{id}` renders it',
    content: { 'text/event-stream': { schema: z.string() } },
  };
  const tokenNote = 'EventSource cannot send headers: the key may also be passed as `?access_token=`.';
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/jobs/{id}/events',
    operationId: 'streamJobEvents',
    summary: "Stream a job's changes (Server-Sent Events)",
    description:
      `Sends the job at once, then on every change; the stream ends when the job does. A reconnect whose \`Last-Event-ID\` is the finished job's last event is answered 204, which makes EventSource stop. ${tokenNote}`,
    request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
    responses: { 200: events, 204: { description: 'The job has finished and the client saw its last event: nothing more will come' }, ...problemResponses(401, 404) },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/events',
    operationId: 'streamEvents',
    summary: "Stream changes to all of the tenant's jobs (Server-Sent Events)",
    description: tokenNote,
    responses: { 200: events, ...problemResponses(401) },
  });
  const throttleMs = options.throttleMs ?? 100;
  const recheckMs = deps.config.keyCacheMs > 0 ? deps.config.keyCacheMs : 1000;

  const stream = (c: Context<AppEnv>, tenantId: string, jobId: string | undefined, initial: Job[]) =>
    streamSSE(c, async (sse) => {
      const dirty = new Set<string>();
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      let wake: () => void = () => {};
      const finished = new Promise<void>((resolve) => (wake = resolve));
      const finish = () => {
        done = true;
        wake();
      };
      const send = async (job: Job) => {
        await sse.writeSSE({ event: 'job', id: eventId(job), data: JSON.stringify(renderJob(job, deps.eta, deps.clock.now())) });
        if (jobId && TERMINAL.has(job.status)) finish();
      };
      const drain = async () => {
        timer = undefined;
        const ids = [...dirty];
        dirty.clear();
        for (const id of ids) {
          const job = await findJob(deps.store.db, tenantId, id).catch(() => undefined);
          if (job && !done) await send(job);
        }
      };
      const unsubscribe = deps.events.subscribe((event) => {
        if (done || event.tenantId !== tenantId || (jobId && event.jobId !== jobId)) return;
        dirty.add(event.jobId);
        timer ??= setTimeout(() => void drain().catch(finish), throttleMs);
      });
      const heartbeat = setInterval(() => void sse.write(': heartbeat\n\n').catch(finish), HEARTBEAT_MS);
      // A stream outlives the request that opened it: it ends when its key is revoked, or its tenant
      // removed, in whatever process that happened, within one key-cache window.
      const principal = c.get('principal');
      const recheck = setInterval(() => {
        void Promise.all([deps.auth.stillValid(principal), findTenant(deps.store.db, tenantId)]).then(
          ([valid, tenant]) => (!valid || !tenant) && finish(),
          () => {},
        );
      }, recheckMs);
      sse.onAbort(finish);
      try {
        for (const job of initial) await send(job);
        await finished;
      } finally {
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(recheck);
        clearTimeout(timer);
      }
    });

  app.get('/v1/jobs/:id/events', async (c) => {
    const tenant = await actingTenant(c, deps.store);
    const job = await findJob(deps.store.db, tenant.id, c.req.param('id'));
    if (!job) throw new TollgateError('not_found', 'Job not found');
    // The stream ends with the job; EventSource then reconnects with the last id it saw. If that was
    // the finished job, there is nothing more to say: 204 is what makes EventSource stop for good.
    if (TERMINAL.has(job.status) && c.req.header('last-event-id') === eventId(job)) return c.body(null, 204);
    return stream(c, tenant.id, job.id, [job]);
  });

  app.get('/v1/events', async (c) => {
    const tenant = await actingTenant(c, deps.store);
    return stream(c, tenant.id, undefined, []);
  });

  return app;
}
