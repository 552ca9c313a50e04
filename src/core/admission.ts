import { createHash, randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Store } from '../store/db.js';
import { admit, type AdmissionRow } from '../store/admit/index.js';
import { acquireIdempotencyKey, releaseIdempotencyKey } from '../store/idempotency.store.js';
import type { Job, Tenant } from '../store/schema.js';
import type { Clock } from './clock.js';
import type { EtaEstimator } from './eta.js';
import { TollgateError, type FieldIssue } from './errors.js';
import type { EventBus } from '../events.js';
import type { JobType, JobTypeRegistry } from './job-types.js';
import { splitCost } from './job-types.js';
import { newId } from './ids.js';
import { limitFor, meterKind, meterView, type MeterView } from './meters.js';
import { periodOf, secondsUntilReset } from './period.js';
import { own } from './records.js';

/** Idempotency keys are kept 24 hours (docs/api.md says so). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A request holding a key for longer than this is presumed dead; a retry with the same body takes over. */
const IDEMPOTENCY_LOCK_MS = 60_000;

export interface AdmissionDeps {
  store: Store;
  config: Pick<Config, 'tiers' | 'meters' | 'maxItemsPerJob' | 'webhooks'>;
  registry: JobTypeRegistry;
  clock: Clock;
  events: EventBus;
  eta: Pick<EtaEstimator, 'estimate' | 'served'>;
}

export interface AdmissionRequest {
  tenant: Tenant;
  type: string;
  input: unknown;
  requestedBy?: string | null;
  /** The request's key: when it has a budget on the type's meter, admission charges that budget too. */
  key?: { id: string; limits: Readonly<Record<string, number>> } | null;
  idempotency?: {
    key: string;
    /** What makes two requests "the same": route and canonical body. */
    fingerprint: unknown;
  };
}

/**
 * What an admission decided, as it was at that moment: the job as admitted, the meter after its
 * charge and the completion then estimated. With an Idempotency-Key this outcome (not a rendered
 * response) is stored in the admission's transaction, and every route family renders its first
 * answer and its replays from it, so both are the same bytes and headers.
 */
export interface Admitted {
  job: Job;
  meter: MeterView;
  /** Epoch ms: the completion estimated at admission, or null when no worker serves the type. A replay repeats it. */
  estimatedCompletion: number | null;
}

export type AdmissionResult =
  /** `replayed`: an earlier request with the same Idempotency-Key and body admitted this job. */
  | ({ ok: true; replayed: boolean } & Admitted)
  /** The allowance is spent for the period: `retryAfter` is the seconds until it resets. */
  | { ok: false; reason: 'quota_exceeded' | 'insufficient_credits'; meter: MeterView; required: number; retryAfter: number }
  /**
   * The job does not fit now but would once the meter's open holds settle (`required <= limit − spent`):
   * `meter` carries `held` and `spent`; `retryAfter` is the estimated seconds until the held items end.
   */
  | { ok: false; reason: 'allowance_held'; meter: MeterView & { held: number; spent: number }; required: number; retryAfter: number }
  /** The tenant's allowance had room but the key's budget did not: `meter` is the key's budget. */
  | { ok: false; reason: 'key_budget_exceeded'; keyId: string; meter: MeterView; required: number; retryAfter: number }
  | { ok: false; reason: 'job_already_active'; jobId: string }
  | { ok: false; reason: 'idempotency_key_reused' | 'request_in_flight' };

/**
 * Admission: validate, deduplicate, charge and store the job with its items, in one transaction.
 * Every decision that matters is the database's (see store/admit); this function prepares
 * the plan from one clock reading and turns the outcome into a value the caller can render.
 */
export async function admitJob(deps: AdmissionDeps, request: AdmissionRequest): Promise<AdmissionResult> {
  const type = await deps.registry.resolve(request.type);
  if (!type) {
    throw new TollgateError('validation_failed', `Unknown job type "${request.type}"`, {
      errors: [{ path: 'type', message: `must be one of: ${deps.registry.names().join(', ')}` }],
    });
  }
  const parsed = type.validate(request.input);
  if (!parsed.ok) {
    throw new TollgateError('validation_failed', 'The job input is invalid', { errors: parsed.issues.map((i) => ({ ...i, path: i.path ? `input.${i.path}` : 'input' })) });
  }
  const input = type.prepare ? await prepareInput(type, parsed.value, request.tenant.id) : parsed.value;
  // Size and cost are known and bounded before anything is built: a small body must not expand into
  // millions of items, charged or not.
  const maxItems = deps.config.maxItemsPerJob;
  const counted = type.itemCount?.(input);
  if (counted !== undefined) refuseIfTooLarge(counted, maxItems);
  const cost = type.cost(input);
  if (!Number.isSafeInteger(cost) || cost < 1) throw new Error(`job type ${type.name}: cost must be a positive integer, got ${cost}`);
  const itemInputs: unknown[] = type.items ? type.items(input) : [input];
  refuseIfTooLarge(itemInputs.length, maxItems);
  if (itemInputs.length === 0) {
    throw new TollgateError('validation_failed', 'The job has no items', { errors: [{ path: 'input', message: 'expands to no items' }] });
  }
  const costs = splitCost(cost, itemInputs.length);

  const now = deps.clock.now();
  const period = periodOf(now);
  const tenantId = request.tenant.id;
  const base = {
    jobId: newId('job'),
    tenantId,
    type: type.name,
    subject: type.subject?.(input) ?? null,
    input: JSON.stringify(input),
    cost,
    meter: type.meter,
    period,
    tierLimits: JSON.stringify(deps.config.tiers),
    thresholds: JSON.stringify(deps.config.webhooks.thresholds),
    requestedBy: request.requestedBy ?? null,
    // The key's budgets as authenticated (cached for KEY_CACHE_MS, like a revocation); the statement
    // reads the budget itself.
    keyId: request.key && own(request.key.limits, type.meter) !== undefined ? request.key.id : null,
    maxAttempts: type.maxAttempts ?? 5,
    settle: type.settle ?? 'fixed',
    overage: type.overage ?? 'cap',
    now,
    items: itemInputs.map((item, i): [unknown, number] => [item, costs[i]!]),
    itemsTotal: itemInputs.length,
  };
  // In memory, before the transaction: the estimate is sampled, never read under a lock.
  const estimatedCompletion = deps.eta.served(type.name) ? deps.eta.estimate(base.itemsTotal, now) : null;
  // For rendering only: the admission statement reads the limit itself, in its own snapshot.
  const limit = limitFor(deps.config, request.tenant, type.meter);
  const admitted = (used: number): Admitted => ({
    job: {
      id: base.jobId,
      tenant_id: tenantId,
      type: base.type,
      status: 'pending',
      subject: base.subject,
      input: base.input,
      cost,
      meter: base.meter,
      period,
      requested_by: base.requestedBy,
      items_total: base.itemsTotal,
      items_done: 0,
      items_failed: 0,
      items_cancelled: 0,
      result: null,
      error: null,
      max_attempts: base.maxAttempts,
      settle: base.settle,
      overage: base.overage,
      key_id: base.keyId,
      created_at: now,
      started_at: null,
      finished_at: null,
      updated_at: now,
    },
    meter: meterView(deps.config, base.meter, used, limit, period),
    estimatedCompletion,
  });

  let idempotency: { key: string; token: string } | undefined;
  if (request.idempotency) {
    const token = randomUUID();
    const requestHash = fingerprint(request.type, request.idempotency.fingerprint);
    const claim = await acquireIdempotencyKey(deps.store.db, {
      tenantId,
      key: request.idempotency.key,
      requestHash,
      token,
      now,
      lockMs: IDEMPOTENCY_LOCK_MS,
      expiresAt: now + IDEMPOTENCY_TTL_MS,
    });
    if (!claim.acquired) {
      if (claim.row.request_hash !== requestHash) return { ok: false, reason: 'idempotency_key_reused' };
      if (claim.row.status === 'in_flight') return { ok: false, reason: 'request_in_flight' };
      return { ok: true, replayed: true, ...parseOutcome(claim.row.response_body) };
    }
    idempotency = { key: request.idempotency.key, token };
  }

  let row: AdmissionRow;
  try {
    // A refusal read after a failed attempt can disagree with it (the duplicate finished in between):
    // then the attempt is simply made again.
    for (let attempt = 0; ; attempt++) {
      row = await admit(deps.store, {
        ...base,
        ...(idempotency && request.idempotency
          ? {
              idempotency: {
                ...idempotency,
                expiresAt: now + IDEMPOTENCY_TTL_MS,
                outcome: (used) => JSON.stringify(admitted(used)),
              },
            }
          : {}),
      });
      const inconsistent = !row.ok && (row.reason === 'limit' || row.reason === 'key_limit') && row.used + cost <= row.limit;
      if (!inconsistent || attempt >= 2) break;
    }
  } catch (error) {
    if (idempotency) await releaseIdempotencyKey(deps.store.db, tenantId, idempotency.key, idempotency.token).catch(() => {});
    throw error;
  }

  if (!row.ok && idempotency) await releaseIdempotencyKey(deps.store.db, tenantId, idempotency.key, idempotency.token);
  if (row.ok) {
    deps.events.publish({ tenantId, jobId: base.jobId, type: type.name });
    return { ok: true, replayed: false, ...admitted(row.used) };
  }
  switch (row.reason) {
    case 'tenant_missing':
      throw new TollgateError('not_found', 'Tenant not found');
    case 'duplicate':
      return { ok: false, reason: 'job_already_active', jobId: row.activeJobId };
    case 'idempotency_lost':
      return { ok: false, reason: 'request_in_flight' };
    case 'limit': {
      const untilReset = secondsUntilReset(period, now);
      // What settling could give back is at most the open holds: the job waits for them only if it
      // would fit were they all released. Read after the refusal, never to decide a charge.
      if (row.held > 0 && cost <= row.limit - (row.used - row.held)) {
        const meter = meterView(deps.config, base.meter, row.used, row.limit, period, row.held) as MeterView & { held: number; spent: number };
        const eta = Math.ceil((deps.eta.estimate(row.heldItems, now) - now) / 1000);
        return { ok: false, reason: 'allowance_held', meter, required: cost, retryAfter: Math.min(untilReset, Math.max(1, eta)) };
      }
      const meter = meterView(deps.config, base.meter, row.used, row.limit, period);
      return {
        ok: false,
        reason: meterKind(deps.config, base.meter) === 'quota' ? 'quota_exceeded' : 'insufficient_credits',
        meter,
        required: cost,
        retryAfter: untilReset,
      };
    }
    case 'key_limit':
      return {
        ok: false,
        reason: 'key_budget_exceeded',
        keyId: base.keyId!,
        meter: meterView(deps.config, base.meter, row.used, row.limit, period),
        required: cost,
        retryAfter: secondsUntilReset(period, now),
      };
  }
}

/** The outcome an Idempotency-Key stored (see `Admitted`). */
function parseOutcome(text: string | null): Admitted {
  const outcome = text === null ? undefined : (JSON.parse(text) as Partial<Admitted>);
  if (!outcome?.job || !outcome.meter || outcome.estimatedCompletion === undefined) {
    // Written in the admission's transaction with its job: a done key always has one.
    throw new Error('an idempotency key is done without its admission outcome');
  }
  return outcome as Admitted;
}

function refuseIfTooLarge(items: number, max: number) {
  if (items > max) {
    throw new TollgateError('job_too_large', `The job expands to ${items} items; at most ${max} (MAX_ITEMS_PER_JOB) are allowed per job`, {
      items,
      max_items: max,
    });
  }
}

/** A type's own checks against stored state; the paths it reports are relative to the input. */
async function prepareInput(type: JobType, input: unknown, tenantId: string): Promise<unknown> {
  try {
    return await type.prepare!(input, { tenantId });
  } catch (error) {
    if (error instanceof TollgateError && error.code === 'validation_failed' && Array.isArray(error.details.errors)) {
      const errors = (error.details.errors as FieldIssue[]).map((e) => ({ ...e, path: e.path ? `input.${e.path}` : 'input' }));
      throw new TollgateError('validation_failed', error.message, { ...error.details, errors });
    }
    throw error;
  }
}

/**
 * Canonical JSON (sorted keys) so that key order and whitespace do not make two bodies differ.
 * JSON.parse accepts any depth, recursion does not: a body nested thousands deep is refused, not a 500.
 */
export function fingerprint(type: string, body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  let text: string;
  try {
    text = JSON.stringify(canonical(body));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new TollgateError('validation_failed', 'The request body is nested too deeply', { errors: [{ path: '(body)', message: 'is nested too deeply' }] });
  }
  return createHash('sha256').update(type).update('\n').update(text).digest('hex');
}
