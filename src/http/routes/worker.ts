import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { TollgateError } from '../../core/errors.js';
import { actualCostProblem } from '../../core/job-types.js';
import { claimItems, type ClaimedItem } from '../../store/claim/index.js';
import { extendAttempts, findItemStates } from '../../store/leases/index.js';
import { settleItems, type Outcome } from '../../store/settle/index.js';
import { recordPresence } from '../../store/presence.store.js';
import { PRESENCE_INTERVAL_MS } from '../../core/eta.js';
import { backoffMs } from '../../worker/retry.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { iso } from '../render.js';
import { problemResponses } from '../schemas.js';
import { jsonBody, validationHook } from '../validate.js';

/**
 * Remote workers: a program in any language pulls items over HTTP, runs them, and settles them.
 * Everything money-like is the same as for an in-process worker: the claim is fair across tenants and
 * respects their caps, the lease is fenced by the attempt, and a settle is refused (409 lease_lost,
 * nothing written) unless the caller still holds that attempt. A worker key may only claim and
 * settle its own job types; an admin key may act as any worker.
 */

const TypeNames = z.array(z.string().min(1).max(64)).min(1).max(50);
const Attempt = z.number().int().min(1);
const LeaseMs = z.number().int().min(1000).max(3_600_000);
const ItemId = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'id', in: 'path' } }) });
const Failure = z.object({ message: z.string().max(2000), code: z.string().max(100).optional() });
/** A result is JSON of any shape; its size is bounded by the body limit. */
const Result = z.unknown().openapi({ description: "The item's result (any JSON). It becomes visible when the item settles as succeeded." });
/**
 * The actual cost of work priced by what it used (settle-to-actual types). It is read, not validated
 * here: a bad one is the worker's report of its work, and retrying cannot change it, so it fails the
 * item for good and refunds its hold (as for an in-process handler) instead of refusing the whole
 * settle, which a worker would resend forever with every other outcome in its batch.
 */
const Cost = z.unknown().optional().openapi({
  type: 'integer',
  minimum: 0,
  description: 'The actual cost of the item, for types that settle to what the work used: a whole number ≥ 0. A missing or invalid one fails the item for good and refunds its hold.',
});

/** Items per claim, settle and heartbeat: one transaction's worth. */
const BATCH_MAX = 1000;

const ClaimBody = z
  .object({
    types: TypeNames,
    max: z.number().int().min(1).max(BATCH_MAX).default(10),
    lease_ms: LeaseMs.optional(),
    wait_ms: z.number().int().min(0).max(60_000).default(0),
  })
  .openapi('ClaimRequest');
const ClaimedView = z
  .object({
    id: z.number().int(),
    job_id: z.string(),
    tenant_id: z.string(),
    type: z.string(),
    seq: z.number().int(),
    input: z.unknown(),
    attempt: z.number().int(),
    lease_expires_at: z.string(),
  })
  .openapi('ClaimedItem');
const ClaimedJobs = z
  .record(z.string(), z.object({ input: z.unknown() }))
  .openapi('ClaimedJobs', { description: "The input of each job an item belongs to, once per claim however many of the job's items it holds." });
const Held = z.object({ id: z.number().int().min(1), attempt: Attempt });

const OutcomeBody = z.discriminatedUnion('status', [
  z.object({ id: z.number().int().min(1), attempt: Attempt, status: z.literal('succeeded'), result: Result, cost: Cost }),
  z.object({ id: z.number().int().min(1), attempt: Attempt, status: z.literal('failed'), error: Failure, retryable: z.boolean().default(true), retry_after_ms: z.number().int().min(0).max(86_400_000).optional() }),
]);
const Settled = z.object({ id: z.number().int(), status: z.enum(['succeeded', 'failed', 'pending']), attempt: z.number().int(), already: z.boolean() }).openapi('SettledItem');

type OutcomeBody = z.infer<typeof OutcomeBody>;

export function workerRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const tags = ['workers'];
  const security = [{ bearer: [] }];

  /** The lease holder a remote worker is, in `locked_by`: its key. */
  const holder = (c: Context<AppEnv>) => `key:${c.get('principal').keyId}`;

  /**
   * A remote worker is present while it claims (long polls included): its types get an ETA
   * (core/eta.ts). Recorded at most once per PRESENCE_INTERVAL_MS per worker and types.
   */
  const lastSeen = new Map<string, number>();
  const present = (worker: string, types: string[]) => {
    const now = deps.clock.now();
    const at = `${worker}\u0000${types.join(',')}`;
    if (now - (lastSeen.get(at) ?? 0) < PRESENCE_INTERVAL_MS) return;
    lastSeen.set(at, now);
    if (lastSeen.size > 10_000) lastSeen.clear();
    void recordPresence(deps.store.db, worker, types, now).catch((error: unknown) => deps.logger.warn({ err: error }, 'recording worker presence failed'));
  };

  /** The types this key may run, checked against what is registered: only types run by remote workers. */
  async function allowedTypes(c: Context<AppEnv>, types: string[]): Promise<string[]> {
    const principal = c.get('principal');
    const unique = [...new Set(types)];
    const denied = principal.role === 'worker' ? unique.filter((t) => !principal.jobTypes?.includes(t)) : [];
    if (denied.length > 0) throw new TollgateError('forbidden', `This worker key may not run ${denied.map((t) => `"${t}"`).join(', ')}`, { job_types: denied });
    const errors = [];
    for (const [i, name] of unique.entries()) {
      const type = await deps.registry.resolve(name);
      if (!type) errors.push({ path: `types.${i}`, message: `no job type "${name}" is registered` });
      else if (type.handler !== 'remote') errors.push({ path: `types.${i}`, message: `"${name}" is run by Tollgate itself (${type.handler} handler), not by remote workers` });
    }
    if (errors.length > 0) throw new TollgateError('validation_failed', 'These types cannot be claimed', { errors });
    return unique;
  }

  /** The items' states, in the order of `ids`; each must be one of this key's types (a worker key must not learn about others' items). */
  async function ownItems(c: Context<AppEnv>, ids: number[]) {
    const states = new Map((await findItemStates(deps.store, [...new Set(ids)])).map((s) => [Number(s.id), s]));
    const principal = c.get('principal');
    return ids.map((id) => {
      const item = states.get(id);
      if (!item || (principal.role === 'worker' && !principal.jobTypes?.includes(item.type))) throw new TollgateError('not_found', `Item ${id} not found`, { item_id: id });
      return item;
    });
  }

  function render(items: ClaimedItem[], leaseMs: number, now: number) {
    const leaseExpiresAt = iso(now + leaseMs)!;
    const jobs: Record<string, { input: unknown }> = {};
    for (const item of items) jobs[item.job_id] ??= { input: JSON.parse(item.job_input) as unknown };
    return {
      items: items.map((item) => ({
        id: Number(item.id),
        job_id: item.job_id,
        tenant_id: item.tenant_id,
        type: item.type,
        seq: item.seq,
        input: JSON.parse(item.input) as unknown,
        attempt: item.attempts,
        lease_expires_at: leaseExpiresAt,
      })),
      jobs,
    };
  }

  /** Waits until an item of one of `types` may have become claimable, or `ms` pass, or the client leaves. */
  function workMayBeReady(types: string[], ms: number, signal: AbortSignal): { ready: Promise<void>; stop(): void } {
    let stop = () => {};
    const ready = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      const unsubscribe = deps.events.subscribe((event) => {
        if (event.type === undefined || types.includes(event.type)) resolve();
      });
      const onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
      stop = () => (clearTimeout(timer), unsubscribe(), signal.removeEventListener('abort', onAbort));
    });
    return { ready, stop };
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/worker/claim',
      operationId: 'claimItems',
      tags,
      security,
      summary: 'Claim items to run (worker or admin key)',
      description:
        'Claims up to `max` pending items of `types`, fairly across tenants and within their caps, under a lease of `lease_ms`. ' +
        'With nothing ready it waits up to `wait_ms` and answers as soon as work arrives (long poll), with an empty list otherwise.',
      request: { body: jsonBody(ClaimBody) },
      responses: {
        200: { description: 'The claimed items', content: { 'application/json': { schema: z.object({ items: z.array(ClaimedView), jobs: ClaimedJobs }) } } },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const types = await allowedTypes(c, body.types);
      const leaseMs = body.lease_ms ?? Math.max(...types.map((t) => deps.registry.get(t)?.leaseMs ?? deps.config.worker.leaseMs));
      const deadline = deps.clock.now() + body.wait_ms;
      const signal = c.req.raw.signal;
      present(holder(c), types);
      const presence = setInterval(() => present(holder(c), types), PRESENCE_INTERVAL_MS);
      try {
        for (;;) {
          // Listen before looking, so work admitted between an empty claim and the wait is not missed.
          const wait = workMayBeReady(types, Math.max(0, deadline - deps.clock.now()), signal);
          try {
            const now = deps.clock.now();
            const items = await claimItems(deps.store, {
              worker: holder(c),
              types,
              now,
              batch: body.max,
              leaseMs,
              defaultCap: deps.config.worker.tenantMaxConcurrency ?? 2_000_000_000,
            });
            if (items.length > 0) {
              for (const job of new Map(items.map((i) => [i.job_id, i])).values()) deps.events.publish({ tenantId: job.tenant_id, jobId: job.job_id });
              return c.json(render(items, leaseMs, now), 200);
            }
            if (deps.clock.now() >= deadline || signal.aborted) return c.json({ items: [], jobs: {} }, 200);
            await wait.ready;
          } finally {
            wait.stop();
          }
        }
      } finally {
        clearInterval(presence);
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/worker/items/{id}/heartbeat',
      operationId: 'heartbeatItem',
      tags,
      security,
      summary: "Extend an item's lease while it runs",
      request: { params: ItemId, body: jsonBody(z.object({ attempt: Attempt, lease_ms: LeaseMs.optional() })) },
      responses: {
        200: { description: 'The new lease', content: { 'application/json': { schema: z.object({ lease_expires_at: z.string() }) } } },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const [item] = await ownItems(c, [id]);
      const until = deps.clock.now() + (body.lease_ms ?? deps.registry.get(item!.type)?.leaseMs ?? deps.config.worker.leaseMs);
      const [held] = await extendAttempts(deps.store, holder(c), [{ id, attempt: body.attempt }], until);
      if (held === undefined) throw leaseLost(id, body.attempt);
      return c.json({ lease_expires_at: iso(until)! }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/worker/heartbeat',
      operationId: 'heartbeatItems',
      tags,
      security,
      summary: 'Extend the leases of many running items at once',
      description:
        'Extends the lease of each item this worker holds on the given attempt to `lease_ms` from now (default: the longest lease of any registered type). ' +
        'An item in `lost` is no longer held (its lease expired and it was taken back, its job was cancelled, or it was settled): stop running it, its outcome would be refused.',
      request: { body: jsonBody(z.object({ items: z.array(Held).min(1).max(BATCH_MAX), lease_ms: LeaseMs.optional() })) },
      responses: {
        200: {
          description: 'Which items are still held',
          content: { 'application/json': { schema: z.object({ held: z.array(z.number().int()), lost: z.array(z.number().int()), lease_expires_at: z.string() }) } },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      // Only items locked by this key can be extended, so a worker key cannot touch others' items.
      const leaseMs = body.lease_ms ?? Math.max(deps.config.worker.leaseMs, ...deps.registry.list().map((t) => t.leaseMs ?? 0));
      const until = deps.clock.now() + leaseMs;
      const held = new Set(await extendAttempts(deps.store, holder(c), body.items, until));
      const lost = [...new Set(body.items.map((i) => i.id))].filter((id) => !held.has(id));
      return c.json({ held: [...held], lost, lease_expires_at: iso(until)! }, 200);
    },
  );

  /** Settles outcomes for this worker; each is accepted, recognised as already settled, or lease_lost. */
  async function settle(c: Context<AppEnv>, outcomes: OutcomeBody[]) {
    const now = deps.clock.now();
    const items = await ownItems(
      c,
      outcomes.map((o) => o.id),
    );
    const decided: Outcome[] = outcomes.map((o, i) => {
      if (o.status === 'succeeded') {
        if (items[i]!.settle !== 'actual') return { id: o.id, attempt: o.attempt, status: 'succeeded', result: JSON.stringify(o.result ?? null), error: null, run_at: null };
        // A job that settles to its actual cost needs a valid one: without it the item fails for good, and its hold is refunded.
        if (o.cost === undefined) return { id: o.id, attempt: o.attempt, status: 'failed', result: null, error: 'This job type settles to its actual cost: the outcome must carry "cost"', run_at: null };
        const problem = actualCostProblem(o.cost);
        if (problem !== undefined) return { id: o.id, attempt: o.attempt, status: 'failed', result: null, error: `The worker reported ${problem}`, run_at: null };
        return { id: o.id, attempt: o.attempt, status: 'succeeded', result: JSON.stringify(o.result ?? null), error: null, run_at: null, actual: o.cost as number };
      }
      const message = o.error.code ? `${o.error.code}: ${o.error.message}` : o.error.message;
      const last = !o.retryable || o.attempt >= items[i]!.max_attempts;
      return last
        ? { id: o.id, attempt: o.attempt, status: 'failed', result: null, error: message, run_at: null }
        : { id: o.id, attempt: o.attempt, status: 'pending', result: null, error: message, run_at: now + Math.max(backoffMs(o.attempt), o.retry_after_ms ?? 0) };
    });
    const { settled, jobs } = await settleItems(deps.store, holder(c), now, decided, null, JSON.stringify(deps.config.tiers));
    for (const job of jobs) deps.events.publish({ tenantId: job.tenantId, jobId: job.id });
    const accepted = new Set(settled);
    // Refused outcomes: maybe because this very outcome was settled before (a worker retrying after a
    // lost response). Then it stands, and saying so is the answer; anything else lost the lease.
    const refused = decided.filter((o) => !accepted.has(o.id)).map((o) => o.id);
    const after = new Map((await findItemStates(deps.store, refused)).map((s) => [Number(s.id), s]));
    return decided.map((o) => {
      if (accepted.has(o.id)) return { id: o.id, status: o.status, attempt: o.attempt, already: false };
      const state = after.get(o.id);
      const same = state && state.attempts === o.attempt && state.status === o.status;
      return same ? { id: o.id, status: o.status, attempt: o.attempt, already: true } : { id: o.id, error: 'lease_lost' as const, attempt: o.attempt };
    });
  }

  const single = (status: 'succeeded' | 'failed') => async (c: Context<AppEnv>, id: number, body: Record<string, unknown>) => {
    const [result] = await settle(c, [{ ...body, id, status } as OutcomeBody]);
    if (!result || 'error' in result) throw leaseLost(id, body.attempt as number);
    return c.json(result, 200);
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/worker/items/{id}/complete',
      operationId: 'completeItem',
      tags,
      security,
      summary: 'Settle an item as succeeded with its result',
      request: { params: ItemId, body: jsonBody(z.object({ attempt: Attempt, result: Result, cost: Cost })) },
      responses: { 200: { description: 'Settled', content: { 'application/json': { schema: Settled } } }, ...problemResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => single('succeeded')(c, c.req.valid('param').id, c.req.valid('json')) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/worker/items/{id}/fail',
      operationId: 'failItem',
      tags,
      security,
      summary: 'Report a failed attempt',
      description: 'A retryable failure is tried again with backoff (at least `retry_after_ms`) while attempts remain; otherwise the item fails and its cost is refunded.',
      request: {
        params: ItemId,
        body: jsonBody(z.object({ attempt: Attempt, error: Failure, retryable: z.boolean().default(true), retry_after_ms: z.number().int().min(0).max(86_400_000).optional() })),
      },
      responses: { 200: { description: 'Settled', content: { 'application/json': { schema: Settled } } }, ...problemResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => single('failed')(c, c.req.valid('param').id, c.req.valid('json')) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/worker/settle',
      operationId: 'settleItems',
      tags,
      security,
      summary: 'Settle many outcomes at once',
      description: 'Each outcome is settled or refused on its own: `lease_lost` for one whose lease or attempt this worker no longer holds.',
      request: { body: jsonBody(z.object({ outcomes: z.array(OutcomeBody).min(1).max(BATCH_MAX) })) },
      responses: {
        200: {
          description: 'One result per outcome, in order',
          content: { 'application/json': { schema: z.object({ results: z.array(z.union([Settled, z.object({ id: z.number().int(), attempt: z.number().int(), error: z.literal('lease_lost') })])) }) } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => c.json({ results: await settle(c, c.req.valid('json').outcomes) }, 200),
  );

  return app;
}

function leaseLost(id: number, attempt: number) {
  return new TollgateError('lease_lost', `Item ${id} is not held by this worker on attempt ${attempt}: its lease expired, the job was cancelled, or another attempt settled it. Nothing was settled.`, {
    item_id: id,
    attempt,
  });
}
